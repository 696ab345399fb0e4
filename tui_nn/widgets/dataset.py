"""The dataset panel: inputs (a pixel glyph for the digits' bitmaps), target and live output."""

from __future__ import annotations

import numpy as np
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui_nn.trainer import Snapshot

# Presets whose targets are scaled into 0..1 and read better scaled back (SPEC: digits x3).
SHOWN_SCALE = {"digits": 3.0}
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


# Rows drawn at most: a big CSV stays in the worker; the panel shows its first rows and a count.
MAX_ROWS = 30


def number(value: float) -> str:
    return f"{value:.4f}" if np.isfinite(value) and abs(value) < 1e4 else f"{value:.3g}"


class DatasetPanel(Static):
    """A table of rows; the output column is coloured (and marked) by how wrong it is."""

    _key: list | None = None
    _shape: list | None = None

    def show(self, snapshot: Snapshot) -> None:
        """Redraw only when a shown number changed (each redraw is sent to the terminal)."""
        table = self.table(snapshot)
        key = [tuple(str(c) for c in column.cells) for column in table.columns]
        if key != self._key:
            # Same rows and column widths: the size stays, so skip the layout pass (it would measure
            # the whole table again: ~0.1 s a redraw with 60 rows of a custom run's data).
            shape = [max((len(c) for c in column), default=0) for column in key]
            same_size = self._key is not None and shape == self._shape and len(key[0]) == len(self._key[0])
            self._key, self._shape = key, shape
            self.update(table, layout=not same_size)

    @staticmethod
    def table(snapshot: Snapshot) -> Table:
        scale = SHOWN_SCALE.get(snapshot.config.preset, 1.0)
        wide = snapshot.x.shape[1] > 4  # a bitmap: its row number would not fit
        if is_bitmap(snapshot.x) and snapshot.y is not None:
            return DatasetPanel.glyph_table(snapshot, scale)
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, expand=False)
        if scale != 1.0:
            table.caption = f"target and output x{scale:g}"
            table.caption_style = "dim"
        total = max(snapshot.rows, len(snapshot.x))
        if total > MAX_ROWS:
            table.caption = f"first {MAX_ROWS} of {total:,} training rows"
            table.caption_style = "dim"
        if not wide:
            table.add_column("#", justify="right", style="dim")
        table.add_column("input")
        has_target = snapshot.y is not None
        if has_target:
            table.add_column("target", justify="right")
        table.add_column("output", justify="right")
        if has_target:
            table.add_column("", justify="left")
        outputs = np.asarray(snapshot.outputs).reshape(len(snapshot.x), -1)
        for i, row in enumerate(snapshot.x[:MAX_ROWS]):
            out = outputs[i, 0]
            cells: list[str | Text] = [] if wide else [str(i)]
            cells.append(inputs_text(row))
            if has_target:
                target = snapshot.y[i, 0]
                style, mark = grade(abs(target - out))
                shown = Text(number(out * scale), style=style)
                cells += [f"{target * scale:g}", shown, Text(mark, style=style)]
            else:
                cells.append(Text(number(out * scale), style="bold"))
            table.add_row(*cells)
        return table

    @staticmethod
    def glyph_table(snapshot: Snapshot, scale: float) -> Table:
        """Bitmaps side by side, one column per example: glyph, target, output, rounded output."""
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, expand=False, show_header=False)
        table.caption = f"target and output x{scale:g}" if scale != 1.0 else None
        table.caption_style = "dim"
        table.add_column(style="dim")
        for _ in snapshot.x:
            table.add_column(justify="left", min_width=4)
        outputs = np.asarray(snapshot.outputs).reshape(len(snapshot.x), -1)[:, 0] * scale
        targets = snapshot.y[:, 0] * scale
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
