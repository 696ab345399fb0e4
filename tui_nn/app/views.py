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
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.run.query import walkthrough

PLOT = "plot"  # the error curve, shown when no other view is
VIEWS = ("explain", "landscape", "boundary", "sweep")


class ViewHost(Host, Protocol):
    """What ``ViewSwitch`` uses of the app besides Textual's side: the config (the sweep sweeps it)."""

    config: RunConfig


class ViewSwitch:
    """Which view the app shows; ``current`` is ``PLOT`` or one of ``VIEWS``."""

    def __init__(self, app: ViewHost) -> None:
        self.app = app
        self.current = PLOT

    def toggle(self, view: str) -> None:
        """Show ``view`` instead of the error curve; when it shows already, the curve again."""
        if self.current == "sweep" and view != "sweep" or view == "sweep" == self.current:
            self.app.query_one(SweepPanel).stop()  # a closed sweep needs no CPU
        self.current = PLOT if self.current == view else view
        for name in VIEWS:
            self.app.screen.set_class(self.current == name, f"-{name}")
        self.app.refresh_bindings()

    def allows(self, action: str, parameters: tuple[object, ...], inputs: int) -> bool:
        """Whether a key acts now, for data with ``inputs`` columns."""
        if (action, parameters) in keys.PLANE_ACTIONS:
            return inputs == 2 or self.current == "boundary"  # b leaves it too
        view = keys.VIEW_ACTIONS.get(action)
        return view is None or self.current == view

    def hint(self, snapshot: Snapshot) -> str:
        """The status line's hint when no message stands."""
        return "e explains this step" if snapshot.previous is not None and self.current == PLOT else ""

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
            app.query_one(SweepPanel).follow(app.config, snapshot.error is not None)
