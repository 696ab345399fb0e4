"""Which columns of a CSV are the inputs: ``--features`` and the hints about what to leave out.

A spreadsheet export often carries more than the inputs: an id, a column of
text, columns that do not matter. ``--features`` chooses the inputs by name or
by 1-based position, with ranges (``2-5``, ``sepal_length,3-4``); a name is
looked up before a number, so a column named ``2`` is chosen by name. Without
it every column but the target is an input. ``id_hints`` points out a column
of distinct integers (1..150) among the inputs, with the ``--features`` that
leaves it out. Each problem is one ``Invalid`` line. Numpy only.
"""

from __future__ import annotations

import re

import numpy as np

from tui_nn.core.validation import Invalid
from tui_nn.data.table import Column, Table, shown

ID_ROWS = 10  # an id is pointed out only in a file of at least this many rows
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def _invalid(message: str) -> Invalid:
    return Invalid("features", message)


def positions_text(positions: list[int]) -> str:
    """1-based positions as ``--features`` takes them: [2, 3, 4, 5, 7] -> '2-5,7'."""
    parts: list[str] = []
    run: list[int] = []
    for p in sorted(positions):
        if run and p == run[-1] + 1:
            run.append(p)
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [p]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ",".join(parts)


def _position(part: str, width: int) -> int:
    p = int(part)
    if not 1 <= p <= width:
        raise _invalid(f"--features {part}: there is no column {p} (the file has columns 1-{width})")
    return p - 1


def chosen(spec: str | None, table: Table, target: int) -> list[int]:
    """The input columns (0-based, in the order given) of ``spec``; None: all but the target."""
    width = len(table.columns)
    if spec is None:
        return [c for c in range(width) if c != target]
    picked: list[int] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            raise _invalid(f"--features {spec[:40]!r} has an empty entry")
        if part in table.names:
            found = [table.names.index(part)]
        elif part.isdigit():
            found = [_position(part, width)]
        elif match := _RANGE.match(part):
            first, last = (_position(g, width) for g in match.groups())
            if first > last:
                raise _invalid(f"--features {part}: a range goes up ({last + 1}-{first + 1}?)")
            found = list(range(first, last + 1))
        else:
            names = ", ".join(shown(n) for n in table.names[:12])
            raise _invalid(f"no column named {shown(part)} for --features (columns: {names})")
        for c in found:
            column = table.columns[c]
            if c == target:
                raise _invalid(f"{column.label} is the target: leave it out of --features")
            if c in picked:
                raise _invalid(f"{column.label} is named twice in --features")
            picked.append(c)
    return picked


def inputs_of(table: Table, picked: list[int]) -> np.ndarray:
    """The chosen columns as an (n, F) float array; a text column is refused with what to choose."""
    for c in picked:
        column = table.columns[c]
        if column.is_text:
            others = [p + 1 for p in picked if p != c and not table.columns[p].is_text]
            hint = f" (e.g. --features {positions_text(others)})" if others else ""
            raise _invalid(f"{column.label} is text: choose --features without it{hint}")
    x = np.empty((table.rows, len(picked)))
    for i, c in enumerate(picked):
        x[:, i] = table.columns[c].numbers()
    return x


def looks_like_id(column: Column) -> bool:
    """Distinct integers in every row (1..150, a record number): a name, not a measurement."""
    values = column.values
    return (
        len(values) >= ID_ROWS
        and bool(np.all(values == np.round(values)))
        and len(np.unique(values)) == len(values)
    )


def id_hints(table: Table, picked: list[int]) -> list[str]:
    """One line per id-like input column, with the ``--features`` that leaves the ids out."""
    ids = [c for c in picked if looks_like_id(table.columns[c])]
    rest = [c + 1 for c in picked if c not in ids]
    if not rest:
        return []
    return [
        f"{table.columns[c].label} looks like an id: leave it out with --features {positions_text(rest)}"
        for c in ids
    ]
