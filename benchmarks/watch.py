"""Benchmark lines for watching a run: the timeline's memory and reach time, the network view's cost.

    python benchmarks/watch.py            # what bench.py runs for these lines
    python benchmarks/watch.py --quick    # a shorter run (10^6 iterations)

(w) The timeline: a run trained as the worker trains it (chunks aimed at 10 ms,
a checkpoint every 20 ms of training) to 10^7 iterations; the checkpoints'
bytes (the timeline's own count, and the length of the checkpoints pickled, as
a cross-check), and the time to rebuild 40 random iterations (``view`` + the
snapshot the worker sends), for trask-xor and for a custom mini-batch momentum
dropout net. (n) The network view against the curve, in the real app under a
120x40 pty at full speed, runs of the two interleaved: the training rate and
the bytes a second written to the terminal.
"""

from __future__ import annotations

import argparse
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pty_app import PtyApp  # noqa: E402

from tui_nn.run.config import make_config  # noqa: E402
from tui_nn.run.controller import RunController  # noqa: E402

SPIRAL = ("--dataset", "spiral", "--layers", "8,8", "--activation", "tanh")


def train_as_the_worker(controller: RunController) -> float:
    """Run to the target in chunks aimed at 10 ms, as ``tui_nn.worker.loop`` does; seconds taken."""
    chunk, started = 64, time.perf_counter()
    controller.start()
    while controller.running:
        t0 = time.perf_counter()
        controller.run_chunk(chunk)
        spent = time.perf_counter() - t0
        chunk = int(min(max(chunk * 0.01 / max(spent, 1e-9), chunk / 2, 1), chunk * 2, 1 << 16))
    return time.perf_counter() - started


def bench_timeline(report, config, label: str, samples: int = 40) -> None:
    controller = RunController(config)
    seconds = train_as_the_worker(controller)
    timeline = controller.timeline
    pickled = len(pickle.dumps(timeline.checkpoints))
    n = controller.iteration
    detail = (
        f"{n:.0e} it in {seconds:.0f} s: {len(timeline.checkpoints)} checkpoints, "
        f"{timeline.nbytes / 1e6:.1f} MB ({pickled / 1e6:.1f} pickled)"
    )
    report("w", f"timeline memory, {label}", detail, max(timeline.nbytes, pickled) / 1e6, 50, False)
    rng = random.Random(1)
    times = []
    for k in [rng.randrange(n) for _ in range(samples)]:
        t0 = time.perf_counter()
        controller.view(k)
        controller.snapshot()
        times.append(time.perf_counter() - t0)
    ordered = sorted(times)
    detail = (
        f"{samples} random: median {statistics.median(times) * 1000:.3g} ms, max {ordered[-1] * 1000:.3g} ms"
    )
    report("w", f"time to reach an iteration, {label}", detail, ordered[-1] * 1000, 100, False)


def app_window(flags: tuple[str, ...], keys: str, window: float) -> tuple[float, float]:
    """(it/s, KB/s to the terminal) of the app at full speed with ``keys`` pressed first."""
    from bench import _status_points  # the status line parser the other app lines use

    app = PtyApp(*flags, "--pace", "max", "--iterations", "1000000000")
    try:
        if app.wait_for(r"iteration 0/", app.started, 20) is None:
            raise RuntimeError("the app drew no status line within 20 s")
        time.sleep(0.5)
        if keys:
            app.send(keys)
            time.sleep(0.5)
        app.send("r")
        time.sleep(1.5)
        t0 = time.monotonic()
        time.sleep(window)
        t1 = time.monotonic()
        points = _status_points(app, t0, t1)
        rate = (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
        return rate, len(app.since(t0, t1)) / (t1 - t0) / 1000
    finally:
        app.close()


def bench_network_view(report, reps: int, window: float) -> None:
    for label, flags in (("trask-xor", ()), ("spiral 8,8 tanh (maps)", SPIRAL)):
        curve, network = [], []
        for _ in range(reps):
            curve.append(app_window(flags, "", window))
            network.append(app_window(flags, "n", window))
        ratio = statistics.median(n[0] for n in network) / statistics.median(c[0] for c in curve)
        detail = (
            f"net {statistics.median(n[0] for n in network):,.0f} it/s, "
            f"curve {statistics.median(c[0] for c in curve):,.0f} it/s"
        )
        report("n", f"full speed, network view / curve, {label}", detail, ratio, 0.9)
        kbs = [n[1] for n in network]
        detail = (
            f"median {statistics.median(kbs):.3g} KB/s (curve {statistics.median(c[1] for c in curve):.3g})"
        )
        report("n", f"terminal KB/s, network view, {label}", detail, statistics.median(kbs), 40, False)


def run(report, quick: bool, reps: int, window: float) -> None:
    iterations = 10**6 if quick else 10**7
    bench_timeline(report, make_config("trask-xor", iterations=iterations), f"trask-xor {iterations:.0e}")
    custom = make_config(
        preset="custom", dataset="spiral", layers=(8, 8), activation="tanh", batch=16,
        optimizer="momentum", dropout=0.2, iterations=iterations // 100,
    )  # fmt: skip
    bench_timeline(report, custom, "spiral 8,8 momentum dropout")
    bench_network_view(report, reps, window)


def main() -> int:
    from bench import report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    run(report, args.quick, 2 if args.quick else 3, 3.0 if args.quick else 5.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
