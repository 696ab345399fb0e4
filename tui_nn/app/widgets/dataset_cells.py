"""How the dataset panel writes values: a page as aligned columns, bitmaps, grades and their legend.

A page of rows is written column by column: every value of a column gets the
same decimals and width, right-aligned, so the columns line up on every row
(``-3.593`` above ``0.085``, ``0.50`` above ``0.25``), in one of a few forms
(``FORMS``: shorter headings, fewer decimals) so a narrow panel need not wrap a
row. The grades say how wrong an output is, by colour and by a mark that reads
without colour (NO_COLOR). A classifier's rows show their class by name, the
class the net picks and its probability instead of the target and output
numbers (a 3-class run's target is a one-hot row), the names cut to the form's
width (``tui_nn.app.widgets.classes``) and marked right or wrong.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text

from tui_nn.app.glyphs import prose
from tui_nn.app.widgets.classes import fit
from tui_nn.core import metrics
from tui_nn.run.controller import Snapshot

# How wrong a row is, |target - output| on the 0..1 scale: (limit, style, mark).
# The mark keeps the verdict legible without colour (NO_COLOR).
GRADES = ((0.1, "green", "ok"), (0.3, "yellow", "~"), (np.inf, "bold red", "x"))
RIGHT, WRONG = ("green", "ok"), ("bold red", "x")  # a classifier's row: the class picked is the target's
DECIMALS = 3  # at most, in a column of inputs or targets


def grade(miss: float) -> tuple[str, str]:
    if not np.isfinite(miss):
        return "bold red", "x"
    for limit, style, mark in GRADES:
        if miss < limit:
            return style, mark
    return GRADES[-1][1:]


def grade_legends(scale: float = 1.0) -> tuple[Text, ...]:
    """What the marks mean, longest first, from ``GRADES``: ``ok <0.1  ~ <0.3  x ≥0.3``."""
    words, below = Text(), 0.0
    for limit, style, mark in GRADES:
        if words:
            words.append("  ")
        words.append(mark, style=style)
        words.append(f" <{limit:g}" if np.isfinite(limit) else prose(f" ≥{below:g}"))
        below = limit
    miss = "|target-output|" if scale == 1.0 else f"|target-output|/{scale:g}"
    return (Text(f"{miss}: ") + words, Text("miss: ") + words, words)


def class_legends() -> tuple[Text, ...]:
    """What a classifier's marks mean, longest first: ``ok right class  x wrong  p: its probability``."""
    ok, x = Text(RIGHT[1], style=RIGHT[0]), Text(WRONG[1], style=WRONG[0])
    return (
        ok + " the class picked is right  " + x + " wrong  p: its probability",
        ok + " right class  " + x + " wrong  p: its probability",
        ok + " right  " + x + " wrong",
    )


def inputs_text(row: np.ndarray) -> str:
    """Few inputs (or any that are not 0/1) as numbers; a long bitmap as groups of four pixels."""
    if len(row) <= 4 or not np.isin(row, (0.0, 1.0)).all():
        return " ".join(f"{v:.4g}" for v in row)
    bits = "".join(f"{v:g}" for v in row)
    return " ".join(bits[i : i + 4] for i in range(0, len(bits), 4))


def column_cells(values: np.ndarray, most: int = DECIMALS) -> list[str]:
    """One column of a page at one width, right-aligned: whole numbers as such, others with the
    decimals its most precise value needs (at most ``most``); a column of very large or only very
    small values as 1.50e+04."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.abs(values[np.isfinite(values)])
    if not finite.size or (np.all(finite == np.round(finite)) and finite.max() < 1e6):
        cells = [f"{v:.0f}" if np.isfinite(v) else str(v) for v in values]
    elif 10.0**-most <= finite.max() < 1e5:  # a value too small for the decimals shows as 0.000
        decimals = min(max(_decimals(v) for v in finite if v >= 10.0**-most), most)
        cells = [f"{v:.{decimals}f}" for v in values]
    else:
        cells = [f"{v:.2e}" for v in values]
    width = max((len(cell) for cell in cells), default=0)
    return [cell.rjust(width) for cell in cells]


def _decimals(value: float) -> int:
    """Decimals of ``value`` at four significant digits."""
    text = f"{value:.4g}"  # no trailing zeros; an exponent only from 1e4 on: whole at four digits
    return 0 if "e" in text else len(text.partition(".")[2])


def input_cells(x: np.ndarray, most: int = DECIMALS) -> list[str]:
    """A page of input rows, one string a row, every column at its one width (bitmaps as bits)."""
    if x.shape[1] > 4 and np.isin(x, (0.0, 1.0)).all():
        return [inputs_text(row) for row in x]
    columns = [column_cells(x[:, j], most) for j in range(x.shape[1])]
    return [" ".join(column[i] for column in columns) for i in range(len(x))]


# The table's forms, fullest first: (short headings, most decimals of an input or target).
FORMS = ((False, 3), (True, 3), (True, 2), (True, 1))
NAME_ROOM = {(False, 3): 12, (True, 3): 8, (True, 2): 6, (True, 1): 4}  # a class name's cells per form


def page_columns(
    snapshot: Snapshot, shown: range, scale: float, short: bool, decimals: int
) -> list[tuple[str, list[Text]]]:
    """(heading, cells) of each column of the page ``shown`` (indices into ``snapshot.x``)."""
    x, y = snapshot.x[shown.start : shown.stop], snapshot.y
    outputs = np.asarray(snapshot.outputs).reshape(len(snapshot.x), -1)[shown.start : shown.stop, 0]
    columns: list[tuple[str, list[Text]]] = []
    if x.shape[1] <= 4:  # a bitmap's row number would not fit
        columns.append(("#", [Text(str(snapshot.first_row + i), style="dim") for i in shown]))
    columns.append(("in" if short else "input", [Text(t) for t in input_cells(x, decimals)]))
    if y is None:
        return [
            *columns,
            ("out" if short else "output", [Text(number(o * scale), style="bold") for o in outputs]),
        ]
    every = np.asarray(snapshot.outputs).reshape(len(snapshot.x), -1)[shown.start : shown.stop]
    if snapshot.classes and metrics.fits(snapshot.classes, every):
        return columns + class_columns(snapshot.classes, y[shown.start : shown.stop], every, short, decimals)
    targets = y[shown.start : shown.stop, 0]
    grades = [grade(abs(t - o)) for t, o in zip(targets, outputs)]
    columns.append(("y" if short else "target", [Text(t) for t in column_cells(targets * scale, decimals)]))
    columns.append(
        (
            "out" if short else "output",
            [Text(number(o * scale), style=st) for o, (st, _) in zip(outputs, grades)],
        )
    )
    return [*columns, ("", [Text(mark, style=st) for st, mark in grades])]


def class_columns(
    classes: tuple[str, ...], y: np.ndarray, outputs: np.ndarray, short: bool, decimals: int
) -> list[tuple[str, list[Text]]]:
    """A classifier's page: each row's class by name, the class the net picks, its probability and
    whether it is right; names cut to the form's room (right-aligned, as every column: their ends line up)."""
    room = NAME_ROOM[(short, decimals)]
    true, picked = metrics.picked(y), metrics.picked(outputs)
    chance = metrics.probability(outputs)
    finite = np.isfinite(outputs).all(axis=1)
    grades = [RIGHT if ok and t == c else WRONG for ok, t, c in zip(finite, true, picked)]
    targets = [fit(classes[t], room) for t in true]
    names = [fit(classes[c], room) if ok else "?" for ok, c in zip(finite, picked)]
    heads = ("y", "out") if short else ("class", "predicted")
    places = min(decimals, 2)
    odds = [Text(f"{p:.{places}f}" if np.isfinite(p) else "nan", style=g[0]) for p, g in zip(chance, grades)]
    return [
        (heads[0], [Text(n) for n in targets]),
        (heads[1], [Text(n, style=st) for n, (st, _) in zip(names, grades)]),
        ("p", odds),
        ("", [Text(mark, style=st) for st, mark in grades]),
    ]


def caption_for(start: int, last: int, total: int, width: int) -> str:
    """``rows 0-7 of 400`` and how to scroll them, in the longest form of at most ``width`` cells."""
    rows = f"rows {start:,}-{last:,} of {total:,}"
    forms = (f"{rows} (tab here, then ↑↓ PgUp PgDn)", f"{rows} (tab, ↑↓ PgUp PgDn)", f"{rows} (tab, ↑↓)")
    tries = [prose(text) for text in forms]  # where the font lacks arrows: up/down
    return next((text for text in tries if len(text) <= width), rows)


def number(value: float) -> str:
    return f"{value:.4f}" if np.isfinite(value) and abs(value) < 1e4 else f"{value:.3g}"


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
