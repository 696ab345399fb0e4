"""The ``Dataset`` every run trains on, and its split into training and test rows.

Its interface, which the engine, the app and the reports code against:

- ``x`` (n, F) and ``x_test``: the net's inputs (engineered and standardized
  when asked; ``standardize_input`` in ``tui_nn.data.scaling`` does the same
  to a row typed later);
- ``y`` and ``y_test``: (n, 1) values or 0/1 targets, or (n, K) one-hot rows
  for K >= 3 classes;
- ``classes``: the class names, sorted ("0", "1" for a 0/1 column); non-empty
  iff the task is classification. ``regression`` is the other task. A
  preset's data is neither: its network and error are the tutorial's own;
- ``columns``: the input names, then the target's;
- ``features``: the engineered columns of a 2-D dataset (``x1^2``...), empty
  when the inputs are the columns as they are; then ``plane`` and
  ``plane_test`` hold each row's point (x1, x2), to draw it on the plane;
- ``mean`` / ``std``: the standardization of the inputs (from the training
  rows), None when they are raw;
- ``notes``: what ``train`` says about the data (``describe``).

Numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_nn.core.validation import Invalid
from tui_nn.data.table import shown


@dataclass(frozen=True)
class Dataset:
    """Inputs and targets, split into train and test rows (see the module docstring)."""

    name: str
    x: np.ndarray
    y: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    columns: tuple[str, ...]
    regression: bool = False
    classes: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    mean: np.ndarray | None = None
    std: np.ndarray | None = None
    notes: tuple[str, ...] = ()
    plane: np.ndarray | None = None
    plane_test: np.ndarray | None = None

    @property
    def input_names(self) -> tuple[str, ...]:
        """What a row typed for a prediction holds: x1, x2 for engineered features, else the inputs."""
        return ("x1", "x2") if self.features else self.columns[:-1]

    @property
    def target(self) -> str:
        return self.columns[-1]


def describe(data: Dataset) -> list[str]:
    """The lines ``train`` prints about the data before training: the task it chose and why,
    columns that look like ids, the standardization (a preset's data: none)."""
    return list(data.notes)


def test_rows(rows: int, test_fraction: float) -> int:
    return int(round(rows * test_fraction))


def split(
    name: str,
    x: np.ndarray,
    y: np.ndarray,
    test_fraction: float,
    rs: np.random.RandomState,
    columns: tuple[str, ...],
    classes: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    features: tuple[str, ...] = (),
    plane: np.ndarray | None = None,
) -> Dataset:
    """A seeded shuffle into test rows (the first ``test_fraction``) and training rows, checked:
    training rows left, and for classes, every class among the training rows and at least as
    many test rows as classes."""
    n_test = test_rows(len(x), test_fraction)
    if n_test >= len(x):
        raise Invalid("test", f"--test {test_fraction:g} holds out all {len(x)} rows: none is left to train")
    if classes and 0 < n_test < len(classes):
        raise Invalid(
            "test",
            f"the test split has {n_test} rows for {len(classes)} classes: "
            f"raise --test to {len(classes) / len(x):.2g} or more, or --test 0",
        )
    order = rs.permutation(len(x))
    test, train = order[:n_test], order[n_test:]
    if classes and n_test:
        index = y[train, 0] if y.shape[1] == 1 else np.argmax(y[train], axis=1)
        seen = np.bincount(index.astype(np.intp), minlength=len(classes))
        if not seen.all():
            missing = classes[int(np.argmin(seen))]
            raise Invalid(
                "test",
                f"no training row of class {shown(missing)} is left after holding out {n_test}: lower --test",
            )
    regression = not classes
    points = {} if plane is None else {"plane": plane[train], "plane_test": plane[test]}
    return Dataset(
        name, x[train], y[train], x[test], y[test], columns, regression, classes, features, notes=notes,
        **points,
    )  # fmt: skip
