"""Sessions in the app (Pilot): save, load, save on quit, bad targets and bad files.

Numbers are compared with a headless run of the same length; a failure must
leave the run exactly as it was. Waits are on the worker's answers, never on time.
"""

import asyncio
import json
import os
import stat

import numpy as np
from textual.widgets import Input

from tui_nn.app.app import TrainerApp
from tui_nn.app.sessions import default_session_path
from tui_nn.app.widgets.session_dialog import PathDialog, clean_path
from tui_nn.cli import main
from tui_nn.io import session
from tui_nn.run.build import build
from tui_nn.run.config import make_config

BIG = 10**9


def same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def status(app):
    return str(app.query_one("#status").render())


async def until(check, timeout=20.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "gave up waiting"
        await asyncio.sleep(0.01)


async def in_dialog(pilot, key, path):
    """Open the dialog with ``key``, type ``path``, press enter."""
    await pilot.press(key)
    assert isinstance(pilot.app.screen, PathDialog)
    pilot.app.screen.query_one("#path-input", Input).value = str(path)
    await pilot.press("enter")


async def saved_by_worker(app):
    await until(lambda: not app.sessions.saves)
    await app.until_answered()


async def test_save_then_load_in_a_new_app_is_the_same_run(tmp_path):
    config = make_config(hidden=5)
    path = tmp_path / "run.json"
    first = TrainerApp(config)
    async with first.run_test(size=(120, 40)) as pilot:
        first.send("step", 37)
        await first.until_answered()
        await in_dialog(pilot, "ctrl+s", path)
        assert not isinstance(first.screen, PathDialog)
        await saved_by_worker(first)
        assert f"saved {path} (iteration 37)" in status(first)
        shown = first.snapshot
    ref = build(config)
    ref.train(37)
    loaded_config, loaded = session.load(path)
    assert loaded_config == config and loaded.iteration == 37 and same(loaded.weights, ref.weights)

    second = TrainerApp(make_config("digits"))
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "r")  # a run in progress, landscape open, a different net: replaced
        await in_dialog(pilot, "ctrl+o", path)
        assert not isinstance(second.screen, PathDialog)
        snap = await second.until_answered()
        assert snap.config == config and second.config == config
        assert snap.iteration == 37 and snap.state == "paused"
        assert same(snap.weights, ref.weights) and same(snap.direction_changes, ref.direction_changes)
        assert same(snap.history, shown.history)  # the same error curve
        assert second.query_one("#hidden", Input).value == "5"
        await pilot.press("space")  # and it goes on exactly as the uninterrupted run
        ref.train(1)
        assert same((await second.until_answered()).weights, ref.weights)


async def test_save_while_running_is_a_consistent_point_of_the_run(tmp_path):
    config = make_config(iterations=BIG)
    app = TrainerApp(config)
    path = tmp_path / "running.json"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(lambda: app.snapshot.iteration > 2000)
        app.sessions.save(str(path))
        await saved_by_worker(app)
        assert app.snapshot.state == "running"  # saving did not stop the run
        await pilot.press("r")
    _, loaded = session.load(path)
    ref = build(config)
    ref.train(loaded.iteration)
    assert loaded.iteration > 2000 and same(loaded.weights, ref.weights)
    assert same(loaded.history.envelope(), ref.history.envelope())


async def test_quit_right_after_a_save_waits_for_it(tmp_path):
    path = tmp_path / "quit.json"
    path.write_text("the previous file")
    app = TrainerApp(make_config(iterations=BIG))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(lambda: app.snapshot.iteration > 1000)
        ident = app.sessions.save(str(path))
        await pilot.press("q")
    assert [r.ok for r in app.client.replies if r.ident == ident] == [True]
    _, loaded = session.load(path)  # complete, not the previous file nor a torn one
    assert loaded.iteration > 1000
    assert sorted(os.listdir(tmp_path)) == ["quit.json"]  # no temporary left behind


async def test_save_at_exit_flag(tmp_path, capsys):
    path = tmp_path / "exit.json"
    config = make_config("neuron")
    app = TrainerApp(config, save_at_exit=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.send("step", 12)
        await app.until_answered()
        await pilot.press("q")
    assert app.sessions.exit_save_status() == 0
    assert f"saved {path} (iteration 12)" in capsys.readouterr().out
    ref = build(config)
    ref.train(12)
    assert same(session.load(path)[1].weights, ref.weights)


def read_only_folder(tmp_path):
    if os.geteuid() == 0:  # root writes anywhere on a normal filesystem; sysfs refuses it too
        return "/sys"
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return str(folder)


async def test_a_save_that_cannot_be_written_says_why_and_changes_nothing(tmp_path):
    config = make_config(iterations=BIG)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        app.send("step", 5)
        before = await app.until_answered()
        await in_dialog(pilot, "ctrl+s", tmp_path)  # a folder: caught in the dialog
        note = str(app.screen.query_one("#path-note").render())
        assert "is a folder: add a file name" in note
        await pilot.press("escape")
        for target in (os.path.join(read_only_folder(tmp_path), "s.json"), tmp_path / "no" / "s.json"):
            await in_dialog(pilot, "ctrl+s", target)
            await saved_by_worker(app)
            assert f"not saved: cannot write {target}: " in status(app)
        snap = await app.until_answered()
        assert snap.iteration == 5 and same(snap.weights, before.weights) and app.config == config
        await pilot.press("r")  # the run goes on
        await until(lambda: app.snapshot.iteration > 100)
        await pilot.press("r")
    assert os.listdir(tmp_path) == ([] if os.geteuid() == 0 else ["ro"])


def broken_files(tmp_path):
    config = make_config("trask-xor")
    training = build(config)
    training.train(20)
    good = tmp_path / "good.json"
    session.save(good, config, training)
    text = good.read_text()
    document = json.loads(text)
    newer = dict(document, version=3)
    edited = json.loads(text)
    edited["state"]["weights"][0].pop()
    files = {
        "truncated.json": text[: len(text) // 2],
        "newer.json": json.dumps(newer),
        "edited.json": json.dumps(edited),
        "binary.json": None,
    }
    for name, content in files.items():
        if content is None:
            (tmp_path / name).write_bytes(b"\xff\xfe\x00garbage")
        else:
            (tmp_path / name).write_text(content)
    return files


BAD_FILES = [
    ("truncated.json", "is not a session file (invalid JSON"),
    ("newer.json", "is format version 3, newer than this tui_nn reads (2)"),
    ("edited.json", "state.weights[0] has shape (2, 4), expected (3, 4)"),
    ("binary.json", "is not a tui_nn session file (not text)"),
    ("missing.json", "cannot read"),
]


async def test_loading_a_bad_file_leaves_the_run_untouched(tmp_path):
    broken_files(tmp_path)
    config = make_config("digits")
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        app.send("step", 7)
        before = await app.until_answered()
        sent = app.sent
        for name, message in BAD_FILES:
            await in_dialog(pilot, "ctrl+o", tmp_path / name)
            assert isinstance(app.screen, PathDialog)  # stays open: the path can be fixed
            note = app.screen.query_one("#path-note")
            assert message in str(note.render()) and note.has_class("-error"), name
            await pilot.press("escape")
            assert not isinstance(app.screen, PathDialog)
        assert app.sent == sent and app.config == config  # nothing reached the worker
        await pilot.press("space")
        snap = await app.until_answered()
        ref = build(config)
        ref.train(8)
        assert snap.iteration == before.iteration + 1 and same(snap.weights, ref.weights)


async def test_f2_saves_the_screen_as_svg_and_says_where(tmp_path):
    app = TrainerApp(make_config("neuron"))
    app.sessions.shot_folder = str(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.send("step", 3)
        await app.until_answered()
        await pilot.press("f2", "f2")
        await pilot.pause()
        shots = sorted(os.listdir(tmp_path))
        assert shots == ["tui_nn-neuron-3-2.svg", "tui_nn-neuron-3.svg"]
        assert (tmp_path / shots[1]).read_text().startswith("<svg")
        told = [n.message for n in app._notifications]
        assert str(tmp_path / shots[1]) in told and str(tmp_path / shots[0]) in told


def test_dialog_paths():
    assert clean_path("  ") == (None, "type a file name, e.g. tui_nn-session.json")
    assert clean_path("~/x.json")[0] == os.path.expanduser("~/x.json")
    assert clean_path("a\0b")[0] is None
    assert clean_path("/")[1] == "/ is a folder: add a file name"
    assert default_session_path("digits") == os.path.abspath("tui_nn-digits.json")


def test_app_flags_fail_before_the_screen_opens(tmp_path, capsys, monkeypatch):
    broken_files(tmp_path)
    opened = []
    monkeypatch.setattr("tui_nn.app.launch.run_app", lambda *a, **k: opened.append((a, k)) or 0)
    for argv, message in [
        (["--load", str(tmp_path / "newer.json")], "newer than this tui_nn reads"),
        (["--load", str(tmp_path / "truncated.json")], "invalid JSON"),
        (["--load", str(tmp_path / "good.json"), "--seed", "3"], "--seed cannot change a loaded session"),
        (["--save", str(tmp_path / "no" / "s.json")], f"the folder {tmp_path / 'no'} does not exist"),
        (["--save", str(tmp_path)], "is a folder: give a file name"),
    ]:
        assert main(argv) == 2, argv
        assert message in capsys.readouterr().err, argv
    assert opened == []
    good = str(tmp_path / "good.json")
    assert main(["--load", good, "--iterations", "5", "--save", good]) == 0
    (((config,), kwargs),) = opened
    assert config.iterations == 25 and kwargs["load"] == kwargs["save"] == good
    training = build(make_config("trask-xor"))
    training.train(20)
    assert same(kwargs["saved"]["weights"], training.weights)


async def test_a_custom_run_saves_and_loads_with_its_optimiser_state(tmp_path, capsys):
    from tui_nn.run.build import build, ready
    from tui_nn.run.config import make_config

    # momentum, mini-batches from a seeded shuffle and dropout: all of it must continue exactly
    config, data = ready(make_config("custom", dataset="circle", layers="5,3", activation="tanh,relu", batch="16",
                                       dropout="0.1", points="80", iterations="1000"))  # fmt: skip
    path = tmp_path / "custom.json"
    first = TrainerApp(config)
    async with first.run_test(size=(120, 40)) as pilot:
        first.send("step", 30)
        await first.until_answered()
        await in_dialog(pilot, "ctrl+s", path)
        await saved_by_worker(first)
        assert f"saved {path} (iteration 30)" in status(first)
    ref = build(config, data)
    ref.train(30)
    second = TrainerApp(make_config("two-weights"))
    async with second.run_test(size=(120, 40)) as pilot:
        await in_dialog(pilot, "ctrl+o", path)
        snap = await second.until_answered()
        assert snap.config == config and snap.iteration == 30 and same(snap.weights, ref.params)
        await pilot.press("space")
        ref.train(1)
        snap = await second.until_answered()
        assert snap.iteration == 31 and same(snap.weights, ref.params)  # velocity, shuffle, dropout
        assert snap.test_error == ref.test_error()
    # The command line continues the app's session as the app does.
    assert main(["train", "--load", str(path), "--iterations", "4", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    ref.train(3)
    assert same([np.array(w) for w in report["weights"].values()], ref.params)


def test_a_damaged_custom_session_is_one_clear_message(tmp_path):
    from tui_nn.core.validation import Invalid
    from tui_nn.run.build import build, ready
    from tui_nn.run.config import make_config

    config, data = ready(make_config("custom", dataset="xor", points="40", optimizer="nesterov"))
    training = build(config, data)
    training.train(3)
    good = json.loads(session.session_json(config, training))
    cases = [
        (lambda d: d["state"]["velocity"].pop(), "state.velocity must be a list of"),
        (lambda d: d["state"]["rng"]["keys"].pop(), "state.rng.keys must be 624 whole numbers"),
        (lambda d: d["config"].update(layers=[0]), "config: layers must be sizes"),
        (lambda d: d["config"].update(colour="red"), "unknown options: colour"),
        (lambda d: d["state"].pop("test_history"), "lacks state.test_history"),
        (lambda d: d.update(kind="quantum"), "unknown kind 'quantum'"),
    ]
    for damage, message in cases:
        document = json.loads(json.dumps(good))
        damage(document)
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(document))
        try:
            session.load(path)
        except Invalid as exc:
            assert message in str(exc), (message, str(exc))
        else:
            raise AssertionError(f"loaded despite: {message}")
