"""The decision boundary is the forward pass at every grid point."""

import numpy as np
import pytest

from tui_nn.core.boundary import boundary
from tui_nn.data.datasets import generate
from tui_nn.model import Model, Spec


def test_boundary_equals_the_forward_pass_at_sampled_points():
    data = generate("circle", points=60, seed=2)
    model = Model(
        Spec(inputs=2, hidden=(5,), activation="tanh", bias=True, alpha=0.05, init="xavier"), data.x, data.y
    )
    for _ in range(50):
        model.step()
    picture = boundary(model.predict, data.x, columns=17, rows=9)
    assert picture.outputs.shape == (9, 17)
    assert picture.xs[0] < data.x[:, 0].min() and picture.xs[-1] > data.x[:, 0].max()
    rs = np.random.RandomState(0)
    for r, c in zip(rs.randint(0, 9, 20), rs.randint(0, 17, 20)):
        point = [picture.xs[c], picture.ys[r]]
        assert picture.outputs[r, c] == pytest.approx(model.predict(point)[0, 0], rel=1e-12)


def test_boundary_needs_two_inputs():
    with pytest.raises(ValueError, match="exactly two inputs"):
        boundary(lambda g: g[:, :1], np.zeros((4, 3)))
