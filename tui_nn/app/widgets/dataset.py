"""The dataset panel: inputs (a pixel glyph for the digits' bitmaps), target and live output.

A dataset longer than a page (a CSV, a generated set) scrolls: the panel takes
the focus (tab, or a click) and the arrow, page, home and end keys or the mouse
wheel move through the rows. Only a page of rows becomes text; the snapshot
holds a window of the rows around the page (``Snapshot.first_row``) and the
panel asks the worker for another window (``WindowWanted``) when the page
leaves it, so a 50 000-row file is never copied into a widget.
"""

from __future__ import annotations

import numpy as np
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui_nn.run.build import output_scale
from tui_nn.run.controller import SNAPSHOT_ROWS, Snapshot

# How wrong a row is, |target - output| on the 0..1 scale: (limit, style, mark).
# The mark keeps the verdict legible without colour (NO_COLOR).
GRADES = ((0.1, "green", "ok"), (0.3, "yellow", "~"), (np.inf, "bold red", "x"))


def grade(miss: float) -> tuple[str, str]:
    if not np.isfinite(miss):
        return "bold red", "x"
    for limit, style, mark in GRADES:
        if miss < limit:
            return style, mark
    return GRADES[-1][1:]


def inputs_text(row: np.ndarray) -> str:
    """Few inputs (or any that are not 0/1) as numbers; a long bitmap as groups of four pixels."""
    if len(row) <= 4 or not np.isin(row, (0.0, 1.0)).all():
        return " ".join(f"{v:.4g}" for v in row)
    bits = "".join(f"{v:g}" for v in row)
    return " ".join(bits[i : i + 4] for i in range(0, len(bits), 4))


# Two pixel rows per character cell: (top, bottom) -> half block.
HALF_BLOCKS = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
GLYPH_SHAPE = (5, 4)  # the digits preset's bitmaps: 5 rows of 4 pixels


def glyph(row: np.ndarray) -> str:
    """A 5x4 bitmap drawn with half blocks: 3 lines of 4 characters."""
    rows, cols = GLYPH_SHAPE
    pixels = (np.asarray(row).reshape(rows, cols) > 0.5).astype(int)
    pixels = np.vstack([pixels, np.zeros((rows % 2, cols), dtype=int)])
    lines = [
        "".join(HALF_BLOCKS[(int(top), int(bottom))] for top, bottom in zip(pixels[r], pixels[r + 1]))
        for r in range(0, len(pixels), 2)
    ]
    return "\n".join(lines)


def is_bitmap(x: np.ndarray) -> bool:
    return x.shape[1] == GLYPH_SHAPE[0] * GLYPH_SHAPE[1] and bool(np.isin(x, (0.0, 1.0)).all())


# Rows drawn at once (a page): a big CSV stays in the worker; the panel pages through it.
MAX_ROWS = 8
WHEEL_ROWS = 3


def number(value: float) -> str:
    return f"{value:.4f}" if np.isfinite(value) and abs(value) < 1e4 else f"{value:.3g}"


class DatasetPanel(Static):
    """A page of rows; the output column is coloured (and marked) by how wrong it is."""

    BINDINGS = [
        Binding("up", "scroll_rows(-1)", "Row up", show=False),
        Binding("down", "scroll_rows(1)", "Row down", show=False),
        Binding("pageup", "scroll_rows(-8)", "Page up", show=False),
        Binding("pagedown", "scroll_rows(8)", "Page down", show=False),
        Binding("home", "scroll_rows(-1e12)", "First row", show=False),
        Binding("end", "scroll_rows(1e12)", "Last row", show=False),
    ]

    class WindowWanted(Message):
        """The page left the snapshot's rows: the worker should send rows from ``start`` on."""

        def __init__(self, start: int) -> None:
            super().__init__()
            self.start = start

    _key: list | None = None
    _shape: list | None = None
    top_row = 0  # the first row on the page
    _snapshot: Snapshot | None = None
    _asked: int | None = None  # the window start last asked for
    _selected: int | None = None  # the highlighted row (the network view's), as last shown

    def show(self, snapshot: Snapshot, selected: int | None = None) -> None:
        """Redraw only when a shown number changed (each redraw is sent to the terminal).

        ``selected`` (an index into ``snapshot.x``: the network view's row) is highlighted, and
        scrolled into view when it moves.
        """
        if self._snapshot is not None and snapshot.config != self._snapshot.config:
            self.top_row = 0  # another run: back to its first row
        self._snapshot = snapshot
        total = max(snapshot.rows, len(snapshot.x))
        self.can_focus = total > MAX_ROWS
        if selected is not None:
            selected = min(selected, len(snapshot.x) - 1)
            if selected != self._selected:
                row = snapshot.first_row + selected
                self.top_row = min(max(self.top_row, row - MAX_ROWS + 1), row)
        moved, self._selected = selected != self._selected, selected
        self.top_row = max(0, min(self.top_row, total - MAX_ROWS))
        self._want_window(snapshot)
        table = self.table(snapshot, self.top_row, selected)
        key = [tuple(str(c) for c in column.cells) for column in table.columns]
        if key != self._key or moved:
            # Same rows and column widths: the size stays, so skip the layout pass (it would measure
            # the whole table again: ~0.1 s a redraw with 60 rows of a custom run's data).
            shape = [max((len(c) for c in column), default=0) for column in key]
            same_size = self._key is not None and shape == self._shape and len(key[0]) == len(self._key[0])
            self._key, self._shape = key, shape
            self.update(table, layout=not same_size)

    def action_scroll_rows(self, rows: float) -> None:
        if self._snapshot is not None:
            self.top_row = max(0, self.top_row + int(rows))
            self.show(self._snapshot, self._selected)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.can_focus:
            event.stop()
            self.action_scroll_rows(WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.can_focus:
            event.stop()
            self.action_scroll_rows(-WHEEL_ROWS)

    def _want_window(self, snapshot: Snapshot) -> None:
        """Ask for rows around the page when it is not inside the snapshot's window."""
        inside = snapshot.first_row <= self.top_row and self.top_row + MAX_ROWS <= snapshot.first_row + len(
            snapshot.x
        )
        if inside:
            self._asked = None
            return
        start = max(0, self.top_row - SNAPSHOT_ROWS // 2)
        if start != self._asked:
            self._asked = start
            self.post_message(self.WindowWanted(start))

    @staticmethod
    def table(snapshot: Snapshot, offset: int = 0, selected: int | None = None) -> Table:
        """A page of rows from row ``offset`` (as far as the snapshot's window holds them); the row
        ``selected`` (an index into ``snapshot.x``) in reverse video."""
        scale = output_scale(snapshot.config)
        wide = snapshot.x.shape[1] > 4  # a bitmap: its row number would not fit
        if is_bitmap(snapshot.x) and snapshot.y is not None:
            return DatasetPanel.glyph_table(snapshot, snapshot.y, scale, selected)
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, expand=False)
        if scale != 1.0:
            table.caption = f"target and output x{scale:g}"
            table.caption_style = "dim"
        total = max(snapshot.rows, len(snapshot.x))
        # The page as far as the window holds it (a new window is on its way when it does not).
        first = min(max(offset - snapshot.first_row, 0), max(len(snapshot.x) - MAX_ROWS, 0))
        if total > MAX_ROWS:
            start = snapshot.first_row + first
            last = min(start + MAX_ROWS, total)
            table.caption = f"rows {start:,}-{last - 1:,} of {total:,} (tab here, then ↑↓ PgUp PgDn)"
            table.caption_style = "dim"
        if not wide:
            table.add_column("#", justify="right", style="dim")
        table.add_column("input")
        y = snapshot.y
        if y is not None:
            table.add_column("target", justify="right")
        table.add_column("output", justify="right")
        if y is not None:
            table.add_column("", justify="left")
        outputs = np.asarray(snapshot.outputs).reshape(len(snapshot.x), -1)
        for i in range(first, min(first + MAX_ROWS, len(snapshot.x))):
            row, out = snapshot.x[i], outputs[i, 0]
            cells: list[str | Text] = [] if wide else [str(snapshot.first_row + i)]
            cells.append(inputs_text(row))
            if y is not None:
                target = y[i, 0]
                style, mark = grade(abs(target - out))
                shown = Text(number(out * scale), style=style)
                cells += [f"{target * scale:g}", shown, Text(mark, style=style)]
            else:
                cells.append(Text(number(out * scale), style="bold"))
            table.add_row(*cells, style="reverse" if i == selected else None)
        return table

    @staticmethod
    def glyph_table(snapshot: Snapshot, y: np.ndarray, scale: float, selected: int | None = None) -> Table:
        """Bitmaps side by side, one column per example: glyph, target, output, rounded output."""
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, expand=False, show_header=False)
        table.caption = f"target and output x{scale:g}" if scale != 1.0 else None
        table.caption_style = "dim"
        table.add_column(style="dim")
        for i in range(len(snapshot.x)):
            table.add_column(justify="left", min_width=4, style="reverse" if i == selected else None)
        outputs = np.asarray(snapshot.outputs).reshape(len(snapshot.x), -1)[:, 0] * scale
        targets = y[:, 0] * scale
        styles = [grade(abs(t - o) / scale) for t, o in zip(targets, outputs)]
        table.add_row("input", *(glyph(row) for row in snapshot.x))
        table.add_row("target", *(f"{t:g}".rjust(4) for t in targets))
        table.add_row(
            "output",
            *(Text(f"{o:.2f}" if np.isfinite(o) else "nan", style=st) for o, (st, _) in zip(outputs, styles)),
        )
        rounded = (
            f"{round(o)} {mark}" if np.isfinite(o) else f"? {mark}" for o, (_, mark) in zip(outputs, styles)
        )
        table.add_row("digit", *(Text(r, style=st) for r, (st, _) in zip(rounded, styles)))
        return table
