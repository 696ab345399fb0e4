"""The headless command line: figures as printed, JSON schema, validation."""

import json
import subprocess
import sys

import numpy as np
import pytest
import tutorial
from test_engine import XOR_TABLE

import tui_nn
from tui_nn.cli import main
from tui_nn.run.sweep import default_every


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_nn", *args], capture_output=True, text=True, timeout=120
    )


def test_train_prints_the_alpha_10_figures():
    result = run_cli(
        "train", "--preset", "trask-xor", "--alpha", "10", "--iterations", "60000", "--every", "10000"
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("Error after")]
    assert lines == [
        f"Error after {j} iterations: {e:.12g}" for j, e in zip(range(0, 60000, 10000), XOR_TABLE[10])
    ]
    assert result.stderr == ""


def test_sweep_prints_the_whole_h4_table():
    result = run_cli(
        "sweep", "--preset", "trask-xor", "--alphas", "0.001,0.01,0.1,1,10,100,1000",
        "--iterations", "60000", "--every", "10000",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # alpha 1000 overflows exp silently
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["alpha"] == ["0", "10000", "20000", "30000", "40000", "50000"]
    for alpha, figures in XOR_TABLE.items():
        assert rows[f"{alpha:g}"] == [f"{e:.12g}" for e in figures]
    assert rows["1000"][1:] == ["0.5"] * 5
    assert all(abs(float(v) - 0.1252) < 1e-3 for v in rows["100"][2:])


def test_train_json_schema_and_values(capsys):
    assert main(["train", "--preset", "trask-xor", "--hidden", "5", "--seed", "3", "--iterations", "2000",
                 "--every", "500", "--json"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert {
        "preset",
        "config",
        "errors",
        "weights",
        "outputs",
        "prediction",
        "direction_changes",
        "diverged",
    } <= set(report)
    assert report["config"]["hidden"] == 5 and report["config"]["seed"] == 3
    ref = tutorial.trask_xor(2000, hidden=5, seed=3, every=500)
    assert list(report["weights"]) == ["synapse_0", "synapse_1"]  # input side first
    for got, want in zip(report["weights"].values(), ref["weights"], strict=True):
        np.testing.assert_array_equal(np.array(got), want)
    assert report["errors"] == [[j, float(e)] for j, e in ref["printed"]]
    np.testing.assert_array_equal(np.array(report["outputs"]), ref["outputs"])
    for got, want in zip(report["direction_changes"].values(), ref["direction_changes"], strict=True):
        np.testing.assert_array_equal(np.array(got), want)
    assert report["prediction"] is None and report["diverged"] is None


@pytest.mark.parametrize(
    "preset, expected",
    [("neuron", 0.99993704), ("relu-forward", 32.0)],
)
def test_train_json_prediction(capsys, preset, expected):
    assert main(["train", "--preset", preset, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["prediction"] == pytest.approx(expected, abs=5e-9)
    if preset == "relu-forward":
        assert report["direction_changes"] is None and report["errors"] == []


def test_every_training_preset_has_direction_changes(capsys):
    for preset in ["trask-1layer", "trask-xor", "neuron", "xor-online", "digits", "two-weights"]:
        assert main(["train", "--preset", preset, "--iterations", "20", "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert list(report["direction_changes"]) == list(report["weights"])


def test_text_output_has_weights_outputs_and_prediction(capsys):
    assert main(["train", "--preset", "neuron"]) == 0
    out = capsys.readouterr().out
    assert "synaptic_weights (3x1):" in out and "Outputs:" in out
    assert "Prediction for [1, 0, 0]: [0.99993704]" in out


def test_presets_lists_all_seven(capsys):
    assert main(["presets"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert names == [
        "trask-1layer",
        "trask-xor",
        "neuron",
        "xor-online",
        "digits",
        "two-weights",
        "relu-forward",
    ]


@pytest.mark.parametrize("command", ["train", "sweep", "export", "serve", "presets"])
def test_each_command_help_opens_with_its_line_and_an_example(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: tui-nn {command}")
    after_usage = out.split("\n\n")[1:3]
    assert after_usage[0].endswith(".") and after_usage[1].startswith(f"example:  tui-nn {command}")


def test_version_and_the_top_level_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"tui-nn {tui_nn.__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    usage = out.split("\n\n")[0]
    assert "{train,sweep,export,serve,presets}" in usage and "--dataset" not in usage
    assert "--output O" in out and "(default auto" in out  # every option says its default


def test_every_option_says_its_default(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for flag in ("--alpha", "--hidden", "--seed", "--iterations", "--layers", "--activation", "--output",
                 "--init", "--loss", "--optimizer", "--momentum", "--batch", "--dropout", "--test"):  # fmt: skip
        part = out.split(f"{flag} ", 2)[-1][:200]
        assert "default" in part, flag


BAD = [
    (["--alpha", "abc"], "alpha"),
    (["--alpha", "-1"], "alpha"),
    (["--alpha", "0"], "alpha"),
    (["--alpha", "nan"], "alpha"),
    (["--alpha", "inf"], "alpha"),
    (["--alpha", ""], "alpha"),
    (["--hidden", "0"], "hidden"),
    (["--hidden", "4097"], "hidden"),
    (["--hidden", "9999999"], "hidden"),
    (["--hidden", "2.5"], "hidden"),
    (["--hidden", "abc"], "hidden"),
    (["--iterations", "0"], "iterations"),
    (["--iterations", "-3"], "iterations"),
    (["--iterations", "lots"], "iterations"),
    (["--seed", "-1"], "seed"),
    (["--seed", str(2**32)], "seed"),
    (["--every", "0"], "every"),
    (["--every", "x"], "every"),
    (["--preset", "nope"], "preset"),
    (["--preset", "trask-1layer", "--hidden", "3"], "hidden"),
]


@pytest.mark.parametrize("flags, field", BAD, ids=[" ".join(f) for f, _ in BAD])
def test_train_rejects_bad_values(flags, field, capsys):
    assert main(["train", *flags]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert field in captured.err


@pytest.mark.parametrize(
    "flags, field",
    [
        (["--alphas", "0.1,abc"], "alpha"),
        (["--alphas", ","], "alphas"),
        (["--preset", "relu-forward"], "preset"),
    ],
)
def test_sweep_rejects_bad_values(flags, field, capsys):
    assert main(["sweep", *flags]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and field in err


def test_bad_values_through_the_real_entry_point():
    for args in (["train", "--alpha", "nan"], ["--hidden", "0"], ["train", "--nope"], ["sweep", "--every"]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_default_every_prints_at_most_ten_lines():
    assert default_every(60000) == 10000
    assert default_every(10000) == 1000
    assert default_every(100) == 10
    assert default_every(7) == 1
    assert default_every(1) == 1


def test_check_vector():
    from tui_nn.core.validation import Invalid, check_vector

    assert check_vector("1,0,0", 3) == [1.0, 0.0, 0.0]
    assert check_vector("[1, 0, 0]", 3) == [1.0, 0.0, 0.0]
    assert check_vector(" 2 3 ", 2) == [2.0, 3.0]
    for bad in ["1,0", "a,b,c", "1,nan,0", "", "1,,0", "1,0,0,0", "1e999,0,0"]:
        with pytest.raises(Invalid, match="input must be 3 finite numbers"):
            check_vector(bad, 3)


def test_progress_bar_only_on_a_terminal():
    import io

    from tui_nn.io.progress import progress

    quiet = io.StringIO()
    with progress(100, "train", stream=quiet) as advance:
        advance(50)
    assert quiet.getvalue() == ""  # not a terminal: nothing extra
    shown = io.StringIO()
    with progress(100, "train", stream=shown, force=True) as advance:
        advance(50)
    assert "train" in shown.getvalue() and "ETA" in shown.getvalue()


@pytest.mark.parametrize(
    "flags, says",
    [
        (["--preset", "trask-xor", "--iterations", "1e308"], "iterations must be an integer from 1 to"),
        (["--dataset", "spiral", "--layers", "4096,4096,4096"], "weights"),
    ],
)
def test_sizes_beyond_the_budget_are_refused_at_once(flags, says, capsys):
    """A target of 1e308 iterations trained for ever; three 4096-wide layers would take gigabytes."""
    assert main(["train", *flags]) == 2
    assert says in capsys.readouterr().err


def test_a_headless_command_ends_without_teardown_and_loses_no_output(tmp_path):
    """A headless command's process ends at once after its work (``tui_nn.cli.run``): its whole
    output still arrives, the session it saved is whole, and a reader that stops early (``| head``)
    gets exit status 0 and nothing on stderr."""
    saved = tmp_path / "run.json"
    result = run_cli("train", "--iterations", "3000", "--every", "1", "--save", str(saved))
    assert result.returncode == 0 and result.stderr == ""
    assert sum(line.startswith("Error after") for line in result.stdout.splitlines()) == 3000
    assert result.stdout.rstrip().endswith("]"), result.stdout[-200:]  # the weights, printed last
    again = run_cli("train", "--load", str(saved), "--iterations", "1", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["config"]["iterations"] == 3001, again.stderr
    reader = subprocess.Popen(
        [sys.executable, "-m", "tui_nn", "train", "--iterations", "60000", "--every", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stderr is not None
    first = [reader.stdout.readline() for _ in range(2)]
    reader.stdout.close()  # as head does
    assert reader.wait(timeout=120) == 0 and reader.stderr.read() == b""
    assert first[0].startswith(b"Error after 0 iterations")
