"""A custom run in the real app under a pty: its it/s against the headless Learner, and bytes/s.

    python benchmarks/custom_app.py

Opens the README's spiral (2 -> 10 tanh -> 10 tanh -> 1 sigmoid, momentum) with an
iteration target it never reaches, runs it with the error curve shown and then with
the decision boundary (b) shown, and reads the it/s from the status line; the
headless rate is measured in this process right before.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pty_app import PtyApp  # noqa: E402

from tui_nn.run.build import build, ready  # noqa: E402
from tui_nn.run.config import make_config  # noqa: E402

FLAGS = ["--dataset", "spiral", "--layers", "10,10", "--activation", "tanh", "--bias", "--init", "xavier",
         "--optimizer", "momentum", "--alpha", "0.003", "--points", "300", "--test", "0.3"]  # fmt: skip
RATE = re.compile(r"([\d,]+) it/s")


def headless(seconds: float = 3.0) -> float:
    options = dict(dataset="spiral", layers="10,10", activation="tanh", bias=True, init="xavier",
                   optimizer="momentum", alpha=0.003, points=300, test=0.3)  # fmt: skip
    config = ready(make_config("custom", **options))[0]
    training, done, start = build(config), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += len(training.train(200))
    return done / (time.perf_counter() - start)


def in_app(view_keys: str, seconds: float = 6.0) -> tuple[float, float]:
    """(it/s shown last, bytes/s to the terminal) while running with ``view_keys`` pressed first."""
    app = PtyApp(*FLAGS, "--pace", "max", "--iterations", "1000000000")
    try:
        app.wait_for("paused", app.started, timeout=20)
        if view_keys:
            app.send(view_keys)
            time.sleep(0.5)
        t0 = app.send("r")
        time.sleep(seconds)
        t1 = time.monotonic()
        rates = RATE.findall(app.text_since(t1 - 1.5))
        return float(rates[-1].replace(",", "")), len(app.since(t0 + 1, t1)) / (t1 - t0 - 1)
    finally:
        app.close()


if __name__ == "__main__":
    alone = headless()
    print(f"headless Learner: {alone:,.0f} it/s")
    for name, keys in (("error curve", ""), ("decision boundary", "b")):
        rate, bytes_per_s = in_app(keys)
        shown = f"{rate:,.0f} it/s ({rate / alone:.2f}x), {bytes_per_s / 1000:.0f} KB/s to the terminal"
        print(f"app, {name}: {shown}")
