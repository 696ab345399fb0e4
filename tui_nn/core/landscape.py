"""The error over a grid of two parameters, all others held: the error landscape.

Any two weights or biases of any net (a bias row counts as a 1 x n matrix after
the weights). One vectorised pass: every grid point becomes one copy of the
network in a stack of (points, in, out) arrays, and one forward pass with
``np.matmul`` measures them all. Numpy only; the app draws the grid as a heatmap. The
helpers below name weights the way the app shows them (``synapse_0[2,1]``),
read such names back and pick the default pair: the two weights the next step
moves most.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.core.learner import Learner
from tui_nn.core.network import activate
from tui_nn.core.validation import Invalid

MAX_SPAN = 1e6

Weight = tuple[int, int, int]  # (matrix, row, column)


@dataclass(frozen=True)
class Landscape:
    """``errors[r, c]`` is the error with weight ``first`` at ``xs[c]`` and ``second`` at ``ys[r]``."""

    first: Weight
    second: Weight
    xs: np.ndarray
    ys: np.ndarray
    errors: np.ndarray


def default_pair(training: Learner) -> tuple[Weight, Weight]:
    """The two weights with the largest last updates (the first two weights before any)."""
    sizes = [w.size for w in training.params]
    if sum(sizes) < 2:
        raise ValueError("the landscape needs a net with at least two weights")
    if training.last_updates is None:
        flat = np.arange(sum(sizes))[:2]
    else:
        magnitude = np.concatenate([np.abs(u).ravel() for u in training.last_updates])
        flat = np.sort(np.argsort(-magnitude, kind="stable")[:2])
    return tuple(_locate(training, int(i)) for i in flat)  # type: ignore[return-value]


def _locate(training: Learner, flat: int) -> Weight:
    return locate([w.shape for w in training.params], flat)


def locate(shapes: Sequence[tuple[int, ...]], flat: int) -> Weight:
    """The weight at position ``flat`` when all matrices are read in order, row-major."""
    for k, shape in enumerate(shapes):
        size = math.prod(shape)
        if flat < size:
            r, c = np.unravel_index(flat, shape)
            return (k, int(r), int(c))
        flat -= size
    raise IndexError(flat)


def flat_index(shapes: Sequence[tuple[int, ...]], weight: Weight) -> int:
    k, r, c = weight
    return sum(math.prod(s) for s in shapes[:k]) + r * shapes[k][1] + c


def busiest_pair(training: Learner) -> tuple[Weight, Weight]:
    """The two weights the next iteration moves most (``training`` is stepped: pass a copy)."""
    if sum(w.size for w in training.params) > 2 and training.trainable and training.diverged_at is None:
        training.train(1)
    return default_pair(training)


def next_weight(shapes: Sequence[tuple[int, ...]], weight: Weight, other: Weight, step: int = 1) -> Weight:
    """The weight after (or before, step -1) ``weight`` in reading order, skipping ``other``."""
    total = sum(math.prod(s) for s in shapes)
    flat = flat_index(shapes, weight)
    for _ in range(2):
        flat = (flat + step) % total
        candidate = locate(shapes, flat)
        if candidate != other:
            return candidate
    return weight


def weight_label(names: Sequence[str], weight: Weight) -> str:
    k, r, c = weight
    return f"{names[k]}[{r},{c}]"


_TOKEN = re.compile(r"[A-Za-z_]\w*\s*\[[^\]]*\]|[^\s,]+")  # a name[r,c], or anything between commas
_LABEL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\[\s*(\d+)\s*,\s*(\d+)\s*\]$")


def parse_weight(text: str, names: Sequence[str], shapes: Sequence[tuple[int, ...]]) -> Weight:
    """``synapse_0[2,1]`` (or a position in reading order, ``7``) as a Weight; Invalid if none."""
    text = text.strip()
    if text.isdigit():
        total = sum(math.prod(s) for s in shapes)
        if int(text) >= total:
            raise Invalid("weights", f"weight {text}: this net has weights 0..{total - 1}")
        return locate(shapes, int(text))
    match = _LABEL.match(text)
    if match is None:
        example = weight_label(names, (0, 0, 0))
        raise Invalid("weights", f"{text!r} is not a weight: write it as {example} (matrix[row,column])")
    name, r, c = match.group(1), int(match.group(2)), int(match.group(3))
    if name not in names:
        raise Invalid("weights", f"no matrix {name!r}: this net has {', '.join(names)}")
    k = list(names).index(name)
    rows, cols = shapes[k]
    if r >= rows or c >= cols:
        raise Invalid(
            "weights", f"{text}: {name} is {rows}x{cols} (rows 0..{rows - 1}, columns 0..{cols - 1})"
        )
    return (k, r, c)


def parse_view(
    text: str, names: Sequence[str], shapes: Sequence[tuple[int, ...]], span: float
) -> tuple[Weight, Weight, float]:
    """'W1[0,1] W2[3,0] 5' -> the two weights to map and the span (kept when not given)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) not in (2, 3):
        raise Invalid("weights", "give two weights and an optional span, e.g. " + _example(names, shapes))
    first, second = (parse_weight(t, names, shapes) for t in tokens[:2])
    if first == second:
        raise Invalid("weights", "choose two different weights")
    if len(tokens) == 3:
        try:
            span = float(tokens[2].lstrip("±+"))
        except ValueError:
            span = math.nan
        if not (math.isfinite(span) and 0 < span <= MAX_SPAN):
            raise Invalid("weights", f"the span must be a number > 0 and <= {MAX_SPAN:g}, got {tokens[2]!r}")
    return first, second, span


def _example(names: Sequence[str], shapes: Sequence[tuple[int, ...]]) -> str:
    second = locate(shapes, 1)
    return f"{weight_label(names, (0, 0, 0))} {weight_label(names, second)} 10"


def error_grid(
    training: Learner,
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
    params = training.params
    cx = params[first[0]][first[1:]]
    cy = params[second[0]][second[1:]]
    xs = np.linspace(cx - span, cx + span, columns)
    ys = np.linspace(cy - span, cy + span, rows)
    gx, gy = np.meshgrid(xs, ys)
    points = gx.size
    stacks = [np.repeat(p[None], points, axis=0) for p in params]
    stacks[first[0]][(slice(None), *first[1:])] = gx.ravel()
    stacks[second[0]][(slice(None), *second[1:])] = gy.ravel()
    spec, layers = training.spec, len(training.weights)
    a = training.x
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for k, kind in enumerate(spec.activations):
            z = np.matmul(a, stacks[k])
            if spec.bias:
                z = z + stacks[layers + k]
            a = activate(kind, z)
        err = training.y - a
        measured = np.abs(err) if training.metric == "mae" else np.square(err)
    errors = measured.reshape(points, -1).mean(axis=1).reshape(rows, columns)
    return Landscape(first, second, xs, ys, errors)
