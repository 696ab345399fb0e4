"""The decision boundary panel: the network's output over its input plane, data points on top.

Half-block cells as in the landscape panel ("▀": one grid row in the foreground
over one in the background), on a blue (0) - grey (0.5) - orange (1) scale that
grows brighter from 0 to 1, in the terminal's own colours (``ramps``; blue -
magenta - brown in 16), dark enough that the points (bright ``●`` class 1, ``○``
class 0; ``@`` and ``o`` in ASCII; the legend names a classifier's two classes)
stay visible on it. A classifier of three classes or more is drawn as the class
it picks at each point instead, each in its colour, or letters without colour
(``boundary_classes``). The plane is the data's own (``tui_nn.run.plane``): the
two inputs, or x1, x2 under a 2-D dataset's engineered features, each grid
point fed through them and the data's standardization. The grid is one forward
pass (``tui_nn.boundary``) over copies of the snapshot's weights, in a thread
worker, at most ``HZ`` times a second; the app calls ``show`` at its panel rate
and the newest snapshot wins.
"""

from __future__ import annotations

import time

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tui_nn.app.glyphs import cells
from tui_nn.app.widgets import boundary_classes
from tui_nn.app.widgets.boundary_classes import NAME_ROOM, key_line
from tui_nn.app.widgets.classes import fit
from tui_nn.app.widgets.ramps import append_half_blocks, half_blocks, step_colours
from tui_nn.core import metrics
from tui_nn.core.boundary import Boundary, boundary
from tui_nn.run.build import learner_from
from tui_nn.run.controller import Snapshot
from tui_nn.run.plane import plane_of

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


def palette(system: str | None) -> dict[int, str]:
    """Each step's colour for a terminal of colour ``system`` (-1, not finite: grey)."""
    return step_colours(STOPS, LEVELS, system, SIXTEEN)


def _styles(system: str | None) -> dict[tuple[int, int], Style]:
    """The style of a half block for each (top step, bottom step)."""
    return half_blocks(STOPS, LEVELS, system, SIXTEEN)


def available(snapshot: Snapshot) -> str:
    """Why there is no boundary for this snapshot ('' when there is one)."""
    if plane_of(snapshot.config) is None:
        inputs = snapshot.x.shape[1]
        return f"the decision boundary needs two inputs (or a 2-D dataset's features); this data has {inputs}"
    return ""


def points_of(snapshot: Snapshot) -> tuple[np.ndarray, np.ndarray | None]:
    """Training and test rows together, as points of the data's plane: the grid spans them all."""
    where = plane_of(snapshot.config)
    assert where is not None
    y, y_test = snapshot.y, snapshot.y_test
    x, x_test = where.points(snapshot)
    if x_test is None or not len(x_test) or y is None or y_test is None:
        return x, y
    return np.vstack([x, x_test]), np.vstack([y, y_test])


def compute(snapshot: Snapshot, columns: int, rows: int) -> Boundary:
    """The grid for ``snapshot``'s weights over the data's plane (runs in a worker thread)."""
    learner, where = learner_from(snapshot.config, snapshot.weights), plane_of(snapshot.config)
    assert where is not None

    def predict(grid: np.ndarray) -> np.ndarray:
        return learner.predict(where.inputs(grid))

    with np.errstate(all="ignore"):
        return boundary(predict, points_of(snapshot)[0], columns=columns, rows=rows)


def marks_of(grid: Boundary, x: np.ndarray, y: np.ndarray) -> dict[tuple[int, int], int]:
    """(text line, column) -> the class (0/1 target, or the one-hot row's index) of each point
    inside the grid."""
    rows, cols = grid.outputs.shape
    fx = (x[:, 0] - grid.xs[0]) / (grid.xs[-1] - grid.xs[0]) * (cols - 1)
    fy = (x[:, 1] - grid.ys[0]) / (grid.ys[-1] - grid.ys[0]) * (rows - 1)
    marks = {}
    for c, r, target in zip(np.round(fx).astype(int), np.round(fy).astype(int), metrics.picked(y)):
        if 0 <= c < cols and 0 <= r < rows:
            marks[((rows - 1 - r) // 2, c)] = int(target)
    return marks


def heatmap(
    steps: np.ndarray,
    marks: dict[tuple[int, int], int],
    system: str | None = "truecolor",
    names: tuple[str, str] = ("x1", "x2"),
    classes: tuple[str, ...] = (),
) -> Text:
    """Levels (top row: highest y) as half blocks, the points on them, a legend; equal cells as runs.
    ``system``: the terminal's colours (Rich's name: ``console.color_system``); ``classes``: the two
    class names, for the legend (else ``target 1`` / ``target 0``)."""
    colours, styles = palette(system), _styles(system)
    text = Text(no_wrap=True, overflow="crop")
    over = f"output over {fit(names[0], NAME_ROOM)} (x) and {fit(names[1], NAME_ROOM)} (y)  "
    keys = [
        (cells(POINTS[one][0]), Style(color=POINTS[one][1], bold=True),
         classes[int(one)] if len(classes) == 2 else f"target {int(one)}")
        for one in (True, False)
    ]  # fmt: skip
    text.append_text(key_line(over, keys, steps.shape[1]))
    text.append("\n")
    for line in range(len(steps) // 2):
        top, bottom = steps[2 * line], steps[2 * line + 1]
        row: list[tuple[str | None, Style]] = []
        for c in range(steps.shape[1]):
            point = marks.get((line, c))
            if point is None:
                row.append((None, styles[(top[c], bottom[c])]))
            else:
                glyph, ink = POINTS[bool(point)]
                row.append((cells(glyph), _mark_style(colours[top[c]], ink)))
        append_half_blocks(text, row)
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
            self.update_picture(self.drawn_from, self.grid)

    def update_picture(self, snapshot: Snapshot, grid: Boundary) -> None:
        """Draw ``grid``: the output's levels, or for three classes or more the class picked at each
        point; only when the picture changed (every redraw goes to the terminal)."""
        where, classes = plane_of(snapshot.config), snapshot.classes
        if where is None:
            return
        units = grid.units if grid.units is not None else grid.outputs[..., None]
        many = len(classes) >= 3 and units.shape[-1] == len(classes)
        steps = boundary_classes.codes(units[::-1]) if many else levels(grid.outputs[::-1])
        y = snapshot.y  # the training rows are marked (the test rows only widen the plane)
        marks = {} if y is None else marks_of(grid, where.points(snapshot)[0], y)
        mono, system = self.app.no_color, self.app.console.color_system
        picture = (steps.tobytes(), steps.shape, tuple(sorted(marks.items())), many, mono, classes)
        if picture == self._picture:
            return
        self._picture = picture
        if many:
            text = boundary_classes.class_map(steps, marks, classes, where.names, system, mono)
        else:
            text = heatmap(steps, marks, system, where.names, classes)
        self.update(text, layout=False)  # its size is the layout's (1fr)
