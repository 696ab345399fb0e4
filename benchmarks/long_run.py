"""A long run in the real app under a pty: memory, key latency and the ETA until it is done.

    python benchmarks/long_run.py [--iterations 10000000] [--preset trask-xor]

Starts ``python -m tui_nn --iterations N``, presses r and, until the status line
says done: samples VmRSS/VmHWM of the app and of its training child every 0.5 s
(from /proc), presses ``d`` every 0.5 s (a key handled in the UI) and times it
from the write to its handler, and reads the ETA the status line shows. Prints
peak memory of both processes, the key latency, and how the first ETA compared
with the real time to the target. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pty_app import PtyApp  # noqa: E402

STATUS = re.compile(r"iteration ([\d,]+)/[\d,]+.*?(?:ETA (\w+))?\s*$", re.M)


def memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in kB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def seconds(text: str) -> float:
    total = 0.0
    for amount, unit in re.findall(r"(\d+)([hms])", text):
        total += int(amount) * {"h": 3600, "m": 60, "s": 1}[unit]
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000_000)
    parser.add_argument("--preset", default="trask-xor")
    parser.add_argument("--limit", type=float, default=900.0, help="give up after this many seconds")
    args = parser.parse_args()
    app = PtyApp("--pace", "max", "--preset", args.preset, "--iterations", str(args.iterations))
    if app.wait_for(r"iteration 0/", app.started, 30) is None:
        app.close()
        raise SystemExit("the app drew no status line within 30 s")
    time.sleep(0.5)
    started = app.send("r")
    samples: list[tuple[float, int, int, int, int]] = []  # t, app rss, app hwm, child rss, child hwm
    sent: list[float] = []
    etas: list[tuple[float, float]] = []  # (when, seconds to go it said)
    done_at = None
    child = None
    while time.monotonic() - started < args.limit:
        time.sleep(0.5)
        child = child or next(
            (c for c in children(app.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()), None
        )
        if child is not None:
            samples.append((time.monotonic() - started, *memory_kb(app.pid), *memory_kb(child)))
        sent.append(app.send("d"))
        screen = app.text_since(time.monotonic() - 0.6)
        shown = [eta for _, eta in STATUS.findall(screen) if eta]
        if shown:
            etas.append((time.monotonic() - started, seconds(shown[-1])))
        if "done  iteration" in screen or re.search(r"\[\] done", screen):
            done_at = time.monotonic() - started
            break
    time.sleep(0.3)
    handled = iter(sorted(t for t, key in app.key_times() if key == "d"))
    latencies = []
    for s in sent:
        h = next((h for h in handled if h >= s), None)
        if h is not None:
            latencies.append(h - s)
    quit_seconds = app.close()
    print(f"{args.preset}, {args.iterations:,} iterations, {len(samples)} samples")
    if done_at is None:
        print(f"not done within {args.limit:.0f} s")
    else:
        print(f"done after {done_at:.1f} s ({args.iterations / done_at:,.0f} it/s overall)")
    if etas and done_at is not None:
        for at, eta in (etas[0], min(etas, key=lambda e: abs(e[0] - 10)), etas[len(etas) // 2]):
            print(f"ETA shown at {at:.1f} s: {eta:.0f} s to go; it took {done_at - at:.1f} s")
    for name, rss, hwm in (("app", 1, 2), ("child", 3, 4)):
        first, last = samples[0], samples[-1]
        print(
            f"{name:<5} RSS {first[rss] / 1024:.1f} MB at {first[0]:.0f} s -> {last[rss] / 1024:.1f} MB "
            f"at {last[0]:.0f} s; peak (VmHWM) {max(s[hwm] for s in samples) / 1024:.1f} MB"
        )
    both = max(s[1] + s[3] for s in samples) / 1024
    print(f"app + child peak RSS (sum of samples) {both:.1f} MB")
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"key latency while running ({len(ordered)} keys): median {statistics.median(ordered) * 1000:.1f} ms,"
        f" p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )
    print(f"quit took {quit_seconds:.2f} s" if quit_seconds is not None else "quit: had to be killed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
