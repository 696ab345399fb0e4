"""The plane a 2-D picture of a run is drawn over (the decision boundary, the network view's maps),
and how a point of it becomes the net's input row.

A net on two raw inputs is drawn over them. One on engineered features of a 2-D
dataset (``x1^2, x2^2, sin(x1)``...: ``Dataset.features``, any number of them)
is drawn over the points (x1, x2) they were made from, and a standardized one
over the data's own units: a picture then reads in the coordinates the data was
given in, and each grid point goes through ``standardize_input`` (features, then
the training rows' shift and scale), as a typed row does. Feeding the plane's
coordinates to such a net as if they were its inputs would draw a picture of
nothing it computes. Data of any other number of inputs has no plane.
Numpy only, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_nn.data.dataset import Dataset
from tui_nn.data.scaling import raw_inputs, standardize_input
from tui_nn.run.config import RunConfig
from tui_nn.run.loaded import data_of


@dataclass(frozen=True)
class InputPlane:
    """The plane of a run's data: its two axes' names and the data that maps a point to inputs."""

    names: tuple[str, str]  # 'x1', 'x2', or a CSV's two input columns
    data: Dataset

    def inputs(self, points: np.ndarray) -> np.ndarray:
        """Points (m, 2) of the plane as the (m, F) rows the net takes."""
        return np.atleast_2d(standardize_input(self.data, np.atleast_2d(points)))

    def points(self, snapshot) -> tuple[np.ndarray, np.ndarray | None]:
        """The snapshot's training rows (its window of them) and test rows as points of the plane."""
        x, x_test, data = snapshot.x, snapshot.x_test, self.data
        if data.features and data.plane is not None:
            train = data.plane[snapshot.first_row : snapshot.first_row + len(x)]
            held = data.plane_test
            test = None if x_test is None or held is None else held[: len(x_test)]
            return train, test
        return raw_inputs(data, x), None if x_test is None else raw_inputs(data, x_test)

    def extent_points(self, snapshot) -> np.ndarray:
        """Training and test points together: a picture's grid spans them all."""
        train, test = self.points(snapshot)
        return train if test is None or not len(test) else np.vstack([train, test])


def plane_of(config: RunConfig) -> InputPlane | None:
    """The plane of ``config``'s data, or None when it has none (not two inputs, or it no longer
    loads). Kept with the data (``tui_nn.run.loaded``): the app asks on every key and redraw."""
    data = data_of(config)
    if data is None:
        return None
    names = data.input_names
    if len(names) != 2 or (not data.features and data.x.shape[1] != 2):
        return None
    return InputPlane((names[0], names[1]), data)
