"""Custom runs from the command line: generated and CSV data, every option, sessions, exports, clear errors."""

import json
import subprocess
import sys

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.io import session


def run_json(capsys, *flags):
    assert main(["train", *flags, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def run_text(capsys, *flags):
    assert main(["train", *flags]) == 0
    return capsys.readouterr().out


SPIRAL = ["--dataset", "spiral", "--layers", "8,8", "--activation", "tanh", "--bias", "--init", "xavier",
          "--alpha", "0.01"]  # fmt: skip
NAMES = ["W1", "W2", "W3", "b1", "b2", "b3"]


def test_spiral_with_two_tanh_layers_learns(capsys):
    report = run_json(capsys, *SPIRAL, "--iterations", "1500", "--every", "500")
    assert report["preset"] == "custom" and report["dataset"] == "spiral"
    assert report["config"]["layers"] == [8, 8] and report["config"]["every"] == 500
    assert report["network"] == "2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"
    errors = report["errors"]
    assert [j for j, _ in errors] == [0, 500, 1000]
    assert report["final_error"] < 0.5 * errors[0][1]  # the training error falls
    tests = report["test_errors"]  # and a test error is reported beside each
    assert [j for j, _ in tests] == [0, 500, 1000] and all(isinstance(t, float) for _, t in tests)
    assert isinstance(report["final_test_error"], float)
    assert list(report["weights"]) == NAMES and list(report["direction_changes"]) == NAMES
    assert np.array(report["weights"]["b2"]).shape == (1, 8)
    assert len(report["outputs"]) == 100  # the training half of 200 points
    assert report["diverged"] is None and report["prediction"] is None


def test_text_output_ends_its_errors_with_the_final_row(capsys):
    flags = [*SPIRAL, "--iterations", "300", "--every", "100"]
    text = run_text(capsys, *flags)
    report = run_json(capsys, *flags)
    rows = [line for line in text.splitlines() if line.startswith("MSE after ")]
    assert [r.split(":")[0] for r in rows] == [f"MSE after {j} iterations" for j in (0, 100, 200, 300)]
    final = f"MSE after 300 iterations: {report['final_error']:.12g}  test {report['final_test_error']:.12g}"
    assert rows[-1] == final
    assert (
        text.splitlines()[0]
        == "spiral: 100 train / 100 test rows; network 2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)"
    )
    assert "diverged" not in text
    mae = run_text(capsys, *flags, "--error", "mae")
    assert [line for line in mae.splitlines() if line.startswith("MAE after ")][-1].startswith(
        "MAE after 300 "
    )


def test_csv_run_and_reproducible_options(tmp_path, capsys):
    path = tmp_path / "xor.csv"
    path.write_text("a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    flags = ["--data", str(path), "--target", "label", "--layers", "6", "--bias", "--optimizer", "nesterov",
             "--batch", "2", "--l2", "0.001", "--dropout", "0.1", "--schedule", "step", "--period", "500",
             "--alpha", "0.5", "--iterations", "1500", "--error", "mae", "--seed", "3"]  # fmt: skip
    first, second = run_json(capsys, *flags), run_json(capsys, *flags)
    assert first == second
    assert first["config"]["metric"] == "mae" and first["dataset"] == "csv"
    assert first["final_error"] < first["errors"][0][1]
    assert first["test_errors"] is None and first["final_test_error"] is None  # no rows held out for a CSV
    other = run_json(capsys, *flags[:-1], "4")
    assert other["weights"] != first["weights"]  # the seed matters


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
        (["--noise", "2"], "noise must be a number"),
        (["--hidden", "4", "--dataset", "xor"], "--hidden sizes a preset"),
        (["--load", "missing-session.json"], "cannot read missing-session.json"),
        (
            ["--load", "missing-session.json", "--layers", "4"],
            "custom-run flags cannot change a loaded session",
        ),
    ],
)
def test_bad_custom_flags_are_one_line(capsys, flags, message):
    assert main(["train", *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_regression_plane_gets_a_linear_output(capsys):
    report = run_json(capsys, "--dataset", "plane", "--iterations", "200", "--alpha", "0.001", "--bias")
    assert report["network"].endswith("1 linear (+bias)")
    assert np.isfinite([e[1] for e in report["errors"]]).all() and np.isfinite(report["final_error"])


# mini-batches (shuffled from the run's stream), momentum (velocity) and dropout (masks from
# the same stream): everything a continued run must carry over to equal one uninterrupted run
STATEFUL = ["--dataset", "spiral", "--points", "100", "--layers", "6,5", "--activation", "tanh",
            "--batch", "16", "--optimizer", "momentum", "--dropout", "0.2", "--alpha", "0.01",
            "--seed", "3", "--every", "50"]  # fmt: skip


def test_saved_custom_run_continues_exactly_and_exports_a_script_that_replays_it(tmp_path, capsys):
    first_path, second_path, script = tmp_path / "first.json", tmp_path / "second.json", tmp_path / "out.py"
    whole = run_json(capsys, *STATEFUL, "--iterations", "300")
    first = run_json(capsys, *STATEFUL, "--iterations", "120", "--save", str(first_path))
    second = run_json(capsys, "--load", str(first_path), "--iterations", "180", "--every", "50",
                      "--save", str(second_path))  # fmt: skip
    assert second["config"]["iterations"] == 300
    assert first["errors"] + second["errors"] == whole["errors"]
    assert [j for j, _ in second["errors"]] == [150, 200, 250]
    assert first["test_errors"] + second["test_errors"] == whole["test_errors"]
    for key in ("weights", "direction_changes", "outputs", "final_error", "final_test_error", "diverged"):
        assert second[key] == whole[key], key
    assert first["weights"] != whole["weights"]

    assert main(["export", str(second_path), "--script", str(script)]) == 0
    assert str(script) in capsys.readouterr().out
    done = subprocess.run([sys.executable, str(script), "--json"], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    replayed = json.loads(lines[-1])
    assert replayed["weights"] == list(whole["weights"].values())  # weights, then biases, bit for bit
    # the script's outputs are those of the final weights (train's JSON has the loop's last pass)
    _, learner = session.load(second_path)
    assert replayed["outputs"] == learner.outputs_now().tolist()
    assert [p.tolist() for p in learner.params] == replayed["weights"]
    assert lines[-2] == f"Error after 300 iterations: {whole['final_error']:.12g}"


def test_a_loaded_session_at_its_target_needs_more_iterations(tmp_path, capsys):
    path = tmp_path / "s.json"
    run_json(capsys, *STATEFUL, "--iterations", "20", "--save", str(path))
    assert main(["train", "--load", str(path)]) == 2
    assert "at its target already" in capsys.readouterr().err
    more = run_json(capsys, "--load", str(path), "--iterations", "5", "--alpha", "0.02")
    assert more["config"]["iterations"] == 25 and more["config"]["alpha"] == 0.02


DIVERGING = ["train", "--dataset", "plane", "--layers", "8", "--activation", "relu", "--alpha", "10",
             "--iterations", "500"]  # fmt: skip


def test_a_custom_run_that_blows_up_stops_silently_at_its_iteration(tmp_path):
    def run(*extra):
        command = [sys.executable, "-W", "default", "-m", "tui_nn", *DIVERGING, *extra]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)

    text, as_json = run(), run("--json")
    for done in (text, as_json):
        assert done.returncode == 0
        assert done.stderr == ""  # no overflow warnings, no traceback
    report = json.loads(as_json.stdout)
    n = report["diverged"]
    assert isinstance(n, int) and 0 <= n < 500
    assert f"diverged at iteration {n}" in text.stdout.splitlines()
    assert report["final_error"] is None  # NaN is not JSON: null
    assert report["errors"][0][0] == 0 and all(j <= n for j, _ in report["errors"])


def test_serve_passes_custom_flags_on_and_checks_them_first(tmp_path, capsys):
    from tui_nn.cli.flags import config_from_args, flags_of
    from tui_nn.cli.parser import build_parser

    flags = ["--dataset", "spiral", "--layers", "8,8", "--activation", "tanh", "--bias", "--alpha", "0.01"]
    args = build_parser().parse_args(flags)
    again = build_parser().parse_args(flags_of(config_from_args(args)))
    assert config_from_args(again) == config_from_args(args)
    assert config_from_args(args).layers == (8, 8) and config_from_args(args).alpha == 0.01
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,x\n")
    assert main(["serve", "--data", str(bad)]) == 2
    assert "row 2, column 2 (b): 'x' is not a number" in capsys.readouterr().err
