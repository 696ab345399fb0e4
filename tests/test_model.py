"""The general network (issue 6): exact gradients, reproducible training, every option."""

import itertools

import numpy as np
import pytest

from tui_nn.data.datasets import generate
from tui_nn.model import HIDDEN_ACTIVATIONS, Model, Spec
from tui_nn.data.tutorial_data import X_A, Y_XOR


def numeric_gradient(model, x, y, masks, p, eps=1e-6):
    grad = np.zeros_like(p)
    for idx in np.ndindex(p.shape):
        old = p[idx]
        p[idx] = old + eps
        up = model.loss(x, y, masks)
        p[idx] = old - eps
        down = model.loss(x, y, masks)
        p[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


CASES = [
    (hidden, act, out, loss, bias, l1, l2, dropout)
    for hidden, act, (out, loss), bias in itertools.product(
        [(), (3,), (4, 3)],
        HIDDEN_ACTIVATIONS,
        [("sigmoid", "mse"), ("sigmoid", "bce"), ("linear", "mse")],
        [False, True],
    )
    for l1, l2, dropout in [(0.0, 0.0, 0.0)]
] + [
    ((5, 3), "tanh", "sigmoid", "bce", True, 0.01, 0.1, 0.3),
    ((4,), "relu", "linear", "mse", True, 0.0, 0.2, 0.5),
]


@pytest.mark.parametrize("hidden, act, out, loss, bias, l1, l2, dropout", CASES)
def test_gradients_match_finite_differences(hidden, act, out, loss, bias, l1, l2, dropout):
    spec = Spec(inputs=3, hidden=hidden, activation=act, output=out, loss=loss, bias=bias, l1=l1, l2=l2,
                dropout=dropout, init="normal", seed=3)  # fmt: skip
    model = Model(spec, X_A, Y_XOR)
    for p in model.params:  # move off zero so relu kinks and l1 signs are not hit exactly
        p += 0.05 * np.random.RandomState(9).randn(*p.shape)
    masks = model._masks(len(X_A))
    for p, g in zip(model.params, model.gradients(X_A, Y_XOR, masks), strict=True):
        np.testing.assert_allclose(g, numeric_gradient(model, X_A, Y_XOR, masks, p), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("batch", ["full", "online", 2, 3])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "nesterov"])
def test_training_is_reproducible_per_seed_and_learns(batch, optimizer):
    data = generate("xor", points=80, test_fraction=0.25, seed=4)
    spec = Spec(inputs=2, hidden=(8, 8), activation="tanh", bias=True, batch=batch, optimizer=optimizer,
                alpha=0.05 if batch == "full" else 0.02, init="xavier", dropout=0.1, seed=11)  # fmt: skip
    a, b = Model(spec, data.x, data.y), Model(spec, data.x, data.y)
    first = [a.step() for _ in range(60)]
    second = [b.step() for _ in range(60)]
    assert first == second
    for p, q in zip(a.params, b.params, strict=True):
        np.testing.assert_array_equal(p, q)
    assert first[-1] < first[0]


def test_schedules():
    def rate_at(schedule, t):
        model = Model(Spec(inputs=3, schedule=schedule, alpha=1.0, decay=0.5, period=10), X_A, Y_XOR)
        model.iteration = t
        return model.rate()

    assert [rate_at("constant", t) for t in (0, 25)] == [1.0, 1.0]
    assert [rate_at("step", t) for t in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    assert rate_at("exp", 10) == pytest.approx(0.5) and rate_at("exp", 5) == pytest.approx(0.5**0.5)
    assert [rate_at("cyclic", t) for t in (0, 10, 20, 5)] == [0.5, 1.0, 0.5, 0.75]


def test_momentum_step_by_hand():
    spec = Spec(inputs=3, hidden=(), optimizer="momentum", momentum=0.5, alpha=0.1, seed=2)
    model = Model(spec, X_A, Y_XOR)
    w0 = model.weights[0].copy()
    g0 = model.gradients(X_A, Y_XOR)[0]
    model.step()
    np.testing.assert_allclose(model.weights[0], w0 - 0.1 * g0)
    w1, g1 = model.weights[0].copy(), model.gradients(X_A, Y_XOR)[0]
    model.step()
    np.testing.assert_allclose(model.weights[0], w1 + 0.5 * (-0.1 * g0) - 0.1 * g1)


def test_spec_rejects_bad_options_and_draws_a_diagram():
    for bad in [{"activation": "swish"}, {"loss": "bce", "output": "linear"}, {"dropout": 1.0}, {"batch": 0},
                {"hidden": (0,)}, {"alpha": float("nan")}, {"schedule": "warm"}, {"init": "glorot"}]:  # fmt: skip
        with pytest.raises(ValueError):
            Spec(inputs=2, **bad)
    assert Spec(inputs=2, hidden=(8, 8), activation="tanh", bias=True).diagram() == (
        "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"
    )


def test_tutorial_init_matches_the_xor_preset():
    from tui_nn.run.build import build
    from tui_nn.run.config import make_config

    model = Model(Spec(inputs=3, hidden=(4,), init="tutorial", seed=1), X_A, Y_XOR)
    for w, preset_w in zip(model.weights, build(make_config("trask-xor")).weights, strict=True):
        np.testing.assert_array_equal(w, preset_w)


@pytest.mark.parametrize("alpha, hidden", [(1.0, 4), (10.0, 4), (0.5, 7)])
def test_default_options_train_exactly_like_the_tutorial(alpha, hidden):
    from tui_nn.run.build import build
    from tui_nn.run.config import make_config

    model = Model(Spec(inputs=3, hidden=(hidden,), alpha=alpha, seed=1), X_A, Y_XOR)
    for _ in range(500):
        model.step()
    preset = build(make_config("trask-xor", alpha=alpha, hidden=hidden))
    preset.train(500)
    for w, preset_w in zip(model.weights, preset.weights, strict=True):
        np.testing.assert_array_equal(w, preset_w)


@pytest.mark.parametrize("acts", ["tanh,relu", "relu,linear", "sigmoid,tanh"])
def test_one_activation_per_layer_has_exact_gradients(acts):
    spec = Spec(inputs=3, hidden=(4, 3), activation=acts, bias=True, init="normal", seed=5)
    assert spec.kinds == [*acts.split(","), "sigmoid"]
    assert spec.diagram() == f"3 -> 4 {acts.split(',')[0]} -> 3 {acts.split(',')[1]} -> 1 sigmoid (+bias)"
    model = Model(spec, X_A, Y_XOR)
    for p in model.params:
        p += 0.05 * np.random.RandomState(9).randn(*p.shape)
    masks = model._masks(len(X_A))
    for p, g in zip(model.params, model.gradients(X_A, Y_XOR, masks), strict=True):
        np.testing.assert_allclose(g, numeric_gradient(model, X_A, Y_XOR, masks, p), rtol=1e-4, atol=1e-6)


def test_activations_must_be_one_or_one_per_layer():
    with pytest.raises(ValueError, match="one per hidden layer"):
        Spec(inputs=2, hidden=(4, 3), activation="tanh,relu,relu")
    with pytest.raises(ValueError, match="activation must be one of"):
        Spec(inputs=2, hidden=(4,), activation="swish")
