"""The theme chosen in the app is kept for the next start; ``--theme`` overrides it for one start."""

import json
import os

from tui_nn.app import preferences
from tui_nn.app.app import TrainerApp
from tui_nn.cli import main
from tui_nn.run.config import make_config


async def started_theme(**attributes):
    app = TrainerApp(make_config(preset="neuron"))
    for name, value in attributes.items():
        setattr(app, name, value)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return app.theme


async def test_a_theme_chosen_is_the_next_starts_theme():
    default = await started_theme()
    assert not preferences.settings_path().exists()  # starting alone writes nothing
    app = TrainerApp(make_config(preset="neuron"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chosen = next(name for name in app.available_themes if name != default)
        app.theme = chosen  # what the palette's theme picker does
        await pilot.pause()
        await pilot.pause()
    assert json.loads(preferences.settings_path().read_text()) == {"theme": chosen}
    assert await started_theme() == chosen


async def test_the_theme_flag_overrides_for_one_start_without_being_kept():
    preferences.save_theme("nord")
    assert await started_theme(theme_override="gruvbox") == "gruvbox"
    assert preferences.saved_theme() == "nord"
    assert await started_theme() == "nord"


async def test_a_broken_or_foreign_settings_file_leaves_the_default_and_is_rewritten_good():
    default = await started_theme()
    path = preferences.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for text in ("{not json", "[1, 2]", '{"theme": 5}', '{"theme": "no-such-theme"}', "x" * 100_000):
        path.write_text(text)
        assert await started_theme() == default
    os.remove(path)
    os.mkfifo(path)  # never read (it would block): the default stands
    assert await started_theme() == default
    os.remove(path)
    path.write_text("{not json")
    assert preferences.save_theme("nord") is None
    assert preferences.saved_theme() == "nord"


def test_an_unknown_theme_flag_is_one_line(capsys):
    assert main(["--theme", "[b]no-such"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such theme" in err and "nord" in err
