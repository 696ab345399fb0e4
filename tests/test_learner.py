"""The Learner behind every run: the plain loop's numbers, test errors, state, divergence, the controller."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_nn.core.learner import Learner
from tui_nn.core.network import Network, measure, scheduled_rate
from tui_nn.core.spec import NetSpec
from tui_nn.core.validation import Invalid
from tui_nn.data.tutorial_data import X_A, Y_XOR
from tui_nn.run.build import build, learner_from, ready, spec_of
from tui_nn.run.config import FIELDS, make_config
from tui_nn.run.controller import RunController


def spiral(**changes):
    values = dict(dataset="spiral", layers="8,8", activation="tanh", bias=True, init="xavier", alpha=0.01)
    return ready(make_config("custom", **{**values, **changes}))


def by_hand(config, data, n):
    """The plain loop written out: error j before update j, the steps' signs counted by hand."""
    spec = spec_of(config, data.x.shape[1])
    rs = np.random.RandomState(config.seed)
    net = Network.initial(spec, rs)
    velocity = [np.zeros_like(p) for p in net.params]
    errors, tests, flips, before = [], [], [np.zeros(p.shape, dtype=np.int64) for p in net.params], None
    for j in range(n):
        errors.append(measure(config.metric, data.y - net.forward(data.x)[-1]))
        tests.append(measure(config.metric, data.y_test - net.forward(data.x_test)[-1]))
        steps = net.iterate(data.x, data.y, rs, velocity, scheduled_rate(spec, config.alpha, j))
        positive = [s > 0 for s in steps]
        if before is not None:
            for f, now, then in zip(flips, positive, before):
                f += now != then
        before = positive
    return net, velocity, errors, tests, flips


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {
            "batch": "8",
            "optimizer": "nesterov",
            "dropout": "0.2",
            "l2": "0.01",
            "schedule": "cyclic",
            "period": "7",
        },
        {"batch": "online", "optimizer": "gd", "error": "mae", "l1": "0.001", "activation": "relu,tanh"},
    ],
)
def test_errors_and_weights_equal_a_plain_network_loop(changes):
    config, data = spiral(points=60, **changes)
    training = build(config, data)
    assert not training.fast
    errors = training.train(30)
    net, velocity, expected, tests, flips = by_hand(config, data, 30)
    assert errors.tolist() == expected
    assert training.last_test_errors.tolist() == tests
    assert training.test_history.envelope()[1].tolist() == tests
    assert training.history.envelope()[1].tolist() == expected
    for got, want in [(training.params, net.params), (training.velocity, velocity),
                      (training.direction_changes, flips)]:  # fmt: skip
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)
    assert training.test_error() == measure(config.metric, data.y_test - net.forward(data.x_test)[-1])


def test_names_and_diagram_of_a_custom_run():
    config, data = spiral()
    training = build(config, data)
    assert training.names == ("W1", "W2", "W3", "b1", "b2", "b3")
    assert [p.shape for p in training.params] == [(2, 8), (8, 8), (8, 1), (1, 8), (1, 8), (1, 1)]
    assert training.spec.diagram() == "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"
    assert build(make_config("trask-xor")).names == ("synapse_0", "synapse_1")


def test_learner_from_snapshot_weights_predicts_like_the_training():
    config, data = spiral()
    training = build(config, data)
    training.train(20)
    copy = learner_from(config, [p.copy() for p in training.params])
    assert copy.iteration == 0 and copy is not training
    np.testing.assert_array_equal(copy.predict(data.x), training.outputs_now())
    with pytest.raises(ValueError):
        learner_from(config, training.weights)  # the biases are missing


def test_error_j_is_measured_before_update_j_and_outputs_are_the_last_pass():
    config, data = spiral(points=40)
    training = build(config, data)
    start = training.outputs_now()
    np.testing.assert_array_equal(training.outputs, start)  # before any iteration: the initial pass
    errors = training.train(3)
    assert errors[0] == measure("mse", data.y - start)
    assert training.last_error == errors[-1] and training.iteration == 3
    fresh = build(config, data)
    fresh.train(2)
    np.testing.assert_array_equal(training.outputs, fresh.outputs_now())  # iteration 2's forward pass
    assert training.error() == build(config, data).train(4)[3]
    assert training.step() == build(config, data).train(4)[3]


def test_train_edge_cases():
    learner = Learner(NetSpec((3, 1), ("sigmoid",)), X_A, Y_XOR, alpha=1.0, seed=1)
    assert len(learner.train(0)) == 0 and learner.iteration == 0 and learner.last_error is None
    with pytest.raises(ValueError, match="n must be >= 0"):
        learner.train(-1)
    with pytest.raises(ValueError, match="the data has 2 inputs, the network 3"):
        Learner(NetSpec((3, 1), ("sigmoid",)), X_A[:, :2], Y_XOR, alpha=1.0, seed=1)
    with pytest.raises(ValueError, match="needs targets"):
        Learner(NetSpec((3, 1), ("sigmoid",)), X_A, None, alpha=1.0, seed=1)
    assert learner.error() == measure("mse", Y_XOR - learner.predict(X_A))
    assert learner.predict([1, 0, 1]).shape == (1,) and learner.predict(X_A).shape == (4, 1)
    assert learner.test_error() is None and learner.last_test_errors.size == 0
    assert "3 -> 1 sigmoid" in repr(learner)


@pytest.mark.parametrize(
    "changes",
    [
        {"batch": "16", "optimizer": "momentum", "dropout": "0.2"},
        {"batch": "online", "optimizer": "nesterov", "schedule": "step", "period": "10"},
        {
            "batch": "full",
            "optimizer": "gd",
            "activation": "sigmoid",
            "bias": False,
            "init": "tutorial",
            "test": "0",
        },
    ],
)
def test_state_continues_a_run_exactly(changes):
    config, data = spiral(points=60, **changes)
    whole = build(config, data)
    errors = whole.train(50)
    first = build(config, data)
    head = first.train(20)
    saved = first.state()
    first.train(5)  # the state is a copy: training on does not change it
    second = build(config, data)
    second.load_state(saved)
    assert second.iteration == 20
    tail = second.train(30)
    np.testing.assert_array_equal(np.concatenate([head, tail]), errors)
    for name in ("params", "velocity", "direction_changes", "last_updates"):
        for a, b in zip(getattr(second, name), getattr(whole, name), strict=True):
            np.testing.assert_array_equal(a, b, err_msg=name)
    np.testing.assert_array_equal(second.outputs, whole.outputs)
    assert second.rs.get_state()[2] == whole.rs.get_state()[2]
    np.testing.assert_array_equal(second.rs.get_state()[1], whole.rs.get_state()[1])
    for h, w in [(second.history, whole.history), (second.test_history, whole.test_history)]:
        for a, b in zip(h.envelope(), w.envelope(), strict=True):
            np.testing.assert_array_equal(a, b)


def test_direction_counts_follow_the_chosen_sign():
    # With a linear unit and data that zeroes a gradient exactly, +1 and -1 count differently.
    spec = NetSpec((3, 1), ("linear",), init="zeros")
    x = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    y = np.array([[1.0], [0.0]])
    counts = {}
    for sign in (1, -1):
        learner = Learner(spec, x, y, alpha=0.5, seed=0, direction_sign=sign)
        learner.train(10)
        counts[sign] = learner.direction_changes[0][:, 0].tolist()
        assert learner.last_updates[0][1, 0] == 0.0  # the second input never moves its weight
    assert counts[1] != counts[-1]


def test_a_linear_net_diverges_at_the_exact_iteration_silently():
    spec = NetSpec((3, 1), ("linear",), init="zeros")
    whole = Learner(spec, X_A, Y_XOR, alpha=10.0, seed=1, metric="mae")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        errors = whole.train(100000)
    stepped = Learner(spec, X_A, Y_XOR, alpha=10.0, seed=1, metric="mae")
    j = 0
    while stepped.step() is not None and stepped.diverged_at is None:
        j += 1
    assert whole.diverged_at == stepped.diverged_at == j and 0 < j < 1000
    assert whole.iteration == j + 1 == len(errors)
    assert not all(np.isfinite(w).all() for w in whole.weights)
    assert whole.step() is None and len(whole.train(5)) == 0


def test_controller_keeps_weights_on_alpha_and_reinitialises_on_layers():
    config, _ = spiral(iterations=100)
    controller = RunController(config)
    assert controller.step(5) == 5
    weights = [p.copy() for p in controller.training.params]
    controller.apply(config.with_(alpha=0.5))
    assert controller.iteration == 5 and controller.training.alpha == 0.5
    for a, b in zip(controller.training.params, weights, strict=True):
        np.testing.assert_array_equal(a, b)
    controller.apply(config.with_(hidden="4"))
    assert controller.iteration == 0 and controller.snapshot().diagram.startswith("2 -> 4 tanh -> 1")
    controller.reset()
    again = RunController(config.with_(hidden="4"))
    for a, b in zip(controller.training.params, again.training.params, strict=True):
        np.testing.assert_array_equal(a, b)


def test_controller_runs_to_its_target():
    config, _ = spiral(iterations=70)
    controller = RunController(config)
    heard = []
    controller.run_to_target(32, lambda first, errors: heard.append((first, len(errors))))
    assert heard == [(0, 32), (32, 32), (64, 6)]
    assert controller.state == "done" and controller.iteration == 70
    assert controller.step(5) == 0  # never past the target


def test_relu_net_at_big_alpha_diverges_as_a_state():
    config, _ = ready(
        make_config("custom", dataset="plane", layers="8", activation="relu", alpha=10, iterations=500)
    )
    controller = RunController(config)
    controller.start()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        while controller.running:
            controller.run_chunk(50)
    snap = controller.snapshot()
    assert snap.state == "diverged" and snap.diverged_at is not None and snap.iteration < 500
    assert snap.iteration == snap.diverged_at + 1
    assert "NaN or infinite" in snap.note and str(snap.diverged_at) in snap.note


def test_preset_snapshot_has_its_diagram_and_no_test_curve():
    snap = RunController(make_config("trask-xor")).snapshot()
    assert snap.diagram == "3 -> 4 sigmoid -> 1 sigmoid"
    assert snap.test_error is None and snap.test_history is None
    custom = RunController(spiral()[0]).snapshot()
    assert custom.test_error is not None and custom.test_history is not None


@pytest.mark.parametrize(
    "values, field",
    [
        ({"layers": "8,x"}, "layers"),
        ({"alpha": "nan"}, "alpha"),
        ({"dropout": "1"}, "dropout"),
        ({"bias": "maybe"}, "bias"),
        ({"dataset": "csv"}, "data"),
        ({"output": "linear", "loss": "bce"}, "loss"),
        ({"activation": "swish"}, "activation"),
        ({"batch": "0"}, "batch"),
        ({"seed": "-1"}, "seed"),
        ({"iterations": "0"}, "iterations"),
        ({"dataset": "moons"}, "dataset"),
    ],
)
def test_one_validator_names_the_field(values, field):
    with pytest.raises(Invalid) as info:
        make_config("custom", **values)
    assert info.value.field == field
    assert "\n" not in str(info.value)


def test_presets_fix_their_network():
    with pytest.raises(Invalid) as info:
        make_config("trask-xor", layers="8,8")
    assert info.value.field == "hidden"
    with pytest.raises(Invalid) as info:
        make_config("trask-1layer", hidden=4)
    assert info.value.field == "hidden"
    with pytest.raises(Invalid) as info:
        make_config("trask-xor").with_(dropout=0.1)
    assert info.value.field == "dropout"


def test_broken_csv_is_caught_by_ready(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b,y\n1,2,0\n1,oops,1\n")
    with pytest.raises(Invalid, match=r"row 3, column 2 \(b\): 'oops' is not a number"):
        ready(make_config("custom", data=str(path)))


def test_ready_settles_the_output_from_the_data(tmp_path):
    assert ready(make_config("custom", dataset="plane"))[0].output == "linear"
    assert ready(make_config("custom", dataset="circle"))[0].output == "sigmoid"
    with pytest.raises(Invalid) as info:
        ready(make_config("custom", dataset="plane", loss="bce"))
    assert info.value.field == "loss"


TYPED = [f for f in FIELDS if f not in ("preset", "data", "dataset", "target")]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(
    st.sampled_from(TYPED),
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(["nan", "inf", "-1", "0", "1e309", "4,,4", "8,8", " 2 ", "online"]),
    ),
)
def test_any_typed_option_is_a_config_or_one_line_naming_its_field(field, text):
    base = make_config("custom", dataset="spiral", layers="8,8")
    try:
        changed = base.with_(**{field: text})
    except Invalid as exc:
        assert exc.field == field and "\n" not in str(exc)
        return
    assert changed.custom
    spec_of(changed, 2)  # whatever passes the check also builds a network
