"""The training worker: a child process running the RunController, talking over a Pipe.

Why a child process and not a thread: a redraw holds the app's interpreter ~17 ms,
10-15 times a second. A thread worker trained at 0.73x of its solo rate and keys
waited ~50 ms behind it; a child trains at 0.96-0.99x with keys at ~1 ms (120x40,
under a pty). The cost is a process start (~0.15 s, hidden behind Textual's: the
fork server starts before Textual is imported) and pickling snapshots: ~50 KB at
most for a small net (the history is a bounded envelope), ``PUBLISH_HZ`` a second.

Protocol. The app sends ``(id, command, argument)`` tuples; the loop applies
them between chunks and answers with a ``Snapshot`` whose ``ack`` is the last id
applied (so "after one space" is "the snapshot with that ack"). While running it
publishes at most ``PUBLISH_HZ`` snapshots a second; chunks adapt to take about
``CHUNK_SECONDS`` so commands (pause, quit) are seen within a few ms; one slow
iteration (a big net) trains in a thread while the loop answers a pause at once
(``tui_nn.worker.long_chunk``). Errors inside the loop come back as ``WorkerError`` instead of a
traceback over the screen. ``save`` writes the session here, where the Learner
lives, between two chunks (so it works while running), and answers a ``Reply``
(saved, or why not); ``load`` takes a session the app has already checked.
A changed run is checkpointed about once a second, and a heartbeat says the
process lives (``tui_nn.worker.protocol``). The app's side of the pipe is
``tui_nn.worker.client.WorkerClient``. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import traceback
from dataclasses import replace
from multiprocessing.connection import Connection

import numpy as np

from tui_nn.core.validation import Invalid
from tui_nn.io import session
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import RunController, Snapshot
from tui_nn.run.pace import MAX, Pace
from tui_nn.worker.long_chunk import SLOW_SECONDS, LongChunk
from tui_nn.worker.protocol import COMMANDS, Answer, Beat, Channel, Checkpoint, Reply, WorkerError

PUBLISH_HZ = 20
CHUNK_SECONDS = 0.01
RATE_SECONDS = 1.0
SNAPSHOT_RATE = 32e6  # bytes a second of snapshots at most: a net of millions of weights is shown less often

__all__ = ["COMMANDS", "PUBLISH_HZ", "Beat", "Checkpoint", "Reply", "WorkerError", "child_main", "serve"]


def serve(
    conn: Connection, config: RunConfig, *, publish_hz: float = PUBLISH_HZ, saved: dict | None = None
) -> None:
    """The loop: apply commands, train while running, publish snapshots.

    ``saved`` (a session's ``Learner.state()``) continues that run instead of a new one.
    """
    with np.errstate(all="ignore"), Channel(conn) as channel:  # errstate is per thread: set it here
        try:
            _Loop(channel, config, publish_hz, saved).run()
        except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
            pass  # the app went away: nothing left to tell
        except Exception:
            with contextlib.suppress(OSError):
                channel.send(WorkerError(traceback.format_exc()))


class _Loop:
    def __init__(self, channel: Channel, config: RunConfig, publish_hz: float, saved: dict | None = None):
        self.channel = channel
        self.conn = channel.conn  # read here; every send goes through the channel (the heartbeat's lock)
        self.trainer = RunController(config, saved)
        self.interval = 1.0 / publish_hz
        self.gap = (
            self.interval
        )  # between two snapshots while running: longer for a big net's (SNAPSHOT_RATE)
        self.ack = 0
        self.chunk = 1  # grows (doubling) toward CHUNK_SECONDS: a big net's first chunk is one iteration
        self.rate: float | None = None
        self.quit = False
        self._mark = (time.perf_counter(), self.trainer.iteration)
        self._first = True  # no rate measured yet in this run
        self._run: tuple[float, int] | None = None  # (time, iteration) this run started at
        self.pace: Pace = MAX
        self.position = 0.0  # where the pace has brought the run (a fraction of an iteration carried)
        self._tick = time.perf_counter()  # when ``position`` was last moved
        self._per: float | None = None  # seconds one iteration of this net took (None: not timed yet)
        self._paused_early = False  # a pause was answered while a long chunk ran: applied after it
        self._built: Snapshot | None = None  # the snapshot a long chunk's thread took after it

    def run(self) -> None:
        conn, trainer = self.conn, self.trainer
        self.publish()
        last = time.perf_counter()
        while not self.quit:
            if not trainer.running:
                due = self.checkpoint()  # idle: checkpoint what changed, then wait to be told something
                if due is not None and not conn.poll(due):
                    continue
                self.handle(conn.recv())
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
                due = self._due()
                if due <= 0:  # a slow pace: wait for the next iteration, or a command
                    wait = self.pace.wait(self.position, trainer.config.iterations)
                    conn.poll(max(0.0, min(wait, self.interval)))
                    continue
                started = time.perf_counter()
                done, waiting = self._train(min(due, self.chunk))
                if self.quit:
                    break
                seconds = time.perf_counter() - started
                if done >= self.chunk:
                    self._adapt(seconds)
                self._per = seconds / done if done else self._per
                if self._paused_early:
                    trainer.pause()
                    self._paused_early, answered = False, True
                for message in waiting:  # what came during the chunk, in order
                    self.handle(message)
                    answered = True
                self.position = min(self.position, trainer.iteration + self.chunk)  # a slow machine lags
                if not trainer.running:  # reached the target or diverged: the run's final rate
                    self._measure(force=True)
            now = time.perf_counter()
            slow = (self.pace.speed(trainer.iteration, trainer.config.iterations) or 1e9) <= 2 / self.interval
            if answered or slow or not trainer.running or now - last >= self.gap:
                self.publish(every=slow)  # at a slow pace every iteration is published
                last = now
            self._built = None  # a long chunk's snapshot is for the publish right after it only

    def _train(self, n: int) -> tuple[int, list[tuple]]:
        """Train a chunk of ``n`` iterations; returns how many ran and the commands that came meanwhile.

        A chunk of one iteration that is slow (or not yet timed: a new net) trains in a thread,
        and the loop answers a pause at once (``tui_nn.worker.long_chunk``)."""
        if n > 1 or self._per is not None and self._per < SLOW_SECONDS:
            return self.trainer.run_chunk(n), []
        trainer = self.trainer

        def chunk_and_snapshot(k: int) -> int:  # the snapshot too: a big net's takes most of a second
            done = trainer.run_chunk(k)
            self._built = trainer.snapshot(pace=str(self.pace))
            return done

        done, waiting, _ = LongChunk(chunk_and_snapshot, n).wait(self.conn, self._early)
        if waiting:
            self._built = None  # the commands that waited change what the next snapshot shows
        return done, waiting

    def _early(self, ident: int, command: str) -> str:
        """Read while a long chunk trains: a pause is answered now, a quit ends, the rest wait."""
        if command == "quit":
            self.quit = True
            return "quit"
        if command == "pause" or command == "toggle" and not self._paused_early:
            self._paused_early, self.ack = True, ident
            self.channel.send(Answer(ident, "paused"), "answer")
            return "answered"
        return "defer"

    def _due(self) -> int:
        """Iterations the pace allows now (a chunk at full speed)."""
        now, trainer = time.perf_counter(), self.trainer
        self.position = self.pace.due(
            self.position, trainer.iteration, trainer.config.iterations, now - self._tick
        )
        self._tick = now
        if self.pace.full_speed:
            return self.chunk
        return int(self.position) - trainer.iteration

    def _adapt(self, seconds: float) -> None:
        """Aim each chunk at CHUNK_SECONDS, whatever one iteration costs."""
        if seconds <= 0:
            self.chunk = min(self.chunk * 2, 1 << 16)
            return
        wanted = self.chunk * CHUNK_SECONDS / seconds  # down at once to what fits, up by doubling
        self.chunk = int(min(max(wanted, 1), self.chunk * 2, 1 << 16))

    def handle(self, message: tuple) -> None:
        ident, command, argument = message
        trainer = self.trainer
        plain = {"run": trainer.start, "pause": trainer.pause, "reset": trainer.reset, "undo": trainer.undo}
        if command in plain:
            plain[command]()
        elif command == "step":
            trainer.step(argument)
        elif command == "toggle":
            trainer.pause() if trainer.running else trainer.start()
        elif command == "config":
            trainer.apply(argument)
        elif command == "rows":
            trainer.show_rows(argument)
        elif command == "pace":
            self.pace = argument
        elif command == "view":
            trainer.move(*argument)
        elif command == "save":
            self.channel.send(self._save(ident, argument))
        elif command == "load":
            trainer.restore(*argument)
        elif command == "quit":
            self.quit = True
        if command in ("step", "config", "reset", "load", "undo"):
            self.rate = None  # a rate belongs to a run; a stepped or new net has none
            self._run = None
        if command in ("config", "load", "undo"):
            self.chunk, self._per = 1, None  # another net: one iteration may cost anything, so time it afresh
        if trainer.running and (command in ("run", "toggle") or self._run is None):
            # A change that keeps the run going (alpha) times it afresh: its ETA stays on the status line.
            self._mark = self._run = (time.perf_counter(), trainer.iteration)
            self._first = True
        if command in ("run", "toggle", "pace"):
            self.position, self._tick = float(trainer.iteration), time.perf_counter()
        self.ack = ident

    def _save(self, ident: int, path: str) -> Reply:
        trainer = self.trainer
        try:
            session.save(path, trainer.config, trainer.training, trainer.timeline)
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
        paced = self.pace.eta(trainer.iteration, trainer.config.iterations)
        (then, it0), now = self._run, time.perf_counter()
        if now - then < 0.2 or trainer.iteration <= it0:
            return paced
        measured = (trainer.config.iterations - trainer.iteration) * (now - then) / (trainer.iteration - it0)
        return measured if paced is None or self.pace.mode == "fixed" and measured > paced else paced

    def publish(self, every: bool = False) -> None:
        """Send a snapshot; one still waiting to be written is replaced by it unless ``every``."""
        built, self._built, trainer = self._built, None, self.trainer
        if trainer.running:
            self._measure()
        if built is not None:  # taken after the long chunk, in its thread: only the loop's own fields change
            snapshot = replace(built, state=trainer.state, rate=self.rate, ack=self.ack, eta=self._eta())
        else:
            snapshot = trainer.snapshot(rate=self.rate, ack=self.ack, eta=self._eta(), pace=str(self.pace))
        self.channel.send(snapshot, "" if every else "snapshot")
        size = sum(a.nbytes for a in (*snapshot.weights, *snapshot.direction_changes))
        self.gap = max(self.interval, size / SNAPSHOT_RATE)
        if trainer.running:
            self.checkpoint()

    def checkpoint(self) -> float | None:
        """Send a checkpoint of the run if it changed and one is due; else seconds until one is
        (None: the last one is of this state already)."""
        training, config = self.trainer.training, self.trainer.config
        key = (id(training), training.iteration, config)
        due = self.channel.checkpoint_due(key)
        if due == 0:
            started = time.perf_counter()
            self.channel.send_checkpoint(key, config, training.state(), started)
            return None
        return due


def child_main(conn: Connection, config: RunConfig, publish_hz: float, saved: dict | None) -> None:
    """Entry of the child process: silence it first, then serve."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the app
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # anything printed here would land over the app's screen
    os.dup2(devnull, 2)
    serve(conn, config, publish_hz=publish_hz, saved=saved)
