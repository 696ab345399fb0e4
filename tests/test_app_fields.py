"""The app's typed fields through Pilot: a correction after a rejected value replaces it (never
appends to it), escape cancels an edit, messages go once stale, and the fields' small courtesies
(help scrolls at once, the picker's path has the focus, the predict example fits the net, a lowered
target already passed says so). No timed assertions: waits are on the worker's answers."""

import os

from helpers import until
from textual.containers import VerticalScroll
from textual.widgets import Input, Label

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.app.widgets.help import HelpScreen
from tui_nn.app.widgets.session_dialog import PathDialog
from tui_nn.app.widgets.settings import SettingsScreen
from tui_nn.run.build import ready
from tui_nn.run.config import make_config


def message(app, label_id: str) -> str:
    """The text of a field's message line, "" when it is hidden."""
    label = app.screen.query_one(f"#{label_id}", Label)
    return str(label.render()) if label.has_class("-shown") else ""


def ready_for_fresh_entry(box: Input) -> bool:
    """The field has the focus and all its text is selected: the next key replaces it."""
    return box.has_focus and box.value != "" and box.selected_text == box.value


async def focus_field(app, pilot, field: str) -> Input:
    """Tab to a controls field the way a user does (the preset list comes first)."""
    order = ["preset", "alpha", "hidden", "seed", "iterations"]
    if app.focused is not None:
        await pilot.press("escape")  # out of the field in hand (nothing typed: nothing cancelled)
    await pilot.press(*["tab"] * (order.index(field) + 1))
    assert app.focused is not None and app.focused.id == field
    return app.query_one(f"#{field}", Input)


async def test_alpha_correction_replaces_the_rejected_value():
    """Issue 13: alpha `abc` enter then `0.5` enter applied 10.5 (the old '1' kept the cursor)."""
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        box = await focus_field(app, pilot, "alpha")
        await pilot.press(*"abc", "enter")
        assert "alpha must be" in message(app, "alpha-error") and "'abc'" in message(app, "alpha-error")
        assert box.value == "1" and ready_for_fresh_entry(box)
        await pilot.press(*"0.5", "enter")
        assert (await app.until_answered()).config.alpha == 0.5
        assert app.config.alpha == 0.5 and message(app, "alpha-error") == ""


async def test_hidden_correction_replaces_the_rejected_value():
    """Issue 13: hidden `9999999` enter then `8` enter gave H 48."""
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        box = await focus_field(app, pilot, "hidden")
        await pilot.press(*"9999999", "enter")
        assert "hidden" in message(app, "hidden-error") and ready_for_fresh_entry(box)
        await pilot.press("8", "enter")
        assert (await app.until_answered()).config.hidden == 8


async def test_escape_in_a_field_cancels_the_edit():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        box = await focus_field(app, pilot, "alpha")
        await pilot.press("3", "escape")
        assert app.focused is None and box.value == "1"
        await pilot.press("space")  # the step answers: no config was sent before it
        snap = await app.until_answered()
        assert snap.config.alpha == 1.0 and app.config.alpha == 1.0 and snap.iteration == 1


async def test_messages_go_once_stale():
    """A message goes when its field takes a good value, on escape, or once another field is typed in."""
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await focus_field(app, pilot, "alpha")
        await pilot.press(*"abc", "enter")
        assert message(app, "alpha-error")
        await pilot.press("escape")
        assert message(app, "alpha-error") == "" and app.focused is None
        await focus_field(app, pilot, "alpha")
        await pilot.press(*"abc", "enter", "tab")  # to hidden: focus alone changes nothing
        assert app.focused.id == "hidden" and message(app, "alpha-error")
        await pilot.press("5")
        await pilot.pause()
        assert message(app, "alpha-error") == ""
        await pilot.press("enter")
        assert (await app.until_answered()).config.hidden == 5


async def test_a_lowered_target_already_passed_is_taken_and_says_so():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["space"] * 5)
        assert (await app.until_answered()).iteration == 5
        await focus_field(app, pilot, "iterations")
        await pilot.press("3", "enter")
        snap = await app.until_answered()
        assert snap.config.iterations == 3 and snap.state == "done"
        expected = "iteration 5 is already past the target 3: space or r does nothing until it is raised"
        assert message(app, "iterations-error") == expected
        await pilot.press("space")  # leaves the field (3 again: nothing new) and steps: nothing to do
        assert (await app.until_answered()).iteration == 5
        assert message(app, "iterations-error") == expected  # still there to explain it
        await focus_field(app, pilot, "iterations")
        await pilot.press("5", "enter")
        await app.until_answered()
        assert "already at the target 5" in message(app, "iterations-error")
        await focus_field(app, pilot, "iterations")
        await pilot.press(*"10", "enter")
        assert (await app.until_answered()).state == "paused"
        assert message(app, "iterations-error") == ""


async def test_settings_target_below_the_iteration_says_so():
    app = TrainerApp(ready(make_config(preset="custom"))[0])  # as the command line opens it
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["space"] * 4)
        assert (await app.until_answered()).iteration == 4
        await pilot.press("o")
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#set-iterations", Input).value = "2"
        await pilot.press("enter")  # in the layers field: applies the whole screen
        snap = await app.until_answered()
        assert not isinstance(app.screen, SettingsScreen)
        assert snap.config.iterations == 2 and snap.iteration == 4  # the weights were kept
        assert "iteration 4 is already past the target 2" in message(app, "iterations-error")


async def test_settings_correction_replaces_the_rejected_value():
    app = TrainerApp(make_config(preset="custom"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        screen = app.screen
        layers = screen.query_one("#set-layers", Input)
        assert layers.has_focus and layers.value == "4"
        await pilot.press("0", "enter")
        assert isinstance(app.screen, SettingsScreen) and "layers" in message(app, "set-layers-error")
        assert layers.value == "4" and ready_for_fresh_entry(layers)
        await pilot.press("8", "enter")
        snap = await app.until_answered()
        assert not isinstance(app.screen, SettingsScreen) and snap.config.layers == (8,)


async def test_settings_rejection_focuses_the_bad_field():
    """enter in one field with another one bad: the bad one takes the focus, selected."""
    app = TrainerApp(make_config(preset="custom"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        alpha = app.screen.query_one("#set-alpha", Input)
        alpha.value = "abc"
        await pilot.press("enter")  # in layers
        assert "alpha" in message(app, "set-alpha-error")
        assert alpha.value == f"{make_config(preset='custom').alpha:.12g}" and ready_for_fresh_entry(alpha)
        await pilot.press(*"0.25", "enter")
        snap = await app.until_answered()
        assert not isinstance(app.screen, SettingsScreen) and snap.config.alpha == 0.25


async def test_predict_rejection_hides_the_old_output_and_is_replaced():
    app = TrainerApp(make_config("neuron"))  # its example input [1,0,0] is in the field
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await app.draw()
        result = app.query_one("#query-result", Label)
        assert result.display and "output" in str(result.render())
        await pilot.press("i")
        box = app.query_one("#query", Input)
        old = box.value
        await pilot.press(*"1,2", "enter")
        assert "input must be 3" in message(app, "query-error")
        assert not result.display  # the output was the previous vector's
        assert box.value == old and ready_for_fresh_entry(box)
        await pilot.press(*"0,1,1", "enter")
        assert tuple(app.query_one("#predict").vector) == (0, 1, 1)
        assert message(app, "query-error") == "" and result.display


async def test_predict_escape_cancels_and_brings_the_output_back():
    app = TrainerApp(make_config("neuron"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await app.draw()
        await pilot.press("i", *"1,2", "enter")
        result = app.query_one("#query-result", Label)
        assert not result.display
        await pilot.press(*"7,7", "escape")
        assert message(app, "query-error") == "" and result.display
        assert tuple(app.query_one("#predict").vector) == (1, 0, 0)  # the preset's example stays


async def test_forward_only_input_rejection_stays_for_a_fresh_entry():
    app = TrainerApp(make_config("relu-forward"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await app.draw()
        await pilot.press("i")
        first = app.query_one("#input-0", Input)
        await pilot.press(*"abc", "enter")
        assert "x1 must be" in message(app, "query-error") and ready_for_fresh_entry(first)
        await pilot.press("5", "enter")
        assert app.query_one("#predict").vector[0] == 5.0 and app.focused.id == "input-1"


async def test_predict_example_matches_the_inputs():
    app = TrainerApp(make_config("two-weights"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await app.draw()
        assert "e.g. 0.5,-1" in str(app.query_one("#query-result", Label).render())
        assert "1,0,1" not in str(app.query_one("#query-result", Label).render())


async def test_landscape_pair_rejection_keeps_the_field_for_a_fresh_entry():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        await pilot.press("g")
        box = app.query_one("#landscape-pair", Input)
        await until(app, lambda s: box.value != "")
        old = box.value
        await pilot.press("m", *"zzz", "enter")
        assert message(app, "landscape-error") and box.value == old and ready_for_fresh_entry(box)
        pair = old.rsplit(" ", 1)[0]
        await pilot.press(*f"{pair} 2", "enter")
        assert app.focused is None and message(app, "landscape-error") == ""
        assert app.query_one("#landscape").view.span == 2.0


async def test_sweep_alphas_rejection_is_replaced():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        box = app.query_one("#alphas", Input)
        old = box.value
        box.focus()
        await pilot.press(*"abc", "enter")
        assert "'abc'" in message(app, "alphas-error")
        assert box.value == old and ready_for_fresh_entry(box)
        await pilot.press(*"0.1,1", "enter")
        assert app.query_one("#sweep").alphas == [0.1, 1.0] and message(app, "alphas-error") == ""
        await pilot.press("w")  # closing the view ends the sweep's process


async def test_session_path_rejection_is_selected(tmp_path):
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, PathDialog)
        box = app.screen.query_one("#path-input", Input)
        box.value = str(tmp_path / "missing.json")
        await pilot.press("enter")
        await until(app, lambda s: app.screen.query_one("#path-note", Label).has_class("-error"))
        assert ready_for_fresh_entry(box)
        await pilot.press("y")
        assert box.value == "y"
        await pilot.press("escape")
        assert not isinstance(app.screen, PathDialog)


async def test_csv_picker_opens_on_its_path_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = TrainerApp(make_config(preset="custom"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FilePicker)
        box = app.screen.query_one("#picker-path", Input)
        assert app.focused is box and box.value == os.path.join(str(tmp_path), "")
        await pilot.press(*"nope.csv", "enter")  # a file name typed completes the folder's path
        assert box.value == str(tmp_path / "nope.csv")
        assert message(app, "picker-error") and ready_for_fresh_entry(box)
        await pilot.press("x")
        assert box.value == "x"


async def test_help_scrolls_with_the_keyboard_at_once():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box", VerticalScroll)
        await pilot.pause()
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        assert "PgDn" in str(box.border_subtitle)
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("home", "down")
        await pilot.pause()
        assert box.scroll_y == 1
