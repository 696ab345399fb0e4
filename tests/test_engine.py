"""The engine against SPEC's reference figures and the literal tutorial loops."""

import warnings

import numpy as np
import pytest
import tutorial
from blas import bitwise_on_checked_kernels

from tui_nn.core.learner import Learner
from tui_nn.core.spec import NetSpec
from tui_nn.data.tutorial_data import X_A, Y_FIRST_COLUMN
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.presets import PRESETS
from tui_nn.run.sweep import TUTORIAL_ALPHAS, run_sweep

# SPEC section 2: trask-xor, H 4, MAE after 0, 10000, ..., 50000 iterations.
XOR_TABLE = {
    0.001: [0.496410031903, 0.495164025493, 0.493596043188, 0.491606358559, 0.489100166544, 0.485977857846],
    0.01: [0.496410031903, 0.457431074442, 0.359097202563, 0.239358137159, 0.143070659013, 0.0985964298089],
    0.1: [
        0.496410031903,
        0.0428880170001,
        0.0240989942285,
        0.0181106521468,
        0.0149876162722,
        0.0130144905381,
    ],
    1: [
        0.496410031903,
        0.00858452565325,
        0.00578945986251,
        0.00462917677677,
        0.00395876528027,
        0.00351012256786,
    ],
    10: [
        0.496410031903,
        0.00312938876301,
        0.00214459557985,
        0.00172397549956,
        0.00147821451229,
        0.00131274062834,
    ],
}


@pytest.fixture(scope="module")
def xor_sweep():
    """The tutorial's seven alphas, 60000 iterations each, through the shared sweep code."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow at alpha 1000 must stay silent
        return run_sweep(make_config("trask-xor"), TUTORIAL_ALPHAS, 10000)


@pytest.mark.parametrize("alpha", list(XOR_TABLE))
def test_xor_table_reproduced(xor_sweep, alpha):
    _, marks, table = xor_sweep
    assert marks == [0, 10000, 20000, 30000, 40000, 50000]
    row = table[TUTORIAL_ALPHAS.index(alpha)]
    np.testing.assert_allclose(row, XOR_TABLE[alpha], rtol=1e-9, atol=0)
    assert ["%.12g" % v for v in row] == ["%.12g" % v for v in XOR_TABLE[alpha]]


def test_xor_large_alphas_stall_and_saturate(xor_sweep):
    sweep, _, table = xor_sweep
    stalled, saturated = table[TUTORIAL_ALPHAS.index(100)], table[TUTORIAL_ALPHAS.index(1000)]
    assert stalled[0] == pytest.approx(0.496410031903, rel=1e-6)
    assert all(0.1250 < e < 0.1256 for e in stalled[1:])
    assert stalled[-1] == pytest.approx(0.1252, abs=1e-4)
    assert list(saturated[1:]) == [0.5] * 5
    assert sweep.diverged_at == [None] * 7  # saturation is not divergence


def test_trask_1layer_outputs():
    training = build(make_config("trask-1layer"))
    training.train(10000)
    expected = [0.00966449, 0.00786506, 0.99358898, 0.99211957]
    np.testing.assert_allclose(training.outputs.ravel(), expected, atol=5e-9)


@pytest.mark.parametrize(
    "alpha, hidden, seed",
    [(1.0, 4, 1), (0.37, 1, 7), (3.5, 9, 2024), (0.05, 32, 123), (25.0, 2, 99)],
)
def test_xor_equals_literal_tutorial(alpha, hidden, seed):
    training = build(make_config("trask-xor", alpha=alpha, hidden=hidden, seed=seed))
    errors = training.train(1500)
    ref = tutorial.trask_xor(1500, alpha=alpha, hidden=hidden, seed=seed, every=100)
    for got, want in zip(training.weights, ref["weights"], strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(training.outputs, ref["outputs"])
    assert [(j, errors[j]) for j in range(0, 1500, 100)] == ref["printed"]
    for got, want in zip(training.direction_changes, ref["direction_changes"], strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("alpha, seed", [(1.0, 1), (0.3, 5), (12.0, 77)])
def test_one_layer_presets_equal_literal_tutorials(alpha, seed):
    t1 = build(make_config("trask-1layer", alpha=alpha, seed=seed))
    t1.train(700)
    weights, outputs = tutorial.trask_1layer(700, alpha=alpha, seed=seed)
    np.testing.assert_array_equal(t1.weights[0], weights[0])
    np.testing.assert_array_equal(t1.outputs, outputs)

    n = build(make_config("neuron", alpha=alpha, seed=seed))
    n.train(700)
    weights, outputs, answer = tutorial.neuron(700, alpha=alpha, seed=seed)
    np.testing.assert_array_equal(n.weights[0], weights[0])
    np.testing.assert_array_equal(n.predict([1, 0, 0]), answer)

    tw = build(make_config("two-weights", alpha=alpha, seed=seed))
    errors = tw.train(700)
    weights, ref_errors = tutorial.two_weights(700, alpha=alpha, seed=seed)
    np.testing.assert_array_equal(tw.weights[0], weights[0])
    np.testing.assert_array_equal(errors, ref_errors)


@pytest.mark.parametrize("alpha, hidden, seed", [(0.1, 4, 1), (0.8, 3, 11), (2.0, 16, 4)])
def test_online_equals_literal_tutorial(alpha, hidden, seed):
    training = build(make_config("xor-online", alpha=alpha, hidden=hidden, seed=seed))
    errors = training.train(300)
    weights, ref_errors = tutorial.xor_online(300, alpha=alpha, hidden=hidden, seed=seed)
    with bitwise_on_checked_kernels():  # (0.8, 3, 11) differs by 1e-15 on the Prescott kernel
        for got, want in zip(training.weights, weights, strict=True):
            np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(errors, ref_errors)


@pytest.mark.parametrize("alpha, hidden, seed", [(1.0, 20, 1), (0.5, 7, 3)])
def test_digits_equal_literal_tutorial(alpha, hidden, seed):
    training = build(make_config("digits", alpha=alpha, hidden=hidden, seed=seed))
    errors = training.train(100)
    weights, ref_errors = tutorial.digits(100, alpha=alpha, hidden=hidden, seed=seed)
    for got, want in zip(training.weights, weights, strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(errors, ref_errors)


def test_neuron_answers_the_new_situation():
    training = build(make_config("neuron"))
    training.train(10000)
    np.testing.assert_allclose(training.weights[0].ravel(), [9.67299303, -0.2078435, -4.62963669], atol=5e-9)
    assert training.predict([1, 0, 0])[0] == pytest.approx(0.99993704, abs=5e-9)


def test_relu_forward_gives_32():
    training = build(make_config("relu-forward"))
    assert not training.trainable
    assert training.predict([2, 3])[0] == 32.0
    assert len(training.train(10)) == 0 and training.iteration == 0


def test_error_j_uses_weights_after_j_updates():
    training = build(make_config("trask-xor"))
    first = training.train(5)
    assert training.iteration == 5
    assert training.error() == build(make_config("trask-xor")).train(6)[5]
    assert first[0] == build(make_config("trask-xor")).error()


def test_one_call_equals_many_steps():
    whole = build(make_config("trask-xor", hidden=6, seed=3))
    whole.train(1200)
    stepped = build(make_config("trask-xor", hidden=6, seed=3))
    for _ in range(1200):
        stepped.step()
    for a, b in zip(whole.weights, stepped.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(whole.direction_changes, stepped.direction_changes, strict=True):
        np.testing.assert_array_equal(a, b)


def test_alpha_change_takes_effect_without_reset():
    training = build(make_config("trask-xor"))
    training.train(10)
    training.alpha = 10.0
    training.train(10)
    ref = tutorial.trask_xor(10, alpha=1.0)
    w0, w1 = ref["weights"]
    X = X_A
    y = np.array([[0, 1, 1, 0]]).T
    for _ in range(10):  # continue the literal loop at alpha 10
        l1 = tutorial.nonlin(X.dot(w0))
        l2 = tutorial.nonlin(l1.dot(w1))
        d2 = (l2 - y) * tutorial.nonlin(l2, True)
        d1 = d2.dot(w1.T) * tutorial.nonlin(l1, True)
        w1 -= 10.0 * l1.T.dot(d2)
        w0 -= 10.0 * X.T.dot(d1)
    np.testing.assert_array_equal(training.weights[0], w0)
    np.testing.assert_array_equal(training.weights[1], w1)


def _linear_net(alpha):
    spec = NetSpec((3, 1), ("linear",), init="zeros")
    learner = Learner(spec, X_A, Y_FIRST_COLUMN, alpha=alpha, seed=1, metric="mae")
    learner.weights[0][...] = 0.5
    return learner


def test_divergence_stops_at_the_exact_iteration():
    # A linear unit with a step far too large: the weights grow until they overflow.
    whole = _linear_net(10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        errors = whole.train(100000)
    stepped = _linear_net(10.0)
    j = 0
    while True:
        stepped.step()
        if not all(np.isfinite(w).all() for w in stepped.weights):
            break
        j += 1
    assert whole.diverged_at == j == stepped.diverged_at
    assert whole.iteration == j + 1 == len(errors)
    assert len(whole.train(10)) == 0  # a diverged run stays stopped


def test_saturation_is_not_divergence():
    training = build(make_config("trask-xor", alpha=1000))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        errors = training.train(3000)
    assert training.diverged_at is None and errors[-1] == 0.5


def test_history_is_bounded_and_keeps_extremes():
    training = build(make_config("trask-xor"))
    training.history.capacity = 64
    all_errors = np.concatenate([training.train(n) for n in (1, 7, 300, 5000, 13)])
    starts, lo, hi = training.history.envelope()
    assert len(starts) <= 64 and training.history.end == len(all_errors)
    assert starts[0] == 0 and lo.min() == all_errors.min() and hi.max() == all_errors.max()
    for s, a, b in zip(starts, lo, hi):
        chunk = all_errors[s : s + training.history.stride]
        assert a == chunk.min() and b == chunk.max()


def test_every_preset_builds_with_its_defaults():
    for name, preset in PRESETS.items():
        training = build(make_config(name))
        assert [w.shape[0] for w in training.weights][0] == preset.x.shape[1]
        assert training.names == preset.names


def test_wide_nets_run_in_small_chunks_with_the_same_numbers():
    # 20x300 weights: the kernel's per-chunk update buffer is capped, so a chunk is
    # ~80 iterations; the direction counts must carry across the chunk boundaries.
    training = build(make_config("digits", hidden=300, alpha=0.3))
    errors = training.train(200)
    assert training._fast.kernel.update_flat.nbytes <= 4 << 20
    assert training._fast.chunk < 200
    weights, ref_errors = tutorial.digits(200, alpha=0.3, hidden=300)
    for got, want in zip(training.weights, weights, strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(errors, ref_errors)
    stepped = build(make_config("digits", hidden=300, alpha=0.3))
    for _ in range(200):
        stepped.step()
    for a, b in zip(training.direction_changes, stepped.direction_changes, strict=True):
        np.testing.assert_array_equal(a, b)
