"""Watching a run in the app: the pace, the timeline's keys, and what the panels show on it.

Pace tests are the issue's own bounds (N it/s within 20 % over 3 s; auto's run in
15-30 s) and are the only tests here that read a clock; everything else waits on
the worker's answers. References are fresh runs of the same config (``build``) or
the command line's ``train --json``.
"""

import json
import subprocess
import sys
import time

import numpy as np
import pytest
from helpers import same, until

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.error_plot import ErrorPlot
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.pace import AUTO, fixed

BIG = 10**9


def status(app):
    return str(app.query_one("#status").render())


def reading(app):
    return str(app.query_one("#reading").render())


async def test_pace_n_trains_n_iterations_a_second():
    app = TrainerApp(make_config(iterations=BIG), pace=fixed(20))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        start = await until(app, lambda s: s.state == "running" and s.iteration >= 2)
        t0 = time.monotonic()
        await pilot.pause(3.0)
        end = await until(app, lambda s: s.iteration > start.iteration)
        rate = (end.iteration - start.iteration) / (time.monotonic() - t0)
        assert 16 <= rate <= 24, rate
        assert "(pace 20)" in status(app)


async def test_auto_reaches_the_target_in_about_twenty_seconds():
    app = TrainerApp(make_config(), pace=AUTO)  # trask-xor's 60 000 iterations
    async with app.run_test(size=(120, 40)) as pilot:
        t0 = time.monotonic()
        await pilot.press("r")
        await until(app, lambda s: s.state == "running")
        assert "(auto)" in status(app)
        early = await until(app, lambda s: s.iteration >= 10, timeout=30)
        assert early.iteration < 1000  # the first decades take their share: not over at once
        await until(app, lambda s: s.state == "done", timeout=60)
        assert 15 <= time.monotonic() - t0 <= 30


async def test_slower_and_faster_move_along_the_ladder_without_a_reset():
    app = TrainerApp(make_config(iterations=BIG), pace=fixed(30))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        before = await until(app, lambda s: s.iteration >= 3)
        await pilot.press("less_than_sign")
        assert str(app.playback.pace) == "10 it/s"
        slower = await until(app, lambda s: s.pace == "10 it/s")
        assert slower.iteration >= before.iteration and slower.state == "running"
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert str(app.playback.pace) == "100 it/s"
        await pilot.press("a")
        assert app.playback.pace == AUTO
        assert (await until(app, lambda s: s.pace == "auto")).iteration >= slower.iteration


async def test_home_then_right_three_times_shows_what_train_prints_for_three_iterations():
    app = TrainerApp(make_config(preset="trask-xor", iterations=2000))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(app, lambda s: s.state == "done")
        await pilot.press("home", "right", "right", "right")
        snap = await app.until_answered()
        out = subprocess.run(
            [sys.executable, "-m", "tui_nn", "train", "--preset", "trask-xor", "--iterations", "3", "--json"],
            capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        printed = json.loads(out.stdout)
        assert snap.iteration == 3 and snap.latest == 2000
        assert same(snap.weights, [np.array(w) for w in printed["weights"].values()])
        ref = build(make_config(preset="trask-xor"))
        ref.train(3)
        assert np.array_equal(snap.outputs, ref.outputs_now())  # the panel: the weights' outputs now
        await pilot.pause()
        assert "viewing iteration 3 of 2,000" in status(app)
        assert f"MAE {snap.error!r}" in reading(app)
        await pilot.press("end")
        assert (await app.until_answered()).latest is None
        assert "iteration 2,000/2,000" in status(app)


async def test_every_panel_follows_the_timeline_on_a_custom_minibatch_momentum_dropout_run():
    config = make_config(
        preset="custom", dataset="spiral", layers=(8, 8), activation="tanh", batch=16,
        optimizer="momentum", dropout=0.2, iterations=400,
    )  # fmt: skip
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(app, lambda s: s.state == "done")
        await pilot.press("shift+left")  # a tenth of the run back
        snap = await app.until_answered()
        assert snap.iteration == 360
        for k in (360, 359, 358):
            ref = build(config)
            ref.train(k)
            assert snap.iteration == k
            assert same(snap.weights, ref.params) and same(snap.direction_changes, ref.direction_changes)
            assert np.array_equal(snap.outputs, ref.outputs_now()[: len(snap.outputs)])
            await pilot.press("left")
            snap = await app.until_answered()
        for view in ("e", "g", "b", "n"):  # each view draws the iteration on screen
            await pilot.press(view)
            await pilot.pause(0.2)
            assert "Traceback" not in app.export_screenshot()
            await pilot.press(view)


async def test_r_at_a_past_iteration_continues_from_it_and_ends_where_an_uninterrupted_run_ends():
    config = make_config(preset="trask-xor", iterations=3000)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(app, lambda s: s.state == "done")
        await pilot.press("home", "right", "right")
        await app.until_answered()
        await pilot.press("r")
        running = await until(app, lambda s: s.latest is None)
        assert "continued from iteration 2" in running.note or running.state == "done"
        done = await until(app, lambda s: s.state == "done")
        ref = build(config)
        ref.train(3000)
        assert same(done.weights, ref.params) and same(done.direction_changes, ref.direction_changes)


async def test_the_timeline_says_so_at_either_end():
    app = TrainerApp(make_config(preset="trask-xor", iterations=10))
    async with app.run_test(size=(120, 40)) as pilot:

        async def says(words):  # the status line redraws on the app's clock (15 Hz), not at once
            for _ in range(300):
                if words in status(app):
                    return True
                await pilot.pause(0.01)
            return False

        await pilot.press("left")
        assert await says("first the timeline holds"), status(app)
        await pilot.press("space", "space")
        await app.until_answered()
        await pilot.press("right")
        assert await says("latest iteration"), status(app)


async def test_a_loaded_session_can_be_rewound(tmp_path):
    path = tmp_path / "run.json"
    subprocess.run(
        [sys.executable, "-m", "tui_nn", "train", "--preset", "trask-xor", "--iterations", "5000",
         "--save", str(path)],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    app = TrainerApp(make_config(), session_path=str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        assert await app.sessions.load(str(path)) is None
        await app.until_answered()
        await pilot.press("home", "right")
        snap = await app.until_answered()
        ref = build(make_config(preset="trask-xor", iterations=5000))
        ref.train(1)
        assert snap.iteration == 1 and same(snap.weights, ref.params)


async def test_log_x_spreads_the_curve_as_auto_paces_it():
    app = TrainerApp(make_config(iterations=500))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(app, lambda s: s.state == "done")
        await pilot.press("L")
        await pilot.pause()
        plot = app.query_one(ErrorPlot)
        assert plot.log_x and "log&#160;x" in app.export_screenshot()


@pytest.mark.parametrize("stall", [0.0, 1.2])
async def test_at_a_slow_pace_every_panel_draws_every_iteration(monkeypatch, stall):
    """Also when the UI falls behind (``stall``: the event loop blocked for that long, as
    on a loaded machine): the snapshots it missed meanwhile are drawn, none merged."""
    from tui_nn.app.widgets.dataset import DatasetPanel
    from tui_nn.app.widgets.weights import WeightsPanel

    shown = {"dataset": set(), "weights": set(), "plot": set()}
    for name, cls in (("dataset", DatasetPanel), ("weights", WeightsPanel), ("plot", ErrorPlot)):
        original = cls.show

        def spy(self, snapshot, *args, _name=name, _original=original, **kwargs):
            shown[_name].add(snapshot.iteration)
            return _original(self, snapshot, *args, **kwargs)

        monkeypatch.setattr(cls, "show", spy)
    app = TrainerApp(make_config(iterations=BIG), pace=fixed(4))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.until_answered()
        await pilot.pause(0.5)  # the first frame is laid out: from here the UI keeps up with 4 it/s
        await pilot.press("r")
        time.sleep(stall)  # blocks the app's loop too: it runs in this one
        await until(app, lambda s: s.iteration >= 10, timeout=30)
        await pilot.pause(0.3)
        for name, iterations in shown.items():
            assert set(range(1, 10)) <= iterations, (name, sorted(iterations))


async def test_continuing_before_an_alpha_change_brings_back_the_alpha_of_that_iteration():
    from textual.widgets import Input

    config = make_config(preset="trask-xor", iterations=100)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["space"] * 5, "right_square_bracket", *["space"] * 5)
        assert (await app.until_answered()).config.alpha == 10
        await pilot.press("home", "right", "right", "space")
        snap = await app.until_answered()
        await pilot.pause()
        assert snap.iteration == 3 and snap.config.alpha == 1.0
        assert app.config.alpha == 1.0 and app.query_one("#alpha", Input).value == "1"
        ref = build(config)
        ref.train(3)
        assert same(snap.weights, ref.params)


async def test_u_brings_back_the_run_a_new_seed_replaced_and_the_fields_follow():
    from textual.widgets import Input

    config = make_config(preset="trask-xor", iterations=500)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        trained = await until(app, lambda s: s.state == "done")
        await pilot.press("s")
        snap = await app.until_answered()
        assert snap.config.seed == 2 and snap.iteration == 0
        await pilot.pause()
        assert "new seed 2: u brings back the run at iteration 500" in status(app)
        await pilot.press("u")
        back = await app.until_answered()
        await pilot.pause()
        assert back.iteration == 500 and same(back.weights, trained.weights)
        assert app.config == config and app.query_one("#seed", Input).value == "1"
        assert "brought back the run at iteration 500" in status(app)


async def test_a_snapshot_at_a_slow_pace_that_lands_as_the_screen_goes_is_no_crash():
    """At a slow pace each snapshot is drawn as it lands, also one that lands while the app takes
    its screen down (a quit while running): nothing to draw then, and nothing raised."""
    from dataclasses import replace

    from tui_nn.app.messages import SnapshotReady
    from tui_nn.app.widgets.status import StatusLine

    app = TrainerApp(make_config(iterations=BIG), pace=fixed(4))
    async with app.run_test(size=(120, 40)) as pilot:
        snap = await app.until_answered()
        await app.query_one(StatusLine).remove()  # as at quit: the panels go first
        app.post_message(SnapshotReady(replace(snap, state="running", iteration=1), every=True))
        await pilot.pause()
        assert app.snapshot.iteration == 1 and app.crash is None
