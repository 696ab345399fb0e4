"""Engineered inputs of the 2-D generated datasets, as TensorFlow Playground offers them.

A net without a hidden layer draws a straight boundary through the plane; given
``x1^2`` and ``x2^2`` instead of ``x1`` and ``x2`` it draws a circle, and learns
the circle dataset alone. ``--features x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)``
(any of them, in any order) turns each point ``(x1, x2)`` into those columns;
``engineer`` does it for the dataset's rows and for any point typed or drawn on
the plane later, so a prediction or a map of the plane goes through the same
columns. Numpy only.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tui_nn.core.validation import Invalid

_MAKE: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin(x1)": lambda a, b: np.sin(a),
    "sin(x2)": lambda a, b: np.sin(b),
}
FEATURES = tuple(_MAKE)
PLANE = ("x1", "x2")  # what a point of the plane is


def feature_names(spec: str) -> tuple[str, ...]:
    """The engineered columns of ``spec`` ('x1^2, x2^2'), checked: known names, each once."""
    names = []
    for part in spec.split(","):
        name = "".join(part.split()).lower()
        if not name:
            raise Invalid("features", f"--features {spec[:40]!r} has an empty entry")
        if name not in _MAKE:
            known = ", ".join(FEATURES)
            raise Invalid(
                "features", f"no feature {part.strip()[:40]!r} of a generated dataset (choose from {known})"
            )
        if name in names:
            raise Invalid("features", f"{name} is named twice in --features")
        names.append(name)
    return tuple(names)


def engineer(names: tuple[str, ...], plane: np.ndarray) -> np.ndarray:
    """Points (m, 2) of the plane as the (m, len(names)) columns the net takes."""
    a, b = plane[:, 0], plane[:, 1]
    return np.column_stack([_MAKE[name](a, b) for name in names]).astype(np.float64)
