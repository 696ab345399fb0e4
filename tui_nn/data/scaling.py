"""Standardizing the inputs: each column shifted and scaled to mean 0, spread 1 (a z-score).

A spreadsheet's columns come in their own units (an id 1..150 beside petal
widths of 0.1..2.5, speeds of 4..25 mph): the initial weights and a tutorial's
alpha assume inputs near 1, so such a net learns slowly or blows up. The mean
and standard deviation come from the training rows only (the test rows must not
leak into what the net sees) and are applied to the test rows as they are, and
kept on the Dataset so a row typed later is shifted the same way
(``standardize_input``). ``--standardize`` turns it on, ``--no-standardize`` off;
by default (``auto``) a CSV's inputs, and a 2-D dataset's engineered ones
(``x1^2``...), are standardized when their ranges differ from each other, or
from 1, by more than 10x, or when a column's mean lies more than 3 standard
deviations from 0 (Iris: sepal lengths of 5.8 +- 0.8 cm), where sigmoid and
tanh units start saturated. Numpy only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tui_nn.data.dataset import Dataset
from tui_nn.data.features import engineer

CHOICES = ("auto", "on", "off")
SPREAD = 10.0  # ranges further apart than this are standardized by default
CENTRE = 3.0  # and so are inputs whose mean lies more standard deviations than this from 0


def why_standardize(x: np.ndarray) -> str | None:
    """Why ``auto`` standardizes these (training) inputs, or None when their ranges are alike."""
    if not len(x):
        return None
    with np.errstate(over="ignore"):  # 1e308 - (-1e308): as wide as a float goes
        ranges = np.minimum(x.max(axis=0) - x.min(axis=0), np.finfo(np.float64).max)
    ranges = ranges[ranges > 0]
    if not len(ranges):
        return None
    low, high = min(float(ranges.min()), 1.0), max(float(ranges.max()), 1.0)
    if high <= SPREAD * low:
        mean, std = moments(x)
        mean = np.abs(mean)
        off = mean > CENTRE * np.where(std > 0, std, np.inf)
        if not off.any():
            return None
        return f"their means lie over {CENTRE:g} standard deviations from 0 (up to {mean[off].max():.3g})"
    smallest, largest = float(ranges.min()), float(ranges.max())
    if largest > SPREAD * smallest:
        return f"their ranges ({smallest:.3g} to {largest:.3g}) differ by more than {SPREAD:g}x"
    return f"their ranges ({smallest:.3g} to {largest:.3g}) are more than {SPREAD:g}x from 1"


def moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and standard deviation. A column of cells near 1e308 overflows the plain
    sums (with a RuntimeWarning); its moments are then taken in units of its largest magnitude."""
    with np.errstate(over="ignore", invalid="ignore"):
        mean, std = x.mean(axis=0), x.std(axis=0)
    if np.isfinite(mean).all() and np.isfinite(std).all():
        return mean, std
    scale = np.abs(x).max(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    unit = x / scale
    return unit.mean(axis=0) * scale, unit.std(axis=0) * scale


def z_scores(x: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """``(x - mean) / std``, taken as ``x / std - mean / std`` where the difference overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        z = (x - mean) / std
        return z if np.isfinite(z).all() else x / std - mean / std


def standardized(data: Dataset, why: str) -> Dataset:
    """The data with its inputs z-scored by the training rows' mean and std (a constant column: std 1)."""
    mean, std = moments(data.x)
    std = np.where(std > 0, std, 1.0)
    note = f"inputs standardized with the {len(data.x)} training rows' mean and std ({why})"
    return replace(
        data,
        x=z_scores(data.x, mean, std),
        x_test=z_scores(data.x_test, mean, std),
        mean=mean,
        std=std,
        notes=(*data.notes, note),
    )


def settle(data: Dataset, choice: str, *, auto: bool) -> Dataset:
    """Standardize per ``choice`` (on, off, or auto: only when ``auto`` applies and the ranges differ)."""
    if choice == "on":
        return standardized(data, "--standardize")
    if choice == "off" or not auto:
        return data
    why = why_standardize(data.x)
    return data if why is None else standardized(data, why + "; --no-standardize keeps them raw")


def standardize_input(data: Dataset, row: np.ndarray | list[float]) -> np.ndarray:
    """A row (or rows) as the user gives it, as the net takes it: a point (x1, x2) of a 2-D
    dataset through its engineered features, then the training rows' shift and scale."""
    values = np.asarray(row, dtype=np.float64)
    rows = np.atleast_2d(values)
    if data.features:
        rows = engineer(data.features, rows)
    if data.mean is not None and data.std is not None:
        rows = (rows - data.mean) / data.std
    return rows if values.ndim > 1 else rows[0]


def raw_inputs(data: Dataset, x: np.ndarray) -> np.ndarray:
    """Net inputs back in the data's own units (the inverse of the standardization)."""
    if data.mean is None or data.std is None:
        return x
    return x * data.std + data.mean
