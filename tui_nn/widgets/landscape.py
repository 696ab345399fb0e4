"""The error landscape panel: a half-block heatmap of the error over two weights.

Each character cell shows two grid rows ("▀": top colour over bottom colour),
on a sequential scale (dark: low error, bright: high) with a legend. The
current point is ``●``, its path ``·``. The view (``LandscapeView``) decides
when the grid is stale; the grid itself (one vectorised numpy pass) runs in a
thread worker and comes back through ``on_worker_state_changed``.
"""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tui_nn.landscape import Landscape, Weight
from tui_nn.landscape_view import LandscapeView
from tui_nn.trainer import Snapshot

# Viridis-like stops, low to high.
RAMP = np.array([(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)], dtype=float)
LEGEND_CELLS = 12


def colour(t: float) -> str:
    """The ramp's colour at t in 0..1 (NaN: grey)."""
    if not np.isfinite(t):
        return "rgb(128,128,128)"
    pos = min(max(t, 0.0), 1.0) * (len(RAMP) - 1)
    i = min(int(pos), len(RAMP) - 2)
    r, g, b = RAMP[i] + (RAMP[i + 1] - RAMP[i]) * (pos - i)
    return f"rgb({int(r)},{int(g)},{int(b)})"


def weight_name(names: tuple[str, ...], weight: Weight) -> str:
    k, r, c = weight
    return f"{names[k]}[{r},{c}]"


def cell_of(grid: Landscape, x: float, y: float) -> tuple[int, int] | None:
    """(grid row from the top, column) of a point, or None outside the view."""
    cols, rows = len(grid.xs), len(grid.ys)
    c = round((x - grid.xs[0]) / (grid.xs[-1] - grid.xs[0]) * (cols - 1))
    r = round((y - grid.ys[0]) / (grid.ys[-1] - grid.ys[0]) * (rows - 1))
    if 0 <= c < cols and 0 <= r < rows:
        return rows - 1 - r, c
    return None


def heatmap(grid: Landscape, names: tuple[str, ...], path: list[tuple[float, float]]) -> Text:
    errors = grid.errors[::-1]  # the top row shows the highest value of the second weight
    finite = errors[np.isfinite(errors)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    scaled = (errors - lo) / (hi - lo) if hi > lo else np.zeros_like(errors)
    marks: dict[tuple[int, int], str] = {}
    for x, y in path:
        cell = cell_of(grid, x, y)
        if cell is not None:
            marks[(cell[0] // 2, cell[1])] = "·"
    here = cell_of(grid, *path[-1]) if path else None
    if here is not None:
        marks[(here[0] // 2, here[1])] = "●"
    text = Text(no_wrap=True, overflow="crop")
    span = (grid.xs[-1] - grid.xs[0]) / 2
    text.append(f"x {weight_name(names, grid.first)}  y {weight_name(names, grid.second)}  ±{span:g}\n")
    for line in range(len(errors) // 2):
        top, bottom = scaled[2 * line], scaled[2 * line + 1]
        for c in range(errors.shape[1]):
            mark = marks.get((line, c))
            if mark is None:
                text.append("▀", Style(color=colour(top[c]), bgcolor=colour(bottom[c])))
            else:
                text.append(mark, Style(color="white", bgcolor=colour(top[c]), bold=True))
        text.append("\n")
    text.append(f"low {lo:.4g} ")
    for i in range(LEGEND_CELLS):
        text.append(" ", Style(bgcolor=colour(i / (LEGEND_CELLS - 1))))
    text.append(f" {hi:.4g} high  ● now · path")
    return text


class LandscapePanel(Static):
    """Shows the newest grid with the point and its path; asks for a new grid when stale."""

    BORDER_TITLE = "Error landscape"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = LandscapeView()
        self.grid: Landscape | None = None
        self.computed = 0  # grids computed (tests, measurements)
        self._snapshot: Snapshot | None = None

    def grid_size(self) -> tuple[int, int]:
        width, height = self.content_region.size
        return max(width, 3), max(2 * (height - 2), 2)

    def show(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        if not self.display or self.content_region.width < 3:
            return  # laid out on the next resize
        why = self.view.available(snapshot)
        if why:
            self.grid = None
            self.update(Text(why, style="italic"))
            return
        columns, rows = self.grid_size()
        if self.view.follow(snapshot, columns, rows) or self.grid is None:
            compute = self.view.plan(snapshot, columns, rows)
            self.run_worker(compute, thread=True, exclusive=True, group="landscape", exit_on_error=False)
        self.redraw()

    def on_resize(self) -> None:
        if self._snapshot is not None:
            self.show(self._snapshot)

    def redraw(self) -> None:
        if self.grid is not None and self._snapshot is not None:
            self.update(heatmap(self.grid, self._snapshot.names, self.view.path))
        else:
            self.update(Text("computing the landscape...", style="italic"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "landscape" and event.state == WorkerState.SUCCESS:
            self.grid = event.worker.result
            self.computed += 1
            self.redraw()
