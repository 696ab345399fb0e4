"""The app through Pilot: keys, fields, the worker, layouts. No timed assertions.

Each app starts its own child-process worker. While it trains at full speed the
UI stays idle (the child has its own interpreter), so ``pilot.press`` returns
quickly; waits below are on the worker's answers (``until_answered``) or on a
state, each with a generous timeout so a broken build fails instead of hanging.
"""

import asyncio

import pytest
from helpers import same, until
from textual import events
from textual.widgets import Input, Label, Select

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.help import HelpScreen
from tui_nn.run.build import build
from tui_nn.run.config import make_config

BIG = 10**9  # an iteration target a test never reaches


async def test_space_steps_exactly_one_iteration():
    config = make_config()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        snap = await app.until_answered()
        ref = build(config)
        ref.train(1)
        assert snap.iteration == 1
        assert same(snap.weights, ref.weights)
        assert snap.error == ref.error()
        assert "iteration 1/60,000" in str(app.query_one("#status").render())
        await pilot.press("space", "space")
        snap = await app.until_answered()
        ref.train(2)
        assert snap.iteration == 3 and same(snap.weights, ref.weights)


async def test_r_runs_then_pauses():
    app = TrainerApp(make_config(iterations=BIG))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        running = await until(app, lambda s: s.state == "running" and s.iteration > 1000)
        assert app.screen.has_class("-running")
        await pilot.press("r")
        paused = await app.until_answered()
        assert paused.state == "paused"
        assert paused.iteration >= running.iteration > 1000
        await pilot.press("space")  # after a pause the count moves only by steps
        assert (await app.until_answered()).iteration == paused.iteration + 1


async def test_run_stops_at_target_with_state_done():
    app = TrainerApp(make_config(iterations=3000))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        done = await until(app, lambda s: s.state == "done")
        assert done.iteration == 3000
        assert app.query_one("#status").has_class("-done")


async def test_alpha_change_mid_run_keeps_weights():
    config = make_config(iterations=BIG)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        before = await until(app, lambda s: s.iteration > 2000)
        await pilot.press("right_square_bracket")  # alpha x10 while running
        changed = await app.until_answered()
        assert changed.config.alpha == 10.0 and changed.state == "running"
        assert changed.iteration >= before.iteration  # no reset
        await pilot.press("r")
        paused = await app.until_answered()
        # Exact check with the field: the weights stay, the next step uses the new alpha.
        app.query_one("#alpha", Input).value = "0.5"
        app.query_one("#alpha", Input).focus()
        await pilot.press("enter")
        snap = await app.until_answered()
        assert snap.config.alpha == 0.5 and snap.iteration == paused.iteration
        assert same(snap.weights, paused.weights)
        await pilot.press("escape", "space")
        stepped = await app.until_answered()
        ref = build(config)
        ref.train(1)
        ref.weights[0][...] = paused.weights[0]
        ref.weights[1][...] = paused.weights[1]
        ref.alpha = 0.5
        ref.train(1)
        assert same(stepped.weights, ref.weights)


async def test_hidden_change_equals_fresh_engine():
    config = make_config()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space", "plus")
        snap = await app.until_answered()
        assert snap.iteration == 0 and snap.config.hidden == 5
        assert same(snap.weights, build(config.with_(hidden=5)).weights)
        field = app.query_one("#hidden", Input)
        field.value = "9"
        field.focus()
        await pilot.press("enter")
        snap = await app.until_answered()
        assert snap.weights[0].shape == (3, 9)
        assert same(snap.weights, build(config.with_(hidden=9)).weights)
        await pilot.press("escape", "minus")
        assert same((await app.until_answered()).weights, build(config.with_(hidden=8)).weights)


async def test_reset_restores_initial_weights_and_seed_is_separate():
    config = make_config()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space", "space")
        assert (await app.until_answered()).iteration == 3
        await pilot.press("0")
        snap = await app.until_answered()
        assert snap.iteration == 0 and same(snap.weights, build(config).weights)
        await pilot.press("s")
        snap = await app.until_answered()
        assert snap.config.seed == 2 and same(snap.weights, build(config.with_(seed=2)).weights)
        await pilot.press("p")
        snap = await app.until_answered()
        assert snap.config == make_config("neuron")  # the next preset with its own defaults, seed 1


@pytest.mark.parametrize(
    "field, text",
    [
        ("alpha", "abc"),
        ("alpha", "-1"),
        ("alpha", "nan"),
        ("alpha", "inf"),
        ("hidden", "0"),
        ("hidden", "9999999"),
        ("hidden", "2.5"),
    ],
)
async def test_bad_input_keeps_the_old_value(field, text):
    config = make_config()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        before = await app.until_answered()
        box = app.query_one(f"#{field}", Input)
        old = box.value
        box.value = text
        box.focus()
        await pilot.press("enter")
        message = app.query_one(f"#{field}-error", Label)
        assert message.has_class("-shown") and field in str(message.render())
        assert box.value == old and app.config == config
        await pilot.press("escape", "space")  # training unaffected: the next step is the engine's
        snap = await app.until_answered()
        ref = build(config)
        ref.train(2)
        assert snap.config == config and snap.iteration == before.iteration + 1
        assert same(snap.weights, ref.weights)


async def test_hidden_on_preset_without_hidden_layer_explains():
    app = TrainerApp(make_config("trask-1layer"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.query_one("#hidden", Input).disabled
        await pilot.press("plus")
        assert "no hidden layer" in str(app.query_one("#hidden-error", Label).render())


async def test_q_during_full_speed_ends_promptly():
    app = TrainerApp(make_config(iterations=BIG))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(app, lambda s: s.state == "running" and s.iteration > 1000)
        client = app.client
        await asyncio.wait_for(pilot.press("q"), timeout=20)
        await asyncio.wait_for(pilot.pause(), timeout=20)
    assert app.return_code == 0
    assert not client.alive


async def test_80x24_renders_without_overlap_and_survives_resize():
    app = TrainerApp(make_config(iterations=BIG))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await pilot.pause()
        panels = [app.query_one(f"#{name}") for name in ("controls", "dataset", "weights", "plot", "status")]
        for panel in panels:
            region = panel.region
            assert region.width > 0 and region.height > 0, panel
            assert region.right <= 80 and region.bottom <= 24, panel
        for i, a in enumerate(panels):
            for b in panels[i + 1 :]:
                assert not a.region.overlaps(b.region), (a, b)
        await pilot.press("r")
        await until(app, lambda s: s.state == "running")
        await pilot.resize_terminal(120, 40)
        await pilot.resize_terminal(60, 20)
        await pilot.resize_terminal(80, 24)
        await until(app, lambda s: s.iteration > 1000)
        await pilot.press("r")
        assert (await app.until_answered()).state == "paused"


async def test_keys_in_help_screen_footer_and_palette():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in (
            "Run at the pace (auto, N it/s or max) / pause",
            "Alpha x10 (next iteration, no reset)",
            "Reset to the same initial weights",
        ):
            assert title in titles
        assert len(titles) == len(set(titles)) and titles.count("Quit") == 1  # each action once
        assert "Screenshot" not in titles and "Save the screen as an SVG file in the current folder" in titles
        footer_keys = {b.action for _, b, enabled, _ in app.screen.active_bindings.values() if b.show}
        assert {"step", "run", "quit", "reset", "log('y')", "help"} <= footer_keys


async def test_log_toggle_and_direction_counts():
    """l redraws the curve on a linear axis; d swaps each weight for its direction-change count."""
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        plot = app.query_one("#plot")
        await pilot.press(*["space"] * 3)
        snap = await app.until_answered()
        await app.draw()
        await pilot.pause()
        matrix = app.query(".matrix").first()
        assert plot.log_y and "log&#160;y" in app.export_screenshot()
        assert f"{snap.weights[0][0, 0]:+.2f}" in matrix._plain
        await pilot.press("l", "d")
        await app.draw()
        await pilot.pause()
        assert not plot.log_y and "log&#160;y" not in app.export_screenshot()
        counts = snap.direction_changes[0]
        assert matrix._plain.split("\n")[0].split() == [str(int(c)) for c in counts[0]]
        await pilot.press("l", "d")
        await app.draw()
        await pilot.pause()
        assert "log&#160;y" in app.export_screenshot() and f"{snap.weights[0][0, 0]:+.2f}" in matrix._plain


async def test_no_color_is_legible(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = TrainerApp(make_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await pilot.pause()
        assert app.no_color
        status = str(app.query_one("#status").render())
        assert "paused" in status and "iteration 1" in status


async def test_app_keys_work_while_a_field_has_focus():
    config = make_config()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        box = app.query_one("#alpha", Input)
        box.focus()
        box.value = ""
        await pilot.press("2", "space")  # space leaves the field, applies 2, then steps
        snap = await app.until_answered()
        assert app.focused is None
        assert snap.config.alpha == 2.0 and snap.iteration == 1
        ref = build(config.with_(alpha=2))
        ref.train(1)
        assert same(snap.weights, ref.weights)


async def test_tab_moves_through_fields_and_palette_runs_actions():
    config = make_config()
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        assert app.focused.id == "preset"
        await pilot.press("tab")
        assert app.focused.id == "alpha"
        await pilot.press("escape", "space", "space")
        assert (await app.until_answered()).iteration == 2
        # Keys read in one go, as a terminal delivers a paste or tmux's send-keys: each goes to the
        # widget focused when it is read, so tab must move the focus before the next one is read.
        for key, character in (("tab", "\t"), ("tab", "\t"), ("0", "0"), ("full_stop", "."), ("5", "5")):
            app.post_message(events.Key(key, character))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await until(app, lambda s: s.config.alpha == 0.5)  # the messages the keys start take a while
        assert app.focused.id == "alpha" and app.query_one("#preset", Select).value == "trask-xor"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"reset to the same")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        snap = await app.until_answered()
        assert snap.iteration == 0 and same(snap.weights, build(config).weights)


async def test_preset_select_reinitialises_with_its_defaults():
    app = TrainerApp(make_config(seed=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        app.query_one("#preset", Select).value = "digits"
        await pilot.pause()
        snap = await app.until_answered()
        assert snap.config == make_config("digits", seed=5) and snap.iteration == 0
        assert same(snap.weights, build(make_config("digits", seed=5)).weights)
        assert app.query_one("#hidden", Input).value == "20"
