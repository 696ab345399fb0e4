"""Whatever ends the app (SIGTERM, SIGHUP, Ctrl+C), it saves to --save and gives the terminal back.

The app runs as a person runs it, under a pseudo-terminal; the test reads every byte it
writes. Giving the terminal back means the last switch to the alternate screen is
followed by the switch back, the cursor shown again and mouse reporting turned off.
"""

import json
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALT_ON, ALT_OFF, CURSOR_ON, MOUSE_OFF = b"\x1b[?1049h", b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l"


def run_until(end, path):
    """Start the app with --save path, let it draw, end it with ``end(pid, fd)``; (status, bytes)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        env = {**os.environ, "TERM": "xterm-256color"}
        os.execvpe(
            sys.executable, [sys.executable, "-m", "tui_nn", "--pace", "max", "--save", str(path)], env
        )
    out, drawn, ended, deadline = b"", None, False, time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 1 << 16)
            except OSError:
                break
            if not data:
                break
            out += data
        if drawn is None and b"iteration" in out:
            drawn = time.monotonic()
        if not ended and drawn is not None and time.monotonic() > drawn + 1.0:  # the worker is up
            end(pid, fd)
            ended = True
    done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, signal.SIGKILL)  # it did not end: the test fails below, without hanging
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    return status, out


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
