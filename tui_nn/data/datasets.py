"""Datasets beyond the tutorials: 2-D generators and the learner's own CSV files.

Generators (after TensorFlow Playground's): ``circle``, ``xor``, ``gaussian`` and
``spiral`` give two inputs in [-6, 6] and a 0/1 target; ``plane`` a regression
target. Each is deterministic per seed (a local RandomState) and splits into
train and test rows. ``load_csv`` reads numbers only and says exactly which row
and column is wrong. Numpy only.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tui_nn.core.validation import Invalid

GENERATORS = ("circle", "xor", "gaussian", "spiral", "plane")


@dataclass(frozen=True)
class Dataset:
    """Inputs and (n, 1) targets, split into train and test rows."""

    name: str
    x: np.ndarray
    y: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    columns: tuple[str, ...]
    regression: bool = False


def _split(name, x, y, test_fraction, rs, columns, regression=False) -> Dataset:
    order = rs.permutation(len(x))
    n_test = int(round(len(x) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, x[train], y[train], x[test], y[test], columns, regression)


def generate(
    name: str, *, points: int = 200, noise: float = 0.0, test_fraction: float = 0.5, seed: int = 1
) -> Dataset:
    """A 2-D dataset by name; noise in [0, 1] scales the jitter added to the inputs."""
    if name not in GENERATORS:
        raise Invalid("dataset", f"unknown dataset {name!r} (choose from {', '.join(GENERATORS)})")
    if not 0.0 <= noise <= 1.0:
        raise Invalid("noise", f"noise must be between 0 and 1, got {noise!r}")
    if not 0.0 <= test_fraction < 1.0:
        raise Invalid("test", f"the test fraction must be in [0, 1), got {test_fraction!r}")
    if points < 4:
        raise Invalid("points", f"points must be at least 4, got {points!r}")
    rs = np.random.RandomState(seed)
    half = points // 2
    if name == "circle":
        radius = np.concatenate([rs.uniform(0, 2.5, half), rs.uniform(3.5, 5, points - half)])
        angle = rs.uniform(0, 2 * math.pi, points)
        x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        y = (np.arange(points) < half).astype(np.float64)
    elif name == "xor":
        x = rs.uniform(-5, 5, (points, 2))
        x += np.sign(x) * 0.3  # keep points off the axes, as the playground does
        y = ((x[:, 0] * x[:, 1]) >= 0).astype(np.float64)
    elif name == "gaussian":
        centres = np.where((np.arange(points) < half)[:, None], 2.0, -2.0)
        x = centres + rs.normal(0, 1.0, (points, 2))
        y = (np.arange(points) < half).astype(np.float64)
    elif name == "spiral":
        n = np.arange(points) % half
        turn = np.where(np.arange(points) < half, 0.0, math.pi)
        r = n / half * 5
        t = 1.75 * n / half * 2 * math.pi + turn
        x = np.column_stack([r * np.sin(t), r * np.cos(t)])
        y = (np.arange(points) < half).astype(np.float64)
    else:  # plane
        x = rs.uniform(-6, 6, (points, 2))
        y = (x[:, 0] + x[:, 1]) / 24 + 0.5  # in [0, 1], so a sigmoid output can fit it
    x = x + noise * rs.normal(0, 1.0, x.shape)
    return _split(name, x, y.reshape(-1, 1), test_fraction, rs, ("x1", "x2", "y"), regression=name == "plane")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value


def load_csv(
    path: str | Path, *, target: str | None = None, test_fraction: float = 0.0, seed: int = 1
) -> Dataset:
    """Numbers only; an optional header; the target is the last column unless named."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            read = list(csv.reader(handle))
    except OSError as exc:
        raise Invalid("data", f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise Invalid("data", f"{path} is not a text CSV file ({exc})") from None
    rows = [(i + 1, r) for i, r in enumerate(read) if any(cell.strip() for cell in r)]
    if not rows:
        raise Invalid("data", f"{path} is empty")
    first_line, first = rows[0]
    header = all(_number(cell) is None for cell in first)
    columns = tuple(c.strip() for c in first) if header else tuple(f"c{i + 1}" for i in range(len(first)))
    body = rows[1:] if header else rows
    if not body:
        raise Invalid("data", f"{path} has a header but no rows of numbers")
    width = len(columns)
    if width < 2:
        raise Invalid("data", f"{path} needs at least two columns (inputs and a target), found {width}")
    values = np.empty((len(body), width))
    for r, (line, row) in enumerate(body):
        if len(row) != width:
            raise Invalid("data", f"{path}: row {line} has {len(row)} columns, expected {width}")
        for c, cell in enumerate(row):
            number = _number(cell.strip())
            if number is None or not math.isfinite(number):
                what = "is not a number" if number is None else "is not finite"
                raise Invalid(
                    "data", f"{path}: row {line}, column {c + 1} ({columns[c]}): {cell.strip()!r} {what}"
                )
            values[r, c] = number
    if target is None:
        t = width - 1
    elif target in columns:
        t = columns.index(target)
    else:
        raise Invalid("target", f"no column named {target!r} in {path} (columns: {', '.join(columns)})")
    x = np.delete(values, t, axis=1)
    y = values[:, t : t + 1]
    names = tuple(c for i, c in enumerate(columns) if i != t) + (columns[t],)
    regression = not np.isin(y, (0.0, 1.0)).all()
    return _split(path.stem, x, y, test_fraction, np.random.RandomState(seed), names, regression)
