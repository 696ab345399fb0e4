"""tui_nn speed benchmark: every figure measured side by side in one run, as ratios.

    python benchmarks/bench.py            # the full run (a few minutes)
    python benchmarks/bench.py --quick    # fewer repetitions, shorter runs

Each line repeats its measurement (runs of the two sides interleaved, so both see
the same machine load), reports min and median, and the ratio of the medians
against its target with PASS or FAIL. Nothing here is a test: the
machines are shared and noisy, so targets are checked here, not in the suite.
"""

from __future__ import annotations

import argparse
import compileall
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from grid import bench_grid  # noqa: E402
from pty_app import ESCAPE, PtyApp  # noqa: E402

from tui_nn.run.build import build  # noqa: E402
from tui_nn.run.config import make_config  # noqa: E402
from tui_nn.run.sweep import TUTORIAL_ALPHAS, Sweep  # noqa: E402

TUTORIAL = ROOT / "benchmarks" / "tutorial_xor.py"
ROWS: list[str] = []


def literal_loop(iterations: int, hidden: int, alpha: float, seed: int = 1) -> np.ndarray:
    """Trask part 2's loop in-process (benchmarks/tutorial_xor.py, as a function)."""
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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired_ratio(base: list[float], ours: list[float]) -> float:
    """Median of the ratios of neighbouring runs: load that drifts hits both runs of a pair."""
    return statistics.median(b / o for b, o in zip(base, ours, strict=True))


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
            max(3, reps - 2),  # whole processes are long: fewer pairs keep the run under 5 minutes
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
        ratio = paired_ratio(tutorial, engine)
        detail = f"tutorial {fmt(tutorial, 's')}, train {fmt(engine, 's')}"
        report("a", f"train {iterations} it, H {hidden}, whole process", detail, ratio, 2.0)
    n = iterations // 10
    for hidden in (4, 32):
        config = make_config("trask-xor", hidden=hidden)
        tutorial, engine = side_by_side(
            reps, lambda h=hidden: literal_loop(n, h, 1.0), lambda c=config: build(c).train(n)
        )
        ratio = paired_ratio(tutorial, engine)
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
    ratio = paired_ratio(serial, batched)
    detail = f"7 serial {fmt(serial, 's')}, sweep {fmt(batched, 's')}"
    report("c", f"7-alpha sweep, {iterations} it, H 4", detail, ratio, 8.0)


def with_bytecode() -> None:
    """Compile the package's bytecode, as an installed copy has it.

    pip writes bytecode when it installs a package, and Python caches it on a module's
    first import, except where PYTHONDONTWRITEBYTECODE is set: these machines set it,
    and then every start compiles every module of the package again (about 60 ms of
    ``train`` and 100 ms of the app's start here). Start-up is measured as a user's
    machine starts, so the benchmark writes the bytecode first.
    """
    compileall.compile_dir(ROOT / "tui_nn", quiet=1)


def bench_startup(reps: int) -> None:
    """(d) wall time of `train --iterations 1`, the headless start-up, beside a bare `import numpy`
    (and the interpreter alone: both floors of this machine)."""
    bare, times = side_by_side(
        reps,
        lambda: run_process("-c", "import numpy"),
        lambda: run_process("-m", "tui_nn", "train", "--iterations", "1"),
    )
    python = [timed(lambda: run_process("-c", "pass")) for _ in range(reps)]
    floors = f"numpy alone med {statistics.median(bare):.3g} s, python {statistics.median(python):.3g} s"
    detail = f"{fmt(times, 's')}; {floors}"
    report("d", "start-up: train --iterations 1", detail, statistics.median(times), 0.2, higher=False)


ENGINE_ALONE = """
import sys, time
from tui_nn.run.build import build  # noqa: E402
from tui_nn.run.config import make_config
training = build(make_config("trask-xor", iterations=10**9))
seconds = float(sys.argv[1])
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    training.train(4096)
print(training.iteration / (time.perf_counter() - start))
"""

# The peak is this process's own (VmHWM: the high-water mark of its memory since exec):
# ru_maxrss also counts the pages of the parent it was forked from, which is this benchmark,
# big by the time this line runs (it read 99.9 MB beside 39.8 MB measured alone).
MEMORY = """
import resource, sys
from tui_nn.run.controller import RunController
from tui_nn.run.config import make_config
trainer = RunController(make_config("trask-xor", iterations=int(sys.argv[1])))
trainer.start()
while trainer.running:
    trainer.run_chunk(65536)
trainer.snapshot()
try:
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(trainer.iteration, peak)
"""


def _status_points(app, t0: float, t1: float) -> list[tuple[float, int]]:
    """(arrival time, iteration) of every status line the app wrote in [t0, t1)."""
    points = []
    with app._lock:
        chunks = [(t, d) for t, d in app.chunks if t0 <= t < t1]
    for t, data in chunks:
        text = ESCAPE.sub(b"", data).decode("utf-8", "replace")
        points += [(t, int(m.replace(",", ""))) for m in re.findall(r"iteration ([\d,]+)/", text)]
    return points


def bench_app(reps: int, window: float) -> None:
    """(b) full speed in the app vs the engine alone; (d) first frame; (f) terminal bytes.

    Rate, frames and bytes come from a window with no keys pressed; key latency from
    a second window with a key every 0.1 s.
    """
    app_rates, engine_rates, redraws, latencies, throughput, first_frames, quits = [], [], [], [], [], [], []
    for _ in range(reps):
        app = PtyApp("--pace", "max", "--iterations", "1000000000")
        shown = app.wait_for(r"iteration 0/", app.started, 20)
        if shown is None:
            app.close()
            raise RuntimeError("the app drew no status line within 20 s")
        first_frames.append(shown - app.started)
        time.sleep(0.5)
        started = app.send("r")
        time.sleep(1.5)  # the worker's chunks settle
        t0 = time.monotonic()  # first window: hands off, full speed
        time.sleep(window)
        t1 = time.monotonic()
        points = _status_points(app, t0, t1)
        app_rates.append((points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0]))
        redraws.append(app.frames(t0, t1) / (t1 - t0))
        throughput.append(len(app.since(t0, t1)) / (t1 - t0) / 1000)
        sent = []  # second window: a key every 0.1 s while it runs
        while time.monotonic() - t1 < window / 2:
            time.sleep(0.1)
            sent.append(app.send("d"))  # toggle counts/values: handled in the UI
        time.sleep(0.3)  # let the last key reach its handler before reading the log
        handled = iter(sorted(t for t, key in app.key_times() if key == "d" and t >= started))
        for s in sent:  # each key's handler is the first one logged after it was written
            h = next((h for h in handled if h >= s), None)
            if h is None:
                raise RuntimeError("a key written to the app never reached its handler")
            latencies.append(h - s)
        quits.append(app.close())
        engine = subprocess.run(
            [sys.executable, "-c", ENGINE_ALONE, str(window)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        engine_rates.append(float(engine.stdout))
    ratio = paired_ratio(app_rates, engine_rates)
    detail = f"app {fmt(app_rates, 'it/s')}, engine {fmt(engine_rates, 'it/s')}"
    report("b", "full speed in the app (120x40 pty) vs engine", detail, ratio, 0.9)
    report("b", "redraws per second while running", fmt(redraws, "frames/s"), statistics.median(redraws), 10)
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000
    detail = f"{fmt(latencies, 'ms', 1000)}, max {ordered[-1] * 1000:.3g} ms"
    report("b", f"key latency p95 while running ({len(ordered)} keys)", detail, p95, 50, False)
    report(
        "d",
        "time to the app's first frame",
        fmt(first_frames, "s"),
        statistics.median(first_frames),
        0.5,
        False,
    )
    rate = statistics.median(throughput)
    report("f", "terminal bytes per second at full speed", fmt(throughput, "KB/s"), rate, 30, False)
    if any(q is None for q in quits):
        print("note: the app did not exit within 5 s of q in some runs")


def bench_memory(iterations: int) -> None:
    """(e) peak RSS of the app's trainer after many iterations (history kept bounded)."""
    result = subprocess.run(
        [sys.executable, "-c", MEMORY, str(iterations)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    done, peak = result.stdout.split()
    report(
        "e",
        f"peak RSS after {int(done):.0e} trainer iterations",
        f"{float(peak):.1f} MB",
        float(peak),
        100,
        False,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter runs")
    args = parser.parse_args()
    reps, iterations = (3, 120_000) if args.quick else (5, 600_000)
    print(f"tui_nn benchmark, numpy {np.__version__}, python {sys.version.split()[0]}, {reps} repetitions")
    header = f"{'line':<4} {'measure':<44} {'detail':<60} {'ratio':>8} target"
    print(header)
    with_bytecode()
    bench_engine(reps, iterations)
    bench_sweep(reps, iterations // 10)
    bench_grid(report, reps, iterations // 100)  # the 180-run grid, batched vs serial
    bench_startup(reps)
    bench_app(reps, 3.0 if args.quick else 5.0)
    bench_memory(10**6 if args.quick else 10**7)
    import watch  # the timeline and the network view (benchmarks/watch.py)

    watch.run(report, args.quick, 2 if args.quick else 3, 3.0 if args.quick else 5.0)
    import screen  # the first frame's bytes, keys while a sweep runs (benchmarks/screen.py)

    screen.run(report, args.quick)
    failed = sum(row.endswith("FAIL") for row in ROWS)
    print(f"{len(ROWS) - failed} PASS, {failed} FAIL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
