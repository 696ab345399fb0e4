"""The error landscape panel: a half-block heatmap of the error over two weights.

Each character cell shows two grid rows ("▀": top colour over bottom colour),
on a sequential scale (dark: low error, bright: high, in the terminal's own
colours: ``ramps``) with a legend. The current point is ``●``, its path ``·``
(``@`` and ``.`` where the font has only ASCII: ``tui_nn.app.glyphs``). A
field above the map names the two weights and the span (``synapse_0[0,1]
synapse_1[2,0] 10``); the app's ``x``/``y`` keys step either weight through the
net. The view (``LandscapeView``) decides when the grid is stale; the grid itself
(one vectorised numpy pass) runs in a thread worker and comes back through
``on_worker_state_changed``.
"""

from __future__ import annotations

import time

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from tui_nn.app.glyphs import cells, prose
from tui_nn.app.plain import PlainLabel
from tui_nn.app.widgets.controls import EditField
from tui_nn.app.widgets.ramps import append_half_blocks, half_blocks, step_colours
from tui_nn.core.landscape import Landscape, parse_view, weight_label
from tui_nn.core.validation import Invalid
from tui_nn.run.controller import Snapshot
from tui_nn.run.landscape_view import LandscapeView

# Viridis-like stops, low to high.
STOPS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
# In 16 colours: black, blue, magenta, cyan, bright green, bright yellow, darker to brighter in the
# VGA (Linux console), xterm and Windows palettes alike.
SIXTEEN = (0, 4, 5, 6, 10, 11)
LEGEND_CELLS = 12
LEVELS = 24  # colour steps of the map
RUNNING_REDRAW_SECONDS = 0.5  # while training runs, the point moves over the map at most this often


def palette(system: str | None) -> dict[int, str]:
    """Each colour step's colour for a terminal of colour ``system`` (-1, not finite: grey)."""
    return step_colours(STOPS, LEVELS, system, SIXTEEN)


def _styles(system: str | None) -> dict[tuple[int, int], Style]:
    """The style of a half block for each (top step, bottom step)."""
    return half_blocks(STOPS, LEVELS, system, SIXTEEN)


def cell_of(grid: Landscape, x: float, y: float) -> tuple[int, int] | None:
    """(grid row from the top, column) of a point, or None outside the view."""
    cols, rows = len(grid.xs), len(grid.ys)
    c = round((x - grid.xs[0]) / (grid.xs[-1] - grid.xs[0]) * (cols - 1))
    r = round((y - grid.ys[0]) / (grid.ys[-1] - grid.ys[0]) * (rows - 1))
    if 0 <= c < cols and 0 <= r < rows:
        return rows - 1 - r, c
    return None


def marks_of(grid: Landscape, path: list[tuple[float, float]]) -> dict[tuple[int, int], str]:
    """Character cells (line, column) of the path ``·`` and the current point ``●``."""
    marks: dict[tuple[int, int], str] = {}
    for x, y in path:
        cell = cell_of(grid, x, y)
        if cell is not None:
            marks[(cell[0] // 2, cell[1])] = cells("·")
    here = cell_of(grid, *path[-1]) if path else None
    if here is not None:
        marks[(here[0] // 2, here[1])] = cells("●")
    return marks


def levels(errors: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Each error as one of LEVELS colour steps (-1: not finite), with the range they span.

    Steps instead of a continuous ramp let neighbouring cells share a style, so a
    row is a few runs of "▀" rather than one escape sequence per cell: a redraw
    costs the terminal (and an SSH link) a fraction of the bytes.
    """
    finite = errors[np.isfinite(errors)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    scaled = (errors - lo) / (hi - lo) if hi > lo else np.zeros_like(errors)
    with np.errstate(invalid="ignore"):
        steps = np.rint(np.clip(scaled, 0.0, 1.0) * (LEVELS - 1))
    return np.where(np.isfinite(errors), steps, -1).astype(int), lo, hi


def heatmap(
    grid: Landscape,
    names: tuple[str, ...],
    marks: dict[tuple[int, int], str],
    system: str | None = "truecolor",
) -> Text:
    """The map on a terminal of colour ``system`` (Rich's name: ``console.color_system``)."""
    steps, lo, hi = levels(grid.errors[::-1])  # the top row shows the highest value of the second weight
    colours, styles = palette(system), _styles(system)
    text = Text(no_wrap=True, overflow="crop")
    span = (grid.xs[-1] - grid.xs[0]) / 2
    first, second = weight_label(names, grid.first), weight_label(names, grid.second)
    text.append(f"x {first}  y {second}  {prose('±')}{span:g}\n")
    for line in range(len(steps) // 2):
        top, bottom = steps[2 * line], steps[2 * line + 1]
        row: list[tuple[str | None, Style]] = []
        for c in range(steps.shape[1]):
            mark = marks.get((line, c))
            row.append((mark, styles[(top[c], bottom[c])] if mark is None else _mark_style(colours[top[c]])))
        append_half_blocks(text, row)
        text.append("\n")
    text.append(f"low {lo:.4g} ")
    for i in range(LEGEND_CELLS):
        text.append(" ", Style(bgcolor=colours[round(i / (LEGEND_CELLS - 1) * (LEVELS - 1))]))
    text.append(cells(f" {hi:.4g} high  ● now · path"))
    return text


def _mark_style(background: str) -> Style:
    return Style(color="white", bgcolor=background, bold=True)


def view_text(view: LandscapeView, names: tuple[str, ...]) -> str:
    """The field's text for the view in hand: 'first second span'."""
    if view.pair is None:
        return ""
    first, second = (weight_label(names, w) for w in view.pair)
    return f"{first} {second} {view.span:g}"


class LandscapePanel(Vertical):
    """The weights field over the map; shows the newest grid, asks for a new one when stale."""

    BORDER_TITLE = "Error landscape"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = LandscapeView()
        self.grid: Landscape | None = None
        self.computed = 0  # grids computed (tests, measurements)
        self._snapshot: Snapshot | None = None
        self._computing = False
        self._drawn: tuple | None = None  # (grid id, marks) on screen
        self._drawn_at = 0.0

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("weights", classes="field-label")
            yield EditField("", compact=True, id="landscape-pair", error="landscape-error")
        yield PlainLabel(id="landscape-error", classes="field-error")
        yield Static(id="landscape-map")

    @property
    def map(self) -> Static:
        return self.query_one("#landscape-map", Static)

    def grid_size(self) -> tuple[int, int]:
        width, height = self.map.content_region.size
        return max(width, 3), max(2 * (height - 2), 2)

    def show(self, snapshot: Snapshot) -> None:
        """Follow ``snapshot`` once the layout is current (the view may have just been opened)."""
        self._snapshot = snapshot
        self.call_after_refresh(self._follow)

    def _follow(self) -> None:
        snapshot = self._snapshot
        if snapshot is None or not self.display or self.map.content_region.width < 3:
            return  # laid out on the next resize
        why = self.view.available(snapshot)
        if why:
            self.grid = None
            self.map.update(Text(why, style="italic"))
            return
        columns, rows = self.grid_size()
        if self.view.follow(snapshot, columns, rows) or (self.grid is None and not self._computing):
            self._computing = True
            compute = self.view.plan(snapshot, columns, rows)
            self.run_worker(compute, thread=True, exclusive=True, group="landscape", exit_on_error=False)
        self._show_field()
        self.redraw()

    def cycle(self, axis: int, step: int = 1) -> None:
        """Map the next weight on one axis (keys x and y)."""
        self.view.cycle(axis, step)
        self.show_error("")
        self._follow()

    def on_resize(self) -> None:
        self.call_after_refresh(self._follow)  # the map inside is laid out after the panel

    def redraw(self) -> None:
        """Draw the map if the picture changed (a new grid, or the point entered another cell).

        A redraw repaints the whole map on the terminal, so an unchanged picture is
        not redrawn, and while training runs the point moves at most every
        ``RUNNING_REDRAW_SECONDS`` (full-speed training shares the machine's cores).
        """
        grid, snapshot = self.grid, self._snapshot
        if grid is None or snapshot is None or (grid.first, grid.second) != self.view.pair:
            self._drawn = None
            self.map.update(Text("computing the landscape...", style="italic"))
            return
        marks = marks_of(grid, self.view.path)
        picture = (id(grid), tuple(sorted(marks.items())))
        now = time.monotonic()
        if picture == self._drawn:
            return
        fresh = self._drawn is None or self._drawn[0] != picture[0]
        if not fresh and snapshot.state == "running" and now - self._drawn_at < RUNNING_REDRAW_SECONDS:
            return
        self._drawn, self._drawn_at = picture, now
        self.map.update(heatmap(grid, snapshot.names, marks, self.app.console.color_system))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "landscape" or not event.worker.is_finished:
            return
        self._computing = False
        if event.state == WorkerState.SUCCESS:
            self.grid = event.worker.result
            self.computed += 1
            self.redraw()

    # -- the weights field ---------------------------------------------------
    def _show_field(self) -> None:
        box = self.query_one("#landscape-pair", EditField)
        if self._snapshot is not None:
            text = view_text(self.view, self._snapshot.names)
            if box.has_focus:
                box.applied = text  # what the user is typing stays until applied
            else:
                box.show_applied(text)

    def edited(self, text: str) -> bool:
        """Take a typed pair (and span); a bad one gets a message, changes nothing and is selected
        for a fresh entry. Returns whether the text was taken (or held nothing new)."""
        snapshot = self._snapshot
        if (
            snapshot is None
            or self.view.available(snapshot)
            or text.strip() == view_text(self.view, snapshot.names)
        ):
            return True
        shapes = [w.shape for w in snapshot.weights]
        try:
            first, second, span = parse_view(text, snapshot.names, shapes, self.view.span)
        except Invalid as exc:
            self.show_error(str(exc))
            box = self.query_one("#landscape-pair", EditField)
            box.applied = view_text(self.view, snapshot.names)
            box.reject()
            return False
        self.show_error("")
        self.view.choose(first, second, span)
        self._follow()
        return True

    def show_error(self, message: str) -> None:
        label = self.query_one("#landscape-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.edited(event.value):
            self.screen.set_focus(None)  # enter applies and hands the keys back to the app

    def on_edit_field_cancelled(self, event: EditField.Cancelled) -> None:
        event.stop()
        self.show_error("")

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.edited(event.value)
