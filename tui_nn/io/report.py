"""Text and JSON reports of headless runs (what ``train`` and ``sweep`` print).

Errors print with 12 significant digits (``%.12g``), as Python 2's ``str`` did in
the original scripts; matrices print the way numpy prints them there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import numpy as np

from tui_nn.core.learner import Learner
from tui_nn.run.build import query_of
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


def train_text(
    learner: Learner, config: RunConfig, errors: Sequence[tuple[int, float]], tests: Sequence[float] = ()
) -> str:
    """Errors every K iterations (a preset's exactly as the tutorial prints them), then the weights."""
    names = learner.names
    lines = []
    if config.custom:
        rows = f"{len(learner.x)} train / {len(learner.x_test)} test rows"
        lines.append(f"{config.name}: {rows}; network {learner.spec.diagram()}")
        label = learner.metric.upper()
        final = [] if learner.diverged_at is not None else [(learner.iteration, learner.error())]
        shown = [*errors, *final]  # a diverged run ends on its "diverged at" line instead
        test_values = (
            [*tests, learner.test_error()][: len(shown)] if len(learner.x_test) else [None] * len(shown)
        )
        lines += [
            f"{label} after {j} iterations: {fmt_error(e)}{_test_part(t)}"
            for (j, e), t in zip(shown, test_values)
        ]
    else:
        lines += [f"Error after {j} iterations: {fmt_error(e)}" for j, e in errors]
    if learner.diverged_at is not None:
        lines.append(f"diverged at iteration {learner.diverged_at}")
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
) -> str:
    """One JSON object: config, errors, weights (by name; biases too), outputs, counts, divergence."""
    names = learner.names
    settings = {
        "alpha": config.alpha,
        "hidden": config.hidden,
        "seed": config.seed,
        "iterations": config.iterations,
        "every": every,
        "metric": learner.metric,
    }
    report = {
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
    return json.dumps(_plain_dict(report), allow_nan=False)


def _plain_dict(report: dict) -> dict:
    return {k: (_plain_dict(v) if isinstance(v, dict) else _plain(v)) for k, v in report.items()}


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
    return json.dumps(_plain_dict(report), allow_nan=False)
