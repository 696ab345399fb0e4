"""The right-hand view: the error curve, or one teaching panel in its place, and the keys it brings.

One view shows at a time (its ``-<view>`` class on the screen picks the panel in
``app.tcss``); pressing a view's key again goes back to the curve. A view's own
keys act, and show in the footer, only while it is shown, and the boundary's
key only for data with two inputs: ``allows`` is the app's ``check_action``.
Only the shown view's panel redraws, and a closed sweep stops its runs.
"""

from __future__ import annotations

from typing import Protocol

from tui_nn.app.host import Host
from tui_nn.app.widgets import keys
from tui_nn.app.widgets.boundary import BoundaryPanel
from tui_nn.app.widgets.explain import ExplainPanel
from tui_nn.app.widgets.landscape import LandscapePanel
from tui_nn.app.widgets.network import NetworkPanel
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.run.query import walkthrough

PLOT = "plot"  # the error curve, shown when no other view is
VIEWS = ("explain", "landscape", "boundary", "sweep", "network")


class ViewHost(Host, Protocol):
    """What ``ViewSwitch`` uses of the app besides Textual's side: the config (the sweep sweeps it)
    and its redraw (a new dataset row for the network view)."""

    config: RunConfig

    async def draw(self) -> None: ...


class ViewSwitch:
    """Which view the app shows; ``current`` is ``PLOT`` or one of ``VIEWS``."""

    def __init__(self, app: ViewHost) -> None:
        self.app = app
        self.current = PLOT
        self.row = 0  # the dataset row the network view shows (an index into the snapshot's rows)

    def toggle(self, view: str) -> None:
        """Show ``view`` instead of the error curve; when it shows already, the curve again."""
        if self.current == "sweep" and view != "sweep" or view == "sweep" == self.current:
            self.app.query_one(SweepPanel).stop()  # a closed sweep needs no CPU
        self.current = PLOT if self.current == view else view
        panel = self.app.query_one(NetworkPanel)
        if self.current != "network" and self.app.screen.focused is panel:
            self.app.screen.set_focus(None)  # a hidden panel keeps no focus (its arrows would act)
        for name in VIEWS:
            self.app.screen.set_class(self.current == name, f"-{name}")
        self.app.refresh_bindings()

    def allows(self, action: str, parameters: tuple[object, ...], inputs: int) -> bool:
        """Whether a key acts now, for data with ``inputs`` columns."""
        if (action, parameters) in keys.PLANE_ACTIONS:
            return inputs == 2 or self.current == "boundary"  # b leaves it too
        view = keys.VIEW_ACTIONS.get(action)
        return view is None or self.current == view

    async def move_row(self, delta: int, rows: int) -> None:
        """The network view's next (+1) or previous (-1) row of ``rows``, wrapping; the dataset panel
        highlights it."""
        self.row = (min(self.row, rows - 1) + delta) % rows
        await self.app.draw()

    def hint(self, snapshot: Snapshot) -> str:
        """The status line's hint when no message stands."""
        if snapshot.previous is not None and self.current == PLOT:
            return "e explains this step"
        if snapshot.state == "running":
            return "< > pace"
        if snapshot.iteration > snapshot.first or snapshot.latest is not None:
            return "← → home end: timeline"
        return ""

    def show(self, snapshot: Snapshot) -> None:
        """Redraw the shown view's panel (the curve has its own clock: see ``TrainerApp.draw``)."""
        app = self.app
        if self.current == "explain":
            app.query_one(ExplainPanel).show(*walkthrough(snapshot))
        elif self.current == "landscape":
            app.query_one(LandscapePanel).show(snapshot)
        elif self.current == "boundary":
            app.query_one(BoundaryPanel).show(snapshot)
        elif self.current == "sweep":
            panel = app.query_one(SweepPanel)
            panel.follow(app.config, snapshot.error is not None)
            panel.follow_run(snapshot.state)
        elif self.current == "network":
            app.query_one(NetworkPanel).show(snapshot, self.row)
