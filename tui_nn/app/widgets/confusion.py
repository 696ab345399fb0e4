"""The confusion view: how many rows of each true class the net gives each class, train and test.

Rows are the true class, columns the class picked, each cell a count of rows; the
diagonal (the rows it gets right) is highlighted in reverse video, so it reads
without colour too, and a miss that is not zero in red. The counts and the
accuracy are the snapshot's (the worker counts all the training and test rows);
the panel only lays them out: train and test side by side where the width holds
both, else one above the other, the class names cut to fit the columns (never
markup). A run without classes (a regression, a tutorial preset) gets a line
saying why there is nothing to count.
"""

from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tui_nn.app.widgets.classes import fit, percent
from tui_nn.run.controller import Snapshot

GAP = 4  # columns between the train and the test matrix side by side
ROOMS = (12, 8, 5, 3, 1)  # a class name's columns, widest first: the first form that fits is drawn
RIGHT, MISS, NONE = "bold reverse green", "red", "dim"


def unavailable(snapshot: Snapshot) -> str:
    """Why this run has no confusion matrix ('' when it has one)."""
    config = snapshot.config
    if not config.custom:
        return (
            f"no confusion matrix: {config.preset} is a tutorial preset; its targets are numbers, not classes"
        )
    if not snapshot.classes:
        return (
            "no confusion matrix: this run regresses a number (no classes); "
            "a CSV of labels or --dataset iris has classes"
        )
    if snapshot.confusion is None:
        return "no confusion matrix: the outputs do not fit the classes (a change on its way)"
    return ""


def matrix_lines(title: str, counts: np.ndarray, classes: tuple[str, ...], room: int) -> list[Text]:
    """One matrix as lines of equal width: its title, the predicted classes' heading, a row per true
    class. ``room``: the most columns a class name takes."""
    names = [fit(name, room) for name in classes]
    digits = max(len(str(int(counts.max()))) if counts.size else 1, 1)
    cell = max(digits, *(cell_len(n) for n in names))
    label = max(len("true"), *(cell_len(n) for n in names))
    head = Text("true" + " " * (label - 4), style="dim")
    for name in names:
        head.append(" " * (1 + cell - cell_len(name)) + name, style="bold")
    lines = [Text(title, style="bold"), head]
    for i, name in enumerate(names):
        line = Text(name + " " * (label - cell_len(name)), style="bold")
        for j in range(len(names)):
            n = int(counts[i, j])
            line.append(" ")
            line.append(str(n).rjust(cell), style=RIGHT if i == j else MISS if n else NONE)
        lines.append(line)
    width = max(line.cell_len for line in lines)
    for line in lines:
        line.pad_right(width - line.cell_len)
    return lines


def title_of(which: str, counts: np.ndarray, share: float | None) -> str:
    """``train: 96.7% right (116 of 120 rows)``."""
    return f"{which}: {percent(share)} right ({int(np.trace(counts)):,} of {int(counts.sum()):,} rows)"


def layout(snapshot: Snapshot, width: int, height: int) -> list[Text]:
    """The matrices of ``snapshot`` in ``width`` x ``height`` cells: side by side with names of 8
    columns or more, else one above the other with the widest names that fit, else side by side
    with shorter names; past that, stacked with the shortest (the panel cuts the rest)."""
    assert snapshot.confusion is not None
    parts = [("train", snapshot.confusion, snapshot.accuracy)]
    if snapshot.test_confusion is not None:
        parts.append(("test", snapshot.test_confusion, snapshot.test_accuracy))
    classes = snapshot.classes
    blocks = {room: [matrix_lines(title_of(*p), p[1], classes, room) for p in parts] for room in ROOMS}
    forms = [
        *(_side(blocks[room]) for room in ROOMS if room >= 8),
        *(_stacked(blocks[room]) for room in ROOMS),
        *(_side(blocks[room]) for room in ROOMS if room < 8),
    ]
    fits = [lines for lines in forms if max(line.cell_len for line in lines) <= width]
    return next((lines for lines in fits if len(lines) <= height), fits[0] if fits else forms[-1])


def _side(blocks: list[list[Text]]) -> list[Text]:
    return [Text(" " * GAP).join(row) for row in zip(*blocks)]


def _stacked(blocks: list[list[Text]]) -> list[Text]:
    lines: list[Text] = []
    for block in blocks:
        lines += [*block, Text()]
    return lines[:-1]


class ConfusionPanel(Static):
    """The snapshot's confusion counts by class name; redrawn only when what it shows changed."""

    BORDER_TITLE = "Confusion matrix"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.shown: Snapshot | None = None  # the snapshot last drawn (tests)
        self._key: tuple | None = None
        self._snapshot: Snapshot | None = None

    def show(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        width = self.content_region.width
        if not self.display or width < 3:
            return  # laid out on the next resize
        why = unavailable(snapshot)
        counts = tuple(
            None if c is None else c.tobytes() for c in (snapshot.confusion, snapshot.test_confusion)
        )
        key = (why, snapshot.classes, counts, self.content_region.size)
        if key == self._key:
            return
        self._key, self.shown = key, snapshot
        if why:
            self.update(Text(why, style="italic"))
            return
        lines = layout(snapshot, width, self.content_region.height - 1)
        notes = ("rows: true class, columns: the class the net picks", "rows: true, columns: picked")
        lines.append(Text(next((n for n in notes if len(n) <= width), notes[-1][:width]), style="dim"))
        self.update(Text("\n").join(lines), layout=False)  # its size is the layout's (1fr)

    def on_resize(self) -> None:
        if self._snapshot is not None:
            self.show(self._snapshot)
