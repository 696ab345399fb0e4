"""Hostile use of the app (Pilot): a resize storm and key mashing, both while training.

Keys and resizes are queued in bursts without waiting for the app to go idle
(``pilot.press`` waits after each key), which is what a fast typist or a
window manager does. Afterwards the app must still answer, and what it shows
must agree with the worker and with the engine.
"""

import asyncio
import random

import numpy as np
from textual import events
from textual.geometry import Size
from textual.widgets import Input

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.controls import FIELDS, field_value
from tui_nn.run.build import build
from tui_nn.run.config import make_config

BIG = 10**9
# Every app key but those that leave the app or write files, plus what fields take.
CHARACTERS = {
    "space": " ", "right_square_bracket": "]", "left_square_bracket": "[", "plus": "+", "minus": "-",
    "question_mark": "?", "full_stop": ".", "comma": ",",
}  # fmt: skip
MASH = [
    *CHARACTERS,
    *["tab", "shift+tab", "enter", "escape", "backspace", "up", "down", "left", "right", "home", "end"],
    *"0123456789rsplldegwiaxymXY",
]


async def until(check, timeout=30.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "gave up waiting"
        await asyncio.sleep(0.01)


def post_key(app, key):
    character = key if len(key) == 1 else CHARACTERS.get(key)
    app._driver.send_message(events.Key(key, character))


def resize(app, width, height):
    size = Size(width, height)
    app._driver._size = size  # as pilot.resize_terminal does, without waiting for idle
    app.post_message(events.Resize(size, size))


async def settle(app, pilot):
    """Leave any screen or field, stop the run; returns the snapshot that answers everything."""
    while len(app.screen_stack) > 1:
        app.pop_screen()
    await pilot.press("escape")  # leaves a field (applying it) or closes an open Select
    app.screen.set_focus(None)
    await pilot.pause()
    snap = await app.until_answered()
    if snap.state == "running":
        await pilot.press("r")
        snap = await app.until_answered()
    return snap


async def test_resize_storm_while_running():
    app = TrainerApp(make_config(iterations=BIG))
    rng = random.Random(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await until(lambda: app.snapshot.state == "running")
        for _ in range(6):
            for _ in range(25):
                resize(app, rng.choice([1, 2, 10, 40, 80, 131, 132, 200]), rng.choice([1, 3, 8, 24, 60]))
            await pilot.pause()
        for view in ("e", "g", "w"):  # every right-hand view: tiny and back
            await pilot.press(view)
            resize(app, 12, 5)
            resize(app, 80, 24)
            await pilot.press(view)
        await pilot.resize_terminal(80, 24)
        before = app.snapshot.iteration
        await until(lambda: app.snapshot.iteration > before + 1000)  # still training, still relayed
        await pilot.press("r")
        assert (await app.until_answered()).state == "paused"
        await pilot.pause()
        assert app.query_one("#status").region.width == 80


async def test_key_mashing_while_running_keeps_a_consistent_state():
    app = TrainerApp(make_config(iterations=BIG))
    rng = random.Random(11)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        for _ in range(16):  # 400 keys in bursts of 25, no waiting inside a burst
            for key in rng.choices(MASH, k=25):
                post_key(app, key)
            await pilot.pause()
        snap = await settle(app, pilot)
        config = app.config
        assert snap.config == config  # the worker trains what the fields show
        for field in FIELDS:
            assert app.query_one(f"#{field}", Input).value == field_value(config, field), field
        await pilot.press("0", "space", "space")  # and it trains exactly like the engine
        snap = await app.until_answered()
        ref = build(config)
        ref.train(2)
        assert snap.iteration == ref.iteration, (snap, app.focused, app.sent, str(app.playback.pace))
        assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(snap.weights, ref.weights))
