"""The decision boundary is the forward pass at every grid point."""

import numpy as np
import pytest

from tui_nn.core.boundary import boundary, plane
from tui_nn.core.learner import Learner
from tui_nn.core.spec import NetSpec
from tui_nn.data.datasets import generate


def trained_circle():
    data = generate("circle", points=60, seed=2)
    spec = NetSpec((2, 5, 1), ("tanh", "sigmoid"), bias=True, init="xavier")
    learner = Learner(spec, data.x, data.y, alpha=0.05, seed=1, metric="mse")
    learner.train(50)
    return data, learner


def test_boundary_equals_the_forward_pass_at_sampled_points():
    data, learner = trained_circle()
    picture = boundary(learner.predict, data.x, columns=17, rows=9)
    assert picture.outputs.shape == (9, 17) and picture.xs.shape == (17,) and picture.ys.shape == (9,)
    assert picture.xs[0] < data.x[:, 0].min() and picture.xs[-1] > data.x[:, 0].max()
    assert picture.ys[0] < data.x[:, 1].min() and picture.ys[-1] > data.x[:, 1].max()
    rs = np.random.RandomState(0)
    for r, c in zip(rs.randint(0, 9, 20), rs.randint(0, 17, 20)):
        point = [picture.xs[c], picture.ys[r]]
        assert picture.outputs[r, c] == pytest.approx(learner.predict(point)[0], rel=1e-12)
    gx, gy = np.meshgrid(picture.xs, picture.ys)  # row 0 is the lowest y
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    np.testing.assert_array_equal(picture.outputs, learner.predict(grid)[:, 0].reshape(9, 17))


def test_boundary_changes_as_the_net_learns():
    data, learner = trained_circle()
    before = boundary(learner.predict, data.x, columns=12, rows=6).outputs
    learner.train(200)
    after = boundary(learner.predict, data.x, columns=12, rows=6).outputs
    assert not np.array_equal(before, after)
    assert after.min() >= 0.0 and after.max() <= 1.0  # a sigmoid output


def test_plane_widens_the_extent_and_handles_one_point():
    x0, x1, y0, y1 = plane(np.array([[0.0, -1.0], [10.0, 1.0]]))
    assert (x0, x1) == pytest.approx((-1.0, 11.0)) and (y0, y1) == pytest.approx((-1.2, 1.2))
    x0, x1, y0, y1 = plane(np.array([[3.0, 4.0]]))
    assert x0 < 3.0 < x1 and y0 < 4.0 < y1


def test_boundary_needs_two_inputs():
    with pytest.raises(ValueError, match="exactly two inputs"):
        boundary(lambda g: g[:, :1], np.zeros((4, 3)))
    with pytest.raises(ValueError, match="exactly two inputs"):
        boundary(lambda g: g[:, :1], np.zeros(4))
