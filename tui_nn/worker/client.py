"""The app's side of the training worker: start the loop, send commands, poll snapshots, close.

``WorkerClient`` starts ``tui_nn.worker.loop.serve`` in a child process (or,
with ``mode="thread"``, in a thread of this process: tests of the loop, platforms
without processes) and keeps the pipe. It never blocks its caller on the pipe: a
thread of its own sends the commands, queued (a burst of steps merged into one,
at most ``MAX_QUEUED`` waiting), so a child that stopped reading cannot freeze the
UI. It watches the child: killed, exited, or silent for ``STALL_SECONDS`` (no
heartbeat: stopped or stuck), the child is ended and reaped and ``poll`` says so
once with a ``WorkerStopped``; the newest ``Checkpoint`` stays in ``checkpoint``
for a new worker to continue from. No Textual here.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import time
from collections import deque
from dataclasses import replace
from multiprocessing.connection import Connection

from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.worker.children import context, prepare
from tui_nn.worker.frames import Frames
from tui_nn.worker.liveness import STALL_SECONDS, Liveness
from tui_nn.worker.loop import PUBLISH_HZ, child_main, serve
from tui_nn.worker.protocol import (
    COMMANDS,
    Answer,
    Beat,
    Checkpoint,
    Reply,
    WorkerError,
    WorkerStopped,
    last_line,
)

MAX_QUEUED = 256  # commands waiting for a child that does not read; more are dropped


def _count(steps: object) -> int:
    """A step command's argument: how many iterations (None: one)."""
    return steps if isinstance(steps, int) else 1


class WorkerClient:
    """The app's side: start the loop, send commands, poll snapshots, close.

    Every ``Reply`` read is also kept in ``replies``, so one that arrives while
    the app closes (a save at quit) is not lost.
    """

    def __init__(
        self,
        config: RunConfig,
        *,
        mode: str = "process",
        publish_hz: float = PUBLISH_HZ,
        saved: dict | None = None,
        first_id: int = 0,
    ):
        """``saved``: a ``Learner.state()`` to continue; ``first_id``: the ids a worker this one
        replaces gave (the app's acks go on rising)."""
        if mode not in ("process", "thread"):
            raise ValueError(f"unknown worker mode {mode!r}")
        self.mode = mode
        self.replies: list[Reply] = []
        self.checkpoint: Checkpoint | None = None  # the newest the loop sent
        self.stopped: str | None = None  # why the worker is gone, once it is
        self._config = config
        self._saved = saved
        self._publish_hz = publish_hz
        self._conn: Connection | None = None
        self._frames: Frames | None = None  # what the loop sent, read whole (a stopped writer holds nothing)
        self._runner: multiprocessing.process.BaseProcess | threading.Thread | None = None
        self._next_id = first_id
        self._outbox: deque[tuple[int, str, object]] = deque()
        self._wake = threading.Condition()
        self._closing = False
        self.liveness = Liveness()  # when the loop last spoke, and what its silence means
        self._told = False  # the WorkerStopped was returned once
        self._reading = threading.Lock()  # the relay thread polls while close() drains
        self._acked = first_id  # the newest ack a snapshot carried
        self._last: Snapshot | None = None  # the newest snapshot read (an Answer changes its state)
        self._waiting_since = 0.0  # when the oldest command not yet answered was sent

    def __repr__(self) -> str:
        return f"WorkerClient(mode={self.mode}, alive={self.alive})"

    def start(self) -> None:
        if self.mode == "process":
            prepare()
            ctx = context()
            ours, theirs = ctx.Pipe()
            self._runner = ctx.Process(
                target=child_main, args=(theirs, self._config, self._publish_hz, self._saved), daemon=True
            )
        else:
            ours, theirs = multiprocessing.Pipe()
            self._runner = threading.Thread(
                target=serve,
                args=(theirs, self._config),
                kwargs={"publish_hz": self._publish_hz, "saved": self._saved},
                daemon=True,
            )
        self._runner.start()
        if self.mode == "process":
            theirs.close()
        self._conn, self._frames = ours, Frames(ours)
        self.liveness = Liveness()
        threading.Thread(target=self._sending, args=(ours,), name="tui_nn-commands", daemon=True).start()

    @property
    def alive(self) -> bool:
        return self._runner is not None and self._runner.is_alive()

    @property
    def pid(self) -> int | None:
        """The child's process id (None in thread mode or before the start)."""
        runner = self._runner
        return runner.pid if isinstance(runner, multiprocessing.process.BaseProcess) else None

    @property
    def last_id(self) -> int:
        """The id of the last command sent."""
        return self._next_id

    def waiting(self) -> float:
        """Seconds the oldest command not yet answered has waited (0: every one is answered)."""
        return 0.0 if self._acked >= self._next_id else time.monotonic() - self._waiting_since

    def resume_point(self) -> tuple[RunConfig, dict | None]:
        """What a new worker continues from: the newest checkpoint, else what this one started from."""
        if self.checkpoint is not None:
            return self.checkpoint.config, self.checkpoint.state
        return self._config, self._saved

    def send(self, command: str, argument: object = None) -> int:
        """Queue a command (never waits on the pipe); returns its id (snapshots with ``ack >= id``
        include it). Sent to a gone worker, or past ``MAX_QUEUED`` waiting, it is dropped."""
        if command not in COMMANDS:
            raise ValueError(f"unknown command {command!r}")
        with self._wake:
            if self._acked >= self._next_id:
                self._waiting_since = time.monotonic()
            self._next_id += 1
            ident = self._next_id
            if self.stopped is not None or self._closing:
                return ident
            last = self._outbox[-1] if self._outbox else None
            if last is not None and command == last[1] == "step":
                self._outbox[-1] = (ident, "step", _count(last[2]) + _count(argument))
            elif len(self._outbox) < MAX_QUEUED or command == "quit":
                self._outbox.append((ident, command, argument))
            self._wake.notify()
        return ident

    def _sending(self, conn: Connection) -> None:
        """The sending thread: blocks on the pipe so that the caller of ``send`` never does."""
        while True:
            with self._wake:
                while not self._outbox and not self._closing:
                    self._wake.wait()
                if not self._outbox:
                    return
                message = self._outbox.popleft()
            try:
                conn.send(message)
            except (OSError, ValueError):  # the pipe is gone or closed: the watch tells why
                return

    def poll(
        self, timeout: float, every: bool = False
    ) -> Snapshot | Reply | WorkerError | WorkerStopped | None:
        """The newest snapshot the loop sent within ``timeout`` seconds (older ones dropped).

        With ``every``, the oldest one not yet returned instead: none is dropped (a slow
        pace, where each iteration is drawn). A ``Reply`` or a ``WorkerError`` is returned as
        soon as it is read: never dropped; a ``WorkerStopped`` once, when the worker is found
        gone (and then None).
        """
        with self._reading:
            frames = self._frames
            if frames is None or self.stopped is not None:
                return self._tell()
            latest, end = None, time.monotonic() + timeout
            try:
                while True:  # heartbeats and checkpoints are taken in passing: wait on for the rest
                    started = time.monotonic()
                    wait = max(0.0, end - started)
                    ready = frames.poll(wait)
                    self.liveness.waited(started, wait)
                    if not ready:
                        return self._watch()
                    while True:
                        item = frames.recv()
                        self.liveness.spoke()
                        if isinstance(item, Checkpoint):
                            self.checkpoint = item
                        elif isinstance(item, Answer):  # the last snapshot, paused: no weights sent again
                            self._acked = max(self._acked, item.ack)
                            if self._last is not None:
                                latest = self._last = replace(
                                    self._last, state=item.state, ack=item.ack, eta=None
                                )
                        elif not isinstance(item, Beat):
                            latest = item
                            if isinstance(item, Snapshot):
                                self._acked, self._last = max(self._acked, item.ack), item
                            if isinstance(item, Reply):
                                self.replies.append(item)
                            if isinstance(item, WorkerError):  # the loop failed and ends
                                self._end("the training loop failed: " + last_line(item.text))
                                self._told = True  # the error itself tells it
                            if isinstance(item, Reply | WorkerError) or every:
                                return latest
                        if not frames.poll(0):
                            break
                    if latest is not None or time.monotonic() >= end:
                        return latest if latest is not None else self._watch()
            except (EOFError, OSError):
                if latest is not None:
                    return latest
                self._end("the training process ended")
                return self._tell()

    def _watch(self) -> WorkerStopped | None:
        """Nothing came: is the child still there, and still talking?"""
        runner = self._runner
        if runner is not None and not runner.is_alive():
            self._end("the training process ended")
        elif self.mode == "process" and self.liveness.silent(self.pid, self._frames):
            self._end(f"the training process stopped answering ({STALL_SECONDS:g} s without a word)")
        return self._tell()

    def _end(self, reason: str) -> None:
        """The worker is gone or useless: end it (a stopped process is killed), reap it, say why."""
        runner = self._runner
        if isinstance(runner, multiprocessing.process.BaseProcess):
            if runner.is_alive():
                runner.kill()
            runner.join(2.0)  # reaped: no zombie left
            code = runner.exitcode
            if code is not None and code < 0 and "answering" not in reason:
                with contextlib.suppress(ValueError):
                    reason += f" (killed by {signal.Signals(-code).name})"
            elif code:
                reason += f" (exit code {code})"
        self.stopped = reason
        with self._wake:
            self._outbox.clear()

    def _tell(self) -> WorkerStopped | None:
        if self.stopped is None or self._told:
            return None
        self._told = True
        return WorkerStopped(self.stopped)

    def close(self, timeout: float = 1.0) -> None:
        """Ask the loop to quit, wait up to ``timeout`` (reading what it still says), then end it.

        The loop applies commands in order, so a save sent before this finishes
        first when it takes less than ``timeout``; killed mid-save, the write is
        atomic and the previous file stays.
        """
        if self._conn is None:
            return
        self.send("quit")
        runner, self._runner = self._runner, None
        if runner is not None:
            end = time.monotonic() + timeout
            while runner.is_alive() and time.monotonic() < end and self.stopped is None:
                self._drain(0.02)  # a child blocked sending a snapshot could not see "quit"
                runner.join(0.01)
            self._drain(0)
            if isinstance(runner, multiprocessing.process.BaseProcess) and runner.is_alive():
                runner.kill()
                runner.join(timeout)
        with self._wake:
            self._closing = True
            self._wake.notify()
        with self._reading, contextlib.suppress(OSError):
            self._conn.close()
        self._conn = self._frames = None

    def _drain(self, timeout: float) -> None:
        """Read and drop snapshots; keep replies."""
        while (item := self.poll(timeout)) is not None and not isinstance(item, WorkerError | WorkerStopped):
            timeout = 0
