"""The settings screen's data fields through Pilot: features, task and scale are fields checked by
the command line's validator, an output the old data settled follows new data, and a message
quoting the user's text is shown as text, not markup."""

import asyncio

from textual.widgets import Input, Label, Select

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.settings import SettingsScreen, follow_the_data
from tui_nn.run.build import ready
from tui_nn.run.config import make_config


async def until_screen(app, kind, timeout=10.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not isinstance(app.screen, kind):
        assert loop.time() < end, f"no {kind.__name__}; have {app.screen!r}"
        await asyncio.sleep(0.01)


def message(app, field: str) -> str:
    label = app.screen.query_one(f"#set-{field}-error", Label)
    return str(label.render()) if label.has_class("-shown") else ""


async def test_features_field_makes_a_linear_net_on_squares():
    app = TrainerApp(ready(make_config("custom", dataset="circle"))[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await until_screen(app, SettingsScreen)
        features = app.screen.query_one("#set-features", Input)
        features.value = "x1^2,x3"
        app.screen.query_one("#set-layers", Input).value = "none"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "no feature 'x3' of a generated dataset" in message(app, "features")
        assert features.value == "" and features.has_focus  # the applied value again, to retype
        await pilot.press(*"x1^2, x2^2", "enter")
        await until_screen(app, type(app.get_default_screen()))
        snap = await app.until_answered()
        assert snap.config.features == "x1^2,x2^2" and snap.config.layers == ()
        assert snap.diagram == "2 -> 1 sigmoid (+bias)"


async def test_from_iris_to_the_circle_the_output_follows_the_data():
    app = TrainerApp(ready(make_config("custom", dataset="iris"))[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await until_screen(app, SettingsScreen)
        assert app.screen.query_one("#set-output", Select).value == "softmax"
        assert app.screen.query_one("#set-loss", Select).value == "ce"
        app.screen.query_one("#set-dataset", Select).value = "circle"
        await pilot.pause()
        await pilot.press("enter")
        await until_screen(app, type(app.get_default_screen()))
        snap = await app.until_answered()
        assert snap.config.dataset == "circle" and snap.config.output == "sigmoid"
        assert snap.config.loss == "mse" and snap.config.test == 0.5


async def test_task_and_scale_are_checked_fields(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("[b]x[/b],k\n" + "".join(f"{i % 4},{i % 3}\n" for i in range(30)))
    app = TrainerApp(ready(make_config("custom", data=str(path)))[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await until_screen(app, SettingsScreen)
        app.screen.query_one("#set-features", Input).value = "[b]x"
        await pilot.press("enter")
        await pilot.pause()
        assert "no column named [b]x for --features (columns: [b]x[/b], k)" in message(app, "features")
        app.screen.query_one("#set-features", Input).value = "1"
        app.screen.query_one("#set-task", Select).value = "classify"
        app.screen.query_one("#set-standardize", Select).value = "off"
        await pilot.pause()
        await pilot.press("enter")
        await until_screen(app, type(app.get_default_screen()))
        snap = await app.until_answered()
        assert snap.config.task == "classify" and snap.config.standardize == "off"
        assert snap.diagram == "1 -> 4 sigmoid -> 3 softmax (+bias)"


def test_follow_the_data_keeps_what_was_changed():
    shown = {"dataset": "iris", "data": "", "target": "", "features": "1-3", "task": "auto",
             "output": "softmax", "loss": "ce", "test": ""}  # fmt: skip
    same = dict(shown)
    assert follow_the_data(same, shown) == shown
    moved = follow_the_data({**shown, "dataset": "circle", "loss": "mse"}, shown)
    assert moved["output"] == "auto" and moved["loss"] == "mse"  # an explicit change stays
    assert moved["features"] == "" and moved["test"] == ""
