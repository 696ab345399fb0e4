"""The error landscape is the forward pass's error at every grid point."""

import pytest

from tui_nn.landscape import default_pair, error_grid
from tui_nn.presets import build, make_config


@pytest.mark.parametrize("preset", ["two-weights", "trask-xor", "digits", "xor-online"])
def test_centre_of_the_grid_is_the_current_error(preset):
    training = build(make_config(preset))
    training.train(25)
    first, second = default_pair(training)
    grid = error_grid(training, first, second, columns=21, rows=11)
    assert grid.errors.shape == (11, 21)
    assert grid.errors[5, 10] == pytest.approx(training.error(), rel=1e-12)


def test_every_grid_point_equals_a_network_with_those_weights():
    training = build(make_config("trask-xor", hidden=3))
    training.train(100)
    first, second = (0, 1, 2), (1, 0, 0)
    grid = error_grid(training, first, second, span=3.0, columns=5, rows=4)
    for r, yv in enumerate(grid.ys):
        for c, xv in enumerate(grid.xs):
            probe = build(make_config("trask-xor", hidden=3))
            for w, src in zip(probe.weights, training.weights):
                w[...] = src
            probe.weights[0][1, 2] = xv
            probe.weights[1][0, 0] = yv
            assert grid.errors[r, c] == pytest.approx(probe.error(), rel=1e-12)


def test_default_pair():
    two = build(make_config("two-weights"))
    assert default_pair(two) == ((0, 0, 0), (0, 1, 0))
    with pytest.raises(ValueError):
        error_grid(two, (0, 0, 0), (0, 0, 0))
