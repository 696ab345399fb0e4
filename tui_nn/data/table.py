"""A CSV file as named columns, each of numbers or of text, before any column is chosen.

A learner's CSV is a spreadsheet export: a header (optional), columns of numbers
and perhaps a column of class names or an id. ``read_table`` keeps every
column and decides what it holds, but reports a bad cell only when its column
is used (``Column.numbers`` / ``Column.text``), so a column left out with
``--features`` may hold anything. A column is text when most of its cells are
not numbers (a tie counts as numbers, so one typo in a column of numbers is
reported as that cell, and so is a column of one word repeated). Messages name
the row and column; cells and names are shown as data (``repr`` when they are
not plain one-line text). Numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.core.validation import Invalid

MAX_COLUMNS = 4097  # a net takes at most 4096 inputs, plus the target


def shown(text: str) -> str:
    """A name or cell for a one-line message: as it is when plain, else quoted (never a newline)."""
    if text.isprintable() and 0 < len(text) <= 40 and text.strip() == text:
        return text
    return repr(text if len(text) <= 40 else text[:37] + "...")


def number(text: str) -> float | None:
    """A cell as a number, as a spreadsheet writes one: ASCII digits only (Python's float() also
    takes ``1_000`` and Arabic-Indic digits, which no CSV export means as numbers)."""
    if not text.isascii() or "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _wordlike(cell: str) -> bool:
    """Text, or a number spelt as a word (``nan``, ``inf``): what a header cell may be."""
    value = number(cell)
    return value is None or not math.isfinite(value)


def _is_header(first: Sequence[str], second: Sequence[str] | None) -> bool:
    """The first row names the columns: all of it is text, or a column has a word on top of a
    number (``x,1`` over ``0.5,2``; ``nan,inf,y`` over numbers), as a data row never has."""
    cells = [cell.strip() for cell in first]
    if all(number(cell) is None for cell in cells):
        return True
    if second is None:
        return False
    below = [cell.strip() for cell in second]
    return any(
        _wordlike(top) and (v := number(under)) is not None and math.isfinite(v)
        for top, under in zip(cells, below)
    )


@dataclass(frozen=True)
class Column:
    """One column of the file: its cells as numbers (NaN where a cell is not one) and as text."""

    name: str
    position: int  # 1-based, as a spreadsheet counts
    values: np.ndarray  # float per row, NaN for text
    parsed: np.ndarray  # bool per row: the cell reads as a number (finite or not)
    cells: tuple[str, ...]  # the stripped cells
    lines: tuple[int, ...]  # the file line of each row
    source: str

    @property
    def label(self) -> str:
        """'column 3 (colour)': how messages name it."""
        return f"column {self.position} ({shown(self.name)})"

    @property
    def is_text(self) -> bool:
        """Most cells are not numbers, and they are not all one word (a column of 'n/a' is numbers
        gone missing, reported as its first cell that is not a number)."""
        text = [cell for cell, parsed in zip(self.cells, self.parsed) if not parsed]
        return len(text) * 2 > len(self.cells) and len(set(text)) > 1

    def numbers(self) -> np.ndarray:
        """The column as floats, or Invalid naming its first cell that is not a finite number."""
        for value, parsed, cell, line in zip(self.values, self.parsed, self.cells, self.lines):
            if not math.isfinite(value):
                what = "is not finite" if parsed else "is not a number"
                raise Invalid("data", f"{self.source}: row {line}, {self.label}: {cell!r} {what}")
        return self.values

    def text(self) -> tuple[str, ...]:
        """The column as labels, or Invalid naming its first empty or number cell."""
        for parsed, cell, line in zip(self.parsed, self.cells, self.lines):
            if not cell:
                raise Invalid("data", f"{self.source}: row {line}, {self.label} is empty")
            if parsed:
                raise Invalid(
                    "data",
                    f"{self.source}: row {line}, {self.label}: {cell!r} is a number in a column of text",
                )
        return self.cells


@dataclass(frozen=True)
class Table:
    source: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def rows(self) -> int:
        return len(self.columns[0].cells)


def read_table(read: Sequence[Sequence[str]], source: str) -> Table:
    """The rows of a CSV (as ``csv.reader`` gives them) as columns; Invalid on a ragged or empty file."""
    rows = [(i + 1, r) for i, r in enumerate(read) if any(cell.strip() for cell in r)]
    if not rows:
        raise Invalid("data", f"{source} is empty")
    first = rows[0][1]
    header = _is_header(first, rows[1][1] if len(rows) > 1 else None)
    names = tuple(c.strip() for c in first) if header else tuple(f"c{i + 1}" for i in range(len(first)))
    body = rows[1:] if header else rows
    if not body:
        raise Invalid("data", f"{source} has a header but no rows of numbers")
    width = len(names)
    if width < 2:
        joined = ",".join(first)
        sep = max((";", "\t", "|"), key=joined.count)  # the one the row holds most of
        hint = f": separated by {sep!r}? use a comma-separated file" if sep in joined else ""
        raise Invalid(
            "data", f"{source} needs at least two columns (inputs and a target), found {width}{hint}"
        )
    seen: dict[str, int] = {}
    for c, name in enumerate(names):
        if name in seen:
            raise Invalid(
                "data",
                f"{source}: columns {seen[name]} and {c + 1} are both named {shown(name)}: "
                "give each column its own name",
            )
        seen[name] = c + 1
    if width > MAX_COLUMNS:
        raise Invalid("data", f"{source} has {width} columns: at most {MAX_COLUMNS - 1} inputs and a target")
    for line, row in body:
        if len(row) != width:
            raise Invalid("data", f"{source}: row {line} has {len(row)} columns, expected {width}")
    lines = tuple(line for line, _ in body)
    columns = []
    for c, name in enumerate(names):
        cells = tuple(row[c].strip() for _, row in body)
        read_cells = [number(cell) for cell in cells]
        parsed = np.array([v is not None for v in read_cells], dtype=bool)
        values = np.array([math.nan if v is None else v for v in read_cells], dtype=np.float64)
        columns.append(Column(name, c + 1, values, parsed, cells, lines, source))
    return Table(source, tuple(columns))
