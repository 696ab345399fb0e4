"""Redrawing: the newest snapshot pushed to the panels, each region at the rate it can afford.

Every byte a redraw changes goes to the terminal (over SSH too). While running,
the status line follows every tick, the number panels at most ``PANELS_HZ`` and
the plot (the costliest region) at most ``PLOT_HZ``; the panels also skip a
redraw when nothing they show changed. Stopped, or at a slow pace (each new
iteration), all of it redraws at once. A key the worker has not answered within
``BUSY_SECONDS`` (one iteration of a big net can take seconds, and the loop
only reads between iterations) is said on the status line until it is.
"""

from __future__ import annotations

import contextlib
import time
from typing import Protocol

from textual.css.query import NoMatches

from tui_nn.app.host import Host
from tui_nn.app.playback import Playback
from tui_nn.app.views import ViewSwitch
from tui_nn.app.widgets.dataset import DatasetPanel
from tui_nn.app.widgets.error_plot import CurveReading, ErrorPlot
from tui_nn.app.widgets.predict import PredictPanel
from tui_nn.app.widgets.status import StatusLine
from tui_nn.app.widgets.weights import WeightsPanel
from tui_nn.run.controller import Snapshot
from tui_nn.worker.client import WorkerClient

BUSY_SECONDS = 0.5
BUSY = "the training process is busy in an iteration"


def busy_text(rate: float | None) -> str:
    """What the status line says while a key waits for the worker."""
    if rate is None or rate <= 0 or 1 / rate < 0.2:
        return f"{BUSY}: it answers after it"
    return f"{BUSY} (about {1 / rate:.1f} s each): it answers after it"


class RedrawHost(Host, Protocol):
    """What ``Redraw`` uses of the app besides Textual's side."""

    snapshot: Snapshot  # the newest snapshot from the worker
    show_counts: bool  # the weights panel shows direction-change counts
    views: ViewSwitch
    playback: Playback  # the pace: a slow one draws every iteration
    client: WorkerClient  # how long a key has waited for it


class Redraw:
    """The app's redraw clock: ``tick`` runs at its ``redraw_hz``, ``draw`` at once."""

    PANELS_HZ = 5.0
    PLOT_HZ = 3.0
    SLOW = 12.0  # it/s: at this pace or slower, every iteration redraws everything

    def __init__(self, app: RedrawHost) -> None:
        self.app = app
        self.frames = 0  # redraws done (for measuring the redraw rate)
        self.dirty = True  # something changed since the last redraw
        self.message = ""  # the status line's message, until another replaces it
        self._drawn = {"panels": 0.0, "plot": 0.0}
        self._iteration = -1  # the iteration drawn last

    def say(self, message: str) -> None:
        """Show ``message`` on the status line (until another; "" brings the view's hint back)."""
        if message != self.message:
            self.message = message
            self.dirty = True
            with contextlib.suppress(NoMatches):  # said at once: a key's answer is never a frame late
                self._status(self.app.snapshot)

    def _status(self, snap: Snapshot) -> None:
        app = self.app
        app.query_one(StatusLine).show(snap, self.message or snap.note, app.views.hint(snap))  # hint: last

    async def tick(self) -> None:
        waited = self.app.client.waiting()
        if waited > BUSY_SECONDS and self.app.client.stopped is None:
            self.say(busy_text(self.app.snapshot.rate))
        elif not waited and self.message.startswith(BUSY):
            self.say("")  # answered
        if self.dirty:
            await self.draw()

    def slow(self, snap: Snapshot) -> bool:
        """Is the pace at ``snap`` slow enough that each iteration, when running, is drawn in full?

        Read by the relay thread too: it then hands on every snapshot, none merged.
        """
        speed = self.app.playback.pace.speed(snap.iteration, snap.target)
        return speed is not None and speed <= self.SLOW

    async def draw(self) -> None:
        """Push the app's snapshot to the panels that are due; nothing once the app tears its screen
        down (at quit, a tick or a snapshot may still land: the panels are gone)."""
        with contextlib.suppress(NoMatches):
            await self._draw()

    async def _draw(self) -> None:
        app = self.app
        self.dirty = False
        self.frames += 1
        snap = app.snapshot
        now = time.monotonic()
        running = snap.state == "running"
        # At a slow pace every iteration is drawn in every panel as it lands (see each update).
        every = running and self.slow(snap) and snap.iteration != self._iteration
        self._iteration = snap.iteration
        app.views.follow(snap)  # the footer's b and c follow the run's data
        self._status(snap)
        if not running or every or now - self._drawn["panels"] >= 1 / self.PANELS_HZ:
            self._drawn["panels"] = now
            views = app.views
            app.query_one(DatasetPanel).show(snap, views.row if views.current == "network" else None)
            await app.query_one(WeightsPanel).show(snap, app.show_counts)
            app.query_one(PredictPanel).show(snap)
            app.query_one(CurveReading).show(snap)
            app.views.show(snap)
        if not running or every or now - self._drawn["plot"] >= 1 / self.PLOT_HZ:
            self._drawn["plot"] = now
            app.query_one(ErrorPlot).show(snap)
        app.screen.set_class(running, "-running")
