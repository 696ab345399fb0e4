"""Custom runs from the command line: generated and CSV data, every option, clear errors."""

import json

import numpy as np
import pytest

from tui_nn.cli import main


def run_json(capsys, *flags):
    assert main(["train", *flags, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_spiral_with_two_tanh_layers_learns(capsys):
    report = run_json(capsys, "--dataset", "spiral", "--layers", "8,8", "--activation", "tanh", "--bias",
                      "--init", "xavier", "--alpha", "0.01", "--iterations", "1500", "--every", "500")  # fmt: skip
    assert report["network"] == "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"
    errors = report["errors"]
    assert [e[0] for e in errors] == [0, 500, 1000, 1500]
    assert errors[-1][1] < 0.5 * errors[0][1]  # the training error falls
    assert all(e[2] is not None for e in errors)  # and a test error is reported beside it
    assert list(report["weights"]) == ["W1", "W2", "W3"] and list(report["biases"]) == ["W1", "W2", "W3"]


def test_csv_run_and_reproducible_options(tmp_path, capsys):
    path = tmp_path / "xor.csv"
    path.write_text("a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    flags = ["--data", str(path), "--target", "label", "--layers", "6", "--bias", "--optimizer", "nesterov",
             "--batch", "2", "--l2", "0.001", "--dropout", "0.1", "--schedule", "step", "--period", "500",
             "--alpha", "0.5", "--iterations", "1500", "--error", "mae", "--seed", "3"]  # fmt: skip
    first, second = run_json(capsys, *flags), run_json(capsys, *flags)
    assert first == second
    assert first["errors"][-1][1] < first["errors"][0][1]
    assert first["errors"][0][2] is None  # no test rows held out by default for a CSV


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--dataset", "moons"], "unknown dataset"),
        (["--layers", "4,0"], "layers must be sizes"),
        (["--activation", "swish"], "activation must be sigmoid, tanh, relu, linear (or one per layer)"),
        (["--layers", "4,4", "--activation", "tanh,relu,relu"], "3 activations for 2 hidden layers"),
        (["--dropout", "1"], "dropout must be a number"),
        (["--batch", "zero"], "batch must be a number"),
        (["--loss", "bce", "--output", "linear"], "loss must be one of mse"),
        (["--preset", "trask-xor", "--layers", "3"], "--preset cannot be combined"),
        (["--dataset", "xor", "--data", "x.csv"], "either --dataset or --data"),
        (["--data", "missing.csv"], "cannot read"),
        (["--dataset", "xor", "--target", "y"], "--target names a column"),
        (["--dataset", "xor", "--save", "s.json"], "train --save/--load take presets"),
        (["--noise", "2"], "noise must be a number"),
    ],
)
def test_bad_custom_flags_are_one_line(capsys, flags, message):
    assert main(["train", *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_regression_plane_gets_a_linear_output(capsys):
    report = run_json(capsys, "--dataset", "plane", "--iterations", "200", "--alpha", "0.001", "--bias")
    assert report["network"].endswith("1 linear (+bias)")
    assert np.isfinite([e[1] for e in report["errors"]]).all()


def test_serve_passes_custom_flags_on_and_checks_them_first(tmp_path, capsys):
    from tui_nn.cli.parser import build_parser
    from tui_nn.cli.flags import config_from_args, flags_of

    flags = ["--dataset", "spiral", "--layers", "8,8", "--activation", "tanh", "--bias", "--alpha", "0.01"]
    args = build_parser().parse_args(flags)
    again = build_parser().parse_args(flags_of(args))
    assert config_from_args(again) == config_from_args(args)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,x\n")
    assert main(["serve", "--data", str(bad)]) == 2
    assert "row 2, column 2 (b): 'x' is not a number" in capsys.readouterr().err
