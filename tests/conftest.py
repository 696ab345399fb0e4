"""Shared test setup: plain ``pytest`` and ``python -m pytest`` collect the same way.

The tests import their helpers (``helpers``, the literal oracle ``tutorial``) by
module name from this folder, so the folder goes on ``sys.path`` whichever way
pytest was started. Each test has a settings folder of its own.
"""

import atexit
import contextlib
import os
import signal
import sys
from pathlib import Path

import pytest

from tui_nn.worker.children import proc_stat

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory, monkeypatch):
    """Each test reads and writes its own settings folder, never the user's (a theme chosen there
    would change every screenshot)."""
    monkeypatch.setenv("TUI_NN_CONFIG_DIR", str(tmp_path_factory.mktemp("settings")))


def _stopped_children() -> list[int]:
    """This process's descendants that are stopped (state T): a test sent them SIGSTOP. A training
    child is the fork server's child, a grandchild of this process."""
    stats = {int(e.name): proc_stat(int(e.name)) for e in Path("/proc").iterdir() if e.name.isdigit()}
    ours, found = {os.getpid()}, []
    grew = True
    while grew:  # the descendants, generation by generation
        new = {pid for pid, f in stats.items() if f and int(f[1]) in ours and pid not in ours}
        ours |= new
        grew = bool(new)
    for pid in ours - {os.getpid()}:
        fields = stats[pid]
        if fields and fields[0] in ("T", "t"):
            found.append(pid)
    return found


def _kill_stopped_children() -> None:
    for pid in _stopped_children():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(autouse=True)
def no_stopped_child_left():
    """A stopped child outlives no test: at exit multiprocessing sends its daemon children SIGTERM
    and joins them, and a stopped one never ends, so the test process would hang for good."""
    yield
    if sys.platform.startswith("linux"):
        _kill_stopped_children()


if sys.platform.startswith("linux"):
    atexit.register(_kill_stopped_children)  # runs before multiprocessing's own exit handler
