"""The sweep (alphas, or a grid of alphas x hidden sizes x seeds) in a child process of its own,
so the app's process only draws it.

A sweep trains one run per alpha (seven by default), or per grid cell and seed, for the whole target, which
would hold the app's interpreter for seconds to minutes. ``SweepClient`` starts
``live_sweep`` in a spawned child that sends a ``SweepProgress`` at most ``HZ``
times a second and once at the end; ``hold`` pauses it between chunks (the child
then waits on its pipe, using no CPU) and lets it go on; ``close`` ends it at
once (a closed view or a new sweep needs no CPU for the old one). No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

import numpy as np

from tui_nn.run.config import RunConfig
from tui_nn.run.grid import GridState, GridSweep, live_grid
from tui_nn.run.sweep import live_sweep
from tui_nn.worker.children import context, prepare
from tui_nn.worker.loop import WorkerError

HZ = 5.0
NICENESS = 10  # the sweep child yields the CPU to the app and its run (two cores: three busy processes)


CURVE_POINTS = 160  # a grid's curves are thinned to this many buckets each: 180 runs stay small to send


@dataclass(frozen=True)
class SweepProgress:
    """The sweep reached ``iteration``: each run's curve (starts, lo, hi) and the table so far;
    for a grid, ``grid`` too (its axes and every run's latest error)."""

    iteration: int
    curves: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
    marks: list[int]
    table: np.ndarray
    batched: bool
    done: bool
    grid: GridState | None = None


@dataclass(frozen=True)
class GridAxes:
    """A grid sweep's hidden sizes and seeds (None: the run's own)."""

    hiddens: list[int] | None
    seeds: list[int] | None


def thin(curve: tuple[np.ndarray, np.ndarray, np.ndarray], points: int) -> tuple[np.ndarray, ...]:
    """A curve's buckets merged to at most ``points`` (each keeps its min and max)."""
    starts, lo, hi = curve
    if len(starts) <= points:
        return curve
    idx = np.arange(0, len(starts), -(-len(starts) // points))
    return starts[idx], np.minimum.reduceat(lo, idx), np.maximum.reduceat(hi, idx)


def _steps(config: RunConfig, alphas: list[float], every: int, chunk: int, axes: GridAxes | None) -> Iterator:
    if axes is None:
        return live_sweep(config, alphas, every, chunk)
    return live_grid(config, alphas, axes.hiddens, axes.seeds, every, chunk)


def _child(
    conn: Connection, config: RunConfig, alphas: list[float], every: int, chunk: int, axes: GridAxes | None
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the app
    with contextlib.suppress(OSError, AttributeError):  # a background comparison: keys come first
        os.nice(NICENESS)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        with np.errstate(all="ignore"):
            last = 0.0
            for sweep, marks, table in _steps(config, alphas, every, chunk, axes):
                now = time.monotonic()
                done = sweep.iteration >= config.iterations
                command = conn.poll()  # a hold: the app is shown where the sweep stops
                if now - last >= 1 / HZ or done or command:
                    last = now
                    curves = [h.envelope() for h in sweep.histories]
                    grid = sweep.state() if isinstance(sweep, GridSweep) else None
                    if grid is not None:
                        curves = [thin(c, CURVE_POINTS) for c in curves]
                    progress = SweepProgress(
                        sweep.iteration, curves, list(marks), table.copy(), sweep.batched, done, grid
                    )
                    conn.send(progress)
                if command:
                    _wait_while_held(conn)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass
    except Exception:
        with contextlib.suppress(OSError):
            conn.send(WorkerError(traceback.format_exc()))


def _wait_while_held(conn: Connection) -> None:
    """Between chunks: take the app's ``hold`` commands; while the last one says hold, block on the
    pipe (a held sweep costs no CPU). A closed pipe ends the child (EOFError)."""
    held = False
    while conn.poll() or held:
        held = bool(conn.recv())


class SweepClient:
    """Start a sweep of ``config`` at ``alphas`` (and a grid's ``axes``) in a child process; ``poll``
    its newest progress."""

    def __init__(
        self,
        config: RunConfig,
        alphas: Sequence[float],
        every: int,
        chunk: int = 2000,
        axes: GridAxes | None = None,
    ):
        prepare()
        ctx = context()
        self._conn, theirs = ctx.Pipe(duplex=True)  # progress comes back; hold commands go out
        self.held = False
        self._process = ctx.Process(
            target=_child, args=(theirs, config, list(alphas), every, chunk, axes), daemon=True
        )
        self._process.start()
        theirs.close()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    @property
    def exitcode(self) -> int | None:
        return self._process.exitcode

    def poll(self, timeout: float) -> SweepProgress | WorkerError | None:
        """The newest progress sent within ``timeout`` (older ones dropped); an error at once."""
        latest = None
        try:
            if not self._conn.poll(timeout):
                return None
            while True:
                latest = self._conn.recv()
                if isinstance(latest, WorkerError) or getattr(latest, "done", False) or not self._conn.poll():
                    return latest
        except (EOFError, OSError):
            return latest

    def hold(self, held: bool) -> None:
        """Pause the sweep after its current chunk (True) or let it go on (False)."""
        if held != self.held and self._process.is_alive():
            self.held = held
            with contextlib.suppress(OSError):
                self._conn.send(held)

    def close(self) -> None:
        """End the sweep now (it holds nothing worth waiting for)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join(1.0)
        with contextlib.suppress(OSError):
            self._conn.close()
