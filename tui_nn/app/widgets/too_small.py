"""The one line shown in place of the panels when the terminal is below the smallest usable size.

Below ``MIN_SIZE`` the panels would collapse into unreadable slivers, so the
screen gets the ``-too-small`` class (``app.tcss`` hides the rest and shows this
line, centred). The widget checks the screen's size after every layout pass
(Textual's breakpoints look at one axis each; this needs both).
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

MIN_SIZE = (60, 20)  # columns, rows: the controls, the dataset and a curve still read


def too_small(width: int, height: int) -> bool:
    """Whether a ``width`` x ``height`` terminal is below ``MIN_SIZE``."""
    return width < MIN_SIZE[0] or height < MIN_SIZE[1]


class TooSmall(Static):
    """``terminal too small: 60x20 needed``, shown (and the rest hidden) on a too small screen."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(Text(f"terminal too small: {MIN_SIZE[0]}x{MIN_SIZE[1]} needed"), id=id)

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._follow)
        self._follow(self.screen)

    def on_unmount(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    def _follow(self, screen: Screen) -> None:
        screen.set_class(too_small(*screen.size), "-too-small")
