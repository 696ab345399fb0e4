"""The explain panel: one iteration as the annotated tutorial prints it, stage by stage.

The stages come from ``tui_nn.explain`` (the engine's numbers); this panel only
lays them out: a bold label, the tutorial's one-line caption, then the matrix
with eight decimals, the way the tutorial's prints read. A column (one value per
example, as most stages of a one-output net are) is written across one line and
marked ``ᵀ``, so a whole step fits on a 40-row screen without scrolling. A matrix row is
never wrapped onto the next line (that would read as another row): the text is as wide as its
widest row and the panel scrolls sideways, and says so in its border when a row does not fit.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_nn.app.glyphs import prose
from tui_nn.core.explain import Stage

DECIMALS = 8


def matrix_lines(value: np.ndarray) -> list[str]:
    """Rows of a matrix as right-aligned columns of eight-decimal numbers (whole numbers as such).

    A column of several values comes back as one line ending in ``ᵀ`` (transposed).
    """
    rows = np.atleast_2d(value)
    column = rows.shape[1] == 1 and rows.shape[0] > 1
    if column:
        rows = rows.T
    whole = bool(np.all(np.isfinite(rows)) and np.all(rows == np.round(rows)))  # inputs: 0 and 1
    cells = [[f"{v:g}" if whole or not np.isfinite(v) else f"{v:.{DECIMALS}f}" for v in row] for row in rows]
    width = max(len(c) for row in cells for c in row)
    lines = ["  ".join(c.rjust(width) for c in row) for row in cells]
    return [lines[0] + " ᵀ"] if column else lines


def stages_text(title: str, stages: list[Stage]) -> Text:
    text = Text(no_wrap=True)
    text.append(title + "\n", style="bold reverse")
    for stage in stages:
        text.append(stage.label, style="bold underline")
        text.append(f"  {stage.caption}\n", style="italic dim")
        for line in matrix_lines(stage.value):
            text.append(f"  {prose(line)}\n")
    return text


WIDE_NOTE = "wide rows: tab here, then ← → scroll"


class ExplainPanel(VerticalScroll):
    """A walk-through that scrolls both ways; redrawn only when the stages change."""

    _key: object = None
    _widest = 0  # columns of the widest line shown
    BORDER_TITLE = "Explain the step"

    def compose(self) -> ComposeResult:
        yield Static(id="explain-text")

    def show(self, title: str, stages: list[Stage]) -> None:
        key = (title, tuple(s.label for s in stages), tuple(s.value.tobytes() for s in stages))
        if key != self._key:
            self._key = key
            text = stages_text(title, stages)
            self._widest = max((line.cell_len for line in text.split()), default=0)
            self.query_one("#explain-text", Static).update(text)
            self._mark()

    def on_resize(self) -> None:
        self._mark()

    def _mark(self) -> None:
        """Say in the border when a row is wider than the panel (it scrolls sideways, never wraps)."""
        self.border_subtitle = prose(WIDE_NOTE) if self._widest > self.scrollable_content_region.width else ""
