"""Custom runs in the app through Pilot: spiral, settings, CSV by flag and picker, boundary, divergence."""

import asyncio
import io
import re

import numpy as np
from helpers import same, until
from rich.console import Console
from textual.widgets import Input, Label, Select

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.boundary import BoundaryPanel
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.app.widgets.settings import SettingsScreen
from tui_nn.cli import main
from tui_nn.cli.flags import config_from_args
from tui_nn.cli.parser import build_parser
from tui_nn.run.build import build, ready
from tui_nn.run.config import make_config

SPIRAL = dict(dataset="spiral", layers="8,8", activation="tanh", bias=True, init="xavier", alpha=0.01)


def spiral(**changes):
    return ready(make_config("custom", **{**SPIRAL, **changes}))[0]


async def until_screen(app, kind, timeout=10.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not isinstance(app.screen, kind):
        assert loop.time() < end, f"no {kind.__name__}; have {app.screen!r}"
        await asyncio.sleep(0.01)


async def test_spiral_steps_like_the_headless_model_and_runs():
    config = spiral(iterations=10**9)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space", "space")
        snap = await app.until_answered()
        ref = build(config)
        errors = ref.train(3)
        assert snap.iteration == 3 and same(snap.weights, ref.params)
        assert snap.error == ref.error() and snap.test_error == ref.test_error()
        assert snap.history[1].tolist() == errors.tolist()
        # The full diagram (2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)) needs more than 45 columns.
        assert app.query_one("#weights").border_title == "Weights  2-8-8-1 tanh,sigmoid +bias"
        await pilot.press("r")
        running = await until(app, lambda s: s.state == "running" and s.iteration > 300)
        assert running.test_history is not None and len(running.test_history[0]) > 0
        await pilot.press("r")
        assert (await app.until_answered()).state == "paused"


async def test_alpha_changes_live_in_a_custom_run():
    app = TrainerApp(spiral())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space", "right_square_bracket")
        snap = await app.until_answered()
        assert snap.iteration == 2 and snap.config.alpha == 0.1


async def test_settings_screen_validates_then_changes_layers():
    app = TrainerApp(spiral())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await pilot.press("o")
        await until_screen(app, SettingsScreen)
        box = app.screen.query_one("#set-layers", Input)
        box.value = "4,x"
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#set-layers-error", Label)
        assert "layers must be sizes 1..4096" in str(error.render()) and error.has_class("-shown")
        assert box.value == "8,8" and isinstance(app.screen, SettingsScreen)  # the old value stays
        app.screen.query_one("#set-alpha", Input).value = "-1"
        await pilot.press("enter")
        await pilot.pause()
        assert "alpha must be a finite number > 0" in str(app.screen.query_one("#set-alpha-error").render())
        box.value = "4,4"
        app.screen.query_one("#set-alpha", Input).value = "0.05"
        await pilot.press("enter")
        await until_screen(app, type(app.get_default_screen()))
        snap = await app.until_answered()
        assert snap.iteration == 0 and snap.config.layers == (4, 4) and snap.config.alpha == 0.05
        assert snap.diagram == "2 -> 4 tanh -> 4 tanh -> 1 sigmoid (+bias)"
        ref = build(snap.config)
        assert same(snap.weights, ref.params)  # re-initialised from the seed


async def test_settings_escape_changes_nothing():
    app = TrainerApp(spiral())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await until_screen(app, SettingsScreen)
        app.screen.query_one("#set-layers", Input).value = "3"
        await pilot.press("escape")
        await pilot.pause()
        assert app.config.layers == (8, 8)


def write_csv(tmp_path):
    good = tmp_path / "xor.csv"
    good.write_text("a,b,label\n" + "".join(f"{a},{b},{a ^ b}\n" for a in (0, 1) for b in (0, 1)) * 3)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,label\n0,0,0\n0,1\n")
    return good, bad


async def test_csv_by_flag_trains_and_broken_csv_is_one_line(tmp_path, capsys):
    good, bad = write_csv(tmp_path)
    config = ready(config_from_args(build_parser().parse_args(["--data", str(good), "--layers", "4"])))[0]
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        snap = await app.until_answered()
        assert snap.iteration == 1 and snap.x.shape == (12, 2) and snap.test_history is None
    assert main(["--data", str(bad)]) == 2  # before any screen opens
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"tui-nn: {bad}: row 3 has 2 columns, expected 3"]


async def test_csv_by_picker_and_a_broken_one_keeps_the_run(tmp_path):
    good, bad = write_csv(tmp_path)
    app = TrainerApp(spiral())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await until_screen(app, FilePicker)
        path = app.screen.query_one("#picker-path", Input)
        path.value = str(bad)
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#picker-error", Label).render())
        assert error == f"{bad}: row 3 has 2 columns, expected 3"
        assert isinstance(app.screen, FilePicker) and app.config.dataset == "spiral"
        path.value = str(good)
        await pilot.press("enter")
        await until_screen(app, type(app.get_default_screen()))
        snap = await app.until_answered()
        assert snap.config.dataset == "csv" and snap.config.data == str(good)
        assert snap.x.shape == (12, 2) and snap.config.layers == (8, 8)


async def test_boundary_panel_equals_the_model_forward_pass():
    config = spiral()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["space"] * 5, "b")
        await app.until_answered()
        panel = app.query_one(BoundaryPanel)
        loop = asyncio.get_running_loop()
        end = loop.time() + 10
        while panel.drawn_from is None or panel.drawn_from.iteration != 5:
            assert loop.time() < end
            await asyncio.sleep(0.01)
        grid = panel.grid
        ref = build(config)
        ref.train(5)
        rows, cols = grid.outputs.shape
        for r, c in [(0, 0), (rows - 1, cols - 1), (rows // 2, cols // 3), (1, cols - 2)]:
            expected = ref.net.forward(np.array([[grid.xs[c], grid.ys[r]]]))[-1][0, 0]
            assert abs(grid.outputs[r, c] - expected) < 1e-12
        assert "▀" in str(panel.render()) and "●" in str(panel.render())


async def test_relu_at_big_alpha_shows_diverged_and_presets_stay_exact():
    config = ready(
        make_config("custom", dataset="plane", layers="8", activation="relu", alpha=10, iterations=500)
    )[0]
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        snap = await until(app, lambda s: s.state == "diverged")
        assert app.query_one("#status").has_class("-diverged") and snap.iteration < 500
        await pilot.press("p", "space")  # back to the first preset: the tutorial's numbers
        snap = await app.until_answered()
        ref = build(snap.config)
        ref.train(1)
        assert snap.config.preset == "trask-1layer" and same(snap.weights, ref.weights)


async def test_settings_from_a_preset_then_predict_a_point():
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await until_screen(app, SettingsScreen)
        app.screen.query_one("#set-dataset", Select).value = "circle"
        app.screen.query_one("#set-layers", Input).value = "3"
        await pilot.click("#settings-apply")
        await until_screen(app, type(app.get_default_screen()))
        snap = await app.until_answered()
        assert snap.config.dataset == "circle" and snap.diagram == "2 -> 3 sigmoid -> 1 sigmoid (+bias)"
        assert str(app.query_one("#hidden-label", Label).render()) == "layers"
        await pilot.press("i", *"1,2", "enter")
        await pilot.pause()
        expected = build(snap.config).predict([1.0, 2.0])[0]
        assert f"{expected:.4f}" in str(app.query_one("#query-result", Label).render())


async def test_every_view_works_for_a_custom_run():
    """Explain, landscape and sweep show real numbers for a custom net, as they do for presets."""
    from tui_nn.app.widgets.landscape import LandscapePanel
    from tui_nn.app.widgets.sweep import SweepPanel

    app = TrainerApp(spiral(iterations=200))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "space")
        snap = await app.until_answered()
        await app.draw()
        await pilot.pause()
        text = str(app.query_one("#explain-text").render())
        assert "the step just taken: iteration 0 -> 1" in text
        for label in (
            "W1 before",
            "l0.W1",
            "l2.W3",
            "slope l3",
            "l2 error",
            "l1 delta",
            "update b2",
            "W3 after",
        ):
            assert label in text, label
        after = snap.weights[2].ravel()  # W3 after the step: the worker's own numbers, eight decimals
        assert all(f"{v:.8f}" in text for v in after)

        await pilot.press("g")
        landscape = app.query_one(LandscapePanel)
        await until(app, lambda s: landscape.grid is not None, timeout=20)
        assert landscape.computed >= 1 and np.isfinite(landscape.grid.errors).all()

        await pilot.press("w")
        sweep = app.query_one(SweepPanel)
        loop = asyncio.get_running_loop()
        end = loop.time() + 60
        while sweep.iteration < 200:
            assert loop.time() < end, sweep.table
            await asyncio.sleep(0.05)
        assert sweep.table.startswith("MSE after j iterations: spiral, layers 8,8")
        assert len(sweep.table.splitlines()) == 2 + 7  # head, alpha row, one row per alpha
        assert app.snapshot.iteration == 1  # the sweep left the app's own run alone


async def test_a_big_csv_scrolls_through_every_row_a_page_at_a_time(tmp_path):
    from tui_nn.app.widgets.dataset import MAX_ROWS, DatasetPanel
    from tui_nn.run.build import ready
    from tui_nn.run.config import make_config
    from tui_nn.run.controller import SNAPSHOT_ROWS

    def shown():
        console = Console(file=io.StringIO(), width=200)
        console.print(DatasetPanel.table(app.snapshot, panel.top_row))
        return console.file.getvalue()

    rows = 5 * SNAPSHOT_ROWS + 3
    path = tmp_path / "big.csv"
    path.write_text("u,v,y\n" + "".join(f"{i},{i % 5},{i % 2}\n" for i in range(rows)))
    config, _ = ready(make_config("custom", data=str(path), test=0))
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.until_answered()
        panel = app.query_one(DatasetPanel)
        await pilot.pause()
        assert panel.can_focus
        panel.focus()
        await pilot.press("end")  # the last page: far outside the first window of rows
        snap = await until(app, lambda s: s.first_row > 0)
        await pilot.pause()
        text = shown()
        assert f"rows {rows - MAX_ROWS:,}-{rows - 1:,} of {rows:,}" in text
        assert len(snap.x) == SNAPSHOT_ROWS and snap.first_row == rows - SNAPSHOT_ROWS  # a window only
        u, v = snap.x[-1]
        # the last row's number, then its inputs (columns of at most three decimals, right-aligned)
        assert re.search(rf"{rows - 1}\s+{u:.3f}\s+{v:.3f}\s", text), text
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert panel.top_row == rows - 2 * MAX_ROWS - 1
        await pilot.press("home")
        await until(app, lambda s: s.first_row == 0)
        await pilot.pause()
        assert "rows 0-7 of" in shown() and panel.top_row == 0
