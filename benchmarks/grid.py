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


def _literal(iterations: int) -> float:
    """Seconds per net-iteration of the same 18 runs as literal tutorial loops."""
    from bench import literal_loop  # Trask part 2's loop as he wrote it (bench imports this module)

    cells = [(a, h) for a in ALPHAS for h in HIDDENS]
    start = time.perf_counter()
    for i, (a, h) in enumerate(cells):
        literal_loop(iterations, h, a, SEEDS[i % len(SEEDS)])
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


def _batched(iterations: int) -> tuple[float, int]:
    """Seconds per net-iteration of the whole 180-run grid, batched, and how many of its runs had
    their first layer side by side (one product for all of them)."""
    grid = GridSweep(make_config("trask-xor", iterations=iterations), ALPHAS, HIDDENS, SEEDS)
    start = time.perf_counter()
    done = 0
    while done < iterations:
        step = min(65536, iterations - done)
        grid.advance(step)
        done += step
    seconds = (time.perf_counter() - start) / (len(grid.runs) * iterations)
    return seconds, sum(batch.beside for _, batch, _ in grid._batches)


def bench_grid(report: Report, reps: int = 3, iterations: int = 6000) -> None:
    """(g) the 180-run grid batched vs serial runs, per net-iteration (target >= 20x)."""
    serial, literal, batched = [], [], []
    for _ in range(reps):
        serial.append(_serial(SERIAL_ITERATIONS))
        literal.append(_literal(SERIAL_ITERATIONS))
        seconds, beside = _batched(iterations)
        batched.append(seconds)
    med = statistics.median(batched) * 1e6
    per = f"180 batched ({beside} side by side) x {iterations} it med {med:.3g} us /net-it"
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
