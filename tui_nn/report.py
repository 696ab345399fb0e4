"""Text and JSON reports of headless runs (what ``train`` and ``sweep`` print).

Errors print with 12 significant digits (``%.12g``), as Python 2's ``str`` did in
the original scripts; matrices print the way numpy prints them there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import numpy as np

from tui_nn.engine import Training
from tui_nn.presets import Config, get_preset
from tui_nn.sweep import Sweep


def fmt_error(value: float) -> str:
    return "%.12g" % value


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


def prediction(training: Training, config: Config) -> float | None:
    query = get_preset(config.preset).query
    if query is None:
        return None
    return float(training.predict(query)[0])


def train_text(training: Training, config: Config, errors: Sequence[tuple[int, float]]) -> str:
    lines = [f"Error after {j} iterations: {fmt_error(e)}" for j, e in errors]
    if training.diverged_at is not None:
        lines.append(f"diverged at iteration {training.diverged_at}")
    lines.append("Weights:")
    for name, w in zip(training.net.names, training.weights):
        lines += [f"{name} ({w.shape[0]}x{w.shape[1]}):", str(w)]
    lines += ["Outputs:", str(training.outputs)]
    if training.trainable:
        lines.append("Direction changes:")
        for name, count in zip(training.net.names, training.direction_changes):
            lines += [f"{name}:", str(count)]
    query = get_preset(config.preset).query
    if query is not None:
        shown = ", ".join(f"{q:g}" for q in query)
        lines.append(f"Prediction for [{shown}]: {training.predict(query)}")
    return "\n".join(lines)


def train_json(training: Training, config: Config, errors: Sequence[tuple[int, float]], every: int) -> str:
    names = training.net.names
    report = {
        "preset": config.preset,
        "config": {
            "alpha": config.alpha,
            "hidden": config.hidden,
            "seed": config.seed,
            "iterations": config.iterations,
            "every": every,
            "metric": training.metric,
        },
        "errors": [[j, e] for j, e in errors],
        "weights": {n: w for n, w in zip(names, training.weights)},
        "outputs": training.outputs,
        "prediction": prediction(training, config),
        "direction_changes": (
            {n: c for n, c in zip(names, training.direction_changes)} if training.trainable else None
        ),
        "diverged": training.diverged_at,
    }
    return json.dumps(_plain_dict(report), allow_nan=False)


def _plain_dict(report: dict) -> dict:
    return {k: (_plain_dict(v) if isinstance(v, dict) else _plain(v)) for k, v in report.items()}


def sweep_text(config: Config, alphas: Sequence[float], marks: Sequence[int], table: np.ndarray) -> str:
    metric = get_preset(config.preset).metric.upper()
    hidden = f", H {config.hidden}" if config.hidden is not None else ""
    head = f"{metric} after j iterations: {config.preset}{hidden}, seed {config.seed}"
    cells = [["alpha"] + [str(m) for m in marks]]
    for alpha, row in zip(alphas, table):
        cells.append([f"{alpha:g}"] + [fmt_error(v) if math.isfinite(v) else "diverged" for v in row])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    rows = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join([head, *rows])


def sweep_json(
    config: Config, alphas: Sequence[float], marks: Sequence[int], table: np.ndarray, sweep: Sweep
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
