"""Custom runs behind the Trainer: the same numbers as a plain Model loop, test errors, divergence."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_nn.custom import measure
from tui_nn.model import Model
from tui_nn.model_training import ModelTraining, model_from
from tui_nn.options import CustomConfig, custom_config, ready, spec_of
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController as Trainer
from tui_nn.core.validation import Invalid


def spiral(**changes):
    values = dict(dataset="spiral", layers="8,8", activation="tanh", bias=True, init="xavier", alpha=0.01)
    return ready(make_config("custom", **{**values, **changes}))


def test_errors_and_weights_equal_a_plain_model_loop():
    config, data = spiral()
    training = build(config, data)
    errors = training.train(30)
    model = Model(spec_of(config, 2), data.x, data.y)
    expected, tests = [], []
    for _ in range(30):
        expected.append(measure("mse", model, data.x, data.y))
        tests.append(measure("mse", model, data.x_test, data.y_test))
        model.step()
    assert errors.tolist() == expected
    assert training.test_history.envelope()[1].tolist() == tests
    assert all(np.array_equal(a, b) for a, b in zip(training.weights, model.params))
    assert training.names == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert training.diagram() == "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"


def test_model_from_snapshot_weights_predicts_like_the_training():
    config, data = spiral()
    training = build(config, data)
    training.train(20)
    copy = model_from(config, [w.copy() for w in training.weights])
    assert np.array_equal(copy.predict(data.x), training.outputs_now())


def test_trainer_keeps_weights_on_alpha_and_reinitialises_on_layers():
    config, _ = spiral(iterations=100)
    trainer = Trainer(config)
    trainer.step(5)
    trainer.apply(config.with_(alpha=0.5))
    assert trainer.iteration == 5 and trainer.training.alpha == 0.5
    trainer.apply(config.with_(hidden="4"))
    assert trainer.iteration == 0 and trainer.snapshot().diagram.startswith("2 -> 4 tanh -> 1")


def test_relu_net_at_big_alpha_diverges_as_a_state():
    config, _ = ready(make_config("custom", dataset="plane", layers="8", activation="relu", alpha=10, iterations=500))
    trainer = Trainer(config)
    trainer.start()
    while trainer.running:
        trainer.run_chunk(50)
    snap = trainer.snapshot()
    assert snap.state == "diverged" and snap.diverged_at is not None and snap.iteration < 500
    assert "NaN or infinite" in snap.note


def test_preset_snapshot_has_its_diagram_and_no_test_curve():
    snap = Trainer(make_config("trask-xor")).snapshot()
    assert snap.diagram == "3 -> 4 sigmoid -> 1 sigmoid"
    assert snap.test_error is None and snap.test_history is None


@pytest.mark.parametrize(
    "values, field",
    [
        ({"layers": "8,x"}, "layers"),
        ({"alpha": "nan"}, "alpha"),
        ({"dropout": "1"}, "dropout"),
        ({"bias": "maybe"}, "bias"),
        ({"dataset": "csv"}, "data"),
        ({"output": "linear", "loss": "bce"}, "loss"),
    ],
)
def test_one_validator_names_the_field(values, field):
    with pytest.raises(Invalid) as info:
        make_config("custom", **values)
    assert info.value.field == field


def test_broken_csv_is_caught_by_ready(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b,y\n1,2,0\n1,oops,1\n")
    with pytest.raises(Invalid, match=r"row 3, column 2 \(b\): 'oops' is not a number"):
        ready(make_config("custom", data=str(path)))


FIELDS = [f for f in CustomConfig.__dataclass_fields__ if f not in ("data", "dataset", "target")]


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(
    st.sampled_from(FIELDS),
    st.one_of(
        st.text(max_size=30), st.sampled_from(["nan", "inf", "-1", "0", "1e309", "4,,4", "8,8", " 2 "])
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
