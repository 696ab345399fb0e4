"""The error landscape is the forward pass's error at every grid point."""

import re

import numpy as np
import pytest

from tui_nn.core.landscape import default_pair, error_grid
from tui_nn.run.build import build
from tui_nn.run.config import make_config


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


def test_busiest_pair_is_the_two_weights_the_next_step_moves_most():
    from tui_nn.core.landscape import busiest_pair

    training = build(make_config("trask-xor"))
    training.train(30)
    probe = build(make_config("trask-xor"))
    for w, src in zip(probe.weights, training.weights):
        w[...] = src
    before = [w.copy() for w in probe.weights]
    first, second = busiest_pair(probe)
    training.train(1)
    moves = [abs(a - b) for a, b in zip(training.weights, before)]
    flat = sorted((float(m[r, c]), (k, r, c)) for k, m in enumerate(moves) for r, c in np.ndindex(m.shape))
    assert {first, second} == {flat[-1][1], flat[-2][1]}
    assert first < second  # reading order, so the picture does not swap axes
    two = build(make_config("two-weights"))
    assert busiest_pair(two) == ((0, 0, 0), (0, 1, 0)) and two.iteration == 0  # only two: no probe step


@pytest.mark.parametrize(
    "text, message",
    [
        ("synapse_0[0,1]", "give two weights"),
        ("synapse_0[0,1] synapse_0[0,1]", "two different weights"),
        ("W1[0,0] synapse_1[1,0]", "no matrix 'W1': this net has synapse_0, synapse_1"),
        ("synapse_1[4,0] 1", "synapse_1 is 4x1"),
        ("synapse_0[0,0] 99", "weights 0..15"),
        ("synapse_0[0,0] 1 -3", "span must be a number > 0"),
        ("synapse_0[0,0] 1 nan", "span must be a number > 0"),
        ("hello world", "'hello' is not a weight"),
    ],
)
def test_a_typed_pair_is_checked_with_a_clear_message(text, message):
    from tui_nn.core.landscape import parse_view
    from tui_nn.core.validation import Invalid

    with pytest.raises(Invalid, match=re.escape(message)):
        parse_view(text, ("synapse_0", "synapse_1"), [(3, 4), (4, 1)], 10.0)


def test_a_typed_pair_reads_names_positions_and_a_span():
    from tui_nn.core.landscape import next_weight, parse_view, weight_label

    names, shapes = ("synapse_0", "synapse_1"), [(3, 4), (4, 1)]
    assert parse_view("synapse_0[2, 3], synapse_1[1,0] ±4", names, shapes, 10.0) == (
        (0, 2, 3),
        (1, 1, 0),
        4.0,
    )
    assert parse_view("12 0", names, shapes, 10.0) == ((1, 0, 0), (0, 0, 0), 10.0)
    assert weight_label(names, (1, 3, 0)) == "synapse_1[3,0]"
    assert next_weight(shapes, (1, 3, 0), (0, 0, 0)) == (0, 0, 1)  # wraps and skips the other axis
    assert next_weight(shapes, (0, 0, 1), (0, 0, 0), -1) == (1, 3, 0)
