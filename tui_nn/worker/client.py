"""The app's side of the training worker: start the loop, send commands, poll snapshots, close.

``WorkerClient`` starts ``tui_nn.worker.loop.serve`` in a child process (or,
with ``mode="thread"``, in a thread of this process: tests of the loop, platforms
without processes) and keeps the pipe. No Textual here.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext

from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.worker.loop import COMMANDS, PUBLISH_HZ, Reply, WorkerError, child_main, serve

# What a worker child needs, imported once by the fork server: each child then starts in about
# 20 ms instead of the 0.2-0.3 s a spawned interpreter takes to import numpy and the engine.
PRELOAD = ["numpy", "tui_nn.worker.loop", "tui_nn.run.sweep"]


def context() -> SpawnContext | ForkServerContext:
    """How worker children start: forked from a fork server where the platform has one (a clean
    single-threaded process started before the first child, so forking it is safe in a threaded
    app, unlike forking the app), else spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def prepare() -> None:
    """Start multiprocessing's helpers (the resource tracker, the fork server) while stderr is
    still a real file.

    Starting either from inside a running Textual app (stderr replaced) fails with
    "bad value(s) in fds_to_keep".
    """
    from multiprocessing import forkserver, resource_tracker

    with contextlib.redirect_stderr(sys.__stderr__ or open(os.devnull, "w")):  # noqa: SIM115
        resource_tracker.ensure_running()
        if context().get_start_method() == "forkserver":
            forkserver.ensure_running()


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
    ):
        if mode not in ("process", "thread"):
            raise ValueError(f"unknown worker mode {mode!r}")
        self.mode = mode
        self.replies: list[Reply] = []
        self._config = config
        self._saved = saved
        self._publish_hz = publish_hz
        self._conn: Connection | None = None
        self._runner: multiprocessing.process.BaseProcess | threading.Thread | None = None
        self._next_id = 0
        self._lock = threading.Lock()
        self._reading = threading.Lock()  # the relay thread polls while close() drains

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
        self._conn = ours

    @property
    def alive(self) -> bool:
        return self._runner is not None and self._runner.is_alive()

    def send(self, command: str, argument: object = None) -> int:
        """Send a command; returns its id (snapshots with ``ack >= id`` include it)."""
        if command not in COMMANDS:
            raise ValueError(f"unknown command {command!r}")
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            if self._conn is not None:
                with contextlib.suppress(OSError):
                    self._conn.send((ident, command, argument))
        return ident

    def poll(self, timeout: float) -> Snapshot | Reply | WorkerError | None:
        """The newest snapshot the loop sent within ``timeout`` seconds (older ones dropped).

        A ``Reply`` or a ``WorkerError`` is returned as soon as it is read: never dropped.
        """
        with self._reading:
            conn = self._conn
            if conn is None:
                return None
            latest = None
            try:
                if not conn.poll(timeout):
                    return None
                while True:
                    latest = conn.recv()
                    if isinstance(latest, Reply):
                        self.replies.append(latest)
                    if isinstance(latest, Reply | WorkerError) or not conn.poll():
                        return latest
            except (EOFError, OSError):
                return latest if latest is not None else WorkerError("the training worker stopped")

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
            while runner.is_alive() and time.monotonic() < end:
                self._drain(0.02)  # a child blocked sending a snapshot could not see "quit"
                runner.join(0.01)
            self._drain(0)
            if isinstance(runner, multiprocessing.process.BaseProcess) and runner.is_alive():
                runner.kill()
                runner.join(timeout)
        with self._reading, contextlib.suppress(OSError):
            self._conn.close()
        self._conn = None

    def _drain(self, timeout: float) -> None:
        """Read and drop snapshots; keep replies."""
        while (item := self.poll(timeout)) is not None and not isinstance(item, WorkerError):
            timeout = 0
