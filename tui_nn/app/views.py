"""The right-hand view: the error curve, or one teaching panel in its place, and the keys it brings.

One view shows at a time (its ``-<view>`` class on the screen picks the panel in
``app.tcss``); pressing a view's key again goes back to the curve. A view's own
keys act, and show in the footer, only while it is shown; the boundary's key
only for data with a plane (two inputs, or a 2-D dataset's engineered
features: ``tui_nn.run.plane``) and the confusion matrix's only for runs with
classes: ``allows`` is the app's ``check_action``. Pressed elsewhere, those two
keys say why on the status line (``why``). Only the shown view's panel redraws,
and a closed sweep stops its runs.
"""

from __future__ import annotations

from typing import Protocol

from tui_nn.app.host import Host
from tui_nn.app.widgets import keys
from tui_nn.app.widgets.boundary import BoundaryPanel, available
from tui_nn.app.widgets.confusion import ConfusionPanel, unavailable
from tui_nn.app.widgets.explain import ExplainPanel
from tui_nn.app.widgets.landscape import LandscapePanel
from tui_nn.app.widgets.network import NetworkPanel
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.run.plane import plane_of
from tui_nn.run.query import walkthrough

PLOT = "plot"  # the error curve, shown when no other view is
VIEWS = ("explain", "landscape", "boundary", "sweep", "network", "confusion")


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
        self._offers: tuple[bool, bool] | None = None  # (a plane, classes) of the run the footer shows

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

    def allows(self, action: str, parameters: tuple[object, ...], snapshot: Snapshot) -> bool:
        """Whether a key acts now, for the run of ``snapshot``."""
        if (action, parameters) in keys.PLANE_ACTIONS:
            return plane_of(snapshot.config) is not None or self.current == "boundary"  # b leaves it too
        if (action, parameters) in keys.CLASS_ACTIONS:
            return bool(snapshot.classes) or self.current == "confusion"
        view = keys.VIEW_ACTIONS.get(action)
        return view is None or self.current == view

    def follow(self, snapshot: Snapshot) -> None:
        """Redo the footer when the run shown gains or loses a plane or classes (b and c come and go
        with the data, which a new config only brings with its first snapshot)."""
        offers = (plane_of(snapshot.config) is not None, bool(snapshot.classes))
        if offers != self._offers:
            self._offers = offers
            self.app.refresh_bindings()

    @staticmethod
    def why(view: str, snapshot: Snapshot) -> str:
        """What the status line says when ``view``'s key cannot act on this run."""
        return available(snapshot) if view == "boundary" else unavailable(snapshot)

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
        elif self.current == "confusion":
            app.query_one(ConfusionPanel).show(snapshot)
