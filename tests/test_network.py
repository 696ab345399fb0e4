"""The network of every spec: exact gradients, the iteration's parts, the optimisers, NetSpec's checks."""

import itertools

import numpy as np
import pytest

from tui_nn.core.learner import Learner
from tui_nn.core.network import (
    Network,
    batches,
    dropout_masks,
    initial_params,
    measure,
    scheduled_rate,
)
from tui_nn.core.spec import ACTIVATIONS, NetSpec
from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import generate
from tui_nn.data.tutorial_data import X_A, Y_XOR
from tui_nn.run.build import build, spec_of
from tui_nn.run.config import make_config


def loss_at(net, x, y, masks):
    return net.loss(net.forward(x, masks)[-1], y)


def numeric_gradient(net, x, y, masks, p, eps=1e-6):
    grad = np.zeros_like(p)
    for idx in np.ndindex(p.shape):
        old = p[idx]
        p[idx] = old + eps
        up = loss_at(net, x, y, masks)
        p[idx] = old - eps
        down = loss_at(net, x, y, masks)
        p[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def perturbed_learner(spec, seed=3):
    learner = Learner(spec, X_A, Y_XOR, alpha=0.1, seed=seed, metric="mse")
    noise = np.random.RandomState(9)
    for p in learner.params:  # move off zero so relu kinks and l1 signs are not hit exactly
        p += 0.05 * noise.randn(*p.shape)
    return learner


def assert_exact_gradients(learner):
    net = learner.net
    masks = dropout_masks(learner.spec, len(X_A), learner.rs)
    grads = net.trace(X_A, Y_XOR, masks).grads
    assert len(grads) == len(net.params) == len(learner.spec.shapes) * (2 if learner.spec.bias else 1)
    for p, g in zip(net.params, grads, strict=True):
        assert g.shape == p.shape
        np.testing.assert_allclose(g, numeric_gradient(net, X_A, Y_XOR, masks, p), rtol=1e-4, atol=1e-6)


def _cases():
    seen = []
    for hidden, act, (out, loss), bias in itertools.product(
        [(), (3,), (4, 3)],
        ACTIVATIONS,
        [("sigmoid", "mse"), ("sigmoid", "bce"), ("linear", "mse"), ("tanh", "mse")],
        [False, True],
    ):
        case = (hidden, act if hidden else "-", out, loss, bias, 0.0, 0.0, 0.0)
        if case not in seen:  # without a hidden layer the hidden activation means nothing
            seen.append(case)
    return seen + [
        ((5, 3), "tanh", "sigmoid", "bce", True, 0.01, 0.1, 0.3),
        ((4,), "relu", "linear", "mse", True, 0.0, 0.2, 0.5),
        ((4, 3), "sigmoid", "sigmoid", "mse", False, 0.05, 0.0, 0.25),
        ((), "-", "sigmoid", "mse", True, 0.02, 0.03, 0.0),
    ]


CASES = _cases()


@pytest.mark.parametrize("hidden, act, out, loss, bias, l1, l2, dropout", CASES)
def test_gradients_match_finite_differences(hidden, act, out, loss, bias, l1, l2, dropout):
    spec = NetSpec(sizes=(3, *hidden, 1), activations=(*(act,) * len(hidden), out), loss=loss, bias=bias,
                   l1=l1, l2=l2, dropout=dropout, init="normal")  # fmt: skip
    assert_exact_gradients(perturbed_learner(spec))


@pytest.mark.parametrize(
    "acts", [("tanh", "relu"), ("relu", "linear"), ("sigmoid", "tanh"), ("linear", "sigmoid")]
)
def test_one_activation_per_layer_has_exact_gradients(acts):
    spec = NetSpec((3, 4, 3, 1), (*acts, "sigmoid"), bias=True, init="normal")
    assert spec.diagram() == f"3 -> 4 {acts[0]} -> 3 {acts[1]} -> 1 sigmoid (+bias)"
    assert_exact_gradients(perturbed_learner(spec, seed=5))


def test_gradient_descent_gradients_vanish_at_a_perfect_fit_and_the_loss_is_summed():
    spec = NetSpec((3, 1), ("linear",), bias=False, init="zeros")
    net = Network.initial(spec, np.random.RandomState(0))
    net.weights[0][...] = [[1.0], [0.0], [0.0]]  # the first column exactly
    y = X_A[:, :1]
    assert all(not g.any() for g in net.trace(X_A, y).grads)
    assert net.loss(net.forward(X_A)[-1], y) == 0.0
    # 0.5 * sum of squares, over rows (not a mean)
    assert net.loss(np.zeros((4, 1)), np.ones((4, 1))) == 2.0
    penalised = Network(
        NetSpec((3, 1), ("linear",), l1=0.5, l2=2.0), [np.full((3, 1), -2.0)], [np.zeros((1, 1))]
    )
    assert penalised.loss(np.ones((4, 1)), np.ones((4, 1))) == 0.5 * 6.0 + 0.5 * 2.0 * 12.0


def test_bce_loss_is_the_cross_entropy_and_clips_its_logarithms():
    net = Network(NetSpec((3, 1), ("sigmoid",), loss="bce"), [np.zeros((3, 1))], [np.zeros((1, 1))])
    out = np.array([[0.25], [0.5]])
    y = np.array([[1.0], [0.0]])
    assert net.loss(out, y) == pytest.approx(-np.log(0.25) - np.log(0.5), rel=1e-15)
    assert np.isfinite(net.loss(np.array([[0.0], [1.0]]), y))  # log(0) clipped, not -inf


@pytest.mark.parametrize("batch", ["full", "online", 2, 3])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov"])
def test_training_is_reproducible_per_seed_and_learns(batch, optimizer):
    data = generate("xor", points=40, test_fraction=0.25, seed=4)
    spec = NetSpec((2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), bias=True, batch=batch, optimizer=optimizer,
                   init="xavier", dropout=0.1)  # fmt: skip
    alpha = 0.05 if batch == "full" else 0.02
    a = Learner(spec, data.x, data.y, alpha=alpha, seed=11, x_test=data.x_test, y_test=data.y_test)
    b = Learner(spec, data.x, data.y, alpha=alpha, seed=11, x_test=data.x_test, y_test=data.y_test)
    first = a.train(60)
    second = np.array([b.step() for _ in range(60)])
    np.testing.assert_array_equal(first, second)
    for p, q in zip(a.params, b.params, strict=True):
        np.testing.assert_array_equal(p, q)
    assert first[-1] < first[0]
    other = Learner(spec, data.x, data.y, alpha=alpha, seed=12)
    assert not np.array_equal(other.train(60), first)  # the seed matters


def test_batches_cover_every_row_once_per_epoch():
    rs = np.random.RandomState(0)
    full = batches(NetSpec((2, 1), ("sigmoid",)), 7, rs)
    assert len(full) == 1 and full[0].tolist() == list(range(7))
    online = batches(NetSpec((2, 1), ("sigmoid",), batch="online"), 3, rs)
    assert [b.tolist() for b in online] == [[0], [1], [2]]
    state = rs.get_state()
    mini = batches(NetSpec((2, 1), ("sigmoid",), batch=3), 8, rs)
    assert [len(b) for b in mini] == [3, 3, 2]
    assert sorted(np.concatenate(mini).tolist()) == list(range(8))
    rs.set_state(state)
    np.testing.assert_array_equal(np.concatenate(mini), rs.permutation(8))  # one shuffle from the stream


def test_dropout_masks_are_inverted_and_drawn_from_the_run_stream():
    spec = NetSpec((2, 5, 3, 1), ("tanh", "tanh", "sigmoid"), dropout=0.25)
    rs = np.random.RandomState(1)
    masks = dropout_masks(spec, 400, rs)
    assert [m.shape for m in masks] == [(400, 5), (400, 3)]
    for m in masks:
        assert set(np.unique(m).tolist()) == {0.0, 1 / 0.75}
        assert 0.65 < (m > 0).mean() < 0.85
    again = dropout_masks(spec, 400, np.random.RandomState(1))
    for m, n in zip(masks, again, strict=True):
        np.testing.assert_array_equal(m, n)
    assert dropout_masks(NetSpec((2, 5, 1), ("tanh", "sigmoid")), 4, rs) is None


def test_iterate_returns_the_summed_steps_and_records_every_batch():
    spec = NetSpec((3, 4, 1), ("tanh", "sigmoid"), bias=True, batch=2, init="xavier")
    learner = Learner(spec, X_A, Y_XOR, alpha=0.5, seed=6)
    net, rs = learner.net.copy(), np.random.RandomState(6)
    rs.set_state(learner.rs.get_state())
    heard = []
    before = [p.copy() for p in net.params]
    total = net.iterate(X_A, Y_XOR, rs, [np.zeros_like(p) for p in net.params], 0.5,
                        record=lambda rows, trace: heard.append((rows.copy(), trace.grads)))  # fmt: skip
    assert len(heard) == 2 and sorted(np.concatenate([r for r, _ in heard]).tolist()) == [0, 1, 2, 3]
    for k, (p, p0, t) in enumerate(zip(net.params, before, total, strict=True)):
        np.testing.assert_array_equal(t, -heard[0][1][k] - heard[1][1][k])  # -gradient summed, unscaled
        np.testing.assert_allclose(p, p0 + 0.5 * t, rtol=1e-12, atol=1e-15)
    learner.train(1)  # the Learner's iteration is this one, its direction this total
    for p, q, u, t in zip(learner.params, net.params, learner.last_updates, total, strict=True):
        np.testing.assert_array_equal(p, q)
        np.testing.assert_array_equal(u, t)


def test_schedules():
    def rate_at(schedule, t):
        return scheduled_rate(NetSpec((3, 1), ("sigmoid",), schedule=schedule, decay=0.5, period=10), 1.0, t)

    assert [rate_at("constant", t) for t in (0, 25)] == [1.0, 1.0]
    assert [rate_at("step", t) for t in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    assert rate_at("exp", 10) == pytest.approx(0.5) and rate_at("exp", 5) == pytest.approx(0.5**0.5)
    assert [rate_at("cyclic", t) for t in (0, 10, 20, 5)] == [0.5, 1.0, 0.5, 0.75]
    assert scheduled_rate(NetSpec((3, 1), ("sigmoid",), schedule="step", period=10), 0.3, 10) == 0.15


def test_the_schedule_drives_the_learner():
    spec = NetSpec((3, 1), ("linear",), schedule="step", decay=0.5, period=2, init="zeros")
    learner = Learner(spec, X_A, Y_XOR, alpha=0.1, seed=0)
    for t in range(5):
        w = learner.weights[0].copy()
        g = learner.net.trace(X_A, Y_XOR).grads[0]
        learner.train(1)
        np.testing.assert_array_equal(learner.weights[0], w - scheduled_rate(spec, 0.1, t) * g)
    assert scheduled_rate(spec, 0.1, 4) == 0.025


def test_momentum_step_by_hand():
    spec = NetSpec((3, 1), ("sigmoid",), optimizer="momentum", momentum=0.5)
    learner = Learner(spec, X_A, Y_XOR, alpha=0.1, seed=2)
    assert not learner.fast
    w0 = learner.weights[0].copy()
    g0 = learner.net.trace(X_A, Y_XOR).grads[0]
    learner.train(1)
    np.testing.assert_array_equal(learner.weights[0], w0 - 0.1 * g0)
    w1, g1 = learner.weights[0].copy(), learner.net.trace(X_A, Y_XOR).grads[0]
    learner.train(1)
    np.testing.assert_allclose(learner.weights[0], w1 + 0.5 * (-0.1 * g0) - 0.1 * g1, rtol=1e-15)
    np.testing.assert_allclose(learner.velocity[0], 0.5 * (-0.1 * g0) - 0.1 * g1, rtol=1e-15)
    np.testing.assert_array_equal(learner.last_updates[0], learner.velocity[0])  # momentum counts velocity


def test_nesterov_takes_the_gradient_at_the_looked_ahead_point():
    spec = NetSpec((3, 1), ("sigmoid",), optimizer="nesterov", momentum=0.9)
    learner = Learner(spec, X_A, Y_XOR, alpha=0.2, seed=2)
    learner.train(1)  # v = -alpha * g(w)
    w, v = learner.weights[0].copy(), learner.velocity[0].copy()
    ahead = Network(spec, [w + 0.9 * v], [np.zeros((1, 1))])
    g = ahead.trace(X_A, Y_XOR).grads[0]
    learner.train(1)
    np.testing.assert_allclose(learner.velocity[0], 0.9 * v - 0.2 * g, rtol=1e-12)
    np.testing.assert_allclose(learner.weights[0], w + 0.9 * v - 0.2 * g, rtol=1e-12)
    plain = Network(spec, [w.copy()], [np.zeros((1, 1))]).trace(X_A, Y_XOR).grads[0]
    assert not np.allclose(g, plain)  # the look-ahead does change the gradient


def test_measure_and_initial_params():
    e = np.array([[1.0, -3.0], [0.5, 0.0]])
    assert measure("mae", e) == 1.125 and measure("mse", e) == (1 + 9 + 0.25) / 4
    spec = NetSpec((3, 4, 2), ("tanh", "sigmoid"), bias=True)
    weights, biases = initial_params(spec, np.random.RandomState(5))
    rs = np.random.RandomState(5)
    for w, shape in zip(weights, [(3, 4), (4, 2)], strict=True):
        np.testing.assert_array_equal(w, 2 * rs.random_sample(shape) - 1)  # the tutorials' order
    assert [b.tolist() for b in biases] == [[[0.0] * 4], [[0.0] * 2]]
    zeros, _ = initial_params(NetSpec((3, 2), ("linear",), init="zeros"), np.random.RandomState(0))
    assert not zeros[0].any()
    fixed = NetSpec((2, 1), ("linear",), fixed=(((2.0,), (7.0,)),))
    assert initial_params(fixed, np.random.RandomState(0))[0][0].tolist() == [[2.0], [7.0]]
    for init in ("normal", "randn", "xavier", "he"):
        a, _ = initial_params(NetSpec((3, 4, 2), ("tanh", "sigmoid"), init=init), np.random.RandomState(1))
        b, _ = initial_params(NetSpec((3, 4, 2), ("tanh", "sigmoid"), init=init), np.random.RandomState(1))
        assert all(np.array_equal(p, q) for p, q in zip(a, b)) and a[0].std() > 0


@pytest.mark.parametrize(
    "bad",
    [
        {"activations": ("swish", "sigmoid")},
        {"activations": ("tanh", "linear"), "loss": "bce"},
        {"activations": ("tanh",)},  # one activation for two layers
        {"dropout": 1.0},
        {"dropout": -0.1},
        {"batch": 0},
        {"batch": "half"},
        {"sizes": (2, 0, 1)},
        {"sizes": (2, 5000, 1)},
        {"sizes": (2, 8.0, 1)},
        {"sizes": (2,), "activations": ()},
        {"schedule": "warm"},
        {"init": "glorot"},
        {"loss": "hinge"},
        {"optimizer": "lbfgs"},
        {"momentum": 1.0},
        {"activations": ("softmax", "sigmoid")},  # softmax is for the output layer only
        {"activations": ("tanh", "softmax")},  # softmax needs ce, and 2 outputs or more
        {"activations": ("tanh", "softmax"), "loss": "ce"},  # one output
        {"sizes": (2, 8, 3), "activations": ("tanh", "softmax")},  # softmax without ce
        {"sizes": (2, 8, 3), "activations": ("tanh", "sigmoid"), "loss": "ce"},  # ce without softmax
        {"beta1": 1.0},
        {"beta2": -0.1},
        {"rho": float("nan")},
        {"eps": 0.0},
        {"eps": float("inf")},
        {"l1": -0.1},
        {"l2": -1.0},
        {"period": 0},
        {"decay": 0.0},
        {"decay": float("nan")},
    ],
)
def test_netspec_rejects_bad_options(bad):
    values = {"sizes": (2, 8, 1), "activations": ("tanh", "sigmoid"), **bad}
    with pytest.raises(ValueError):
        NetSpec(**values)


def test_netspec_messages_and_a_good_spec():
    with pytest.raises(ValueError, match="one activation per layer"):
        NetSpec((2, 4, 3, 1), ("tanh", "relu", "relu", "sigmoid"))
    with pytest.raises(ValueError, match="activations: sigmoid, tanh, relu, linear"):
        NetSpec((2, 4, 1), ("swish", "sigmoid"))
    with pytest.raises(ValueError, match="cross-entropy needs a sigmoid output"):
        NetSpec((2, 1), ("linear",), loss="bce")
    spec = NetSpec((2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), bias=True)
    assert spec.inputs == 2 and spec.hidden == (8, 8) and spec.shapes == [(2, 8), (8, 8), (8, 1)]
    assert spec.trainable and not spec.tutorial_shaped


def test_diagram():
    spec = NetSpec((2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), bias=True)
    assert spec.diagram() == "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"
    assert NetSpec((3, 4, 1), ("sigmoid", "sigmoid")).diagram() == "3 -> 4 sigmoid -> 1 sigmoid"
    config = make_config("custom", dataset="spiral", layers="8,8", activation="tanh", output="sigmoid")
    assert spec_of(config, 2).diagram() == spec.diagram()
    assert "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)" in repr(spec)


def test_tutorial_shaped_is_exactly_the_tutorials_nets():
    base = NetSpec((3, 4, 1), ("sigmoid", "sigmoid"))
    assert base.tutorial_shaped and NetSpec((3, 4, 1), ("sigmoid",) * 2, batch="online").tutorial_shaped
    for change in [{"bias": True}, {"activations": ("tanh", "sigmoid")}, {"optimizer": "momentum"},
                   {"batch": 2}, {"l1": 0.1}, {"l2": 0.1}, {"dropout": 0.1}, {"schedule": "exp"},
                   {"loss": "bce"}]:  # fmt: skip
        assert not NetSpec(
            **{"sizes": (3, 4, 1), "activations": ("sigmoid", "sigmoid"), **change}
        ).tutorial_shaped
    assert NetSpec((3, 4, 1), ("sigmoid", "sigmoid"), init="randn").tutorial_shaped  # init is not the rule
    relu = NetSpec((2, 2, 1), ("relu", "linear"), fixed=(((2.0, 4.0), (4.0, -5.0)), ((2.0,), (7.0,))))
    assert not relu.trainable and not relu.tutorial_shaped


def test_tutorial_init_matches_the_xor_preset():
    spec = NetSpec((3, 4, 1), ("sigmoid", "sigmoid"))
    learner = Learner(spec, X_A, Y_XOR, alpha=1.0, seed=1, metric="mae")
    preset = build(make_config("trask-xor"))
    assert preset.spec == spec
    for w, preset_w in zip(learner.weights, preset.weights, strict=True):
        np.testing.assert_array_equal(w, preset_w)


@pytest.mark.parametrize("alpha, hidden", [(1.0, 4), (10.0, 4), (0.5, 7)])
def test_network_iterate_trains_exactly_like_the_tutorial(alpha, hidden):
    spec = NetSpec((3, hidden, 1), ("sigmoid", "sigmoid"))
    rs = np.random.RandomState(1)
    net = Network.initial(spec, rs)
    velocity = [np.zeros_like(p) for p in net.params]
    for _ in range(500):
        net.iterate(X_A, Y_XOR, rs, velocity, alpha)
    preset = build(make_config("trask-xor", alpha=alpha, hidden=hidden))
    preset.train(500)
    for w, preset_w in zip(net.weights, preset.weights, strict=True):
        np.testing.assert_array_equal(w, preset_w)


def test_config_validator_checks_activations_per_layer():
    with pytest.raises(Invalid, match="3 activations for 2 hidden layers") as info:
        make_config("custom", layers="4,3", activation="tanh,relu,relu")
    assert info.value.field == "activation"
    with pytest.raises(Invalid, match="activation must be sigmoid, tanh, relu, linear") as info:
        make_config("custom", layers="4", activation="swish")
    assert info.value.field == "activation"
    config = make_config("custom", layers="4,3", activation="tanh,relu")
    assert spec_of(config, 2).activations == ("tanh", "relu", "sigmoid")
    with pytest.raises(Invalid) as info:
        make_config("trask-xor", alpha="nan")
    assert info.value.field == "alpha"
