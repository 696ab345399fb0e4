"""User text reaches the screen as plain text, never as markup (Pilot).

A typed value, a path, a CSV column name or cell, a class label and a session
path can hold ``[b]x[/c]`` and the like; Rich/Textual markup would raise on it
(a crash) or swallow it. Each place such text is echoed must show it literally.
"""

import asyncio
import html
import re

import pytest
from textual.widgets import Input, Label, Select

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.app.widgets.session_dialog import PathDialog
from tui_nn.app.widgets.settings import SettingsScreen
from tui_nn.run.build import ready
from tui_nn.run.config import make_config

HOSTILE = ["[b]x[/c]", "[/]", "[link=x]y", "\\["]


async def until(check, timeout=10.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "gave up waiting"
        await asyncio.sleep(0.01)


def shown(widget) -> str:
    return str(widget.render())


def screen_text(app) -> str:
    """The characters on the screen now (an SVG screenshot keeps them in its text elements)."""
    texts = re.findall(r">([^<>]*)</text>", app.export_screenshot())
    return html.unescape("".join(texts)).replace("\xa0", " ")


async def type_into(pilot, box: Input, text: str) -> None:
    box.focus()
    box.value = ""
    await pilot.pause()
    box.insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("text", HOSTILE)
async def test_alpha_and_predict_fields_echo_text_literally(text):
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into(pilot, app.query_one("#alpha", Input), text)
        assert text in shown(app.query_one("#alpha-error", Label))
        await pilot.press("escape")
        await type_into(pilot, app.query_one("#query", Input), text)
        assert text in shown(app.query_one("#query-error", Label))


async def test_settings_fields_echo_text_literally():
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("o")
        await until(lambda: isinstance(app.screen, SettingsScreen))
        for field, text in (("layers", "[b]x[/c]"), ("activation", "[/]"), ("momentum", "[link=x]y"),
                            ("batch", "\\["), ("data", "[b]x[/c].csv")):  # fmt: skip
            if field == "data":  # a path is read for a CSV run
                app.screen.query_one("#set-dataset", Select).value = "csv"
            box = app.screen.query_one(f"#set-{field}", Input)
            before, box.value = box.value, text
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen), field
            assert text in "".join(shown(label) for label in app.screen.query(".field-error")), field
            box.value = before


@pytest.mark.parametrize("text", HOSTILE)
async def test_path_dialogs_and_csv_picker_echo_paths_literally(tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    app = TrainerApp(make_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await until(lambda: isinstance(app.screen, FilePicker))
        await type_into(pilot, app.screen.query_one("#picker-path", Input), f"{text}.csv")
        assert text in shown(app.screen.query_one("#picker-error", Label))
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await until(lambda: isinstance(app.screen, PathDialog))
        await type_into(pilot, app.screen.query_one("#path-input", Input), f"{text}.json")
        await until(lambda: text in shown(app.screen.query_one("#path-note", Label)))
        await pilot.press("escape")
        (tmp_path / f"{text}.json").parent.mkdir(parents=True, exist_ok=True)  # [b]x[/c]: a folder
        (tmp_path / f"{text}.json").write_text("{}")
        await pilot.press("ctrl+s")  # the dialog warns that the file exists, quoting its path
        await until(lambda: isinstance(app.screen, PathDialog))
        await type_into(pilot, app.screen.query_one("#path-input", Input), "")
        app.screen.query_one("#path-input", Input).value = f"{text}.json"
        await until(lambda: text in shown(app.screen.query_one("#path-note", Label)))
        await pilot.press("enter")  # saved: the toast and the status line quote the path
        await until(lambda: app.sessions.path is not None and not app.sessions.saves)
        await pilot.pause()
        assert f"{text}.json" in screen_text(app)


async def test_a_csv_whose_names_and_cells_hold_markup_is_shown_literally(tmp_path):
    path = tmp_path / "[b]x[" / "c].csv"  # the path holds markup too
    path.parent.mkdir()
    rows = ["[b]a[/c],[/],label"] + [f"{i % 3},{i % 5},{['[red]x', '[/]', 'b'][i % 3]}" for i in range(30)]
    path.write_text("\n".join(rows) + "\n")
    app = TrainerApp(ready(make_config("custom", dataset="csv", data=str(path)))[0])
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("space")
        await app.until_answered()
        for view, names in (("", ()), ("n", ("[b]a[/c]",)), ("b", ("[b]a[/c]",)), ("c", ())):
            if view:
                await pilot.press(view)  # the network, the boundary, the confusion matrix
            await pilot.pause()
            text = screen_text(app)
            assert all(name in text for name in ("[red]x", "[/]", *names)), view
        await pilot.press("o")
        await until(lambda: isinstance(app.screen, SettingsScreen))
        box = app.screen.query_one("#set-target", Input)
        box.value = "[b]no[/c]"
        await pilot.press("enter")
        await pilot.pause()
        assert "[b]no[/c]" in "".join(shown(label) for label in app.screen.query(".field-error"))
