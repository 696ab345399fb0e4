"""The decision boundary panel: the network's output over its input plane, data points on top.

Half-block cells as in the landscape panel ("▀": one grid row in the foreground
over one in the background), on a blue (0) - grey (0.5) - orange (1) scale that
grows brighter from 0 to 1, in the terminal's own colours (``ramps``; blue -
magenta - brown in 16), dark enough that the points (bright ``●`` class 1, ``○``
class 0; ``@`` and ``o`` in ASCII) stay visible on it. The grid is one forward
pass (``tui_nn.boundary``) over copies of the snapshot's weights, in a thread
worker, at most ``HZ`` times a second; the app calls ``show`` at its panel rate
and the newest snapshot wins.
"""

from __future__ import annotations

import time
from functools import lru_cache

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tui_nn.app.glyphs import cells
from tui_nn.app.widgets.ramps import grey, ramp
from tui_nn.core.boundary import Boundary, boundary
from tui_nn.run.build import learner_from
from tui_nn.run.controller import Snapshot

# Output 0, 0.5 and 1, dark so the points' bright colours stand out on any cell, and each brighter
# than the last (the map reads low to high without its legend, and without colour as greys).
STOPS = ((25, 50, 130), (72, 72, 72), (160, 85, 15))
SIXTEEN = (4, 5, 3)  # blue, magenta, brown: darker to brighter in the VGA, xterm and Windows palettes
LEVELS = 32  # colours are quantised, so a redraw reuses a few dozen styles
POINTS = {True: ("●", "#ffb020"), False: ("○", "#60d0ff")}
HZ = 2.0  # while running; a redraw of a 120x40 panel is ~40 KB of 24-bit colour


def levels(outputs: np.ndarray) -> np.ndarray:
    """Each output's step on the 0..1 scale (outside it: clipped; NaN: -1, drawn grey)."""
    finite = np.isfinite(outputs)
    steps = np.rint(np.clip(np.where(finite, outputs, 0.0), 0.0, 1.0) * (LEVELS - 1)).astype(int)
    return np.where(finite, steps, -1)


@lru_cache(maxsize=8)
def palette(system: str | None) -> dict[int, str]:
    """Each step's colour for a terminal of colour ``system`` (-1, not finite: grey)."""
    return dict(enumerate(ramp(STOPS, LEVELS, system, SIXTEEN))) | {-1: grey(system)}


@lru_cache(maxsize=8)
def _styles(system: str | None) -> dict[tuple[int, int], Style]:
    colours = palette(system)
    return {(a, b): Style(color=colours[a], bgcolor=colours[b]) for a in colours for b in colours}


def available(snapshot: Snapshot) -> str:
    """Why there is no boundary for this snapshot ('' when there is one)."""
    if snapshot.x.shape[1] != 2:
        return f"the decision boundary needs two inputs; this data has {snapshot.x.shape[1]}"
    return ""


def points_of(snapshot: Snapshot) -> tuple[np.ndarray, np.ndarray | None]:
    """Training and test rows together: the plane spans them all."""
    x, y, x_test, y_test = snapshot.x, snapshot.y, snapshot.x_test, snapshot.y_test
    if x_test is None or not len(x_test) or y is None or y_test is None:
        return x, y
    return np.vstack([x, x_test]), np.vstack([y, y_test])


def compute(snapshot: Snapshot, columns: int, rows: int) -> Boundary:
    """The grid for ``snapshot``'s weights (runs in a worker thread)."""
    learner = learner_from(snapshot.config, snapshot.weights)
    return boundary(learner.predict, points_of(snapshot)[0], columns=columns, rows=rows)


def marks_of(grid: Boundary, x: np.ndarray, y: np.ndarray) -> dict[tuple[int, int], tuple[str, str]]:
    """(text line, column) -> (symbol, colour) of each training point inside the grid."""
    rows, cols = grid.outputs.shape
    fx = (x[:, 0] - grid.xs[0]) / (grid.xs[-1] - grid.xs[0]) * (cols - 1)
    fy = (x[:, 1] - grid.ys[0]) / (grid.ys[-1] - grid.ys[0]) * (rows - 1)
    marks = {}
    for c, r, target in zip(np.round(fx).astype(int), np.round(fy).astype(int), y[:, 0]):
        if 0 <= c < cols and 0 <= r < rows:
            marks[((rows - 1 - r) // 2, c)] = POINTS[bool(target >= 0.5)]
    return marks


def heatmap(
    steps: np.ndarray, marks: dict[tuple[int, int], tuple[str, str]], system: str | None = "truecolor"
) -> Text:
    """Levels (top row: highest y) as half blocks, the points on them, a legend; equal cells as runs.
    ``system``: the terminal's colours (Rich's name: ``console.color_system``)."""
    colours, styles = palette(system), _styles(system)
    text = Text(no_wrap=True, overflow="crop")
    text.append("output over x1 (x) and x2 (y)  ")
    for is_one in (True, False):
        symbol, ink = POINTS[is_one]
        text.append(cells(symbol), Style(color=ink, bold=True))
        text.append(f" target {int(is_one)}  ")
    text.append("\n")
    for line in range(len(steps) // 2):
        top, bottom = steps[2 * line], steps[2 * line + 1]
        run, run_style = 0, None
        for c in range(steps.shape[1]):
            mark = marks.get((line, c))
            style = styles[(top[c], bottom[c])] if mark is None else _mark_style(colours[top[c]], mark[1])
            if run and (mark is not None or style is not run_style):
                text.append("▀" * run, run_style)
                run = 0
            if mark is None:
                run, run_style = run + 1, style
            else:
                text.append(cells(mark[0]), style)
        if run:
            text.append("▀" * run, run_style)
        text.append("\n")
    text.append("output 0 ")
    for i in range(0, LEVELS, 3):
        text.append(" ", Style(bgcolor=colours[i]))
    text.append(" 1")
    return text


def _mark_style(background: str, ink: str) -> Style:
    return Style(color=ink, bgcolor=background, bold=True)


class BoundaryPanel(Static):
    """Shows the newest grid; asks for a new one when the weights moved, at most ``HZ`` a second."""

    BORDER_TITLE = "Decision boundary"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.grid: Boundary | None = None
        self.drawn_from: Snapshot | None = None  # the snapshot whose weights made ``grid``
        self.computed = 0  # grids computed (tests, measurements)
        self._snapshot: Snapshot | None = None
        self._asked: tuple | None = None
        self._picture: tuple | None = None
        self._last = 0.0

    def grid_size(self) -> tuple[int, int]:
        width, height = self.content_region.size
        return max(width, 3), max(2 * (height - 2), 2)

    def show(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        if not self.display or self.content_region.width < 3:
            return  # laid out on the next resize
        why = available(snapshot)
        if why:
            self.grid, self._picture = None, None
            self.update(Text(why, style="italic"))
            return
        columns, rows = self.grid_size()
        wanted = (snapshot.config, snapshot.iteration, snapshot.ack, columns, rows)
        now = time.monotonic()
        stopped = snapshot.state != "running"
        if wanted != self._asked and (stopped or now - self._last >= 1 / HZ):
            self._asked, self._last = wanted, now
            self.run_worker(
                lambda: (snapshot, compute(snapshot, columns, rows)),
                thread=True,
                exclusive=True,
                group="boundary",
                exit_on_error=False,
            )
        if self.grid is None:
            self.update(Text("drawing the boundary...", style="italic"))

    def on_resize(self) -> None:
        if self._snapshot is not None:
            self.show(self._snapshot)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        result = event.worker.result
        if event.worker.group == "boundary" and event.state == WorkerState.SUCCESS and result is not None:
            self.drawn_from, self.grid = result
            self.computed += 1
            steps = levels(self.grid.outputs[::-1])
            y = self.drawn_from.y
            marks = {} if y is None else marks_of(self.grid, self.drawn_from.x, y)
            picture = (steps.tobytes(), steps.shape, tuple(sorted(marks.items())))
            if picture != self._picture:  # every redraw goes to the terminal: only a changed one
                self._picture = picture
                text = heatmap(steps, marks, self.app.console.color_system)
                self.update(text, layout=False)  # its size is the layout's (1fr)
