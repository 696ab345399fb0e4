"""What the training loop and the app say to each other over the pipe, and the loop's sending end.

The app sends ``(id, command, argument)`` tuples (``COMMANDS``). The loop answers
with ``Snapshot``s, a ``Reply`` to a command that can fail (a save), a
``WorkerError`` when it fails, a ``Checkpoint`` now and then (what a new worker
continues from if this one dies) and a ``Beat`` every ``BEAT_SECONDS`` from a
thread of its own, even inside one long iteration: silence means the process is
stopped or stuck (unless its CPU time moves: busy). The client adds a
``WorkerStopped`` of its own when the process is gone. ``Channel`` is the loop's
end: a thread that writes what the loop queues, the heartbeat and the checkpoints'
timing.

No Textual here.
"""

from __future__ import annotations

import threading
import time
from collections import deque
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
FLUSH_SECONDS = 10.0  # at the end, what is queued (a save's reply, an error) is written within this


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
class Answer:
    """A command answered without a new snapshot: the last one sent, with this ``state`` and ``ack``.

    A pause read inside a big net's long iteration: a snapshot of millions of
    weights takes a second or more to send, this takes nothing.
    """

    ack: int
    state: str


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
    """The loop's end of the pipe: a sending thread, a heartbeat thread, checkpoint timing.

    ``send`` queues and returns: the sending thread pickles and writes. A big net's
    snapshot takes a second or more to pickle and write, and the loop goes on
    reading commands meanwhile (a pause is answered at once). A snapshot still
    waiting is replaced by a newer one, so the queue stays short. Leaving the
    ``with`` block sends what is queued first (a save's reply, an error).
    """

    def __init__(self, conn: Connection, beat_seconds: float = BEAT_SECONDS):
        self.conn = conn
        self._queue: deque[tuple[object, str]] = deque()  # (item, kind): a kind's newest replaces it
        self._wake = threading.Condition()
        self._writing = False  # the sending thread holds an item it took from the queue
        self._broken: BaseException | None = None  # why the pipe failed (the app went away)
        self._stop = threading.Event()
        self._beat_seconds = beat_seconds
        self._beat = threading.Thread(target=self._beating, name="tui_nn-heartbeat", daemon=True)
        self._sender = threading.Thread(target=self._sending, name="tui_nn-sending", daemon=True)
        self._checkpointed: tuple | None = None  # what the last checkpoint was of
        self._checkpoint_at = 0.0  # when the last one was sent
        self._checkpoint_gap = CHECKPOINT_SECONDS  # how long to wait after it (grows with its cost)

    def __enter__(self) -> Channel:
        self._sender.start()
        self._beat.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self.flush(FLUSH_SECONDS)
        with self._wake:
            self._wake.notify_all()

    def send(self, item: object, kind: str = "") -> None:
        """Queue ``item``; one of a ``kind`` ("snapshot") replaces the last queued if it is of that
        kind too. Raises BrokenPipeError once the pipe has failed."""
        with self._wake:
            if self._broken is not None:
                raise BrokenPipeError(str(self._broken))
            if kind == "answer":  # it goes before the snapshots still waiting, which it outdates
                self._queue = deque(entry for entry in self._queue if entry[1] != "snapshot")
            if kind and self._queue and self._queue[-1][1] == kind:
                self._queue[-1] = (item, kind)
            else:
                self._queue.append((item, kind))
            self._wake.notify_all()

    def flush(self, timeout: float) -> None:
        """Wait up to ``timeout`` until everything queued is written."""
        end = time.monotonic() + timeout
        with self._wake:
            while (self._queue or self._writing) and self._broken is None:
                left = end - time.monotonic()
                if left <= 0:
                    return
                self._wake.wait(left)

    def _sending(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._stop.is_set():
                    self._wake.wait()
                if not self._queue:
                    return
                item, _ = self._queue.popleft()
                self._writing = True
            try:
                self.conn.send_bytes(ForkingPickler.dumps(item))
            except (OSError, ValueError) as exc:  # the app went away (or closed the pipe)
                with self._wake:
                    self._broken, self._writing = exc, False
                    self._queue.clear()
                    self._wake.notify_all()
                return
            with self._wake:
                self._writing = False
                self._wake.notify_all()

    def _beating(self) -> None:
        while not self._stop.wait(self._beat_seconds):
            with self._wake:
                if self._broken is not None:
                    return
                if self._queue or self._writing:
                    continue  # what is being written speaks for the process
            self.send(Beat(), "beat")

    def checkpoint_due(self, key: tuple) -> float | None:
        """Seconds until a checkpoint of the run ``key`` names is due (0: now); None when the
        last checkpoint was of this very state."""
        if key == self._checkpointed:
            return None
        return max(0.0, self._checkpoint_at + self._checkpoint_gap - time.perf_counter())

    def send_checkpoint(self, key: tuple, config: RunConfig, state: dict, started: float) -> None:
        """Send it; ``started``: when taking ``state`` began (its cost spaces the next ones)."""
        self.send(Checkpoint(config, state), "checkpoint")
        now = time.perf_counter()
        self._checkpointed, self._checkpoint_at = key, now
        self._checkpoint_gap = max(CHECKPOINT_SECONDS, (now - started) / CHECKPOINT_SHARE)
