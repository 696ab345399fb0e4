"""How soon the training process answers a pause and notices its own death, for nets of any size.

    python benchmarks/pause.py            # the nets below, five pauses each
    python benchmarks/pause.py --quick    # the small nets only

For each net: the real worker (a child process, as the app runs it) is started
and set running; then, five times, a pause is sent at a different moment of an
iteration and the time until the client returns a snapshot that answers it is
printed (the app shows that snapshot), then the run goes on. A pause inside one
long iteration is answered at once with a small ``Answer``; the iteration still
completes. Last, ``kill -9`` and ``kill -STOP`` of the child, five each: the
time until ``poll`` says it is gone. Targets: pause 0.5 s, death 1 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_nn.run.config import make_config  # noqa: E402
from tui_nn.worker.client import WorkerClient, WorkerStopped  # noqa: E402

NETS = {
    "--layers 4096": {"layers": [4096]},
    "digits --hidden 4096": {"preset": "digits", "hidden": 4096},
    "1024,1024,1024 (800 spiral rows)": {"dataset": "spiral", "layers": [1024] * 3, "points": 800},
    "4096,4096 (800 spiral rows)": {"dataset": "spiral", "layers": [4096] * 2, "points": 800},
}
DELAYS = (0.2, 0.9, 1.7, 2.6, 3.3)  # after the run goes on: pauses land at varied points of an iteration


def until(client: WorkerClient, done, limit: float = 120.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        item = client.poll(0.02)
        if item is not None and done(item):
            return item
    raise TimeoutError("no answer in time")


def pauses(values: dict) -> list[float]:
    client = WorkerClient(make_config(iterations=10**6, **values))
    client.start()
    try:
        until(client, lambda s: True)
        client.send("run")
        until(client, lambda s: getattr(s, "iteration", 0) >= 1)
        times = []
        for delay in DELAYS:
            client.send("run")
            until(client, lambda s: getattr(s, "state", "") == "running")
            time.sleep(delay)
            ident, sent = client.send("pause"), time.monotonic()
            snap = until(client, lambda s, i=ident: getattr(s, "ack", 0) >= i or isinstance(s, WorkerStopped))
            assert getattr(snap, "state", None) == "paused", snap
            times.append(time.monotonic() - sent)
        return times
    finally:
        client.close(1.0)


def deaths(sig: signal.Signals) -> list[float]:
    times = []
    for _ in range(5):
        client = WorkerClient(make_config(preset="trask-xor", iterations=10**9))
        client.start()
        until(client, lambda s: True)
        client.send("run")
        time.sleep(0.5)
        os.kill(client.pid, sig)
        killed = time.monotonic()
        until(client, lambda s: isinstance(s, WorkerStopped), 30)
        times.append(time.monotonic() - killed)
        client.close(0)
    return times


def spread(times: list[float]) -> str:
    return f"{min(times):.3f}-{max(times):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two small nets only")
    quick = parser.parse_args().quick
    load = os.getloadavg()[0]
    print(f"load {load:.1f} on {os.cpu_count()} cores")
    for name, values in list(NETS.items())[: 2 if quick else None]:
        times = pauses(values)
        verdict = "PASS" if max(times) <= 0.5 else "FAIL"
        print(f"pause, {name}: {spread(times)} ({' '.join(f'{t:.3f}' for t in times)})  {verdict}")
    for sig in (signal.SIGKILL, signal.SIGSTOP):
        times = deaths(sig)
        verdict = "PASS" if max(times) <= 1.0 else "FAIL"
        print(f"{sig.name} noticed after {spread(times)}  {verdict}")


if __name__ == "__main__":
    main()
