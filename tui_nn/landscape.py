"""The error over a grid of two weights, all other weights held: the error landscape.

One vectorised pass: every grid point becomes one copy of the network in a stack
of (points, in, out) weight arrays, and one forward pass with ``np.matmul``
measures them all. Numpy only; the app draws the grid as a heatmap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_nn.engine import Training
from tui_nn.network import ACTIVATIONS

Weight = tuple[int, int, int]  # (matrix, row, column)


@dataclass(frozen=True)
class Landscape:
    """``errors[r, c]`` is the error with weight ``first`` at ``xs[c]`` and ``second`` at ``ys[r]``."""

    first: Weight
    second: Weight
    xs: np.ndarray
    ys: np.ndarray
    errors: np.ndarray


def default_pair(training: Training) -> tuple[Weight, Weight]:
    """The two weights with the largest last updates (the first two weights before any)."""
    sizes = [w.size for w in training.weights]
    if sum(sizes) < 2:
        raise ValueError("the landscape needs a net with at least two weights")
    if training.last_updates is None:
        flat = np.arange(sum(sizes))[:2]
    else:
        magnitude = np.concatenate([np.abs(u).ravel() for u in training.last_updates])
        flat = np.sort(np.argsort(-magnitude, kind="stable")[:2])
    return tuple(_locate(training, int(i)) for i in flat)  # type: ignore[return-value]


def _locate(training: Training, flat: int) -> Weight:
    for k, w in enumerate(training.weights):
        if flat < w.size:
            return (k, *np.unravel_index(flat, w.shape))
        flat -= w.size
    raise IndexError(flat)


def error_grid(
    training: Training,
    first: Weight,
    second: Weight,
    *,
    span: float = 10.0,
    columns: int = 41,
    rows: int = 21,
) -> Landscape:
    """The error over a grid of +-span around the two weights' current values."""
    if first == second:
        raise ValueError("choose two different weights")
    if training.y is None:
        raise ValueError("a preset without targets has no error to map")
    cx = training.weights[first[0]][first[1:]]
    cy = training.weights[second[0]][second[1:]]
    xs = np.linspace(cx - span, cx + span, columns)
    ys = np.linspace(cy - span, cy + span, rows)
    gx, gy = np.meshgrid(xs, ys)
    points = gx.size
    stacks = [np.repeat(w[None], points, axis=0) for w in training.weights]
    stacks[first[0]][(slice(None), *first[1:])] = gx.ravel()
    stacks[second[0]][(slice(None), *second[1:])] = gy.ravel()
    a = training.x
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for w, name in zip(stacks, training.net.activations):
            a = ACTIVATIONS[name](np.matmul(a, w))
        err = training.y - a
        measured = np.abs(err) if training.metric == "mae" else np.square(err)
    errors = measured.reshape(points, -1).mean(axis=1).reshape(rows, columns)
    return Landscape(first, second, xs, ys, errors)
