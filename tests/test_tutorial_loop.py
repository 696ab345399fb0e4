"""The package's literal tutorial loops (tui_nn.core.tutorial) against the oracle and the engine.

Three ways to the same numbers, bit for bit: the original scripts written out
(tests/tutorial.py, global np.random), the package's loop with Trask's names
(weights drawn here from a RandomState in the tutorials' order, passed as copies),
and the engine (build() of the preset: a Learner on its fast kernel).
"""

import numpy as np
import pytest
import tutorial
from blas import bitwise_on_checked_kernels

from tui_nn.core import tutorial as loop
from tui_nn.core.learner import Learner
from tui_nn.core.network import Network
from tui_nn.core.spec import NetSpec
from tui_nn.data.tutorial_data import X_A, X_B, X_C, X_D, Y_B, Y_C, Y_D, Y_FIRST_COLUMN, Y_XOR
from tui_nn.run.build import build
from tui_nn.run.config import make_config

SEEDS = [1, 7, 2024]
ALPHAS = [0.01, 1.0, 10.0]
HIDDEN = [1, 4, 9]


def tutorial_weights(seed, *shapes):
    """2 * random_sample(shape) - 1 for each shape in turn, as the tutorials draw them."""
    rs = np.random.RandomState(seed)
    return [2 * rs.random_sample(shape) - 1 for shape in shapes]


def assert_all_equal(got, want):
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert a.shape == b.shape
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", ALPHAS)
def test_one_layer_equals_trask_part_1_and_the_presets(alpha, seed):
    (drawn,) = tutorial_weights(seed, (3, 1))
    syn0 = drawn.copy()
    l1 = loop.one_layer(X_A, Y_FIRST_COLUMN, syn0, alpha, 400)
    ref_weights, ref_l1 = tutorial.trask_1layer(400, alpha=alpha, seed=seed)
    assert not np.array_equal(syn0, drawn)  # the loop trained the copy in place
    np.testing.assert_array_equal(syn0, ref_weights[0])
    np.testing.assert_array_equal(l1, ref_l1)
    engine = build(make_config("trask-1layer", alpha=alpha, seed=seed))
    engine.train(400)
    np.testing.assert_array_equal(engine.weights[0], syn0)
    np.testing.assert_array_equal(engine.outputs, l1)

    syn0 = drawn.copy()  # the single neuron: the same draw, its rows reordered
    output = loop.one_layer(X_B, Y_B, syn0, alpha, 400)
    ref_weights, ref_output, answer = tutorial.neuron(400, alpha=alpha, seed=seed)
    np.testing.assert_array_equal(syn0, ref_weights[0])
    np.testing.assert_array_equal(output, ref_output)
    engine = build(make_config("neuron", alpha=alpha, seed=seed))
    engine.train(400)
    np.testing.assert_array_equal(engine.weights[0], syn0)
    np.testing.assert_array_equal(engine.predict([1, 0, 0]), answer)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", ALPHAS)
def test_one_layer_equals_the_two_weights_example_written_with_o_minus_y(alpha, seed):
    (drawn,) = tutorial_weights(seed, (2, 1))
    syn0 = drawn.copy()
    loop.one_layer(X_C, Y_C, syn0, alpha, 300)  # y - o and +=; the example writes o - y and -=
    ref_weights, ref_errors = tutorial.two_weights(300, alpha=alpha, seed=seed)
    np.testing.assert_array_equal(syn0, ref_weights[0])
    engine = build(make_config("two-weights", alpha=alpha, seed=seed))
    np.testing.assert_array_equal(engine.train(300), ref_errors)
    np.testing.assert_array_equal(engine.weights[0], syn0)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", ALPHAS)
def test_two_layer_equals_trask_part_2_and_the_engine(alpha, seed, hidden):
    drawn = tutorial_weights(seed, (3, hidden), (hidden, 1))
    syn0, syn1 = (w.copy() for w in drawn)
    # the package's loop writes y - l2 and +=; the oracle l2 - y and -=: the same bits
    l2, errors = loop.two_layer(X_A, Y_XOR, syn0, syn1, alpha, 400)
    ref = tutorial.trask_xor(400, alpha=alpha, hidden=hidden, seed=seed, every=1)
    assert_all_equal([syn0, syn1], ref["weights"])
    np.testing.assert_array_equal(l2, ref["outputs"])
    assert errors == [e for _, e in ref["printed"]]
    engine = build(make_config("trask-xor", alpha=alpha, hidden=hidden, seed=seed))
    assert engine.fast
    engine_errors = engine.train(400)
    assert_all_equal(engine.weights, [syn0, syn1])
    np.testing.assert_array_equal(engine.outputs, l2)
    np.testing.assert_array_equal(engine_errors, errors)
    assert_all_equal(engine.direction_changes, ref["direction_changes"])


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", ALPHAS)
def test_two_layer_online_equals_xor_online_and_the_engine(alpha, seed, hidden):
    rs = np.random.RandomState(seed)  # xor-online draws normal weights, the hidden layer first
    drawn = [rs.normal(0.0, hidden**-0.5, (3, hidden)), rs.normal(0.0, 1.0, (hidden, 1))]
    W1, W2 = (w.copy() for w in drawn)
    errors = loop.two_layer_online(X_A, Y_XOR, W1, W2, alpha, 120)
    ref_weights, ref_errors = tutorial.xor_online(120, alpha=alpha, hidden=hidden, seed=seed)
    assert_all_equal([W1, W2], ref_weights)
    assert errors == ref_errors
    engine = build(make_config("xor-online", alpha=alpha, hidden=hidden, seed=seed))
    assert engine.fast and engine.spec.batch == "online"
    with bitwise_on_checked_kernels():  # H 9 differs in the last bit on the Prescott kernel
        np.testing.assert_array_equal(engine.train(120), errors)
        assert_all_equal(engine.weights, [W1, W2])


@pytest.mark.parametrize("hidden", [*HIDDEN, 20])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha", ALPHAS)
def test_digits_through_two_layer_equal_the_oracle_and_the_engine(alpha, seed, hidden):
    rs = np.random.RandomState(seed)  # digits draws randn weights
    drawn = [rs.randn(20, hidden), rs.randn(hidden, 1)]
    W1, W2 = (w.copy() for w in drawn)
    l2, mae = loop.two_layer(X_D, Y_D, W1, W2, alpha, 100)
    ref_weights, ref_mse = tutorial.digits(100, alpha=alpha, hidden=hidden, seed=seed)
    assert_all_equal([W1, W2], ref_weights)
    engine = build(make_config("digits", alpha=alpha, hidden=hidden, seed=seed))
    assert engine.metric == "mse"
    np.testing.assert_array_equal(engine.train(100), ref_mse)
    assert_all_equal(engine.weights, [W1, W2])
    np.testing.assert_array_equal(engine.outputs, l2)
    # the loop measures MAE; the same spec measured so gives the loop's errors
    by_mae = Learner(engine.spec, X_D, Y_D, alpha=alpha, seed=seed, metric="mae")
    np.testing.assert_array_equal(by_mae.train(100), mae)


def test_no_iterations_leave_the_weights_and_give_the_first_guess():
    syn0, syn1 = tutorial_weights(1, (3, 4), (4, 1))
    kept = [syn0.copy(), syn1.copy()]
    l2, errors = loop.two_layer(X_A, Y_XOR, syn0, syn1, 1.0, 0)
    assert errors == []
    assert_all_equal([syn0, syn1], kept)
    np.testing.assert_array_equal(l2, build(make_config("trask-xor")).outputs)
    (syn0,) = tutorial_weights(1, (3, 1))
    np.testing.assert_array_equal(
        loop.one_layer(X_A, Y_FIRST_COLUMN, syn0, 1.0, 0), loop.nonlin(X_A.dot(syn0))
    )


def test_nonlin_is_the_sigmoid_and_its_slope_from_the_output():
    z = np.array([-800.0, -3.0, 0.0, 0.5, 40.0])
    with np.errstate(over="ignore"):
        s = loop.nonlin(z)
    assert s[0] == 0.0 and s[2] == 0.5
    np.testing.assert_array_equal(s[1:], 1 / (1 + np.exp(-z[1:])))
    assert loop.nonlin(s[2], deriv=True) == 0.25
    np.testing.assert_array_equal(loop.nonlin(s, True), s * (1 - s))


def test_trace_holds_the_loops_deltas_and_updates_with_the_sign_flipped():
    """Network.trace on o - y is the loop's l1_delta and update on y - o, negated exactly."""
    syn0, syn1 = tutorial_weights(3, (3, 4), (4, 1))
    spec = NetSpec((3, 4, 1), ("sigmoid", "sigmoid"))
    trace = Network(spec, [syn0, syn1], [np.zeros((1, 4)), np.zeros((1, 1))]).trace(X_A, Y_XOR)
    l0 = X_A
    l1 = loop.nonlin(np.dot(l0, syn0))
    l2 = loop.nonlin(np.dot(l1, syn1))
    l2_delta = (Y_XOR - l2) * loop.nonlin(l2, deriv=True)
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * loop.nonlin(l1, deriv=True)
    assert_all_equal(trace.layers, [l0, l1, l2])
    np.testing.assert_array_equal(trace.error, -(Y_XOR - l2))
    assert_all_equal(trace.deltas, [-l1_delta, -l2_delta])
    np.testing.assert_array_equal(trace.backs[0], -l1_error)
    assert trace.backs[1] is None
    assert_all_equal(trace.grads, [-l0.T.dot(l1_delta), -l1.T.dot(l2_delta)])
