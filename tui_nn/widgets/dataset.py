"""The dataset panel: inputs, target and the live output of every row."""

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
    """Few inputs as numbers; a long bitmap as groups of four pixels."""
    if len(row) <= 4:
        return " ".join(f"{v:g}" for v in row)
    bits = "".join(f"{v:g}" for v in row)
    return " ".join(bits[i : i + 4] for i in range(0, len(bits), 4))


def number(value: float) -> str:
    return f"{value:.4f}" if np.isfinite(value) and abs(value) < 1e4 else f"{value:.3g}"


class DatasetPanel(Static):
    """A table of rows; the output column is coloured (and marked) by how wrong it is."""

    _key: object = None

    def show(self, snapshot: Snapshot) -> None:
        """Redraw only when a shown number changed (each redraw is sent to the terminal)."""
        table = self.table(snapshot)
        key = [tuple(str(c) for c in column.cells) for column in table.columns]
        if key != self._key:
            self._key = key
            self.update(table)

    @staticmethod
    def table(snapshot: Snapshot) -> Table:
        scale = SHOWN_SCALE.get(snapshot.config.preset, 1.0)
        wide = snapshot.x.shape[1] > 4  # a bitmap: its row number would not fit
        table = Table(box=None, padding=(0, 0, 0, 1), pad_edge=False, expand=False)
        if scale != 1.0:
            table.caption = f"target and output x{scale:g}"
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
        for i, row in enumerate(snapshot.x):
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
