"""The learner's own CSV file (or a bundled one) as a ``Dataset``: target, inputs, task, split, scale.

The steps, each in its module: read the columns (``table``), take the target
(the last column unless named) as classes or numbers (``classes``), choose the
inputs (``columns``: ``--features``, text refused, ids pointed out), hold out
test rows with the seeded shuffle (``dataset.split``) and standardize from the
training rows (``scaling``). ``test_fraction=None`` holds out a fifth of a file
of 50 rows or more, none of a smaller one. Numpy only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tui_nn.core.validation import Invalid
from tui_nn.data.classes import number_target, text_target
from tui_nn.data.columns import chosen, id_hints, inputs_of
from tui_nn.data.dataset import Dataset, split
from tui_nn.data.reading import CSV_LIMIT, named, read_regular
from tui_nn.data.scaling import settle
from tui_nn.data.table import read_table, shown

HELD_OUT = 0.2  # the default test fraction of a file with at least HELD_OUT_ROWS rows
HELD_OUT_ROWS = 50


def default_test(rows: int) -> float:
    """A file's default test fraction: a fifth of 50 rows or more (Iris: 30 of 150), else none."""
    return HELD_OUT if rows >= HELD_OUT_ROWS else 0.0


def read_rows(path: str | Path) -> list[list[str]]:
    """The rows of a CSV file (a regular file of at most ``CSV_LIMIT`` bytes, see ``reading``)."""
    data = read_regular(path, "data", CSV_LIMIT, "CSV file")
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise Invalid("data", f"{named(path)} is not a text CSV file ({exc})") from None


def text_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def load_csv(
    path: str | Path,
    *,
    target: str | None = None,
    test_fraction: float | None = 0.0,
    seed: int = 1,
    features: str | None = None,
    task: str = "auto",
    standardize: str = "auto",
) -> Dataset:
    """A CSV file: an optional header; the target is the last column unless named."""
    path = Path(path)
    return load_rows(read_rows(path), named(path), path.stem, target=target, test_fraction=test_fraction,
                     seed=seed, features=features, task=task, standardize=standardize)  # fmt: skip


def load_rows(
    rows: Sequence[Sequence[str]],
    source: str,
    name: str,
    *,
    target: str | None = None,
    test_fraction: float | None = 0.0,
    seed: int = 1,
    features: str | None = None,
    task: str = "auto",
    standardize: str = "auto",
) -> Dataset:
    """``load_csv`` of rows already read (``source`` names them in messages)."""
    table = read_table(rows, source)
    if target is None:
        t = len(table.columns) - 1
    elif target in table.names:
        t = table.names.index(target)
    else:
        known = ", ".join(shown(n) for n in table.names[:12])
        raise Invalid("target", f"no column named {target[:40]!r} in {source} (columns: {known})")
    column = table.columns[t]
    labels, values = (column.text(), None) if column.is_text else ((), column.numbers())  # bad cells first
    picked = chosen(features, table, t)
    x = inputs_of(table, picked)
    goal = (
        number_target(column.name, values, task)
        if values is not None
        else text_target(column.name, labels, task)
    )
    notes = (goal.note, *id_hints(table, picked))
    fraction = default_test(table.rows) if test_fraction is None else test_fraction
    names = (*(table.names[c] for c in picked), column.name)
    data = split(name, x, goal.y, fraction, np.random.RandomState(seed), names, goal.classes, notes)
    return settle(data, standardize, auto=True)
