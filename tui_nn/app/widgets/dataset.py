"""The dataset panel: inputs (a pixel glyph for the digits' bitmaps), target and live output.

A dataset longer than a page (a CSV, a generated set) scrolls: the panel takes
the focus (tab, or a click) and the arrow, page, home and end keys or the mouse
wheel move through the rows. Only a page of rows becomes text; the snapshot
holds a window of the rows around the page (``Snapshot.first_row``) and the
panel asks the worker for another window (``WindowWanted``) when the page
leaves it, so a 50 000-row file is never copied into a widget. On a short
terminal the page holds fewer rows, so the weights panel under it keeps its
room, and the table takes shorter headings and fewer decimals before a row
would wrap. The border's subtitle says what the marks ``ok`` / ``~`` / ``x`` mean.
A classifier's rows show their class, the class picked and its probability
(``dataset_cells.class_columns``).
"""

from __future__ import annotations

import numpy as np
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.app.widgets.dataset_cells import (
    FORMS,
    caption_for,
    class_legends,
    glyph,
    grade,
    grade_legends,
    inputs_text,
    is_bitmap,
    number,
    page_columns,
)
from tui_nn.run.build import output_scale
from tui_nn.run.controller import SNAPSHOT_ROWS, Snapshot

__all__ = ["MAX_ROWS", "DatasetPanel", "glyph", "grade", "inputs_text", "number"]

# Rows drawn at once (a page): a big CSV stays in the worker; the panel pages through it.
MAX_ROWS = 8
MIN_ROWS = 3  # a page never shrinks below this
WHEEL_ROWS = 3
# Lines the side column keeps for the weights panel under this one (its border and four lines): on a
# short terminal the page shrinks instead (see ``DatasetPanel._fit``).
WEIGHTS_ROOM = 6


def glyphs(snapshot: Snapshot) -> bool:
    """Whether the panel draws the rows as bitmaps side by side (the digits) rather than a page."""
    return snapshot.y is not None and is_bitmap(snapshot.x)


class DatasetPanel(Static):
    """A page of rows; the output column is coloured (and marked) by how wrong it is, and the
    border's subtitle says what the marks mean."""

    BINDINGS = [
        Binding("up", "scroll_rows(-1)", "Row up", show=False),
        Binding("down", "scroll_rows(1)", "Row down", show=False),
        Binding("pageup", "scroll_pages(-1)", "Page up", show=False),
        Binding("pagedown", "scroll_pages(1)", "Page down", show=False),
        Binding("home", "scroll_rows(-1e12)", "First row", show=False),
        Binding("end", "scroll_rows(1e12)", "Last row", show=False),
    ]

    class WindowWanted(Message):
        """The page left the snapshot's rows: the worker should send rows from ``start`` on."""

        def __init__(self, start: int) -> None:
            super().__init__()
            self.start = start

    _key: tuple | None = None
    _shape: list | None = None
    top_row = 0  # the first row on the page
    page = MAX_ROWS  # rows on a page: fewer on a short terminal
    _snapshot: Snapshot | None = None
    _asked: int | None = None  # the window start last asked for
    _selected: int | None = None  # the highlighted row (the network view's), as last shown
    _legend: tuple = ()

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._fit)

    def on_unmount(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    def show(self, snapshot: Snapshot, selected: int | None = None) -> None:
        """Redraw only when a shown number changed (each redraw is sent to the terminal).

        ``selected`` (an index into ``snapshot.x``: the network view's row) is highlighted, and
        scrolled into view when it moves.
        """
        if self._snapshot is not None and snapshot.config != self._snapshot.config:
            self.top_row = 0  # another run: back to its first row
        self._snapshot = snapshot
        page = self.page
        total = max(snapshot.rows, len(snapshot.x))
        self.can_focus = total > page and not glyphs(snapshot)
        if selected is not None:
            selected = min(selected, len(snapshot.x) - 1)
            if selected != self._selected:
                row = snapshot.first_row + selected
                self.top_row = min(max(self.top_row, row - page + 1), row)
        moved, self._selected = selected != self._selected, selected
        self.top_row = max(0, min(self.top_row, total - page))
        self._want_window(snapshot)
        self._label(snapshot)
        table = self.table(snapshot, self.top_row, selected, page, self.content_region.width or None)
        columns = [tuple(str(c) for c in column.cells) for column in table.columns]
        key = (columns, table.caption)
        if key != self._key or moved:
            # Same rows and column widths: the size stays, so skip the layout pass (it would measure
            # the whole table again: ~0.1 s a redraw with 60 rows of a custom run's data).
            shape = [max((len(c) for c in column), default=0) for column in columns]
            same_size = (
                self._key is not None
                and shape == self._shape
                and len(columns[0]) == len(self._key[0][0])
                and table.caption == self._key[1]
            )
            self._key, self._shape = key, shape
            self.update(table, layout=not same_size)

    def action_scroll_rows(self, rows: float) -> None:
        if self._snapshot is not None:
            self.top_row = max(0, self.top_row + int(rows))
            self.show(self._snapshot, self._selected)

    def action_scroll_pages(self, pages: int) -> None:
        self.action_scroll_rows(pages * self.page)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.can_focus:
            event.stop()
            self.action_scroll_rows(WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.can_focus:
            event.stop()
            self.action_scroll_rows(-WHEEL_ROWS)

    def on_resize(self) -> None:
        if self._snapshot is not None:
            self.show(self._snapshot, self._selected)  # the table's form and the legend follow the width

    def _fit(self, _screen: Screen) -> None:
        """After a layout pass: as many rows as leave ``WEIGHTS_ROOM`` lines of the side column below."""
        parent = self.parent
        if (
            self._snapshot is None
            or glyphs(self._snapshot)
            or not isinstance(parent, Widget)
            or not self.region
        ):
            return  # the bitmaps are drawn side by side, all of them
        room = parent.content_region.bottom - self.region.y - WEIGHTS_ROOM
        total = max(self._snapshot.rows, len(self._snapshot.x))
        chrome = 3 + (
            output_scale(self._snapshot.config) != 1.0 or total > room - 3
        )  # border, header, caption
        page = max(MIN_ROWS, min(MAX_ROWS, room - chrome))
        if page != self.page:
            self.page = page
            self.show(self._snapshot, self._selected)

    def _label(self, snapshot: Snapshot) -> None:
        """The marks' meaning in the border, in the longest form the width holds (none without targets)."""
        room = self.size.width - 6  # the corners, a line and a space each side
        if snapshot.y is None:
            legend = Text("")
        else:
            forms = class_legends() if snapshot.classes else grade_legends(output_scale(snapshot.config))
            legend = next((form for form in forms if form.cell_len <= room), forms[-1])
        key = (legend.plain, legend.spans)
        if key != self._legend:
            self._legend = key
            self.border_subtitle = legend

    def _want_window(self, snapshot: Snapshot) -> None:
        """Ask for rows around the page when it is not inside the snapshot's window."""
        end = snapshot.first_row + len(snapshot.x)
        if snapshot.first_row <= self.top_row and self.top_row + self.page <= end:
            self._asked = None
            return
        start = max(0, self.top_row - SNAPSHOT_ROWS // 2)
        if start != self._asked:
            self._asked = start
            self.post_message(self.WindowWanted(start))

    @staticmethod
    def table(
        snapshot: Snapshot,
        offset: int = 0,
        selected: int | None = None,
        page: int = MAX_ROWS,
        width: int | None = None,
    ) -> Table:
        """``page`` rows from row ``offset`` (as far as the snapshot's window holds them), each column
        right-aligned at one width; the row ``selected`` (an index into ``snapshot.x``) in reverse video.

        In ``width`` cells: shorter headings and fewer decimals when the full ones do not fit; past
        that the inputs are cut at the edge, never wrapped (a wrapped row reads as two).
        """
        scale = output_scale(snapshot.config)
        if glyphs(snapshot) and snapshot.y is not None:
            return DatasetPanel.glyph_table(snapshot, snapshot.y, scale, selected)
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, expand=False)
        total = max(snapshot.rows, len(snapshot.x))
        # The page as far as the window holds it (a new window is on its way when it does not).
        first = min(max(offset - snapshot.first_row, 0), max(len(snapshot.x) - page, 0))
        shown = range(first, min(first + page, len(snapshot.x)))
        for short, decimals in FORMS:
            columns = page_columns(snapshot, shown, scale, short, decimals)
            wide = sum(max([len(head), *(c.cell_len for c in cells)]) for head, cells in columns)
            wide += len(columns) - 1
            if width is None or wide <= width:
                break
        for head, cells in columns:
            fit = width is not None and wide > width and head in ("input", "in")
            # Too wide in every form: the inputs give up what is missing (cut, marked ...), so the
            # class, output and verdict columns keep their width (Rich would shrink all of them).
            room = max([len(head), *(c.cell_len for c in cells)]) - (wide - (width or wide)) if fit else None
            table.add_column(
                head,
                justify="left" if not head else "right",
                no_wrap=fit,
                overflow="ellipsis",
                max_width=max(room, 3) if room is not None else None,
            )
        for k, i in enumerate(shown):
            table.add_row(*(cells[k] for _, cells in columns), style="reverse" if i == selected else None)
        if total > page:
            start = snapshot.first_row + first
            table.caption = caption_for(start, min(start + page, total) - 1, total, min(wide, width or wide))
        elif scale != 1.0:
            table.caption = f"target and output x{scale:g}"
        table.caption_style = "dim"
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
