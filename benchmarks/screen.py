"""Benchmark lines for what the terminal receives and how soon: bytes, start-up, a sweep's keys.

    python benchmarks/screen.py            # what bench.py runs for these lines
    python benchmarks/screen.py --quick    # fewer repetitions, shorter windows

(s) The app under a 120x40 pty, as a person's terminal runs it: the bytes of
the first full frame (from the start to the end of the first synchronized frame
that holds the status line; the bytes until the paused screen settles beside
it); the key latency while an alpha sweep runs in its own process (a key every
0.1 s, the app's run going too), and how long the sweep's process lives on after
its view is closed. The start-up, first-frame time and full-speed bytes are
bench.py's own lines (d, f) and the network view's bytes watch.py's (n).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pty_app import ESCAPE, FRAME_START, PtyApp  # noqa: E402

FRAME_END = b"\x1b[?2026l"


def first_frame(app: PtyApp) -> tuple[float, int]:
    """(seconds from the start, bytes from the start) to the end of the first frame holding the
    status line."""
    if app.wait_for(r"iteration 0/", app.started, 20) is None:
        raise RuntimeError("the app drew no status line within 20 s")
    time.sleep(0.3)  # the frame's last bytes
    with app._lock:
        chunks = list(app.chunks)
    data, arrival = b"", []
    for t, chunk in chunks:
        data += chunk
        arrival.append((len(data), t))
    start = 0
    while (begin := data.find(FRAME_START, start)) >= 0:
        end = data.find(FRAME_END, begin)
        if end < 0:
            break
        end += len(FRAME_END)
        text = ESCAPE.sub(b"", data[begin:end]).decode("utf-8", "replace")
        if "iteration 0/" in text:
            when = next(t for size, t in arrival if size >= end)
            return when - app.started, end
        start = end
    raise RuntimeError("no synchronized frame held the status line")


def children_of(pid: int) -> set[int]:
    """The process ids whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        kids = children_of(todo.pop())
        out |= kids
        todo += kids
    return out


def bench_first_frame(report, reps: int) -> None:
    """The bytes written from the start to the end of the first full frame, and all the bytes
    written until the paused screen settles (it then sends nothing)."""
    first, settled = [], []
    for _ in range(reps):
        app = PtyApp()
        try:
            first.append(first_frame(app)[1] / 1000)
            time.sleep(1.5)
            settled.append(len(app.since(app.started)) / 1000)
        finally:
            app.close()
    med = statistics.median(first)
    detail = f"min {min(first):.3g} / med {med:.3g} KB; settled after {statistics.median(settled):.3g} KB"
    report("s", "bytes of the first full frame (120x40)", detail, med, 60, False)


def bench_sweep_keys(report, reps: int, window: float, run: bool = True) -> None:
    """Keys while the sweep runs (and the app's own run too, with ``run``)."""
    latencies, lingers = [], []
    for _ in range(reps):
        app = PtyApp("--pace", "max", "--iterations", "1000000000")
        try:
            if app.wait_for(r"iteration 0/", app.started, 20) is None:
                raise RuntimeError("the app drew no status line within 20 s")
            time.sleep(0.5)
            before = descendants(app.pid)
            started = app.send("w")
            if app.wait_for(r"α 0\.001", started, 20) is None:
                raise RuntimeError("the sweep drew no curve within 20 s")
            sweeping = descendants(app.pid) - before
            if run:
                app.send("r")
            time.sleep(1.0)
            sent = []
            t0 = time.monotonic()
            while time.monotonic() - t0 < window:
                time.sleep(0.1)
                sent.append(app.send("d"))
            time.sleep(0.3)
            handled = iter(sorted(t for t, key in app.key_times() if key == "d" and t >= started))
            for s in sent:
                h = next((h for h in handled if h >= s), None)
                if h is None:
                    raise RuntimeError("a key written to the app never reached its handler")
                latencies.append(h - s)
            closed = app.send("w")
            while sweeping & descendants(app.pid) and time.monotonic() - closed < 5:
                time.sleep(0.005)
            lingers.append(time.monotonic() - closed)
            if not sweeping:
                lingers[-1] = float("inf")  # no process of its own was seen: the sweep ran in the app
        finally:
            app.close()
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000
    detail = f"median {statistics.median(latencies) * 1000:.3g} ms, max {ordered[-1] * 1000:.3g} ms"
    what = "sweep and run" if run else "sweep"
    report("s", f"key latency p95, {what} running ({len(ordered)} keys)", detail, p95, 20, False)
    worst = max(lingers) * 1000
    detail = f"sweep process gone {statistics.median(lingers) * 1000:.3g} ms (median) after w"
    report("s", "sweep's process after its view closes (ms)", detail, worst, 1000, False)


def run(report, quick: bool) -> None:
    reps, window = (2, 3.0) if quick else (3, 5.0)
    bench_first_frame(report, reps)
    bench_sweep_keys(report, reps, window)


def main() -> int:
    from bench import report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    run(report, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
