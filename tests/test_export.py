"""Exports: the standalone script replays the run bit for bit; weights and history files read back."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.io import session
from tui_nn.io.export import export, script
from tui_nn.run.build import build
from tui_nn.run.config import make_config


@pytest.mark.parametrize(
    "preset, options, iterations",
    [
        ("trask-xor", {"hidden": 5, "alpha": 3.0, "seed": 7}, 900),
        ("trask-1layer", {"seed": 123}, 300),
        ("neuron", {}, 300),
        ("xor-online", {"alpha": 0.5}, 200),
        ("digits", {"hidden": 9}, 100),
        ("two-weights", {"alpha": 2.0}, 300),
        ("relu-forward", {}, 1),
    ],
)
def test_script_replays_the_run_exactly(tmp_path, preset, options, iterations):
    config = make_config(preset, **options)
    training = build(config)
    training.train(iterations)
    path = tmp_path / "replay.py"
    path.write_text(script(config, training))
    result = subprocess.run([sys.executable, str(path), "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    replayed = json.loads(lines[-1])
    for got, want in zip(replayed["weights"], training.weights, strict=True):
        np.testing.assert_array_equal(np.array(got), want)
    np.testing.assert_array_equal(np.array(replayed["outputs"]), training.outputs_now())
    if training.trainable:
        assert lines[-2] == f"Error after {training.iteration} iterations: {training.error():.12g}"
        assert lines[0] == f"Error after 0 iterations: {build(config).error():.12g}"


def test_a_script_with_non_finite_numbers_runs(tmp_path):
    """repr() writes NaN and infinity as nan and inf: the script defines those names (it failed
    with NameError: nan)."""
    from dataclasses import replace

    config = make_config("relu-forward")
    training = build(config)
    fixed = training.spec.fixed
    training.spec = replace(training.spec, fixed=((fixed[0][0], (float("nan"), float("inf"))), *fixed[1:]))
    path = tmp_path / "replay.py"
    path.write_text(script(config, training))
    result = subprocess.run([sys.executable, str(path), "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    outputs = np.array(json.loads(result.stdout.strip().splitlines()[-1])["outputs"], dtype=float)
    assert np.isnan(outputs).any()  # the NaN weight reached the output


def test_weights_and_history_files(tmp_path):
    config = make_config("trask-xor")
    training = build(config)
    training.train(5000)
    written = export(
        config,
        training,
        weights_path=tmp_path / "w.npz",
        history_path=tmp_path / "h.csv",
        script_path=tmp_path / "s.py",
    )
    assert len(written) == 3
    with np.load(tmp_path / "w.npz", allow_pickle=False) as saved:
        assert list(saved) == ["synapse_0", "synapse_1"]
        for name, w in zip(saved, training.weights, strict=True):
            np.testing.assert_array_equal(saved[name], w)
    export(config, training, weights_path=tmp_path / "w.json")
    as_json = json.loads((tmp_path / "w.json").read_text())
    np.testing.assert_array_equal(np.array(as_json["synapse_1"]), training.weights[1])
    rows = list(csv.DictReader((tmp_path / "h.csv").open()))
    starts, lo, hi = training.history.envelope()
    assert [int(r["iteration"]) for r in rows] == starts.tolist()
    assert [float(r["min_error"]) for r in rows] == lo.tolist()
    assert sum(int(r["iterations"]) for r in rows) == 5000


def test_cli_export(tmp_path, capsys):
    path = str(tmp_path / "s.json")
    assert main(["train", "--preset", "neuron", "--iterations", "50", "--save", path]) == 0
    capsys.readouterr()
    assert main(["export", path]) == 2
    assert "say what to export" in capsys.readouterr().err
    out = str(tmp_path / "run.py")
    assert main(["export", path, "--script", out]) == 0
    assert f"script: {out}" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "missing.json"), "--script", out]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_session_then_export_matches_the_app_figure(tmp_path):
    config = make_config("trask-xor", iterations=2000)
    training = build(config)
    training.train(2000)
    session.save(tmp_path / "s.json", config, training)
    loaded_config, loaded = session.load(tmp_path / "s.json")
    path = tmp_path / "r.py"
    path.write_text(script(loaded_config, loaded))
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert f"Error after 2000 iterations: {training.error():.12g}" in result.stdout
