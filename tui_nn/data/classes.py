"""What the target column asks for: classes or a number, and the targets the net is trained on.

``--task auto`` (the default) reads a text column or a column of 0 and 1 as
classes and anything else as a number to regress; ``--task classify`` takes an
integer column as classes too (0/1/2 species codes), ``--task regress`` a 0/1
column as numbers. Classes are sorted (text by name, integers by value) and
named by their text. Two classes are one 0/1 target column (a sigmoid output);
three or more are one-hot rows, one column per class (a softmax output). Each
choice comes with the line ``train`` prints about it; each problem (one value
only, a class of one row, too many classes) is one ``Invalid`` line. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.core.metrics import accuracy as accuracy  # the one definition, for callers of this module
from tui_nn.core.metrics import class_of as class_of
from tui_nn.core.validation import Invalid
from tui_nn.data.table import shown

TASKS = ("auto", "classify", "regress")
MAX_CLASSES = 100  # output units of a softmax; more is an id or a measurement, not classes
HINTED = 10  # an integer target with at most this many values is pointed out as possible classes
LISTED = 6  # classes named in the note; the rest are counted


@dataclass(frozen=True)
class Target:
    """The targets as the net learns them, the class names (empty: regression) and the note."""

    y: np.ndarray  # (n, 1): values, or 0/1 for two classes; (n, K) one-hot for K >= 3
    classes: tuple[str, ...]
    note: str


def _classes(name: str, index: np.ndarray, classes: tuple[str, ...], why: str) -> Target:
    """Targets of class ``index[i]`` of ``classes`` per row, checked: every class two rows or more."""
    counts = np.bincount(index, minlength=len(classes))
    for label, count in zip(classes, counts):
        if count == 1:
            raise Invalid(
                "target", f"class {shown(label)} of {shown(name)} has one row: a class needs two or more"
            )
    if len(classes) == 2:
        y = index.reshape(-1, 1).astype(np.float64)
    else:
        y = np.zeros((len(index), len(classes)))
        y[np.arange(len(index)), index] = 1.0
    listed = ", ".join(f"{shown(c)} {n}" for c, n in zip(classes[:LISTED], counts[:LISTED]))
    more = f", +{len(classes) - LISTED} more" if len(classes) > LISTED else ""
    note = f"task: classification{why}: {len(classes)} classes ({listed}{more} rows)"
    return Target(y, classes, note)


def _too_many(name: str, count: int) -> Invalid:
    return Invalid(
        "task", f"{shown(name)} has {count} different values: at most {MAX_CLASSES} classes (--task regress?)"
    )


def number_target(name: str, values: np.ndarray, task: str) -> Target:
    """A column of numbers as classes or as values to regress."""
    distinct = np.unique(values)
    if len(distinct) == 1:
        raise Invalid("target", f"the target {shown(name)} is {distinct[0]:g} in every row: nothing to learn")
    integers = bool(np.all(distinct == np.round(distinct)))
    binary = len(distinct) == 2 and distinct[0] == 0 and distinct[1] == 1
    if task == "classify" or (task == "auto" and binary):
        if not integers:
            odd = next(v for v in distinct if v != round(v))
            raise Invalid(
                "task", f"--task classify takes text or integer classes, but {shown(name)} has {odd:g}"
            )
        if len(distinct) > MAX_CLASSES:
            raise _too_many(name, len(distinct))
        why = f", as {shown(name)} is 0/1" if task == "auto" else " (--task classify)"
        return _classes(name, np.searchsorted(distinct, values), tuple(str(int(v)) for v in distinct), why)
    span = f"{shown(name)} from {distinct[0]:g} to {distinct[-1]:g}"
    if task == "regress":
        return Target(values.reshape(-1, 1), (), f"task: regression (--task regress) of {span}")
    hint = ""
    if integers and len(distinct) <= HINTED:
        hint = f"; --task classify takes its {len(distinct)} integer values as classes"
    return Target(values.reshape(-1, 1), (), f"task: regression of {span}{hint}")


def text_target(name: str, labels: Sequence[str], task: str) -> Target:
    """A column of text: always classes, sorted by name."""
    if task == "regress":
        raise Invalid(
            "task", f"the target {shown(name)} is text: it can be classes (--task auto), not a number"
        )
    classes = sorted(set(labels))
    if len(classes) == 1:
        raise Invalid(
            "target", f"the target {shown(name)} is {shown(classes[0])} in every row: nothing to learn"
        )
    if len(classes) > MAX_CLASSES:
        raise _too_many(name, len(classes))
    number = {label: i for i, label in enumerate(classes)}
    index = np.fromiter((number[label] for label in labels), dtype=np.intp, count=len(labels))
    why = f", as {shown(name)} is text" if task == "auto" else " (--task classify)"
    return _classes(name, index, tuple(classes), why)
