"""The decision boundary: a network's output over the plane of its two inputs.

One forward pass over every grid point (a (rows*columns, 2) batch). The grid
spans the data with a margin, so the points sit inside the picture. Every output
unit is kept: a classifier of K >= 3 classes has K softmax units, and the class
it picks at a point is their argmax. Numpy only; the app draws it as a
half-block heatmap with the data on top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Boundary:
    """``outputs[r, c]`` is the (first) output at input (xs[c], ys[r]); row 0 is the lowest y.
    ``units[r, c]`` holds every output unit there (K of them for K softmax classes)."""

    xs: np.ndarray
    ys: np.ndarray
    outputs: np.ndarray
    units: np.ndarray | None = None


def plane(x: np.ndarray, margin: float = 0.1) -> tuple[float, float, float, float]:
    """The data's extent in both inputs, widened by a margin (a square for one point)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = np.maximum((hi - lo) * margin, 1e-9) + (hi == lo)
    return float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])


def boundary(
    predict: Callable[[np.ndarray], np.ndarray], x: np.ndarray, *, columns: int = 60, rows: int = 30
) -> Boundary:
    """The output of ``predict`` (a batch of points of the plane -> outputs: the net itself, or the
    net after the data's features and scaling) over a grid spanning the points x."""
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError("a decision boundary needs data with exactly two inputs")
    x0, x1, y0, y1 = plane(x)
    xs, ys = np.linspace(x0, x1, columns), np.linspace(y0, y1, rows)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    units = np.asarray(predict(grid), dtype=np.float64).reshape(rows, columns, -1)
    return Boundary(xs, ys, units[:, :, 0].copy(), units)
