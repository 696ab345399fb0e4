"""Snapshot tests (pytest-textual-snapshot) of deterministic states: paused, no it/s shown.

Update them with ``pytest tests/test_app_snapshots.py --snapshot-update`` after a
deliberate change of the look, and check the SVGs in tests/__snapshots__/.
"""

from textual.widgets import Input

from tui_nn.app.app import TrainerApp
from tui_nn.run.config import make_config


def test_start_120x40(snap_compare):
    async def settle(pilot):
        await pilot.app.until_answered()
        await pilot.pause()

    assert snap_compare(TrainerApp(make_config()), terminal_size=(120, 40), run_before=settle)


def test_steps_and_bad_alpha_80x24(snap_compare):
    async def steps_then_bad_alpha(pilot):
        app = pilot.app
        await pilot.press("space", "space", "space", "d")
        await app.until_answered()
        box = app.query_one("#alpha", Input)
        box.value = "abc"
        box.focus()
        await pilot.press("enter")  # refused: the message stands, the applied value selected
        app.screen.set_focus(None)  # out of the field, so no blinking cursor is in the picture
        await app.until_answered()
        await pilot.pause()

    assert snap_compare(TrainerApp(make_config()), terminal_size=(80, 24), run_before=steps_then_bad_alpha)


def test_digits_trained_120x40(snap_compare):
    async def train_to_target(pilot):
        app = pilot.app
        app.send("step", 100)  # the whole run in one command: no rate, a fixed picture
        await app.until_answered()
        await pilot.pause()

    assert snap_compare(
        TrainerApp(make_config("digits")), terminal_size=(120, 40), run_before=train_to_target
    )
