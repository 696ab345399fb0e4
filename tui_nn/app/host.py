"""What the app's helpers may use of Textual's side of the app, declared as a Protocol.

The helpers (``tui_nn.app.changes``, ``views``, ``redraw`` and ``sessions``) are
held by the ``TrainerApp`` and act on it. Each one extends ``Host`` with the
run's parts it uses (the config, the snapshot, ``send``...); the app satisfies
them by its shape, so no helper imports the app and the modules stay free of
import cycles. Only the calls the helpers make are declared.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen, ScreenResultCallbackType, ScreenResultType
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class Host(Protocol):
    """The Textual app calls the helpers make: panels, screens, notifications, the footer's keys."""

    @property
    def screen(self) -> Screen[object]: ...

    def query_one(self, selector: type[W]) -> W: ...

    def push_screen(
        self,
        screen: Screen[ScreenResultType],
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
    ) -> object: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None: ...

    def refresh_bindings(self) -> None: ...
