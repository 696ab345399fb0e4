"""How the panels write a classifier's classes: names cut to a width, one letter per class, accuracy.

Class names come from the data (a CSV's labels), so they are shown as plain
text, never markup, with anything unprintable as ``?``; a name longer than its
column is cut with an ellipsis, so the columns it stands in stay aligned. The
letters mark classes where colour cannot (NO_COLOR): each class's first letter
when those differ, else ``a``, ``b``, ``c``...
"""

from __future__ import annotations

import math
import string

from rich.cells import cell_len, set_cell_size

from tui_nn.app.glyphs import cells
from tui_nn.run.controller import Snapshot


def printable(name: str) -> str:
    """``name`` on one line: unprintable characters (a newline, a tab, escapes) as ``?``."""
    return "".join(ch if ch.isprintable() else "?" for ch in name) or "?"


def fit(name: str, room: int) -> str:
    """``name`` in at most ``room`` cells: cut with an ellipsis when longer (never padded)."""
    name = printable(name)
    if cell_len(name) <= room:
        return name
    if room <= 1:
        return set_cell_size(name, max(room, 0))
    return set_cell_size(name, room - 1).rstrip() + cells("…")


def letters(classes: tuple[str, ...]) -> tuple[str, ...]:
    """One letter per class: the first letters, lower case, when they differ and are letters;
    else a, b, c ... in order (past z: the digits, then ``?``)."""
    first = tuple(printable(name)[0].lower() for name in classes)
    if len(set(first)) == len(first) and all(ch in string.ascii_lowercase for ch in first):
        return first
    pool = string.ascii_lowercase + string.digits
    return tuple(pool[i] if i < len(pool) else "?" for i in range(len(classes)))


def percent(share: float | None) -> str:
    """96.7% (a share of 1 as 100%); not known: -."""
    return "-" if share is None or not math.isfinite(share) else f"{100 * share:.1f}%"


def accuracy_text(snapshot: Snapshot) -> str:
    """``acc 96.7% (test 93.3%)`` for a classification run (without test rows: ``acc 96.7%``);
    '' for any other run. The numbers are the worker's, over all the training and test rows."""
    if not snapshot.classes or snapshot.accuracy is None:
        return ""
    test = "" if snapshot.test_accuracy is None else f" (test {percent(snapshot.test_accuracy)})"
    return f"acc {percent(snapshot.accuracy)}{test}"
