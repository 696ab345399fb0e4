"""A grid sweep's reports: the alpha x hidden table of final errors, and every run as JSON.

The table has a row per alpha and a column per hidden size; a cell is the median
final error over the seeds with their min-max, and how many seeds diverged where
any did. The final error is the last one a run records (after iterations - 1
updates, as ``train`` prints it). The app's sweep view shows the same table.
"""

from __future__ import annotations

import json
import math

import numpy as np

from tui_nn.io.report import plain_dict
from tui_nn.run.config import RunConfig
from tui_nn.run.grid import GridState, cells
from tui_nn.run.grid_values import axis_text


def short_error(value: float) -> str:
    """An error in a table cell: four significant digits (with a range: three each)."""
    return f"{value:.4g}" if math.isfinite(value) else "diverged"


def cell_text(median: float, low: float, high: float, diverged: int, seeds: int) -> str:
    """``0.0035 (0.0031-0.0042)``, ``+ 2 div`` when some seeds diverged, ``diverged`` when all did."""
    if diverged == seeds or not math.isfinite(median):
        return "diverged"
    text = short_error(median) if seeds == 1 else f"{median:.3g} ({low:.3g}-{high:.3g})"
    return f"{text} {diverged} div" if diverged else text


def grid_head(config: RunConfig, grid: GridState) -> str:
    """What the table holds: the metric, the iteration, the net and the seeds."""
    metric = config.metric.upper()
    what = config.preset
    if config.custom:
        what = f"{config.name}, layers {config.hidden}"
        what += " (every hidden layer at the column's size)" if len(grid.labels) > 1 else ""
    seeds = f"seeds {axis_text(grid.seeds)}" if len(grid.seeds) > 1 else f"seed {grid.seeds[0]}"
    over = ", median (min-max) over the seeds" if len(grid.seeds) > 1 else ""
    last = max(grid.iteration - 1, 0)
    return f"final {metric} (after {last} iterations) per alpha x hidden: {what}, {seeds}{over}"


def grid_text(config: RunConfig, grid: GridState) -> str:
    """The table of final errors: alphas down, hidden sizes across."""
    summary = cells(grid.final, grid.shape)
    seeds = len(grid.seeds)
    table = [["alpha \\ hidden", *grid.labels]]
    for a, alpha in enumerate(grid.alphas):
        row = [f"{alpha:g}"]
        for h in range(len(grid.labels)):
            row.append(
                cell_text(
                    float(summary.median[a, h]),
                    float(summary.low[a, h]),
                    float(summary.high[a, h]),
                    int(summary.diverged[a, h]),
                    seeds,
                )
            )
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    rows = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]
    return "\n".join([grid_head(config, grid), *rows])


def grid_json(config: RunConfig, grid: GridState, marks: list[int], table: np.ndarray) -> str:
    """Every run's errors at the checkpoints and its final error, and the per-cell summary."""
    summary = cells(grid.final, grid.shape)
    every = [
        {
            "alpha": alpha,
            "hidden": grid.hidden[h],
            "seed": seed,
            "errors": table[grid.run_index(a, h, s)],
            "final": float(grid.final[grid.run_index(a, h, s)]),
            "diverged": grid.diverged_at[grid.run_index(a, h, s)],
        }
        for a, alpha in enumerate(grid.alphas)
        for h in range(len(grid.labels))
        for s, seed in enumerate(grid.seeds)
    ]
    grid_cells = [
        {
            "alpha": alpha,
            "hidden": h,
            "median": float(summary.median[a, i]),
            "min": float(summary.low[a, i]),
            "max": float(summary.high[a, i]),
            "diverged": int(summary.diverged[a, i]),
        }
        for a, alpha in enumerate(grid.alphas)
        for i, h in enumerate(grid.hidden)
    ]
    report = {
        "preset": config.preset,
        "config": {"iterations": config.iterations, "metric": config.metric},
        "alphas": grid.alphas,
        "hidden": grid.hidden,
        "seeds": grid.seeds,
        "checkpoints": list(marks),
        "final_iteration": max(grid.iteration - 1, 0),
        "batched": grid.batched,
    }
    plain = plain_dict(report)
    plain["runs"] = [plain_dict(run) for run in every]
    plain["cells"] = [plain_dict(cell) for cell in grid_cells]
    return json.dumps(plain, allow_nan=False)
