"""The weights panel: every matrix as a grid of numbers on a diverging colour scale.

The border title names the architecture in the longest form the panel's width
holds (``3 -> 4 sigmoid -> 1 sigmoid``, ``3-4-1 sigmoid``, ``3-4-1``); the
subtitle holds the colour legend and, when matrices lie out of view (a short
terminal, a deep net), how many: ``↓ 1 more``. The panel takes the focus (tab,
or a click) and the arrow, page, home and end keys scroll it. Both are redone
on every resize and scroll.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui_nn.app.glyphs import prose
from tui_nn.run.controller import Snapshot
from tui_nn.run.network_view import made

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


def architectures(snapshot: Snapshot) -> tuple[str, ...]:
    """The net's shape, longest first: the full diagram, sizes with the activations (one for all,
    or the hidden layers' and the output's: ``2-8-8-1 tanh,sigmoid``), sizes only."""
    if not snapshot.diagram:
        return ()
    spec = made(snapshot)[0].spec  # the net holding the snapshot's weights
    sizes = "-".join(str(size) for size in spec.sizes)
    kinds = spec.activations
    bias = " +bias" if spec.bias else ""
    hidden = set(kinds[:-1])
    named = (
        kinds[0]
        if set(kinds) == hidden
        else f"{kinds[0]},{kinds[-1]}"
        if len(hidden) == 1
        else ",".join(kinds)
    )
    return (snapshot.diagram, f"{sizes} {named}{bias}", f"{sizes}{bias}", sizes)


def fitting(candidates: tuple[str, ...], room: int) -> str:
    """The first candidate of at most ``room`` cells, else the last one (the border cuts it)."""
    return next((text for text in candidates if len(text) <= room), candidates[-1] if candidates else "")


def legends(colour: bool, counts: bool) -> tuple[Text, ...]:
    """The colour legend, longest first; without colour the printed signs tell the sign (counts: nothing)."""
    if not colour:
        return (Text("no colour: read the signs"), Text("")) if not counts else (Text(""),)
    negative, positive = NEGATIVE[-1] + " bold", POSITIVE[-1] + " bold"
    short = Text.assemble(("-blue", negative), " ", ("+red", positive))
    return (short + Text(", stronger = larger"), short, Text(""))


def out_of_view(above: int | None, below: int | None, right: bool, focused: bool) -> tuple[str, ...]:
    """``↑ 1  ↓ 2 more →``: matrices wholly above and below the view (None: none scrolled out; 0: only
    a part of one) and wider than it; with the key that reaches them while the panel lacks the focus."""
    parts = [
        "" if above is None else f"↑ {above}" if above else "↑",
        "" if below is None else f"↓ {below} more" if below else "↓",
        "→" if right else "",
    ]
    mark = "  ".join(part for part in parts if part)
    return (f"{mark} (tab)", mark) if mark and not focused else (mark,)


def subtitle(marks: tuple[str, ...], legend: tuple[Text, ...], room: int) -> Text:
    """The longest mark with the longest legend that fit ``room`` cells; the mark comes first."""
    tries = [(marks[0], legend[0])] + [(m, lg) for lg in legend[1:] for m in marks]
    for mark, words in tries:
        text = Text("  ").join(part for part in (Text(mark), words) if part.plain)
        if text.cell_len <= room:
            return text
    return Text(marks[-1])


class WeightsPanel(VerticalScroll):
    """One titled grid per matrix (name and shape in its border title)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._layout: tuple = ()
        self._diagram = ""
        self._shapes: tuple[str, ...] = ()
        self._counts = False
        self._labels: tuple = ()  # the title and subtitle as last set (each setting repaints the panel)

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._relabel)

    def on_unmount(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    async def show(self, snapshot: Snapshot, counts: bool = False) -> None:
        """The grids; the architecture ('2 -> 8 tanh -> 1 sigmoid') goes in the panel's title."""
        if snapshot.diagram != self._diagram:
            self._diagram, self._shapes = snapshot.diagram, architectures(snapshot)
        self._counts = counts
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
        self._label()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._label()

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self._label()

    def on_focus(self) -> None:
        self._label()

    def on_blur(self) -> None:
        self._label()

    def _relabel(self, _screen: Screen) -> None:
        self._label()  # after a layout pass: a resize, or matrices mounted

    def _label(self) -> None:
        """Fit the title and subtitle to the panel's width; count the matrices out of view."""
        room = self.size.width - 6  # the corners, a line and a space each side
        shape = fitting(self._shapes, room - len("Weights  "))
        title = Text(f"Weights  {shape}" if shape else "Weights")
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        spans = [view.virtual_region for view in self.query(".matrix")]
        above = sum(1 for region in spans if region.bottom <= top) if top > 0 else None
        below = sum(1 for region in spans if region.y >= top + height) if top < self.max_scroll_y else None
        right = round(self.scroll_x) < self.max_scroll_x
        marks = tuple(prose(mark) for mark in out_of_view(above, below, right, self.has_focus))
        below_line = subtitle(marks, legends(not self.app.no_color, self._counts), room)
        labels = (title.plain, below_line.plain, below_line.spans)
        if labels != self._labels:
            self._labels = labels
            self.border_title, self.border_subtitle = title, below_line
