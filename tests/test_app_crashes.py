"""Crashes are loud and the palette does not make one.

An exception that escapes the app ends it with a non-zero status, one line on
stderr naming the log file that holds the traceback, and the ``--save`` file
written when the run can still be saved. Textual's command palette raised when
``pageup`` / ``pagedown`` came before its list was laid out; the app's palette
ignores them until then.
"""

import json
import os
import sys

import pytest
from helpers import run_in_pty
from textual import events
from textual.command import CommandList

from tui_nn.app import crash
from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.palette import Palette
from tui_nn.run.config import make_config

ALT_OFF = b"\x1b[?1049l"


def post(app, key):
    """Queue a key without waiting for the app to go idle (as a fast typist does)."""
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))


@pytest.mark.parametrize(
    "keys", [["pagedown"], ["pageup"], ["down", "pagedown"], ["s", "pagedown", "pageup"]]
)
async def test_palette_page_keys_before_its_list_is_laid_out(keys):
    app = TrainerApp(make_config())
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ["ctrl+p", *keys]:
            post(app, key)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, Palette)  # still open, the app still running
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, Palette)


async def test_palette_pages_once_its_list_is_laid_out():
    app = TrainerApp(make_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", "down")
        await pilot.pause()
        commands = app.screen.query_one(CommandList)
        first = commands.highlighted
        await pilot.press("pagedown")
        assert commands.highlighted > first


# The child: the real command line and launcher, with one handler made to raise (a quote
# of user text in its message, over two lines).
CHILD = """
import sys
from tui_nn.app import crash
from tui_nn.app.app import TrainerApp
from tui_nn.cli import main

def step(self):
    raise RuntimeError("[b]x[/c] from a handler\\nsecond line")

TrainerApp.action_step = step
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_exits_non_zero_with_one_line_a_log_and_the_save(tmp_path):
    path = tmp_path / "run.json"
    env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(tmp_path / "state")}
    argv = [sys.executable, "-c", CHILD, "--pace", "max", "--save", str(path)]
    status, out = run_in_pty(argv, env, lambda pid, fd: os.write(fd, b" "))  # space: the step that raises
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1, status
    tail = out[out.rindex(ALT_OFF) :].decode(errors="replace")  # after the terminal is given back
    logs = list((tmp_path / "state" / "tui_nn").glob("crash-*.log"))
    assert len(logs) == 1
    line = f"tui_nn crashed: RuntimeError: [b]x[/c] from a handler second line; traceback in {logs[0]}"
    assert line in tail, tail[-600:]
    assert "Traceback" not in tail and "second line\n" not in tail  # no screenful: one line
    log = logs[0].read_text()
    assert "Traceback (most recent call last)" in log and "in step" in log and "[b]x[/c]" in log
    assert json.loads(path.read_text())["format"] == "tui_nn-session"  # --save still written


def test_the_crash_line_and_log_fall_back_to_the_temp_folder(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")  # a file where the state folder would go: it cannot be created
    monkeypatch.setattr(crash, "log_folder", lambda: str(blocked / "tui_nn"))
    monkeypatch.setattr(crash.tempfile, "gettempdir", lambda: str(tmp_path))
    try:
        raise ValueError("bad\n  value")
    except ValueError as error:
        log = crash.write_log(error)
        assert os.path.dirname(log) == str(tmp_path)
        assert crash.crash_line(error, log) == f"tui_nn crashed: ValueError: bad value; traceback in {log}"
