"""Drive the real app (its child-process worker included) and save SVG screenshots here.

    python screenshots/make_screenshots.py            # all of them
    python screenshots/make_screenshots.py help sweep # only these

Each picture is taken once the worker has answered every key (paused or done
states), so the panels all show the same iteration.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tui_nn.app.app import TrainerApp
from tui_nn.run.build import ready
from tui_nn.run.config import make_config

HERE = Path(__file__).resolve().parent


ONLY = set(sys.argv[1:])  # names given on the command line (none: every screenshot)


async def shoot(name, config, size=(120, 40), keys=(), until=None, after=(), settle=None, typed=(), then=()):
    """Open the app, press keys, wait for a state, press more keys, save name.svg.

    ``typed``: (field id, text) pairs then typed into those fields, each ended with enter, and
    ``then`` keys after them. ``settle(app)``, if given, is awaited last (a panel's own worker
    finishing).
    """
    if ONLY and name not in ONLY:
        return
    app = TrainerApp(config)
    async with app.run_test(size=size) as pilot:
        await app.until_answered()
        await pilot.press(*keys)
        await app.until_answered()
        while until is not None and not until(app.snapshot):
            await asyncio.sleep(0.01)
        await pilot.press(*after)
        for field, text in typed:
            app.query_one(f"#{field}").focus()
            await pilot.press(*text, "enter")
        await pilot.press(*then)
        await app.until_answered()
        await app.draw()
        if settle is not None:
            await settle(app)
            await app.draw()
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg: {app.snapshot!r}")


async def sweep_done(app) -> None:
    from tui_nn.app.widgets.sweep import SweepPanel

    panel = app.query_one(SweepPanel)
    opening = ("final " if panel.gridded else "") + app.config.metric.upper()  # a grid's: "final MAE"
    while panel.iteration < app.config.iterations or not panel.table.startswith(opening):
        await asyncio.sleep(0.05)


async def landscape_ready(app) -> None:
    from tui_nn.app.widgets.landscape import LandscapePanel

    panel = app.query_one(LandscapePanel)
    await asyncio.sleep(0.2)
    while panel.grid is None or any(w.group == "landscape" and w.is_running for w in app.workers):
        await asyncio.sleep(0.05)


async def boundary_ready(app) -> None:
    from tui_nn.app.widgets.boundary import BoundaryPanel

    panel = app.query_one(BoundaryPanel)
    while panel.drawn_from is None or panel.drawn_from.iteration != app.snapshot.iteration:
        await asyncio.sleep(0.05)


# A spiral learned by a 2-hidden-layer tanh net, the rest the custom defaults (README: custom runs):
# python -m tui_nn --dataset spiral --layers 8,8 --activation tanh
SPIRAL = dict(dataset="spiral", layers="8,8", activation="tanh")


def done(snapshot) -> bool:
    return snapshot.state == "done"


async def main() -> None:
    xor = make_config()
    await shoot("start", xor)
    await shoot("start-80x24", xor, size=(80, 24))
    await shoot("start-150x40", xor, size=(150, 40))
    await shoot("digits-200x60", make_config("digits"), size=(200, 60), keys=["r"], until=done)
    await shoot("mid-training", xor, keys=["r"], until=lambda s: s.iteration >= 8000, after=["r"])
    await shoot("trained-xor", xor, keys=["r"], until=done)
    await shoot("saturated-alpha-1000", make_config(alpha=1000), keys=["r"], until=done)
    await shoot("digits-direction-changes", make_config("digits"), keys=["r"], until=done, after=["d"])
    await shoot("help", xor, keys=["question_mark"])
    await shoot("explain-trask-1layer", make_config("trask-1layer", seed=123), keys=["e", "space"])
    two = make_config("two-weights")
    await shoot("landscape-two-weights", two, keys=["g", "r"], until=done, settle=landscape_ready)
    await shoot(
        "landscape-trask-xor", xor, keys=["g", "x", "x", "r"], until=lambda s: s.iteration >= 3000,
        after=["r"], settle=landscape_ready,
    )  # fmt: skip
    await shoot("relu-forward-inputs", make_config("relu-forward"), size=(80, 24))
    await shoot("sweep", xor, keys=["w"], until=lambda s: True, after=[], settle=sweep_done)
    # A grid: hidden sizes and seeds typed into the sweep's fields, then the map's cell alpha 10, H 4.
    grid_xor = make_config(iterations=6000)
    grid_fields = [("sweep-hidden", "1,2,4,8,16"), ("sweep-seeds", "1-5")]
    cell = ["down"] * 4 + ["right"] * 2
    await shoot("sweep-grid", grid_xor, keys=["w"], typed=grid_fields, then=cell, settle=sweep_done)
    await shoot("predict-digits", make_config("digits"), keys=["r"], until=done)
    spiral = ready(make_config("custom", **SPIRAL))[0]
    await shoot("spiral-boundary", spiral, keys=["b", "r"], until=done, settle=boundary_ready)
    await shoot("spiral-curves", spiral, keys=["r"], until=done)
    await shoot("save-session", xor, keys=["space"] * 3, after=["ctrl+s"])
    # Every view for every run: a preset's boundary, a custom net's walk-through, map and sweep.
    await shoot("boundary-two-weights", two, keys=["b", "r"], until=done, settle=boundary_ready)
    await shoot("explain-spiral", spiral, keys=["e", "space"])
    await shoot("landscape-spiral", spiral, keys=["g", "r"], until=done, settle=landscape_ready)
    # Watching: the timeline rewound to iteration 40 of a finished run, on a log x axis.
    await shoot("timeline-rewound", xor, keys=["r"], until=done, after=["L", "home", *["right"] * 40])
    # The network view: trask-xor's nodes and edges; the spiral net's per-node maps of the plane.
    await shoot("network-trask-xor", xor, keys=["n", "r"], until=done, after=["j"])
    await shoot("network-spiral", spiral, keys=["n", "r"], until=done)
    small = ready(make_config("custom", **SPIRAL, iterations=1000))[0]
    await shoot("sweep-spiral", small, keys=["w"], until=lambda s: True, after=[], settle=sweep_done)
    # Classes: iris by name, its confusion matrices; three named classes' coloured boundary.
    iris = ready(make_config("custom", dataset="iris", layers=(8,), iterations=2000))[0]
    await shoot("iris-trained", iris, keys=["r"], until=done)
    await shoot("iris-confusion", iris, keys=["r"], until=done, after=["c"])
    three = str(HERE.parent / "examples" / "three_classes.csv")
    blobs = ready(make_config("custom", data=three, layers=(8,), iterations=3000))[0]
    await shoot("three-classes-boundary", blobs, keys=["b", "r"], until=done, settle=boundary_ready)
    # The Linux console's ASCII (TUI_NN_ASCII=1 is what TERM=linux turns on).
    os.environ["TUI_NN_ASCII"] = "1"
    try:
        await shoot("linux-console", make_config(iterations=3000), keys=["r"], until=done)
    finally:
        del os.environ["TUI_NN_ASCII"]


if __name__ == "__main__":
    asyncio.run(main())
