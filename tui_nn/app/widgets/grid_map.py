"""A grid sweep's heatmap: alphas down, hidden sizes across, colour = the median final error.

Each cell is three characters of one colour step (log scale, dark low and bright
high, on the landscape's ramp, with a shade glyph per step so it reads without
colour too); a cell whose every seed diverged is a grey ``x``. A legend gives the
range. Focused (tab), the arrows move the selected cell (``[ ]`` around it) and the
lines under the map list its seeds' final errors, which ``Selected`` tells the sweep
panel (it overlays those seeds' curves).
"""

from __future__ import annotations

import math

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui_nn.app.widgets.landscape import LEVELS, SIXTEEN, STOPS
from tui_nn.app.widgets.ramps import step_colours
from tui_nn.io.grid_report import cell_text, short_error
from tui_nn.run.grid import GridState, cells

SHADES = "░▒▓█"  # low to high, drawn in the step's colour: the order survives NO_COLOR
CELL = 3


def levels(median: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Each cell's colour step (-1: no finite median) on a log scale over the finite medians."""
    finite = np.isfinite(median) & (median > 0)
    if not finite.any():
        return np.full(median.shape, -1), math.nan, math.nan
    logs = np.log10(np.where(finite, median, 1.0))
    low, high = float(logs[finite].min()), float(logs[finite].max())
    span = high - low if high > low else 1.0
    steps = np.rint((logs - low) / span * (LEVELS - 1)).astype(int)
    return np.where(finite, steps, -1), 10**low, 10**high


class GridMap(Static, can_focus=True):
    """The heatmap of one ``GridState``; ``selected`` is the (alpha row, hidden column) cell."""

    BINDINGS = [
        Binding("up", "move(0, -1)", "α", key_display="↑↓"),
        Binding("down", "move(0, 1)", "α", show=False),
        Binding("left", "move(-1, 0)", "hidden", key_display="←→"),
        Binding("right", "move(1, 0)", "hidden", show=False),
    ]

    class Selected(Message):
        """The selected cell changed: ``runs`` are its seeds' run indices."""

        def __init__(self, cell: tuple[int, int], runs: list[int]) -> None:
            super().__init__()
            self.cell, self.runs = cell, runs

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.grid: GridState | None = None
        self.selected = (0, 0)
        self.span = (0, 0)  # (alphas, hidden sizes) the arrows move over: known before a first state

    def show(self, grid: GridState | None, span: tuple[int, int] = (0, 0)) -> None:
        """Draw ``grid``, keeping the selected cell inside it; None draws nothing, and ``span`` is
        (alphas, hidden sizes) of the grid on its way (the arrows move the selection before it comes)."""
        self.grid = grid
        self.span = grid.shape[:2] if grid is not None else span
        if grid is not None:
            a, h = self.span
            self.selected = (min(self.selected[0], a - 1), min(self.selected[1], h - 1))
        self.update(self.picture())

    def runs_of(self, cell: tuple[int, int]) -> list[int]:
        if self.grid is None:
            return []
        return [self.grid.run_index(cell[0], cell[1], s) for s in range(len(self.grid.seeds))]

    def action_move(self, dx: int, dy: int) -> None:
        a, h = self.span
        if not a or not h:
            return
        row, col = self.selected
        self.selected = (min(max(row + dy, 0), a - 1), min(max(col + dx, 0), h - 1))
        self.update(self.picture())
        self.post_message(self.Selected(self.selected, self.runs_of(self.selected)))

    def on_focus(self) -> None:
        self.update(self.picture())

    def on_blur(self) -> None:
        self.update(self.picture())

    def picture(self) -> Text:
        """The map, its legend and the selected cell's seeds."""
        grid = self.grid
        text = Text(no_wrap=True)
        if grid is None:
            return text
        summary = cells(grid.final, grid.shape)
        steps, low, high = levels(summary.median)
        colours = step_colours(STOPS, LEVELS, self.app.console.color_system, SIXTEEN)
        width = max(len(f"{a:g}") for a in grid.alphas)
        text.append("α\\H".ljust(width + 2), "bold")
        for label in grid.labels:
            text.append(f"{label[:CELL]:^{CELL}} ", "bold")
        text.append("\n")
        for a, alpha in enumerate(grid.alphas):
            text.append(f"{alpha:>{width}g}  ")
            for h in range(len(grid.labels)):
                step = int(steps[a, h])
                chosen = (a, h) == self.selected
                glyph = "x" if step < 0 else SHADES[min(step * len(SHADES) // LEVELS, len(SHADES) - 1)]
                body = glyph * (CELL - 2) if chosen else glyph * CELL
                style = Style(color=colours[step])
                if chosen:
                    mark = Style(bold=True, reverse=self.has_focus)
                    text.append("[", mark).append(body, style).append("]", mark)
                else:
                    text.append(body, style)
                text.append(" ")
            text.append("\n")
        if math.isfinite(low):
            text.append("low ")
            for i in range(0, LEVELS, LEVELS // 8):
                text.append(SHADES[i * len(SHADES) // LEVELS], Style(color=colours[i]))
            text.append(f" high (log)\n{short_error(low)} .. {short_error(high)}\n")
        a, h = self.selected
        seeds = len(grid.seeds)
        summary_line = cell_text(
            float(summary.median[a, h]), float(summary.low[a, h]), float(summary.high[a, h]),
            int(summary.diverged[a, h]), seeds,
        )  # fmt: skip
        text.append(f"α {grid.alphas[a]:g}, H {grid.labels[h]}: ", "bold").append(f"{summary_line}\n")
        for s, seed in enumerate(grid.seeds):
            r = grid.run_index(a, h, s)
            at = grid.diverged_at[r]
            value = f"diverged at {at:,}" if at is not None else short_error(float(grid.final[r]))
            text.append(f"seed {seed:<4} {value}\n")
        text.rstrip()
        return text
