"""Issue 4 in the app (Pilot): predict, the step walk-through. Numbers compared with the engine."""

import io

import numpy as np
import pytest
from rich.console import Console
from textual.widgets import Input

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.dataset import DatasetPanel
from tui_nn.app.widgets.predict import PredictPanel
from tui_nn.run.build import build, learner_from
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.run.query import predict_layers, prediction, walkthrough


def shown(app, selector):
    return str(app.query_one(selector).render())


def test_training_from_copies_the_weights():
    config = make_config("trask-xor")
    ref = build(config)
    ref.train(5)
    t = learner_from(config, ref.weights)
    assert all(np.array_equal(a, b) for a, b in zip(t.weights, ref.weights))
    assert t.weights[0] is not ref.weights[0]


def test_prediction_equals_the_engine_and_relu_gives_32():
    config = make_config("relu-forward")
    layers = predict_layers(config, build(config).weights, [2, 3])
    assert list(layers[1]) == [16.0, 0.0] and list(layers[2]) == [32.0]
    config = make_config("neuron")
    t = build(config)
    t.train(100)
    output, hidden = prediction(config, t.weights, [1, 0, 0])
    assert hidden is None and output[0] == t.predict([1, 0, 0])[0]
    assert prediction(config, t.weights, [1, 0]) is None  # wrong size: nothing to show


@pytest.mark.parametrize(
    "preset, vector, text",
    [("neuron", "1,0,0", "output 0.4586"), ("relu-forward", "2,3", "hidden 16 0  output 32")],
)
async def test_presets_with_a_query_show_it_from_the_start(preset, vector, text):
    app = TrainerApp(make_config(preset))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until_answered()
        await pilot.pause()
        assert app.query_one("#query", Input).value == vector
        assert text in shown(app, "#query-result")


async def test_digits_query_shows_output_x3_and_the_rounded_digit():
    config = make_config("digits")
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        app.send("step", 100)
        snap = await app.until_answered()
        await pilot.pause()
        ref = build(config)
        ref.train(100)
        out = ref.predict(app.query_one(PredictPanel).vector)[0] * 3
        assert f"output {out:.4f} (x3, rounds to {round(out)})" in shown(app, "#query-result")
        assert snap.iteration == 100


async def test_typed_vector_predicts_and_bad_input_changes_nothing():
    config = make_config("trask-xor")
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        box = app.query_one("#query", Input)
        box.focus()
        box.value = "1,0,1"
        await pilot.press("enter")
        await pilot.pause()
        ref = build(config)
        ref.train(1)
        assert f"output {ref.predict([1, 0, 1])[0]:.4f}" in shown(app, "#query-result")
        before = (app.query_one(PredictPanel).vector, shown(app, "#query-result"), app.snapshot.iteration)
        box.focus()
        box.value = "1,zero"
        await pilot.press("enter")
        await pilot.pause()
        assert "input must be 3 finite numbers" in shown(app, "#query-error")
        assert (
            app.query_one(PredictPanel).vector,
            shown(app, "#query-result"),
            app.snapshot.iteration,
        ) == before
        await pilot.press("escape")
        box.focus()
        box.value = "0,1,1"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.query_one("#query-error").has_class("-shown")
        assert app.query_one(PredictPanel).vector == [0.0, 1.0, 1.0]


TUTORIAL_L1 = ("0.36672394", "0.27408027", "0.46173529", "0.35868411")


def test_walkthrough_is_the_step_just_taken_and_ends_at_the_weights():
    config = make_config("trask-xor")
    trainer = RunController(config)
    title, stages = walkthrough(trainer.snapshot())
    assert title == "the next step: iteration 0 -> 1"
    trainer.step(1)
    snap = trainer.snapshot()
    title, stages = walkthrough(snap)
    assert title == "the step just taken: iteration 0 -> 1"
    after = [s.value for s in stages if s.label.endswith(" after")]
    assert len(after) == 2 and all(np.array_equal(a, w) for a, w in zip(after, snap.weights))
    trainer.step(5)
    assert trainer.snapshot().previous is None  # five iterations: nothing to walk through
    trainer.step(1)
    trainer.apply(config.with_(alpha=10))
    assert trainer.snapshot().previous is None  # the step taken used the old alpha
    title, _ = walkthrough(RunController(make_config("relu-forward")).snapshot())
    assert "fixed weights" in title


async def test_explain_panel_shows_the_tutorial_walk_through_after_space():
    app = TrainerApp(make_config("trask-1layer", seed=123))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "space")
        await app.until_answered()
        await pilot.pause()
        assert app.screen.has_class("-explain") and not app.query_one("#plot").display
        text = shown(app, "#explain-text")
        assert "the step just taken: iteration 0 -> 1" in text
        assert "how much did we miss?" in text and "were we really sure?" in text
        for value in TUTORIAL_L1:
            assert value in text
        weights = app.snapshot.weights[0]
        assert all(f"{v:.8f}" in text for v in weights.ravel())  # syn0 after = the engine's
        await pilot.press("space")
        await app.until_answered()
        await pilot.pause()
        assert "iteration 1 -> 2" in shown(app, "#explain-text")
        await pilot.press("e")
        await pilot.pause()
        assert app.query_one("#plot").display and not app.query_one("#explain").display


async def test_explain_online_walks_each_row():
    app = TrainerApp(make_config("xor-online"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        text = shown(app, "#explain-text")
        assert "the next step: iteration 0 -> 1" in text
        assert all(f"(row {r})" in text for r in range(4))


def test_glyph_draws_the_two_with_half_blocks():
    from tui_nn.app.widgets.dataset import glyph
    from tui_nn.data.tutorial_data import DIGIT_BITMAPS, bitmap

    assert glyph(bitmap(DIGIT_BITMAPS["two"])).split("\n") == ["▄▀▀▄", " ▄▀ ", "▀▀▀▀"]
    assert glyph(bitmap(DIGIT_BITMAPS["one"])).split("\n") == ["  █ ", "  █ ", "  ▀ "]


async def test_digits_dataset_shows_glyphs_outputs_x3_and_rounded_digits():
    config = make_config("digits")
    app = TrainerApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        app.send("step", 100)
        await app.until_answered()
        await pilot.pause()
        console = Console(width=40, file=io.StringIO(), color_system=None)
        console.print(DatasetPanel.table(app.snapshot))
        text = console.file.getvalue()
        ref = build(config)
        ref.train(100)
        outputs = ref.outputs_now()[:, 0] * 3
        assert "▄▀▀▄" in text and "x3" in text
        assert "output " + " ".join(f"{o:.2f}" for o in outputs) in text
        digits = [f"{round(o)}" for o in outputs]
        assert digits == ["0", "1", "2", "3"]  # trained: every bitmap read right
        assert all(f"{d} ok" in text for d in digits)


def test_landscape_view_centres_on_the_current_error_and_recomputes_only_when_needed():
    from tui_nn.run.landscape_view import LandscapeView

    trainer = RunController(make_config("two-weights"))
    view = LandscapeView()
    snap = trainer.snapshot()
    assert view.follow(snap, 21, 11)
    grid = view.plan(snap, 21, 11)()
    assert grid.errors[5, 10] == snap.error  # the landscape at the current weights is the error
    trainer.step(1)
    assert not view.follow(trainer.snapshot(), 21, 11)  # a small move: same picture
    assert len(view.path) == 2
    assert view.follow(trainer.snapshot(), 31, 11)  # the panel changed size
    view.plan(trainer.snapshot(), 31, 11)
    trainer.training.weights[0][0, 0] += 9.0  # far from the centre
    assert view.follow(trainer.snapshot(), 31, 11)
    assert "no error to map" in LandscapeView.available(RunController(make_config("relu-forward")).snapshot())


async def test_landscape_panel_draws_the_engines_grid_and_the_path():
    from tui_nn.app.widgets.landscape import LandscapePanel
    from tui_nn.core.landscape import error_grid

    app = TrainerApp(make_config("two-weights"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        panel = app.query_one(LandscapePanel)
        await pilot.pause(0.2)  # the footer gains the view's keys, so the panel settles after a frame
        for _ in range(500):
            if panel.grid is not None and not panel._computing:
                break
            await pilot.pause(0.01)
        computed = panel.computed
        assert app.screen.has_class("-landscape") and panel.display and not app.query_one("#plot").display
        snap = app.snapshot
        columns, rows = panel.grid_size()
        ref = error_grid(
            learner_from(snap.config, snap.weights), (0, 0, 0), (0, 1, 0), columns=columns, rows=rows
        )
        assert np.array_equal(panel.grid.errors, ref.errors)
        await pilot.press("space", "space", "space")
        await app.until_answered()
        await pilot.pause()
        text = str(panel.map.render())
        assert "●" in text and "·" in text and "x weights[0,0]  y weights[1,0]" in text
        assert len(panel.view.path) == 4 and panel.computed == computed  # small moves: same grid
        await pilot.press("g")
        assert app.query_one("#plot").display and not panel.display


async def test_sweep_in_the_app_equals_the_cli_table():
    from tui_nn.app.widgets.sweep import SweepPanel
    from tui_nn.io.report import sweep_text
    from tui_nn.run.sweep import TUTORIAL_ALPHAS, default_every, run_sweep

    config = make_config("trask-xor", iterations=3000)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        panel = app.query_one(SweepPanel)
        for _ in range(1000):
            if panel.iteration == config.iterations:
                break
            await pilot.pause(0.01)
        assert app.screen.has_class("-sweep") and not app.query_one("#plot").display
        _, marks, table = run_sweep(config, TUTORIAL_ALPHAS, default_every(config.iterations))
        assert panel.table == sweep_text(config, TUTORIAL_ALPHAS, marks, table)
        assert panel.table in str(app.query_one("#sweep-table").render())
        assert "iteration 3,000/3,000" in panel.border_subtitle
        assert app.snapshot.iteration == 0  # the sweep leaves the app's own run alone
        await pilot.press("w")
        assert app.query_one("#plot").display


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process from /proc (None where there is no /proc)."""
    import os

    from tui_nn.worker.children import proc_stat

    fields = proc_stat(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def test_pausing_the_run_holds_the_sweep_and_running_it_lets_it_go_on():
    import asyncio

    from tui_nn.app.widgets.sweep import SweepPanel
    from tui_nn.run.pace import parse_pace

    app = TrainerApp(make_config("trask-xor", iterations=10**8), pace=parse_pace("30"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "r")
        panel = app.query_one(SweepPanel)

        async def until(condition, what):
            for _ in range(500):
                if condition():
                    return
                await pilot.pause(0.01)
            raise AssertionError(what)

        await until(
            lambda: panel.iteration > 0 and app.snapshot.state == "running", "the sweep never started"
        )
        await pilot.press("r")
        await until(lambda: app.snapshot.state == "paused" and panel.client.held, "pausing did not hold it")

        async def settled(read) -> None:  # the chunk in hand finishes and is shown (slowly on a busy machine)
            for _ in range(50):
                before = read()
                await asyncio.sleep(0.3)
                await pilot.pause()
                if read() == before:
                    return
            raise AssertionError("it did not stop")

        pid = panel.client._process.pid
        await settled(lambda: _cpu_seconds(pid))  # the child blocks on its pipe
        await settled(lambda: panel.iteration)  # and its last chunk is on screen
        held_at, cpu = panel.iteration, _cpu_seconds(pid)
        await asyncio.sleep(0.6)
        await pilot.pause()
        assert panel.iteration == held_at and "held with the run" in panel.border_subtitle
        if cpu is not None:
            assert _cpu_seconds(pid) - cpu < 0.05  # waiting on its pipe, not spinning
        await pilot.press("r")
        await until(lambda: panel.iteration > held_at, "running the run again did not let the sweep go on")
        assert "held" not in panel.border_subtitle
        process = panel.client._process
        await pilot.press("w")  # a closed view ends its sweep
        await until(lambda: not process.is_alive(), "closing the view left the sweep running")
        await pilot.press("r", "w")  # a sweep opened on a paused run runs: it was asked for
        await until(lambda: app.snapshot.state == "paused" and panel.iteration > 0, "a new sweep was held")
        assert not panel.client.held


async def test_sweep_takes_a_typed_list_of_alphas_and_rejects_a_bad_one():
    from tui_nn.app.widgets.sweep import SweepPanel
    from tui_nn.io.report import sweep_text
    from tui_nn.run.sweep import default_every, run_sweep

    config = make_config("trask-1layer", iterations=2000)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        panel = app.query_one(SweepPanel)
        box = app.query_one("#alphas", Input)
        box.focus()
        box.value = "0.5,-1"
        await pilot.press("enter")
        await pilot.pause()
        assert "alphas" in str(app.query_one("#alphas-error").render())
        assert len(panel.alphas) == 7
        box.value = "0.5,2"
        await pilot.press("enter")
        for _ in range(1000):
            if panel.iteration == config.iterations and panel.alphas == [0.5, 2.0] and "0.5" in panel.table:
                break
            await pilot.pause(0.01)
        _, marks, table = run_sweep(config, [0.5, 2.0], default_every(config.iterations))
        assert panel.table == sweep_text(config, [0.5, 2.0], marks, table)


@pytest.mark.parametrize("view", ["e", "g", "w"])
async def test_every_preset_in_each_view_and_keys_from_the_predict_field(view):
    from tui_nn.app.widgets.explain import ExplainPanel
    from tui_nn.app.widgets.landscape import LandscapePanel
    from tui_nn.app.widgets.sweep import SweepPanel

    def shown(panel) -> str:
        return " ".join(str(w.render()) for w in panel.query("Static, Label"))

    app = TrainerApp(make_config("trask-1layer"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(view)
        for _ in range(7):  # every preset once (relu-forward: nothing to explain, map or sweep)
            await pilot.press("p", "space")
            snap = await app.until_answered()
            await app.draw()
            await pilot.pause(0.05)
            fixed = snap.error is None
            if view == "e":
                text = shown(app.query_one(ExplainPanel))
                assert ("fixed weights" in text) if fixed else (f"{snap.names[0]} after" in text), snap
            elif view == "g":
                panel = app.query_one(LandscapePanel)
                assert ("no error to map" in shown(panel)) if fixed else (panel.view.pair is not None), snap
            else:
                panel = app.query_one(SweepPanel)
                assert ("does not train" in shown(panel)) if fixed else (panel.config == snap.config), snap
        assert app.snapshot.config.preset == "trask-1layer"
        box = app.query_one("#query", Input)
        box.focus()
        box.value = "1,1,1"
        await pilot.press("enter" if view == "w" else "r")  # r leaves the field, applies it, runs
        await pilot.pause()
        assert app.query_one(PredictPanel).vector == [1.0, 1.0, 1.0]
