"""Sessions: a saved and continued run equals the uninterrupted one; bad files say why."""

import json
import os
import stat

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.core.validation import Invalid
from tui_nn.io import files, session
from tui_nn.run.build import build
from tui_nn.run.config import make_config


def same_run(a, b):
    for x, y in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(x, y)
    for x, y in zip(a.direction_changes, b.direction_changes, strict=True):
        np.testing.assert_array_equal(x, y)
    assert a.iteration == b.iteration
    for x, y in zip(a.history.envelope(), b.history.envelope(), strict=True):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("preset", ["trask-xor", "xor-online", "digits", "neuron"])
def test_continued_run_equals_uninterrupted(tmp_path, preset):
    config = make_config(preset, alpha=0.9)
    whole = build(config)
    whole.train(700)
    first = build(config)
    first.train(300)
    path = tmp_path / "run.json"
    session.save(path, config, first)
    loaded_config, continued = session.load(path)
    assert loaded_config == config
    continued.train(400)
    same_run(whole, continued)
    np.testing.assert_array_equal(whole.outputs, continued.outputs)


def test_cli_save_then_load_equals_one_run(tmp_path, capsys):
    path = str(tmp_path / "s.json")
    assert main(["train", "--hidden", "5", "--iterations", "1200", "--every", "500", "--save", path]) == 0
    capsys.readouterr()
    assert main(["train", "--load", path, "--iterations", "1800", "--every", "500", "--json"]) == 0
    continued = json.loads(capsys.readouterr().out)
    assert main(["train", "--hidden", "5", "--iterations", "3000", "--every", "500", "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    for key in ("weights", "outputs", "direction_changes", "diverged"):
        assert continued[key] == whole[key], key
    assert continued["errors"] == [e for e in whole["errors"] if e[0] >= 1200]
    assert continued["config"]["iterations"] == 3000


def test_cli_load_refuses_changes_it_cannot_make(tmp_path, capsys):
    path = str(tmp_path / "s.json")
    main(["train", "--iterations", "10", "--save", path])
    capsys.readouterr()
    assert main(["train", "--load", path, "--hidden", "3"]) == 2
    assert "--hidden cannot change a loaded session" in capsys.readouterr().err
    assert main(["train", "--load", path]) == 2  # at its target, no --iterations
    assert "at its target already" in capsys.readouterr().err
    assert main(["train", "--load", path, "--iterations", "5", "--alpha", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["config"]["alpha"] == 3.0


def saved(tmp_path, preset="trask-xor"):
    config = make_config(preset)
    training = build(config)
    training.train(50)
    path = tmp_path / "s.json"
    session.save(path, config, training)
    return path, json.loads(path.read_text())


def edit(tmp_path, change):
    path, document = saved(tmp_path)
    change(document)
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(version=3), "format version 3, newer than this tui_nn reads"),
        (lambda d: d.update(format="other"), "not a tui_nn session file"),
        (lambda d: d["state"].pop("weights"), "lacks state.weights"),
        (lambda d: d["config"].pop("seed"), "lacks seed"),
        (lambda d: d["config"].update(hidden=0), "config: hidden must be an integer"),
        (
            lambda d: d["state"]["weights"][0].pop(),
            r"state.weights\[0\] has shape \(2, 4\), expected \(3, 4\)",
        ),
        (lambda d: d["state"]["weights"].pop(), "state.weights must be a list of 2 matrices"),
        (
            lambda d: d["state"]["weights"][1][0].__setitem__(0, "x"),
            r"state.weights\[1\] is not a matrix of numbers",
        ),
        (lambda d: d["state"]["direction_changes"][0][0].__setitem__(0, 1.5), "whole numbers"),
        (lambda d: d["state"]["prev_positive"][0][0].__setitem__(0, 1), "true/false"),
        (lambda d: d["state"].update(iteration=-1), "state.iteration must be a whole number"),
        (lambda d: d["state"].update(alpha="big"), "state.alpha must be a number"),
        (lambda d: d["state"]["history"].update(end=3), "history ends at 3, not at iteration 50"),
        (lambda d: d["state"]["history"].update(lo=[1]), "history is damaged"),
        # Numbers that would size an allocation or lie about the run: refused before use.
        (lambda d: d["state"].update(iteration=2**63), r"state.iteration must be 0..1,000,000,000,000"),
        (lambda d: d["state"]["history"].update(capacity=10**18), "history capacity must be 2..65536"),
        (
            lambda d: d["state"]["weights"][0][0].__setitem__(0, float("nan")),
            "weights hold NaN or infinity but the run is not marked diverged",
        ),
    ],
)
def test_hand_edited_files_say_what_is_wrong(tmp_path, change, message):
    path = edit(tmp_path, change)
    with pytest.raises(Invalid, match=message):
        session.load(path)


def test_a_number_of_a_million_digits_is_one_line(tmp_path):
    path, document = saved(tmp_path)
    path.write_text(json.dumps(document).replace('"iteration": 50', '"iteration": ' + "9" * 10**6, 1))
    with pytest.raises(Invalid, match="is not a session file"):
        session.load(path)


def test_a_custom_session_too_big_to_hold_is_refused_before_it_is_built(tmp_path):
    from tui_nn.run.build import MAX_PARAMETERS, ready

    config = ready(make_config("custom", dataset="spiral", layers=(4,)))[0]
    training = build(config)
    path = tmp_path / "c.json"
    session.save(path, config, training)
    document = json.loads(path.read_text())
    document["config"]["layers"] = [4096] * 30  # 3.6 GB a copy: building it took 54 s and as much memory
    path.write_text(json.dumps(document))
    with pytest.raises(Invalid, match=f"at most {MAX_PARAMETERS:,}"):
        session.load(path)


def test_truncated_and_missing_files(tmp_path):
    path, _ = saved(tmp_path)
    path.write_text(path.read_text()[:200])
    with pytest.raises(Invalid, match="invalid JSON"):
        session.load(path)
    with pytest.raises(Invalid, match="cannot read"):
        session.load(tmp_path / "nope.json")


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path, before = saved(tmp_path)
    config = make_config("trask-xor")
    training = build(config)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(Invalid, match="No space left on device"):
        session.save(path, config, training)
    assert json.loads(path.read_text()) == before
    assert os.listdir(tmp_path) == ["s.json"]  # no temporary left behind


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    with pytest.raises(Invalid, match="cannot write"):
        session.save(folder / "s.json", make_config("trask-xor"), build(make_config("trask-xor")))


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(Invalid, match="cannot write"):
        session.save(tmp_path / "no" / "s.json", make_config("trask-xor"), build(make_config("trask-xor")))


def test_diverged_and_forward_only_sessions_round_trip(tmp_path):
    config = make_config("relu-forward")
    training = build(config)
    training.train(1)
    session.save(tmp_path / "r.json", config, training)
    _, loaded = session.load(tmp_path / "r.json")
    assert loaded.predict([2, 3])[0] == 32.0
    config = make_config("trask-xor")
    training = build(config)
    training.train(10)
    training.weights[0][0, 0] = np.nan
    training.diverged_at = 9
    session.save(tmp_path / "d.json", config, training)
    _, loaded = session.load(tmp_path / "d.json")
    assert loaded.diverged_at == 9 and np.isnan(loaded.weights[0][0, 0])


BEYOND_FLOATS = 10**400  # JSON reads an integer of up to 4300 digits; no float holds this one


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["state"].update(alpha=BEYOND_FLOATS), "state.alpha is a number beyond the range"),
        (lambda d: d["state"].update(last_error=BEYOND_FLOATS), "state.last_error is a number beyond"),
        (lambda d: d["state"]["weights"][0][0].__setitem__(0, BEYOND_FLOATS), r"state.weights\[0\] is not"),
        (
            lambda d: d["state"]["rng"].update(cached=BEYOND_FLOATS),
            "state.rng.cached must be a finite number",
        ),
        (lambda d: d["config"].update(alpha=BEYOND_FLOATS), "alpha must be a finite number > 0"),
    ],
)
def test_integers_beyond_any_float_are_refused_in_one_line(tmp_path, change, message):
    with pytest.raises(Invalid, match=message) as caught:
        session.load(edit(tmp_path, change))
    assert "\n" not in str(caught.value)


def test_a_timeline_alpha_beyond_any_float_is_refused(tmp_path):
    from tui_nn.run.controller import RunController

    controller = RunController(make_config("trask-xor", hidden=2))
    controller.step(5)
    document = json.loads(session.session_json(controller.config, controller.training, controller.timeline))
    document["timeline"]["alphas"][0][1] = BEYOND_FLOATS
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document))
    with pytest.raises(Invalid, match="timeline.alphas alpha is a number beyond the range of a float"):
        session.load_run(path)


def test_many_rows_through_wide_layers_are_refused_before_training(tmp_path):
    from tui_nn.run.build import ready

    # 36 GB of activations for 23 M weights, under the weights' own bound: one line, at once.
    with pytest.raises(Invalid, match="100,000 rows through layers 4096,4096 need about .* GB"):
        ready(make_config("custom", dataset="circle", points=100_000, layers=(4096, 4096)))
    assert ready(make_config("custom", dataset="circle", points=100_000, layers=(64, 64)))
