"""The softmax output with categorical cross-entropy: exact gradients, the closed-form delta, stability, checks."""

import itertools
import warnings

import numpy as np
import pytest
from helpers import same

from tui_nn.core.explain import explain_step
from tui_nn.core.learner import Learner
from tui_nn.core.network import Network, activate, dropout_masks, slope
from tui_nn.core.spec import NetSpec

RS = np.random.RandomState(11)
X = RS.uniform(-1, 1, (9, 3))


def one_hot(classes, rows=9):
    return np.eye(classes)[np.arange(rows) % classes]


def numeric(f, p, eps=1e-6):
    """Central differences of f() with respect to every entry of p (changed in place, then restored)."""
    grad = np.zeros_like(p)
    for idx in np.ndindex(p.shape):
        old = p[idx]
        p[idx] = old + eps
        up = f()
        p[idx] = old - eps
        down = f()
        p[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def perturbed(spec, seed=3):
    learner = Learner(spec, X, one_hot(spec.sizes[-1]), alpha=0.1, seed=seed)
    noise = np.random.RandomState(9)
    for p in learner.params:  # off zero, so relu kinks and l1 signs are not hit exactly
        p += 0.3 * noise.randn(*p.shape)
    return learner


def relative(a, b):
    """|a - b| / (|a| + |b|) over the whole matrix (the usual gradient-check measure)."""
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


CASES = [
    (classes, hidden, act, bias, l2, 0.0, 0.0)
    for classes, hidden, act, bias, l2 in itertools.product(
        (3, 4), ((5,), (4, 3)), ("tanh", "sigmoid"), (False, True), (0.0, 0.05)
    )  # fmt: skip
] + [(3, (6,), "relu", True, 0.02, 0.01, 0.3), (4, (5,), "linear", False, 0.0, 0.03, 0.0)]


@pytest.mark.parametrize("classes, hidden, act, bias, l2, l1, dropout", CASES)
def test_softmax_cross_entropy_gradients_match_finite_differences(
    classes, hidden, act, bias, l2, l1, dropout
):
    spec = NetSpec((3, *hidden, classes), (*(act,) * len(hidden), "softmax"), loss="ce", bias=bias, l2=l2,
                   l1=l1, dropout=dropout, init="normal")  # fmt: skip
    learner = perturbed(spec)
    net, y = learner.net, learner.y
    masks = dropout_masks(spec, len(X), learner.rs)
    grads = net.trace(X, y, masks).grads
    assert len(grads) == len(net.params) == len(spec.shapes) * (2 if bias else 1)
    for p, g in zip(net.params, grads, strict=True):
        want = numeric(lambda: net.loss(net.forward(X, masks)[-1], y), p)
        np.testing.assert_allclose(g, want, rtol=1e-4, atol=1e-6)
        assert relative(g, want) < 1e-7


@pytest.mark.parametrize("classes", [2, 3, 4])
def test_the_output_delta_is_o_minus_y_the_derivative_wrt_the_logits(classes):
    spec = NetSpec((3, 4, classes), ("tanh", "softmax"), loss="ce", bias=True, init="normal")
    learner = perturbed(spec)
    y = learner.y
    trace = learner.net.trace(X, y)
    z = trace.zs[-1].copy()
    out = trace.layers[-1]
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_array_equal(trace.deltas[-1], out - y)
    np.testing.assert_array_equal(trace.error, out - y)
    ce = Network(spec, learner.net.weights, learner.net.biases)  # no penalty: the loss is the data's alone
    by_logits = numeric(lambda: ce.loss(activate("softmax", z), y), z)
    np.testing.assert_allclose(trace.deltas[-1], by_logits, rtol=1e-6, atol=1e-9)
    # the same through the whole Jacobian: dL/dz = J^T dL/do with J = diag(o) - o o^T and dL/do = -y / o
    chained = np.array([(np.diag(o) - np.outer(o, o)).T.dot(-t / o) for o, t in zip(out, y)])
    np.testing.assert_allclose(trace.deltas[-1], chained, rtol=1e-12, atol=1e-15)
    # the walk-through's slope is the Jacobian's diagonal, which the delta does not use
    np.testing.assert_array_equal(trace.slopes[-1], out * (1 - out))
    np.testing.assert_array_equal(slope("softmax", out), out * (1 - out))


def test_softmax_is_stable_and_works_over_the_last_axis():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = activate("softmax", np.array([[1000.0, 1000.0, -1000.0], [-800.0, -800.0, -801.0]]))
    assert big[0].tolist() == [0.5, 0.5, 0.0]
    np.testing.assert_allclose(big[1], np.exp([0, 0, -1]) / np.exp([0, 0, -1]).sum(), rtol=1e-15)
    z = RS.randn(4, 5)
    np.testing.assert_allclose(activate("softmax", z + 123.0), activate("softmax", z), rtol=1e-13)
    stack = RS.randn(7, 4, 5)  # the landscape's grid of nets: one softmax per row of each
    np.testing.assert_array_equal(activate("softmax", stack)[2], activate("softmax", stack[2]))


def test_cross_entropy_loss_is_summed_over_rows_and_clips_its_logarithm():
    spec = NetSpec((3, 3), ("softmax",), loss="ce")
    net = Network(spec, [np.zeros((3, 3))], [np.zeros((1, 3))])
    out = np.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    y = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert net.loss(out, y) == pytest.approx(-np.log(0.5) - np.log(0.8), rel=1e-15)
    assert np.isfinite(net.loss(np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 1.0, 0.0]])))  # log(0) clipped
    penalised = Network(
        NetSpec((3, 3), ("softmax",), loss="ce", l2=2.0), [np.ones((3, 3))], [np.zeros((1, 3))]
    )
    assert penalised.loss(out, y) == pytest.approx(-np.log(0.5) - np.log(0.8) + 9.0, rel=1e-15)


@pytest.mark.parametrize(
    "values, message",
    [
        ({"sizes": (2, 4, 3), "activations": ("softmax", "softmax"), "loss": "ce"}, "output layer only"),
        ({"sizes": (2, 4, 1), "activations": ("tanh", "softmax"), "loss": "ce"}, "2 outputs or more"),
        ({"sizes": (2, 4, 3), "activations": ("tanh", "softmax")}, "a softmax output needs the ce loss"),
        ({"sizes": (2, 4, 3), "activations": ("tanh", "softmax"), "loss": "bce"}, "needs a sigmoid output"),
        ({"sizes": (2, 4, 3), "activations": ("tanh", "sigmoid"), "loss": "ce"}, "ce loss needs a softmax"),
        ({"sizes": (2, 3), "activations": ("swish",)}, "activations: sigmoid, tanh, relu, linear, softmax"),
        ({"sizes": (2, 3), "activations": ("sigmoid",), "loss": "nll"}, "loss must be one of mse, bce, ce"),
    ],
)
def test_netspec_pairs_softmax_with_ce(values, message):
    with pytest.raises(ValueError, match=message):
        NetSpec(**values)


def test_a_three_class_net_learns_and_is_not_tutorial_shaped():
    spec = NetSpec((3, 8, 3), ("tanh", "softmax"), loss="ce", bias=True, init="xavier", optimizer="adam")
    assert spec.output == "softmax" and not spec.tutorial_shaped
    assert spec.diagram() == "3 -> 8 tanh -> 3 softmax (+bias)"
    y = np.eye(3)[np.argmax(X, axis=1)]  # the class is the largest input
    learner = Learner(spec, X, y, alpha=0.02, seed=1)
    errors = learner.train(400)
    assert errors[-1] < errors[0] / 5
    assert (np.argmax(learner.outputs_now(), axis=1) == np.argmax(y, axis=1)).all()


def test_the_walk_through_of_a_softmax_step_starts_its_delta_from_the_miss():
    spec = NetSpec((3, 4, 3), ("tanh", "softmax"), loss="ce", bias=True, init="xavier", optimizer="rmsprop")
    learner = Learner(spec, X, one_hot(3), alpha=0.05, seed=2)
    learner.train(3)
    stages = {s.label: s for s in explain_step(learner)}
    assert "slope l2" not in stages and "slope l1" in stages  # the output's delta uses no slope
    assert "softmax's whole Jacobian" in stages["l2 delta"].caption
    np.testing.assert_array_equal(stages["l2 delta"].value, stages["error"].value)
    np.testing.assert_allclose(stages["l2"].value.sum(axis=1), 1.0, rtol=1e-15)
    assert "sqrt(s) + 1e-08" in stages["update W1"].caption
    learner.train(1)
    assert same([stages[f"{n} after"].value for n in learner.names], learner.params)
