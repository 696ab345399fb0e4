"""One session format for every run; files written by the version-1 format still load and continue.

tests/data/v1-*.json were written by tui_nn before presets and custom runs shared one engine
(v1-trask-xor at iteration 400 of 900, v1-custom-circle at 80 of 200: mini-batches of 16, dropout,
momentum); v1-continued.json holds what that version's uninterrupted runs ended on.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.core.validation import Invalid
from tui_nn.io import session
from tui_nn.run.build import build, ready
from tui_nn.run.config import make_config

DATA = Path(__file__).resolve().parent / "data"
CONTINUED = json.loads((DATA / "v1-continued.json").read_text())


def test_a_version_1_preset_session_continues_to_the_old_versions_end():
    config, learner = session.load(DATA / "v1-trask-xor.json")
    assert (config.preset, config.hidden, config.seed, config.alpha) == ("trask-xor", 3, 2, 0.5)
    assert learner.iteration == 400
    learner.train(500)
    for got, want in zip(learner.weights, CONTINUED["trask-xor"], strict=True):
        np.testing.assert_array_equal(got, np.array(want))
    for got, want in zip(learner.direction_changes, CONTINUED["trask-xor-counts"], strict=True):
        np.testing.assert_array_equal(got, np.array(want))


def test_a_version_1_custom_session_continues_to_the_old_versions_end():
    config, learner = session.load(DATA / "v1-custom-circle.json")
    assert config.custom and config.dataset == "circle" and config.layers == (5, 3) and config.batch == 16
    assert learner.iteration == 80
    learner.train(120)
    for got, want in zip(learner.params, CONTINUED["custom"], strict=True):  # weights, then biases
        np.testing.assert_array_equal(got, np.array(want))


def test_a_loaded_version_1_file_saves_as_the_current_version(tmp_path):
    config, learner = session.load(DATA / "v1-custom-circle.json")
    session.save(tmp_path / "now.json", config, learner)
    document = json.loads((tmp_path / "now.json").read_text())
    assert document["version"] == session.VERSION and document["kind"] == "custom"
    again_config, again = session.load(tmp_path / "now.json")
    assert again_config == config
    for a, b in zip(again.params, learner.params, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "config",
    [make_config("xor-online", alpha=0.7), ready(make_config("custom", dataset="spiral", layers="6,6",
     activation="tanh", batch="9", dropout="0.1", optimizer="momentum", points="60"))[0]],
    ids=["preset", "custom"],
)  # fmt: skip
def test_save_and_continue_equals_one_run(tmp_path, config):
    whole = build(config)
    whole.train(70)
    first = build(config)
    first.train(30)
    session.save(tmp_path / "s.json", config, first)
    loaded_config, continued = session.load(tmp_path / "s.json")
    assert loaded_config == config
    continued.train(40)
    for a, b in zip(continued.params, whole.params, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(continued.direction_changes, whole.direction_changes, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(continued.history.envelope()[1], whole.history.envelope()[1])
    np.testing.assert_array_equal(continued.test_history.envelope()[1], whole.test_history.envelope()[1])


def test_a_kind_that_does_not_match_its_config_is_refused(tmp_path):
    config = make_config("trask-xor")
    session.save(tmp_path / "s.json", config, build(config))
    document = json.loads((tmp_path / "s.json").read_text())
    document["kind"] = "custom"
    (tmp_path / "s.json").write_text(json.dumps(document))
    with pytest.raises(Invalid, match="does not match"):
        session.load(tmp_path / "s.json")


def test_export_takes_a_version_1_custom_session(tmp_path, capsys):
    assert main(["export", str(DATA / "v1-custom-circle.json"), "--weights", str(tmp_path / "w.json")]) == 0
    saved = json.loads((tmp_path / "w.json").read_text())
    assert list(saved) == ["W1", "W2", "W3", "b1", "b2", "b3"]


def test_a_kind_that_is_not_a_word_is_refused_with_one_line():
    import json

    from tui_nn.io import session

    for kind in ([], {}, 3, None):
        document = {"format": "tui_nn-session", "version": 2, "kind": kind, "config": {}, "state": {}}
        with pytest.raises(session.Invalid, match="unknown kind"):
            session.parse(json.dumps(document))
