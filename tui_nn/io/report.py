"""Text and JSON reports of headless runs (what ``train`` and ``sweep`` print).

Errors print with 12 significant digits (``%.12g``), as Python 2's ``str`` did in
the original scripts; matrices print the way numpy prints them there. A custom run
prints what it chose about its data (``describe``) under its first line; a
classification run adds its accuracy after each error line and the confusion
matrices of the last weights (rows: the true class, columns: the predicted one),
its class names shown as data (quoted when not plain).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence

import numpy as np

from tui_nn.core.learner import Learner
from tui_nn.data.table import shown
from tui_nn.run.build import query_of
from tui_nn.run.classify import Scores
from tui_nn.run.config import RunConfig
from tui_nn.run.sweep import Sweep


def fmt_error(value: float | None) -> str:
    return "-" if value is None else "%.12g" % value


def _plain(value: object) -> object:
    """Nested lists of Python numbers; non-finite floats become null (strict JSON)."""
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def prediction(learner: Learner, config: RunConfig) -> float | None:
    query = query_of(config)
    if query is None:
        return None
    return float(learner.predict(query)[0])


def _test_part(test: float | None) -> str:
    return "" if test is None or not math.isfinite(test) else f"  test {fmt_error(test)}"


def _share(value: float | None, counts: np.ndarray | None) -> str:
    right = "" if counts is None else f" ({int(np.trace(counts))}/{int(counts.sum())})"
    return "-" if value is None else f"{value:.4f}{right}"


def accuracy_line(j: int, scored: Scores) -> str:
    """``accuracy after j iterations: 0.9833 (118/120)  test 0.9667 (29/30)``."""
    test = (
        ""
        if scored.test_accuracy is None
        else f"  test {_share(scored.test_accuracy, scored.test_confusion)}"
    )
    return f"accuracy after {j} iterations: {_share(scored.accuracy, scored.confusion)}{test}"


def confusion_text(counts: np.ndarray, classes: Sequence[str], rows: str) -> list[str]:
    """The matrix with class names on both sides, each column right-aligned to its widest cell."""
    names = [shown(c) for c in classes]
    side = max(len(n) for n in names)
    widths = [max(len(n), len(str(int(counts[:, j].max())))) for j, n in enumerate(names)]
    head = f"Confusion on the {int(counts.sum())} {rows} rows (rows: true class, columns: predicted):"
    lines = [head, " " * side + "  " + "  ".join(n.rjust(w) for n, w in zip(names, widths))]
    for name, row in zip(names, counts):
        lines.append(name.ljust(side) + "  " + "  ".join(str(int(c)).rjust(w) for c, w in zip(row, widths)))
    return lines


def _classified(learner: Learner, classes: Sequence[str], scored: Mapping[int, Scores]) -> list[str]:
    """The confusion matrices of the last weights (none for a diverged run or without classes)."""
    final = scored.get(learner.iteration)
    if not classes or final is None or final.confusion is None or learner.diverged_at is not None:
        return []
    lines = confusion_text(final.confusion, classes, "training")
    if final.test_confusion is not None:
        lines += confusion_text(final.test_confusion, classes, "test")
    return lines


def train_text(
    learner: Learner,
    config: RunConfig,
    errors: Sequence[tuple[int, float]],
    tests: Sequence[float] = (),
    *,
    notes: Sequence[str] = (),
    classes: Sequence[str] = (),
    scored: Mapping[int, Scores] | None = None,
) -> str:
    """Errors every K iterations (a preset's exactly as the tutorial prints them), then the weights.

    A custom run prints ``notes`` (what was chosen about its data) under its first line and, for
    ``classes``, the accuracy of each iteration ``scored`` holds and the last one's confusion."""
    names = learner.names
    scored = scored or {}
    lines = []
    if config.custom:
        rows = f"{len(learner.x)} train / {len(learner.x_test)} test rows"
        lines.append(f"{config.name}: {rows}; network {learner.spec.diagram()}")
        lines += notes
        label = learner.metric.upper()
        final = [] if learner.diverged_at is not None else [(learner.iteration, learner.error())]
        listed = [*errors, *final]  # a diverged run ends on its "diverged at" line instead
        test_values = (
            [*tests, learner.test_error()][: len(listed)] if len(learner.x_test) else [None] * len(listed)
        )
        for (j, e), t in zip(listed, test_values):
            lines.append(f"{label} after {j} iterations: {fmt_error(e)}{_test_part(t)}")
            if classes and j in scored:
                lines.append(accuracy_line(j, scored[j]))
    else:
        lines += [f"Error after {j} iterations: {fmt_error(e)}" for j, e in errors]
    if learner.diverged_at is not None:
        lines.append(f"diverged at iteration {learner.diverged_at}")
    lines += _classified(learner, classes, scored)
    lines.append("Weights:")
    for name, w in zip(names, learner.params):
        lines += [f"{name} ({w.shape[0]}x{w.shape[1]}):", str(w)]
    if not config.custom:
        lines += ["Outputs:", str(learner.outputs)]
    if learner.trainable:
        lines.append("Direction changes:")
        for name, count in zip(names, learner.direction_changes):
            lines += [f"{name}:", str(count)]
    query = query_of(config)
    if query is not None:
        shown_query = ", ".join(f"{q:g}" for q in query)
        lines.append(f"Prediction for [{shown_query}]: {learner.predict(query)}")
    return "\n".join(lines)


def train_json(
    learner: Learner,
    config: RunConfig,
    errors: Sequence[tuple[int, float]],
    every: int,
    tests: Sequence[float] = (),
    *,
    classes: Sequence[str] = (),
    final: Scores | None = None,
) -> str:
    """One JSON object: config, errors, weights (by name; biases too), outputs, counts, divergence;
    for a classification run (``classes``), also its class names and the ``final`` weights'
    accuracy and confusion counts (null after a divergence)."""
    names = learner.names
    settings = {
        "alpha": config.alpha,
        "hidden": config.hidden,
        "seed": config.seed,
        "iterations": config.iterations,
        "every": every,
        "metric": learner.metric,
    }
    report: dict[str, object] = {
        "preset": config.preset,
        "config": settings
        if not config.custom
        else {**config.values(), "every": every, "metric": learner.metric},
        "network": learner.spec.diagram(),
        "errors": [[j, e] for j, e in errors],
        "weights": {n: w for n, w in zip(names, learner.params)},
        "outputs": learner.outputs,
        "prediction": prediction(learner, config),
        "direction_changes": (
            {n: c for n, c in zip(names, learner.direction_changes)} if learner.trainable else None
        ),
        "diverged": learner.diverged_at,
    }
    if config.custom:
        report["dataset"] = config.name
        report["final_error"] = learner.error()
        report["test_errors"] = [[j, t] for (j, _), t in zip(errors, tests)] if len(learner.x_test) else None
        report["final_test_error"] = learner.test_error()
    if config.custom and classes:
        final = final if final is not None and learner.diverged_at is None else Scores()
        report["classes"] = list(classes)
        report["accuracy"] = final.accuracy
        report["test_accuracy"] = final.test_accuracy
        report["confusion"] = final.confusion
        report["test_confusion"] = final.test_confusion
    return json.dumps(plain_dict(report), allow_nan=False)


def plain_dict(report: dict) -> dict:
    """A report with numpy values as plain numbers, nested dicts too (for ``json.dumps``)."""
    return {k: (plain_dict(v) if isinstance(v, dict) else _plain(v)) for k, v in report.items()}


def sweep_text(config: RunConfig, alphas: Sequence[float], marks: Sequence[int], table: np.ndarray) -> str:
    metric = config.metric.upper()
    if config.custom:
        head = f"{metric} after j iterations: {config.name}, layers {config.hidden}, seed {config.seed}"
    else:
        hidden = f", H {config.hidden}" if config.hidden is not None else ""
        head = f"{metric} after j iterations: {config.preset}{hidden}, seed {config.seed}"
    cells = [["alpha"] + [str(m) for m in marks]]
    for alpha, row in zip(alphas, table):
        cells.append([f"{alpha:g}"] + [fmt_error(v) if math.isfinite(v) else "diverged" for v in row])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    rows = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join([head, *rows])


def sweep_json(
    config: RunConfig, alphas: Sequence[float], marks: Sequence[int], table: np.ndarray, sweep: Sweep
) -> str:
    report = {
        "preset": config.preset,
        "config": {"hidden": config.hidden, "seed": config.seed, "iterations": config.iterations},
        "alphas": list(alphas),
        "checkpoints": list(marks),
        "errors": table,
        "diverged": sweep.diverged_at,
    }
    return json.dumps(plain_dict(report), allow_nan=False)
