"""Whatever ends the app (SIGTERM, SIGHUP, Ctrl+C), it saves to --save and gives the terminal back.

The app runs as a person runs it, under a pseudo-terminal; the test reads every byte it
writes. Giving the terminal back means the last switch to the alternate screen is
followed by the switch back, the cursor shown again and mouse reporting turned off.
"""

import json
import os
import signal
import sys

import pytest
from helpers import run_in_pty

ALT_ON, ALT_OFF, CURSOR_ON, MOUSE_OFF = b"\x1b[?1049h", b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l"


def run_until(end, path):
    """Start the app with --save path, let it draw, end it with ``end(pid, fd)``; (status, bytes)."""
    argv = [sys.executable, "-m", "tui_nn", "--pace", "max", "--save", str(path)]
    return run_in_pty(argv, {**os.environ, "TERM": "xterm-256color"}, end)


ENDS = {
    "SIGTERM": lambda pid, fd: os.kill(pid, signal.SIGTERM),
    "SIGHUP": lambda pid, fd: os.kill(pid, signal.SIGHUP),
    "ctrl+c": lambda pid, fd: os.write(fd, b"\x03"),
}


@pytest.mark.parametrize("how", ENDS)
def test_the_app_saves_and_restores_the_terminal_whatever_ends_it(how, tmp_path):
    path = tmp_path / "run.json"
    status, out = run_until(ENDS[how], path)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, (how, status)
    last = out.rindex(ALT_ON)
    tail = out[last:]
    assert ALT_OFF in tail and CURSOR_ON in tail and MOUSE_OFF in tail, how
    assert json.loads(path.read_text())["format"] == "tui_nn-session"
