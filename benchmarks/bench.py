"""tui_nn speed benchmark: every figure measured side by side in one run, as ratios.

    python benchmarks/bench.py            # the full run (a few minutes)
    python benchmarks/bench.py --quick    # fewer repetitions, shorter runs

Each line repeats its measurement (runs of the two sides interleaved, so both see
the same machine load), reports min and median, and the ratio of the medians
against the target of issue 5 with PASS or FAIL. Nothing here is a test: the
machines are shared and noisy, so targets are checked here, not in the suite.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tui_nn.presets import build, make_config  # noqa: E402
from tui_nn.sweep import TUTORIAL_ALPHAS, Sweep  # noqa: E402

TUTORIAL = ROOT / "benchmarks" / "tutorial_xor.py"
ROWS: list[str] = []


def literal_loop(iterations: int, hidden: int, alpha: float) -> np.ndarray:
    """Trask part 2's loop in-process (benchmarks/tutorial_xor.py, as a function)."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    np.random.seed(1)
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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def side_by_side(reps: int, base, ours) -> tuple[list[float], list[float]]:
    """Interleaved repetitions of both sides (ABAB...), so drift hits both alike."""
    a, b = [], []
    for _ in range(reps):
        a.append(timed(base))
        b.append(timed(ours))
    return a, b


def fmt(values: list[float], unit: str, scale: float = 1.0) -> str:
    return f"min {min(values) * scale:.3g} / med {statistics.median(values) * scale:.3g} {unit}"


def report(line: str, what: str, detail: str, value: float, target: float, higher: bool = True) -> None:
    ok = value >= target if higher else value <= target
    sign = ">=" if higher else "<="
    row = f"{line:<4} {what:<44} {detail:<60} {value:>8.3g} ({sign} {target:g})  {'PASS' if ok else 'FAIL'}"
    ROWS.append(row)
    print(row, flush=True)


def run_process(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)


def bench_engine(reps: int, iterations: int) -> None:
    """(a) engine train vs the literal tutorial loop, whole process and per iteration."""
    for hidden in (4, 32):
        tutorial, engine = side_by_side(
            reps,
            lambda h=hidden: run_process(str(TUTORIAL), str(iterations), str(h)),
            lambda h=hidden: run_process(
                "-m",
                "tui_nn",
                "train",
                "--preset",
                "trask-xor",
                "--hidden",
                str(h),
                "--iterations",
                str(iterations),
                "--every",
                "10000",
            ),  # fmt: skip
        )
        ratio = statistics.median(tutorial) / statistics.median(engine)
        detail = f"tutorial {fmt(tutorial, 's')}, train {fmt(engine, 's')}"
        report("a", f"train {iterations} it, H {hidden}, whole process", detail, ratio, 2.0)
    n = iterations // 10
    for hidden in (4, 32):
        config = make_config("trask-xor", hidden=hidden)
        tutorial, engine = side_by_side(
            reps, lambda h=hidden: literal_loop(n, h, 1.0), lambda c=config: build(c).train(n)
        )
        ratio = statistics.median(tutorial) / statistics.median(engine)
        us = 1e6 / n
        detail = f"tutorial {fmt(tutorial, 'us', us)}, engine {fmt(engine, 'us', us)}"
        report("a", f"per iteration, H {hidden} ({n} it in-process)", detail, ratio, 2.0)


def bench_sweep(reps: int, iterations: int) -> None:
    """(c) the tutorial's 7-alpha sweep, batched, vs 7 serial literal loops."""
    config = make_config("trask-xor")
    serial, batched = side_by_side(
        reps,
        lambda: [literal_loop(iterations, 4, a) for a in TUTORIAL_ALPHAS],
        lambda: Sweep(config, TUTORIAL_ALPHAS).advance(iterations),
    )
    ratio = statistics.median(serial) / statistics.median(batched)
    detail = f"7 serial {fmt(serial, 's')}, sweep {fmt(batched, 's')}"
    report("c", f"7-alpha sweep, {iterations} it, H 4", detail, ratio, 8.0)


def bench_startup(reps: int) -> None:
    """(d) wall time of `train --iterations 1`, the headless start-up."""
    times = [timed(lambda: run_process("-m", "tui_nn", "train", "--iterations", "1")) for _ in range(reps)]
    report(
        "d", "start-up: train --iterations 1", fmt(times, "s"), statistics.median(times), 0.3, higher=False
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter runs")
    args = parser.parse_args()
    reps, iterations = (3, 120_000) if args.quick else (5, 600_000)
    print(f"tui_nn benchmark, numpy {np.__version__}, python {sys.version.split()[0]}, {reps} repetitions")
    header = f"{'line':<4} {'measure':<44} {'detail':<60} {'ratio':>8} target"
    print(header)
    bench_engine(reps, iterations)
    bench_sweep(reps, iterations // 10)
    bench_startup(reps)
    failed = sum(row.endswith("FAIL") for row in ROWS)
    print(f"{len(ROWS) - failed} PASS, {failed} FAIL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
