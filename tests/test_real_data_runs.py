"""Real data through the flags, the validator and the engine: Iris learned by a softmax net, the
circle by a linear net on x1^2 and x2^2, outputs and losses that contradict the task refused with
one line, the new options on the command line and in session files."""

import json

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.cli.flags import config_from_args, flags_of
from tui_nn.cli.parser import build_parser
from tui_nn.core.validation import Invalid
from tui_nn.data.classes import accuracy
from tui_nn.data.examples import example_text
from tui_nn.io import session
from tui_nn.run.build import build, ready, spec_of
from tui_nn.run.config import make_config


def trained(*flags):
    """Train a run of ``train``'s flags to its target; the learner and its data."""
    config, data = ready(config_from_args(build_parser().parse_args(["train", *flags])))
    learner = build(config, data)
    learner.train(config.iterations)
    return config, data, learner


def test_iris_reaches_test_accuracy_090_with_a_softmax_output():
    config, data, learner = trained("--dataset", "iris", "--layers", "8", "--iterations", "2000")
    assert learner.spec.diagram() == "4 -> 8 sigmoid -> 3 softmax (+bias)" and learner.spec.loss == "ce"
    assert config.output == "softmax" and config.loss == "ce" and len(data.x_test) == 30
    assert accuracy(learner.predict(data.x_test), data.y_test) >= 0.9


def test_a_linear_net_on_squares_learns_the_circle():
    _, data, learner = trained("--dataset", "circle", "--layers", "none", "--features", "x1^2,x2^2")
    assert learner.spec.sizes == (2, 1) and data.columns == ("x1^2", "x2^2", "y")
    outputs = learner.predict(data.x_test)
    assert np.mean((outputs >= 0.5) == data.y_test) >= 0.95
    _, plain, straight = trained("--dataset", "circle", "--layers", "none")
    assert np.mean((straight.predict(plain.x_test) >= 0.5) == plain.y_test) < 0.8  # a line cannot


def test_the_csv_of_iris_trains_exactly_as_the_bundled_dataset(tmp_path, capsys):
    path = tmp_path / "iris.csv"
    path.write_text(example_text("iris"))
    flags = ["--layers", "4", "--iterations", "300", "--json"]
    assert main(["train", "--dataset", "iris", *flags]) == 0
    bundled = json.loads(capsys.readouterr().out)
    assert main(["train", "--data", str(path), "--target", "species", *flags]) == 0
    own = json.loads(capsys.readouterr().out)
    assert own["errors"] == bundled["errors"] and own["test_errors"] == bundled["test_errors"]
    assert own["weights"] == bundled["weights"] and own["network"] == bundled["network"]


@pytest.mark.parametrize(
    "flags, field, message",
    [
        (
            ["--dataset", "iris", "--output", "sigmoid"],
            "output",
            "output sigmoid cannot pick one of 3 classes",
        ),
        (["--dataset", "iris", "--output", "linear"], "output", "softmax does (--output auto)"),
        (["--dataset", "iris", "--loss", "mse"], "loss", "loss mse does not fit 3 classes: ce does"),
        (["--dataset", "iris", "--task", "regress"], "task", "the target species is text"),
        (["--dataset", "circle", "--output", "softmax"], "output", "softmax is for 3 classes or more"),
        (["--dataset", "circle", "--loss", "ce"], "loss", "ce is the loss of 3 classes or more"),
        (
            ["--dataset", "cars", "--output", "sigmoid"],
            "output",
            "output sigmoid gives 0..1 but dist goes from 2 to 120",
        ),
        (
            ["--dataset", "plane", "--task", "classify"],
            "task",
            "--task classify takes text or integer classes",
        ),
        (
            ["--dataset", "circle", "--features", "x1,x3"],
            "features",
            "no feature 'x3' of a generated dataset",
        ),
        (["--dataset", "iris", "--features", "petal"], "features", "no column named petal for --features"),
        (["--dataset", "iris", "--test", "0.01"], "test", "the test split has 2 rows for 3 classes"),
        (["--preset", "trask-xor", "--features", "x1"], "features", "a preset has its own"),
        (["--dataset", "circle", "--target", "y"], "target", "--target names a column"),
        (["--dataset", "iris", "--points", "10"], "data", "--noise and --points shape generated datasets"),
        (["--layers", "0"], "layers", "layers must be sizes 1..4096 separated by commas (or none)"),
    ],
)
def test_contradictions_are_one_line_naming_their_field(flags, field, message):
    with pytest.raises(Invalid) as info:
        ready(config_from_args(build_parser().parse_args(["train", *flags])))
    assert info.value.field == field and message in str(info.value) and "\n" not in str(info.value)


def test_a_bad_flag_exits_2_with_its_line(capsys):
    assert main(["train", "--dataset", "iris", "--output", "sigmoid"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot pick one of 3 classes of species" in err


def test_integer_codes_regress_unless_declared_classes(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("a,b,kind\n" + "".join(f"{i % 7},{i % 5},{i % 3}\n" for i in range(30)))
    config, data = ready(make_config("custom", data=str(path)))
    assert config.output == "linear" and data.regression
    with pytest.raises(Invalid, match="output sigmoid gives 0..1 but kind goes from 0 to 2"):
        ready(make_config("custom", data=str(path), output="sigmoid"))
    config, data = ready(make_config("custom", data=str(path), task="classify"))
    assert data.classes == ("0", "1", "2") and config.output == "softmax"
    assert spec_of(config, 2).sizes == (2, 4, 3) and spec_of(config, 2).activations == ("sigmoid", "softmax")


def test_cars_regresses_with_a_linear_output():
    config, data, learner = trained("--dataset", "cars", "--layers", "none", "--iterations", "500")
    assert config.output == "linear" and config.loss == "mse" and data.mean is not None
    assert np.isfinite(learner.error()) and learner.error() < 300  # a straight line: about 230 ft^2


def test_new_flags_round_trip_through_flags_of():
    for flags in (
        [
            "--dataset",
            "iris",
            "--features",
            "1,3-4",
            "--no-standardize",
            "--task",
            "classify",
            "--layers",
            "none",
        ],
        ["--dataset", "circle", "--features", "x1^2, x2^2", "--standardize", "--test", "0.3"],
    ):
        config = config_from_args(build_parser().parse_args(flags))
        again = config_from_args(build_parser().parse_args(flags_of(config)))
        assert again == config
    assert config.features == "x1^2,x2^2" and config.standardize == "on" and config.test == 0.3


def test_the_new_options_round_trip_through_a_session(tmp_path):
    for options in (
        dict(dataset="iris", features="1,3-4", standardize="off", layers="none", iterations=40),
        dict(dataset="circle", features="x1^2,x2^2", test="0.3", task="regress"),
    ):
        config, data = ready(make_config("custom", **options))
        learner = build(config, data)
        learner.train(10)
        path = tmp_path / "run.json"
        session.save(path, config, learner)
        loaded, again = session.load(path)
        assert loaded == config and again.iteration == 10
        assert all(np.array_equal(a, b) for a, b in zip(again.params, learner.params))


def test_a_csv_run_round_trips_through_flags_of(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text(example_text("iris"))
    flags = ["--data", str(path), "--target", "species", "--features", "2-3", "--layers", "6"]
    config = config_from_args(build_parser().parse_args(flags))
    assert "--points" not in flags_of(config) and "--noise" not in flags_of(config)
    assert config_from_args(build_parser().parse_args(flags_of(config))) == config
