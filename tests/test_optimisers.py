"""Adam, RMSprop and Adagrad: trajectories against the textbook loop, state kept across saves and replays.

The reference below is written from the formulas alone (Kingma & Ba's Adam with bias
correction, Hinton's RMSprop, Duchi et al.'s Adagrad, eps outside the square root):
a tanh hidden layer, a sigmoid output on the summed squared error (or a softmax on
cross-entropy), its own seeded RandomState for the initial weights (the tutorials'
``2 * random_sample - 1``, input side first) and for each epoch's shuffle. It shares
nothing with tui_nn but the data.
"""

import json
import subprocess
import sys

import numpy as np
import pytest
from helpers import same

from tui_nn.core.learner import Learner
from tui_nn.core.optimisers import SLOTS, initial_state
from tui_nn.core.spec import NetSpec
from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import generate
from tui_nn.io import session
from tui_nn.io.export import script
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.run.query import walkthrough

NEW = ("adam", "rmsprop", "adagrad")
DEFAULTS = {"beta1": 0.9, "beta2": 0.999, "rho": 0.9, "eps": 1e-8}
OTHERS = {"beta1": 0.8, "beta2": 0.99, "rho": 0.5, "eps": 1e-3}  # show the spec's values are the ones used
HIDDEN, SEED, ALPHA, ITERATIONS = 5, 4, 0.01, 50


def reference(optimizer, x, y, *, batch, bias, l2, softmax=False, h=DEFAULTS, iterations=ITERATIONS):
    """Parameters after each iteration and the errors before it: the textbook loop, nothing shared."""
    rs = np.random.RandomState(SEED)
    n = len(x)
    W1 = 2 * rs.random_sample((x.shape[1], HIDDEN)) - 1
    W2 = 2 * rs.random_sample((HIDDEN, y.shape[1])) - 1
    b1, b2 = np.zeros((1, HIDDEN)), np.zeros((1, y.shape[1]))
    params = [W1, W2] + ([b1, b2] if bias else [])
    m = [np.zeros_like(p) for p in params]  # adam's first moment
    s = [np.zeros_like(p) for p in params]  # the squares: adam's second moment, rmsprop's mean, adagrad's sum
    t = 0

    def forward(xb):
        z1 = np.dot(xb, W1) + b1 if bias else np.dot(xb, W1)
        hidden = np.tanh(z1)
        z2 = np.dot(hidden, W2) + b2 if bias else np.dot(hidden, W2)
        if softmax:
            e = np.exp(z2 - z2.max(axis=1, keepdims=True))
            return hidden, e / e.sum(axis=1, keepdims=True)
        return hidden, 1 / (1 + np.exp(-z2))

    trajectory, errors = [], []
    for _ in range(iterations):
        errors.append(np.mean(np.square(y - forward(x)[1])))
        order = np.arange(n) if batch == "full" else rs.permutation(n)
        size = n if batch == "full" else batch
        for start in range(0, n, size):
            rows = order[start : start + size]
            xb, yb = x[rows], y[rows]
            hidden, o = forward(xb)
            d2 = o - yb if softmax else (o - yb) * o * (1 - o)  # dL/dz2 for CE on softmax, 0.5 SSE on sigmoid
            d1 = np.dot(d2, W2.T) * (1 - hidden * hidden)
            grads = [np.dot(xb.T, d1) + l2 * W1, np.dot(hidden.T, d2) + l2 * W2]
            if bias:
                grads += [d1.sum(axis=0, keepdims=True), d2.sum(axis=0, keepdims=True)]
            t += 1
            for i, (p, g) in enumerate(zip(params, grads)):
                if optimizer == "adam":
                    m[i] = h["beta1"] * m[i] + (1 - h["beta1"]) * g
                    s[i] = h["beta2"] * s[i] + (1 - h["beta2"]) * g**2
                    m_hat = m[i] / (1 - h["beta1"] ** t)
                    s_hat = s[i] / (1 - h["beta2"] ** t)
                    p -= ALPHA * m_hat / (np.sqrt(s_hat) + h["eps"])
                elif optimizer == "rmsprop":
                    s[i] = h["rho"] * s[i] + (1 - h["rho"]) * g**2
                    p -= ALPHA * g / (np.sqrt(s[i]) + h["eps"])
                else:  # adagrad
                    s[i] = s[i] + g**2
                    p -= ALPHA * g / (np.sqrt(s[i]) + h["eps"])
        trajectory.append([p.copy() for p in params])
    return trajectory, errors


def data(classes=0):
    """40 rows of the circle; with classes, a one-hot target of that many angular sectors."""
    d = generate("circle", points=40, noise=0.1, test_fraction=0.0, seed=2)
    x = d.x / 5
    if not classes:
        return x, d.y
    sector = ((np.arctan2(x[:, 1], x[:, 0]) + np.pi) / (2 * np.pi) * classes).astype(int) % classes
    return x, np.eye(classes)[sector]


def engine(optimizer, x, y, *, batch, bias, l2, softmax=False, h=DEFAULTS):
    out, loss = ("softmax", "ce") if softmax else ("sigmoid", "mse")
    spec = NetSpec((x.shape[1], HIDDEN, y.shape[1]), ("tanh", out), bias=bias, loss=loss, optimizer=optimizer,
                   batch=batch, l2=l2, **h)  # fmt: skip
    return Learner(spec, x, y, alpha=ALPHA, seed=SEED, metric="mse")


CASES = [
    (opt, batch, bias, l2)
    for opt in NEW
    for batch in ("full", 8)
    for bias in (False, True)
    for l2 in (0.0, 0.01)
]


@pytest.mark.parametrize("optimizer, batch, bias, l2", CASES)
def test_trajectory_equals_the_textbook_loop(optimizer, batch, bias, l2):
    x, y = data()
    want, want_errors = reference(optimizer, x, y, batch=batch, bias=bias, l2=l2)
    learner = engine(optimizer, x, y, batch=batch, bias=bias, l2=l2)
    assert not learner.fast
    for step, expected in enumerate(want):
        error = learner.step()
        assert error == pytest.approx(want_errors[step], rel=1e-12, abs=0)
        for p, q in zip(learner.params, expected, strict=True):
            np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-13)
    assert learner.iteration == ITERATIONS and not np.allclose(learner.params[0], want[0][0])  # it moved


@pytest.mark.parametrize("optimizer", NEW)
@pytest.mark.parametrize("softmax", [False, True])
def test_the_spec_hyperparameters_and_a_softmax_output_follow_the_textbook_loop(optimizer, softmax):
    x, y = data(classes=3 if softmax else 0)
    want, want_errors = reference(optimizer, x, y, batch=8, bias=True, l2=0.003, softmax=softmax, h=OTHERS)
    learner = engine(optimizer, x, y, batch=8, bias=True, l2=0.003, softmax=softmax, h=OTHERS)
    errors = learner.train(ITERATIONS)
    np.testing.assert_allclose(errors, want_errors, rtol=1e-12, atol=0)
    for p, q in zip(learner.params, want[-1], strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-13)
    default = engine(optimizer, x, y, batch=8, bias=True, l2=0.003, softmax=softmax)
    default.train(ITERATIONS)
    assert not np.allclose(default.params[0], learner.params[0])  # the hyperparameters matter


def test_the_state_layout_and_the_direction_is_the_step_taken():
    x, y = data()
    for optimizer in NEW:
        learner = engine(optimizer, x, y, batch="full", bias=True, l2=0.0)
        assert len(learner.velocity) == len(SLOTS[optimizer]) * 4 == (8 if optimizer == "adam" else 4)
        assert [v.shape for v in learner.velocity] == [p.shape for p in learner.params] * len(
            SLOTS[optimizer]
        )
        before = [p.copy() for p in learner.params]
        learner.train(1)
        for p, b, u in zip(learner.params, before, learner.last_updates, strict=True):
            np.testing.assert_allclose(p - b, u, rtol=1e-9, atol=1e-18)  # what each parameter moved by
        if optimizer == "adam":  # the first step of adam moves every weight by about alpha
            np.testing.assert_allclose(np.abs(learner.last_updates[0]), ALPHA, rtol=1e-4)


def test_iterate_refuses_a_state_of_the_wrong_optimiser():
    x, y = data()
    learner = engine("adam", x, y, batch="full", bias=False, l2=0.0)
    with pytest.raises(ValueError, match="adam keeps 2 state array"):
        learner.net.iterate(x, y, learner.rs, [np.zeros_like(p) for p in learner.params], 0.1)
    assert len(initial_state(learner.spec, learner.params)) == 4


def config_of(optimizer, **changes):
    values = dict(dataset="circle", points=60, layers="6", activation="tanh", bias=True, init="xavier",
                  optimizer=optimizer, batch="8", l2="0.001", dropout="0.1", alpha=0.01, iterations=40, test=0.25)  # fmt: skip
    return make_config("custom", **{**values, **changes})


@pytest.mark.parametrize("optimizer", NEW)
def test_a_saved_and_loaded_run_continues_bitwise_as_the_uninterrupted_one(tmp_path, optimizer):
    config = config_of(optimizer)
    whole = build(config)
    errors = whole.train(40)
    first = build(config)
    head = first.train(15)
    path = tmp_path / "run.json"
    session.save(path, config, first)
    _, loaded = session.load(path)
    assert loaded.iteration == 15 and same(loaded.velocity, first.velocity)
    tail = loaded.train(25)
    np.testing.assert_array_equal(np.concatenate([head, tail]), errors)
    for name in ("params", "velocity", "direction_changes", "last_updates"):
        assert same(getattr(loaded, name), getattr(whole, name)), name
    np.testing.assert_array_equal(loaded.last_test_errors, whole.last_test_errors[-25:])


@pytest.mark.parametrize("optimizer", NEW)
def test_a_checkpoint_replayed_on_a_twin_equals_the_original(optimizer):
    config = config_of(optimizer, batch="full")
    original = build(config)
    original.train(12)
    checkpoint = original.checkpoint()
    original.train(20)
    twin = original.twin()
    twin.load_state(checkpoint)
    twin.train(20)
    for name in ("params", "velocity", "direction_changes", "last_updates"):
        assert same(getattr(twin, name), getattr(original, name)), name


def test_the_timeline_rebuilds_any_iteration_of_an_adam_run():
    config = config_of("adam", iterations=300)
    controller = RunController(config)
    controller.run_to_target(37)
    for k in (0, 1, 99, 187, 299):
        controller.view(k)
        fresh = build(config)
        fresh.train(k)
        snap = controller.snapshot()
        assert same(snap.weights, fresh.params) and same(snap.velocity, fresh.velocity), k
        assert same(snap.direction_changes, fresh.direction_changes), k


def _saved(tmp_path, optimizer):
    config = config_of(optimizer)
    learner = build(config)
    learner.train(5)
    path = tmp_path / "run.json"
    session.save(path, config, learner)
    return path, json.loads(path.read_text())


def test_a_session_with_a_tampered_optimiser_state_is_refused(tmp_path):
    path, document = _saved(tmp_path, "adam")
    velocity = document["state"]["velocity"]
    assert len(velocity) == 8  # first moments of W1, W2, b1, b2, then the second moments
    velocity[5] = velocity[5][:-1]  # the second moment of W2: one row short
    path.write_text(json.dumps(document))
    with pytest.raises(Invalid, match=r"state.velocity\[5\] has shape \(5, 1\), expected \(6, 1\)") as info:
        session.load(path)
    assert "adam keeps the first moment of W1, W2, b1, b2; then the second moment of W1, W2, b1, b2" in str(
        info.value
    )
    path, document = _saved(tmp_path, "adam")
    document["state"]["velocity"] = document["state"]["velocity"][:4]  # a momentum run's worth
    path.write_text(json.dumps(document))
    with pytest.raises(Invalid, match=r"state.velocity must be a list of 8 matrices"):
        session.load(path)
    path, document = _saved(tmp_path, "rmsprop")
    document["state"]["velocity"][0] = [[0.0] * 6] * 3
    path.write_text(json.dumps(document))
    with pytest.raises(
        Invalid, match=r"velocity\[0\] has shape \(3, 6\), expected \(2, 6\) \(rmsprop keeps the mean square"
    ):
        session.load(path)


@pytest.mark.parametrize("optimizer", NEW)
def test_the_exported_script_replays_the_run(tmp_path, optimizer):
    config = config_of(optimizer, iterations=30)
    learner = build(config)
    learner.train(30)
    path = tmp_path / "replay.py"
    path.write_text(script(config, learner))
    done = subprocess.run([sys.executable, str(path), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    replayed = json.loads(done.stdout.strip().splitlines()[-1])
    assert replayed["weights"] == [p.tolist() for p in learner.params]  # bit for bit


@pytest.mark.parametrize("optimizer", NEW)
def test_the_walk_through_replays_the_step_the_run_takes(optimizer):
    config = config_of(optimizer)
    controller = RunController(config)
    controller.step(7)  # past the first updates, where a wrong Adam step count would show
    controller.step()
    title, stages = walkthrough(controller.snapshot())
    assert title == "the step just taken: iteration 7 -> 8"
    assert same([s.value for s in stages if s.label.endswith(" after")], controller.training.params)
    assert any(
        optimizer in s.caption or "sqrt(s)" in s.caption for s in stages if s.label.startswith("update")
    )
    controller.start()
    controller.run_chunk(3)  # a run leaves no previous step: the panel shows the next one
    title, stages = walkthrough(controller.snapshot())
    ahead = build(config)
    ahead.train(12)
    assert title == "the next step: iteration 11 -> 12"
    assert same([s.value for s in stages if s.label.endswith(" after")], ahead.params)
