"""The weights panel: every matrix as a grid of numbers on a diverging colour scale."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_nn.run.controller import Snapshot

# Diverging ramps, faint to strong: negative blues, positive reds. The sign is
# always printed, so the grid stays readable without colour (NO_COLOR).
NEGATIVE = ("#9fb8e8", "#6f9be8", "#3f7ef0", "#2060ff")
POSITIVE = ("#e8b09f", "#ec8a6c", "#f0643a", "#ff3a10")
MAX_ROWS, MAX_COLS = 24, 16
CELL = 6


def cell(value: float) -> str:
    """A space and five characters: +1.23, -56.1, +562, +1e4; nan and inf as words."""
    size = abs(value)
    if not np.isfinite(value):
        text = str(value)
    elif size < 9.995:
        text = f"{value:+.2f}"
    elif size < 99.95:
        text = f"{value:+.1f}"
    elif size < 9999.5:
        text = f"{value:+.0f}"
    else:
        mantissa, exponent = f"{value:+.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return " " + text.rjust(CELL - 1)


def style_for(value: float, scale: float) -> str:
    if not np.isfinite(value):
        return "bold reverse"
    level = min(int(abs(value) / scale * len(POSITIVE)), len(POSITIVE) - 1) if scale > 0 else 0
    ramp = POSITIVE if value > 0 else NEGATIVE
    return ramp[level] + (" bold" if level == len(ramp) - 1 else "")


def grid(matrix: np.ndarray, counts: np.ndarray | None = None) -> Text:
    """The matrix (or its direction-change counts) as lines of fixed-width cells."""
    rows, cols = matrix.shape
    finite = np.abs(matrix[np.isfinite(matrix)])
    scale = float(finite.max()) if finite.size else 1.0
    text = Text(no_wrap=True, overflow="ellipsis")
    for r in range(min(rows, MAX_ROWS)):
        if r:
            text.append("\n")
        for c in range(min(cols, MAX_COLS)):
            value = float(matrix[r, c])
            if counts is None:
                text.append(cell(value), style=style_for(value, scale))
            else:
                text.append(f"{int(counts[r, c]):>{CELL}d}", style=style_for(value, scale))
    if rows > MAX_ROWS or cols > MAX_COLS:
        text.append(f"\nshowing {min(rows, MAX_ROWS)}x{min(cols, MAX_COLS)} of {rows}x{cols}", style="dim")
    return text


class MatrixView(Static):
    """One matrix; redraws only when a shown digit changed (each redraw goes to the terminal)."""

    _plain = ""

    def show(self, title: str, subtitle: str, text: Text) -> None:
        self.border_title, self.border_subtitle = title, subtitle
        self.styles.min_width = len(title) + 6  # the title is the label: never cut it
        if text.plain != self._plain:
            # Fixed-width cells: the same lines and widths keep the size, so no layout pass is needed.
            widths = [len(line) for line in text.plain.split("\n")]
            resized = widths != [len(line) for line in self._plain.split("\n")]
            self._plain = text.plain
            self.update(text, layout=resized)


class WeightsPanel(VerticalScroll):
    """One titled grid per matrix (name and shape in its border title)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._layout: tuple = ()

    async def show(self, snapshot: Snapshot, counts: bool = False) -> None:
        """The grids; the architecture ('2 -> 8 tanh -> 1 sigmoid') goes in the panel's title."""
        self.border_title = f"Weights  {snapshot.diagram}" if snapshot.diagram else "Weights"
        layout = tuple((n, w.shape) for n, w in zip(snapshot.names, snapshot.weights))
        if layout != self._layout:
            self._layout = layout
            await self.remove_children()
            views = [MatrixView(classes="matrix") for _ in layout]
            await self.mount_all(views)
        what = "direction changes" if counts else ""
        for view, name, matrix, changes in zip(
            self.query(".matrix").results(MatrixView),
            snapshot.names,
            snapshot.weights,
            snapshot.direction_changes,
        ):
            title = f"{name} {matrix.shape[0]}x{matrix.shape[1]}"
            view.show(title, what, grid(matrix, changes if counts else None))
