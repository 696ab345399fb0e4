"""The 2-D generated datasets (after TensorFlow Playground's), and where every dataset comes from.

Generators: ``circle``, ``xor``, ``gaussian`` and ``spiral`` give two inputs in
[-6, 6] and a 0/1 target (two classes); ``plane`` a regression target. Each is
deterministic per seed (a local RandomState) and splits into train and test
rows; ``features`` turns the plane's two inputs into engineered ones
(``x1^2``, ``sin(x1)``, see ``features``), standardized by default when their
ranges are far apart (``scaling``). ``Dataset`` and ``load_csv`` (the
learner's own file) live in their modules and are importable from here too.
Numpy only.
"""

from __future__ import annotations

import math

import numpy as np

from tui_nn.core.validation import Invalid
from tui_nn.data.classes import number_target
from tui_nn.data.csv_file import load_csv
from tui_nn.data.dataset import Dataset, split
from tui_nn.data.features import PLANE, engineer, feature_names
from tui_nn.data.scaling import settle

GENERATORS = ("circle", "xor", "gaussian", "spiral", "plane")
__all__ = ["GENERATORS", "Dataset", "generate", "load_csv"]


def generate(
    name: str,
    *,
    points: int = 200,
    noise: float = 0.0,
    test_fraction: float = 0.5,
    seed: int = 1,
    features: str | None = None,
    task: str = "auto",
    standardize: str = "auto",
) -> Dataset:
    """A 2-D dataset by name; noise in [0, 1] scales the jitter added to the inputs; ``features``
    the engineered inputs ('x1^2,x2^2'; None: x1, x2); standardized only when asked ("on")."""
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
    names = feature_names(features) if features is not None else ()
    plane = x if names else None
    if names:
        x = engineer(names, x)
    goal = number_target("y", y, task)
    columns = (*(names or ("x1", "x2")), "y")
    data = split(name, x, goal.y, test_fraction, rs, columns, goal.classes, (goal.note,), names, plane)
    return settle(data, standardize, auto=bool(set(names) - set(PLANE)))  # auto: engineered ones only
