"""The training worker: a child process running the RunController, talking over a Pipe.

Why a child process and not a thread. The app redraws 10-15 times a second and a
redraw holds the interpreter ~17 ms (mostly the plot). A thread worker shares
that interpreter: measured at 120x40 it trained at 0.73x of its solo rate and
keys waited ~50 ms behind the loop. A child process has its own interpreter and
core: it trained at 0.97x with ~1 ms key latency, which is what a live view needs
(>= 0.9x while redrawing >= 10 Hz, keys <= 50 ms). This module measured the same
under a pty at 120x40: 0.96-0.99x of the engine alone, keys ~1 ms. The cost is a
process start (~0.15 s, hidden behind the first frame, which the app draws from
its own snapshot) and pickling snapshots: at most ~50 KB each (the history is a
bounded envelope), at most ``PUBLISH_HZ`` times a second, so that cost is noise.

Protocol. The app sends ``(id, command, argument)`` tuples; the loop applies
them between chunks and answers with a ``Snapshot`` whose ``ack`` is the last id
applied (so "after one space" is "the snapshot with that ack"). While running it
publishes at most ``PUBLISH_HZ`` snapshots a second; chunks adapt to take about
``CHUNK_SECONDS`` so commands (pause, quit) are seen within a few ms at any
network size. Errors inside the loop come back as ``WorkerError`` instead of a
traceback over the screen. ``save`` writes the session here, where the Learner
lives, between two chunks (so it works while running), and answers a ``Reply``
(saved, or why not); ``load`` takes a session the app has already checked.
``mode="thread"`` runs the same loop in a thread of this process (tests of the
loop, platforms without processes).

No Textual here: the app's Textual worker relays what ``poll`` returns.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection

import numpy as np

from tui_nn.core.validation import Invalid
from tui_nn.io import session
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import RunController, Snapshot

PUBLISH_HZ = 20
CHUNK_SECONDS = 0.01
RATE_SECONDS = 1.0
COMMANDS = ("step", "run", "pause", "toggle", "config", "reset", "snapshot", "rows", "save", "load", "quit")


@dataclass(frozen=True)
class WorkerError:
    """The loop failed; ``text`` is the traceback (shown in the app, never printed)."""

    text: str


@dataclass(frozen=True)
class Reply:
    """The answer to a command that can fail (``save``): ``text`` is for the user."""

    ident: int
    command: str
    ok: bool
    text: str


def serve(
    conn: Connection, config: RunConfig, *, publish_hz: float = PUBLISH_HZ, saved: dict | None = None
) -> None:
    """The loop: apply commands, train while running, publish snapshots.

    ``saved`` (a session's ``Learner.state()``) continues that run instead of a new one.
    """
    with np.errstate(all="ignore"):  # errstate is per thread: set it where the math runs
        try:
            _Loop(conn, config, publish_hz, saved).run()
        except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
            pass  # the app went away: nothing left to tell
        except Exception:
            with contextlib.suppress(OSError):
                conn.send(WorkerError(traceback.format_exc()))


class _Loop:
    def __init__(self, conn: Connection, config: RunConfig, publish_hz: float, saved: dict | None = None):
        self.conn = conn
        self.trainer = RunController(config, saved)
        self.interval = 1.0 / publish_hz
        self.ack = 0
        self.chunk = 64
        self.rate: float | None = None
        self.quit = False
        self._mark = (time.perf_counter(), self.trainer.iteration)
        self._first = True  # no rate measured yet in this run
        self._run: tuple[float, int] | None = None  # (time, iteration) this run started at

    def run(self) -> None:
        conn, trainer = self.conn, self.trainer
        self.publish()
        last = time.perf_counter()
        while not self.quit:
            if not trainer.running:
                self.handle(conn.recv())  # idle: block until told something
                while conn.poll():
                    self.handle(conn.recv())
                self.publish()
                continue
            answered = False
            while conn.poll():
                self.handle(conn.recv())
                answered = True
            if self.quit:
                break
            if trainer.running:
                started = time.perf_counter()
                trainer.run_chunk(self.chunk)
                self._adapt(time.perf_counter() - started)
                if not trainer.running:  # reached the target or diverged: the run's final rate
                    self._measure(force=True)
            now = time.perf_counter()
            if answered or not trainer.running or now - last >= self.interval:
                self.publish()
                last = now

    def _adapt(self, seconds: float) -> None:
        """Aim each chunk at CHUNK_SECONDS, whatever one iteration costs."""
        if seconds <= 0:
            self.chunk = min(self.chunk * 2, 1 << 16)
            return
        wanted = self.chunk * CHUNK_SECONDS / seconds
        self.chunk = int(min(max(wanted, self.chunk / 2, 1), self.chunk * 2, 1 << 16))

    def handle(self, message: tuple) -> None:
        ident, command, argument = message
        trainer = self.trainer
        if command == "step":
            trainer.step(argument)
        elif command == "run":
            trainer.start()
        elif command == "pause":
            trainer.pause()
        elif command == "toggle":
            trainer.pause() if trainer.running else trainer.start()
        elif command == "config":
            trainer.apply(argument)
        elif command == "reset":
            trainer.reset()
        elif command == "rows":
            trainer.show_rows(argument)
        elif command == "save":
            self.conn.send(self._save(ident, argument))
        elif command == "load":
            trainer.restore(*argument)
        elif command == "quit":
            self.quit = True
        if command in ("step", "config", "reset", "load"):
            self.rate = None  # a rate belongs to a run; a stepped or new net has none
            self._run = None
        if trainer.running and command in ("run", "toggle"):
            self._mark = self._run = (time.perf_counter(), trainer.iteration)
            self._first = True
        self.ack = ident

    def _save(self, ident: int, path: str) -> Reply:
        trainer = self.trainer
        try:
            session.save(path, trainer.config, trainer.training)
        except (Invalid, OSError, ValueError) as exc:  # ValueError: e.g. a NUL in the path
            return Reply(ident, "save", False, str(exc))
        return Reply(ident, "save", True, f"saved {path} (iteration {trainer.iteration:,})")

    def _measure(self, force: bool = False) -> None:
        """it/s over a window of RATE_SECONDS (the first after 0.2 s), or to the end of a run.

        A 50 ms window would jitter with every scheduling hiccup of a busy machine.
        """
        now, it = time.perf_counter(), self.trainer.iteration
        then, it0 = self._mark
        window = 0.2 if self._first else RATE_SECONDS
        if now - then >= window or (force and now > then and (self._first or now - then >= 0.05)):
            self.rate = (it - it0) / (now - then)
            self._mark = (now, it)
            self._first = False

    def _eta(self) -> float | None:
        """Seconds to the target at the mean rate since the run started.

        The mean, not the 1 s window: a busy neighbour for a second moves it little.
        """
        trainer = self.trainer
        if not trainer.running or self._run is None:
            return None
        (then, it0), now = self._run, time.perf_counter()
        if now - then < 0.2 or trainer.iteration <= it0:
            return None
        return (trainer.config.iterations - trainer.iteration) * (now - then) / (trainer.iteration - it0)

    def publish(self) -> None:
        if self.trainer.running:
            self._measure()
        self.conn.send(self.trainer.snapshot(rate=self.rate, ack=self.ack, eta=self._eta()))


def _child_main(conn: Connection, config: RunConfig, publish_hz: float, saved: dict | None) -> None:
    """Entry of the child process: silence it first, then serve."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the app
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # anything printed here would land over the app's screen
    os.dup2(devnull, 2)
    serve(conn, config, publish_hz=publish_hz, saved=saved)


def prepare() -> None:
    """Start multiprocessing's resource tracker while stderr is still a real file.

    Spawning from inside a running Textual app (stderr replaced) fails with
    "bad value(s) in fds_to_keep" unless the tracker already runs.
    """
    from multiprocessing import resource_tracker

    with contextlib.redirect_stderr(sys.__stderr__ or open(os.devnull, "w")):  # noqa: SIM115
        resource_tracker.ensure_running()


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
            ctx = multiprocessing.get_context("spawn")  # fork is unsafe in a threaded app
            ours, theirs = ctx.Pipe()
            self._runner = ctx.Process(
                target=_child_main, args=(theirs, self._config, self._publish_hz, self._saved), daemon=True
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
