"""How well a classifier does: the class each output picks, its probability, accuracy and the
confusion matrix. The one definition that the snapshot, ``train``'s report and the predict
panel share.

Outputs come in the two shapes the engine trains: one sigmoid column for two classes
(class 1 when the output is 0.5 or more) or K softmax columns for K >= 3 classes (the
largest wins; they sum to 1, so the largest is the class's probability). Targets are the
same shapes: 0/1 values, or one-hot rows. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def picked(outputs: np.ndarray) -> np.ndarray:
    """The class index each output row picks: output >= 0.5 for one column, else the argmax."""
    outputs = np.atleast_2d(outputs)
    if outputs.shape[1] == 1:
        return (outputs[:, 0] >= 0.5).astype(np.intp)
    return np.argmax(outputs, axis=1).astype(np.intp)


def probability(outputs: np.ndarray) -> np.ndarray:
    """The probability each output row gives the class it picks: o or 1 - o for one sigmoid
    column, the largest softmax output for K columns."""
    outputs = np.atleast_2d(outputs)
    if outputs.shape[1] == 1:
        o = outputs[:, 0]
        return np.where(o >= 0.5, o, 1.0 - o)
    return outputs[np.arange(len(outputs)), picked(outputs)]


def accuracy(outputs: np.ndarray, y: np.ndarray) -> float:
    """The fraction of rows whose output picks the target class (NaN without rows)."""
    if len(y) == 0:
        return float("nan")
    return float(np.mean(picked(outputs) == picked(y)))


def confusion(outputs: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """K x K counts of rows: row i is the true class i, column j the class the net picks."""
    pairs = picked(y) * k + picked(outputs) if len(y) else np.zeros(0, dtype=np.intp)
    return np.bincount(pairs, minlength=k * k).astype(np.int64).reshape(k, k)


def share_right(counts: np.ndarray) -> float | None:
    """The accuracy a confusion matrix holds: its diagonal over its total (None without rows)."""
    total = int(counts.sum())
    return float(np.trace(counts)) / total if total else None


def class_of(classes: Sequence[str], outputs: np.ndarray) -> list[str]:
    """The name of the class each output row picks (none without classes)."""
    if not classes:
        return []
    return [classes[int(i)] for i in picked(outputs)]


def fits(classes: Sequence[str], outputs: np.ndarray) -> bool:
    """True when ``outputs`` are a classifier's over these classes: one column for 2, K for K >= 3."""
    k = len(classes)
    width = np.atleast_2d(outputs).shape[1]
    return k >= 2 and width == (1 if k == 2 else k)
