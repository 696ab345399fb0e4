"""What the training loop and the app say to each other over the pipe, and the loop's sending end.

The app sends ``(id, command, argument)`` tuples (``COMMANDS``). The loop answers
with ``Snapshot``s, a ``Reply`` to a command that can fail (a save), a
``WorkerError`` when it fails, a ``Checkpoint`` now and then (what a new worker
continues from if this one dies) and a ``Beat`` every ``BEAT_SECONDS`` from a
thread of its own, even inside one long iteration: silence means the process is
stopped or stuck, not busy. The client adds a ``WorkerStopped`` of its own when
the process is gone. ``Channel`` is the loop's end: one lock around the pipe (the
loop and the heartbeat both send) and the checkpoints' timing.

No Textual here.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler

from tui_nn.run.config import RunConfig

COMMANDS = (
    "step", "run", "pause", "toggle", "config", "reset", "snapshot", "rows", "save", "load", "quit",
    "pace", "view", "undo",
)  # fmt: skip
BEAT_SECONDS = 0.1
CHECKPOINT_SECONDS = 1.0  # a changed run is checkpointed at most this often...
CHECKPOINT_SHARE = 0.02  # ... and checkpoints take at most this share of the loop's time


@dataclass(frozen=True)
class WorkerError:
    """The loop failed; ``text`` is the traceback (shown in the app, never printed)."""

    text: str


@dataclass(frozen=True)
class WorkerStopped:
    """The training process is gone (killed, exited, or ended by the app after it stopped answering);
    ``reason`` says which, for the user."""

    reason: str


def last_line(text: str) -> str:
    """A traceback's last line: the exception, for a one-line message."""
    return (text.strip().splitlines() or ["(no message)"])[-1]


def failure_reason(item: object) -> str | None:
    """One line saying why the worker is gone, if ``item`` (something the client's ``poll``
    returned) says so."""
    if isinstance(item, WorkerStopped):
        return item.reason
    if isinstance(item, WorkerError):
        return last_line(item.text)
    return None


@dataclass(frozen=True)
class Reply:
    """The answer to a command that can fail (``save``): ``text`` is for the user."""

    ident: int
    command: str
    ok: bool
    text: str


@dataclass(frozen=True)
class Beat:
    """The loop's process is alive."""


@dataclass(frozen=True)
class Checkpoint:
    """What the run needs to continue in another worker: its config and ``Learner.state()``.

    The app keeps the newest, so a dead worker costs at most the iterations since it.
    """

    config: RunConfig
    state: dict


class Channel:
    """The loop's end of the pipe: sends under one lock, a heartbeat thread, checkpoint timing."""

    def __init__(self, conn: Connection, beat_seconds: float = BEAT_SECONDS):
        self.conn = conn
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat_seconds = beat_seconds
        self._beat = threading.Thread(target=self._beating, name="tui_nn-heartbeat", daemon=True)
        self._checkpointed: tuple | None = None  # what the last checkpoint was of
        self._checkpoint_at = 0.0  # when the last one was sent
        self._checkpoint_gap = CHECKPOINT_SECONDS  # how long to wait after it (grows with its cost)

    def __enter__(self) -> Channel:
        self._beat.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()

    def send(self, item: object) -> None:
        """Pickle ``item`` outside the lock, then write it under the lock: a big net's snapshot takes
        most of a second to pickle, and heartbeats go on meanwhile (``Connection.send`` would hold
        the lock throughout and the app would take the silence for a stopped process)."""
        data = ForkingPickler.dumps(item)
        with self._lock:
            self.conn.send_bytes(data)

    def _beating(self) -> None:
        while not self._stop.wait(self._beat_seconds):
            try:
                self.send(Beat())
            except (OSError, ValueError):  # the app went away (or closed the pipe): nothing to tell
                return

    def checkpoint_due(self, key: tuple) -> float | None:
        """Seconds until a checkpoint of the run ``key`` names is due (0: now); None when the
        last checkpoint was of this very state."""
        if key == self._checkpointed:
            return None
        return max(0.0, self._checkpoint_at + self._checkpoint_gap - time.perf_counter())

    def send_checkpoint(self, key: tuple, config: RunConfig, state: dict, started: float) -> None:
        """Send it; ``started``: when taking ``state`` began (its cost spaces the next ones)."""
        self.send(Checkpoint(config, state))
        now = time.perf_counter()
        self._checkpointed, self._checkpoint_at = key, now
        self._checkpoint_gap = max(CHECKPOINT_SECONDS, (now - started) / CHECKPOINT_SHARE)
