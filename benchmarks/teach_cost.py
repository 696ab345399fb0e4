"""What the teaching views cost, measured side by side (issue 4).

    python benchmarks/teach_cost.py            # about 2 minutes
    python benchmarks/teach_cost.py --quick

1. The error landscape must not slow full-speed training by more than 10 %: the
   real app runs under a pty at 120x40 at full speed, once showing the error
   curve and once showing the landscape (key g), in interleaved pairs; the rate
   is read off the status line the app draws. Ratio: landscape / curve.
2. One landscape grid: the vectorised pass for a panel of 120x40's size.
3. The alpha sweep in the app (key w, the tutorial's seven alphas) against the
   CLI's ``run_sweep`` on the same preset, interleaved in one process.

Nothing here is a test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import _status_points, fmt, paired_ratio, report, timed  # noqa: E402
from pty_app import PtyApp  # noqa: E402

from tui_nn.core.landscape import busiest_pair, error_grid  # noqa: E402
from tui_nn.run.build import build  # noqa: E402
from tui_nn.run.config import make_config  # noqa: E402
from tui_nn.run.sweep import (  # noqa: E402
    TUTORIAL_ALPHAS,
    default_every,  # noqa: E402
    run_sweep,
)


def figure(line: str, what: str, detail: str, value: float) -> None:
    """A measured figure with no target of its own."""
    print(f"{line:<4} {what:<44} {detail:<60} {value:>8.3g}", flush=True)


def app_rate(preset: str, view_key: str | None, window: float) -> float:
    """it/s the app trains at, read from its status line over ``window`` seconds at full speed."""
    app = PtyApp("--pace", "max", "--preset", preset, "--iterations", "1000000000")
    try:
        if app.wait_for(r"iteration 0/", app.started, 20) is None:
            raise RuntimeError("the app drew no status line within 20 s")
        if view_key:
            app.send(view_key)
            time.sleep(0.3)
        app.send("r")
        time.sleep(1.5)  # chunks settle; the landscape has drawn its first grid
        t0 = time.monotonic()
        time.sleep(window)
        points = _status_points(app, t0, time.monotonic())
        return (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
    finally:
        app.close()


def bench_landscape_in_app(reps: int, window: float) -> None:
    for preset in ("two-weights", "trask-xor"):
        curve, landscape = [], []
        for _ in range(reps):
            curve.append(app_rate(preset, None, window))
            landscape.append(app_rate(preset, "g", window))
        ratio = paired_ratio(landscape, curve)
        detail = f"curve {fmt(curve, 'it/s')}, landscape {fmt(landscape, 'it/s')}"
        report("4.3", f"full speed with the landscape, {preset}", detail, ratio, 0.9)


def bench_grid(reps: int) -> None:
    for preset in ("two-weights", "trask-xor", "digits"):
        training = build(make_config(preset))
        pair = busiest_pair(build(make_config(preset)))
        times = [
            timed(lambda t=training, p=pair: error_grid(t, *p, columns=74, rows=60)) for _ in range(reps)
        ]
        figure("4.3", f"one 74x60 landscape grid (ms), {preset}", fmt(times, "ms", 1000), min(times) * 1000)


async def _app_sweep(config) -> float:
    from tui_nn.app.app import TrainerApp
    from tui_nn.app.widgets.sweep import SweepPanel

    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.until_answered()
        panel = app.query_one(SweepPanel)
        start = time.perf_counter()
        await pilot.press("w")
        while panel.iteration < config.iterations:
            await asyncio.sleep(0.005)
        return time.perf_counter() - start


def bench_sweep_in_app(reps: int) -> None:
    for preset in ("trask-xor", "xor-online"):
        config = make_config(preset)
        every = default_every(config.iterations)
        cli, in_app = [], []
        for _ in range(reps):
            cli.append(timed(lambda c=config, e=every: run_sweep(c, list(TUTORIAL_ALPHAS), e)))
            in_app.append(asyncio.run(_app_sweep(config)))
        detail = f"CLI {fmt(cli, 's')}, app {fmt(in_app, 's')}"
        figure("4.4", f"7-alpha sweep, app time / CLI time, {preset}", detail, paired_ratio(in_app, cli))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter windows")
    args = parser.parse_args()
    reps = 2 if args.quick else 4
    print(f"tui_nn teaching views, {reps} repetitions")
    bench_grid(5)
    bench_landscape_in_app(reps, 3.0 if args.quick else 5.0)
    bench_sweep_in_app(2 if args.quick else 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
