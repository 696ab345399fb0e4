"""The grid sweep's benchmark: 180 runs batched against serial runs, per net-iteration.

    python benchmarks/grid.py              # 3 pairs, the grid at 6 000 iterations
    python benchmarks/grid.py --full       # the grid at 60 000 iterations (about a minute a pair)

The grid is trask-xor at alphas 0.1, 1, 10 x hidden 1, 2, 4, 8, 16, 32 x seeds 1-10
(180 runs). Serial: a sample of 18 of its runs (every alpha x hidden cell, seeds
1-10 in turn) trained one after the other on the serial engine (``build(...).train``,
the path a run takes alone), 2 000 iterations each. Batched: the whole grid
(``GridSweep``, one stack per hidden size). Both are timed per net-iteration (a
run's one iteration), interleaved so load hits both alike, and the line reports
the median of the repetitions' ratios. A second line (g2) puts the same 18 runs
as Trask's literal loop (the oracle, about 1.5x slower than the engine) against
the same batched figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_nn.run.build import build  # noqa: E402
from tui_nn.run.config import make_config  # noqa: E402
from tui_nn.run.grid import GridSweep  # noqa: E402

ALPHAS = (0.1, 1.0, 10.0)
HIDDENS = (1, 2, 4, 8, 16, 32)
SEEDS = tuple(range(1, 11))
SERIAL_ITERATIONS = 2000

Report = Callable[..., None]


def literal_loop(iterations: int, alpha: float, hidden: int, seed: int) -> np.ndarray:
    """Trask part 2's loop as he wrote it (the oracle the engine equals), for the second line."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    np.random.seed(seed)
    synapse_0 = 2 * np.random.random((3, hidden)) - 1
    synapse_1 = 2 * np.random.random((hidden, 1)) - 1
    with np.errstate(over="ignore"):
        for j in range(iterations):
            layer_1 = 1 / (1 + np.exp(-(np.dot(X, synapse_0))))
            layer_2 = 1 / (1 + np.exp(-(np.dot(layer_1, synapse_1))))
            layer_2_error = layer_2 - y
            if (j % 10000) == 0:
                np.mean(np.abs(layer_2_error))
            layer_2_delta = layer_2_error * (layer_2 * (1 - layer_2))
            layer_1_delta = layer_2_delta.dot(synapse_1.T) * (layer_1 * (1 - layer_1))
            synapse_1 -= alpha * (layer_1.T.dot(layer_2_delta))
            synapse_0 -= alpha * (X.T.dot(layer_1_delta))
    return synapse_0


def _literal(iterations: int) -> float:
    """Seconds per net-iteration of the same 18 runs as literal tutorial loops."""
    cells = [(a, h) for a in ALPHAS for h in HIDDENS]
    start = time.perf_counter()
    for i, (a, h) in enumerate(cells):
        literal_loop(iterations, a, h, SEEDS[i % len(SEEDS)])
    return (time.perf_counter() - start) / (len(cells) * iterations)


def _serial(iterations: int) -> float:
    """Seconds per net-iteration of 18 runs of the grid trained one by one."""
    cells = [(a, h) for a in ALPHAS for h in HIDDENS]
    learners = [
        build(make_config("trask-xor", alpha=a, hidden=h, seed=SEEDS[i % len(SEEDS)]))
        for i, (a, h) in enumerate(cells)
    ]
    start = time.perf_counter()
    for learner in learners:
        learner.train(iterations)
    return (time.perf_counter() - start) / (len(learners) * iterations)


def _batched(iterations: int) -> float:
    """Seconds per net-iteration of the whole 180-run grid, batched."""
    grid = GridSweep(make_config("trask-xor", iterations=iterations), ALPHAS, HIDDENS, SEEDS)
    start = time.perf_counter()
    done = 0
    while done < iterations:
        step = min(65536, iterations - done)
        grid.advance(step)
        done += step
    return (time.perf_counter() - start) / (len(grid.runs) * iterations)


def bench_grid(report: Report, reps: int = 3, iterations: int = 6000) -> None:
    """(g) the 180-run grid batched vs serial runs, per net-iteration (target >= 20x)."""
    serial, literal, batched = [], [], []
    for _ in range(reps):
        serial.append(_serial(SERIAL_ITERATIONS))
        literal.append(_literal(SERIAL_ITERATIONS))
        batched.append(_batched(iterations))
    per = f"180 batched x {iterations} it med {statistics.median(batched) * 1e6:.3g} us /net-it"
    for line, base, what in (("g", serial, "engine"), ("g2", literal, "tutorial loops")):
        ratio = statistics.median(s / b for s, b in zip(base, batched, strict=True))
        serial_us = statistics.median(base) * 1e6
        detail = f"18 serial {what} x {SERIAL_ITERATIONS} it med {serial_us:.3g} us, {per}"
        report(line, f"180-run grid vs serial {what}, trask-xor", detail, ratio, 20.0)


def _print_report(
    line: str, what: str, detail: str, value: float, target: float, higher: bool = True
) -> None:
    ok = value >= target if higher else value <= target
    sign = ">=" if higher else "<="
    print(f"{line:<4} {what:<44} {detail:<60} {value:>8.3g} ({sign} {target:g})  {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="the grid at 60 000 iterations")
    parser.add_argument("--reps", type=int, default=3)
    options = parser.parse_args()
    bench_grid(_print_report, options.reps, 60000 if options.full else 6000)
