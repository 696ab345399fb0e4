"""Colour and glyphs: the sweep's curves apart without colour, heatmaps dark-to-bright in 16 and 256
colours (each class's colours too), and only ASCII plus code page 437's blocks on the Linux console,
for a tutorial preset and for a classifier's views.

The app tests read what the screen holds (the compositor's strips: text and styles, after Textual's
own filters), share one app across the views, and run the training worker in a thread.
"""

import asyncio
import re
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from textual import constants
from textual.scrollbar import ScrollBar

from tui_nn.app import glyphs
from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets import boundary, boundary_classes, landscape, network_parts
from tui_nn.app.widgets.boundary import BoundaryPanel
from tui_nn.app.widgets.confusion import ConfusionPanel
from tui_nn.app.widgets.landscape import LandscapePanel
from tui_nn.app.widgets.ramps import SIXTEEN, luminance
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.run.build import ready
from tui_nn.run.config import make_config

SYSTEMS = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "standard": ColorSystem.STANDARD,
    "windows": ColorSystem.WINDOWS,
}


def emitted(colour: str, system: str) -> tuple[int, int, int]:
    """The colour a terminal of ``system`` shows for ``colour``, as Rich sends it."""
    return tuple(Color.parse(colour).downgrade(SYSTEMS[system]).get_truecolor())


def ramps(system: str) -> dict[str, list[str]]:
    """Each heatmap's colours from its lowest value to its highest."""
    maps = network_parts.map_styles(system)
    return {
        "landscape": [landscape.palette(system)[i] for i in range(landscape.LEVELS)],
        "boundary": [boundary.palette(system)[i] for i in range(boundary.LEVELS)],
        "network maps": [str(maps[(i, i)].bgcolor.name) for i in range(network_parts.MAP_LEVELS)],
    }


@pytest.mark.parametrize("system", SYSTEMS)
def test_heatmaps_run_dark_to_bright_in_every_colour_system(system):
    for name, colours in ramps(system).items():
        shown = [emitted(c, system) for c in colours]
        lums = [luminance(rgb) for rgb in shown]
        assert all(a <= b for a, b in zip(lums, lums[1:])), f"{name} in {system}: {shown}"
        assert len(set(shown)) >= 3, f"{name} in {system} keeps too few levels: {set(shown)}"
        # Sent as chosen: no nearest-colour match moves a colour to a brighter or darker one.
        assert all(sent_as_chosen(c, system) for c in colours), name


@pytest.mark.parametrize("system", SYSTEMS)
def test_each_class_colour_runs_dark_to_bright_and_the_surest_differ(system):
    surest = set()
    for k in range(len(boundary_classes.HUES)):
        colours = boundary_classes.class_ramp(k, system)
        lums = [luminance(emitted(c, system)) for c in colours]
        assert all(a <= b for a, b in zip(lums, lums[1:])) and lums[0] < lums[-1], (k, colours)
        assert all(sent_as_chosen(c, system) for c in colours), (k, colours)
        surest.add(emitted(colours[-1], system))
    assert len(surest) >= (7 if system in SIXTEEN else 8), surest  # 16 colours: brown twice


def sent_as_chosen(colour: str, system: str) -> bool:
    """Rich sends ``colour`` itself: in 16 colours, as the palette entry it is exactly."""
    chosen, sent = Color.parse(colour), Color.parse(colour).downgrade(SYSTEMS[system])
    if system in SIXTEEN:
        return tuple(SIXTEEN[system][sent.number]) == tuple(chosen.get_truecolor())
    return sent.get_truecolor() == chosen.get_truecolor()


def test_ascii_only_under_the_linux_console_or_when_asked(monkeypatch):
    monkeypatch.delenv("TUI_NN_ASCII", raising=False)
    for term, expected in (("linux", True), ("linux-16color", True), ("xterm-256color", False), ("", False)):
        monkeypatch.setenv("TERM", term)
        assert glyphs.ascii_only() is expected, term
    monkeypatch.setenv("TUI_NN_ASCII", "1")
    assert glyphs.ascii_only()
    monkeypatch.setenv("TERM", "linux")
    monkeypatch.setenv("TUI_NN_ASCII", "0")
    assert not glyphs.ascii_only()
    assert glyphs.cells("━ ─ ┄ ● α") == "━ ─ ┄ ● α"  # not asked: unchanged


def region_segments(app, region):
    """(text, style) of each run the screen draws inside ``region``, row by row."""
    strips = app.screen._compositor.render_strips()
    return [list(strips[y].crop(region.x, region.right)) for y in range(region.y, region.bottom)]


async def wait_for(pilot, ready, timeout: float = 30.0) -> None:
    """Until ``ready()`` (a thread's grid, the sweep's child process), then one more frame; a
    generous timeout, so a loaded machine is slow, not failed."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not ready() and loop.time() < end:
        await pilot.pause(0.02)
    await pilot.pause()


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_landscape_in_256_colours_keeps_its_order(monkeypatch):
    monkeypatch.setattr(constants, "COLOR_SYSTEM", "256")  # as TEXTUAL_COLOR_SYSTEM=256 sets it
    app = TrainerApp(make_config("two-weights"), worker_mode="thread")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.console.color_system == "256"
        await pilot.press("g")
        panel = app.query_one(LandscapePanel)
        await wait_for(pilot, lambda: panel.grid is not None and "high" in screen_text(app))
        rows = region_segments(app, panel.map.content_region)
    ramp = [tuple(Color.parse(c).get_truecolor()) for c in landscape.palette("256").values()]
    blocks = [seg.style for row in rows for seg in row if "▀" in seg.text]
    assert blocks
    for style in blocks:  # every half block in the 256-colour ramp, which Rich sends unchanged
        for colour in (style.color, style.bgcolor):
            rgb = tuple(colour.get_truecolor())
            assert rgb in ramp and emitted(f"rgb{rgb}", "256") == rgb, rgb
    legend = next(row for row in rows if "high" in "".join(seg.text for seg in row))
    swatch = [
        tuple(seg.style.bgcolor.get_truecolor()) for seg in legend if seg.text.isspace() and seg.style.bgcolor
    ]
    swatch = [rgb for rgb in swatch if rgb in ramp]
    lums = [luminance(rgb) for rgb in swatch]
    assert len(set(swatch)) >= 5 and all(a <= b for a, b in zip(lums, lums[1:])), swatch


async def test_sweep_curves_differ_by_marker_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    config = make_config("trask-xor", iterations=300)
    app = TrainerApp(config, worker_mode="thread")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color
        await pilot.press("w")
        panel = app.query_one(SweepPanel)
        await wait_for(pilot, lambda: panel.iteration == config.iterations)
        plot = app.query_one("#sweep-plot")
        rows = region_segments(app, plot.region)
        text = "\n".join("".join(seg.text for seg in row) for row in rows)
        legend = dict(re.findall(r"(\S)\1+ α (\S+)", text))  # "++ α 0.01": the marker, the alpha
        assert sorted(legend.values(), key=float) == [f"{a:g}" for a in panel.alphas]
        assert len(set(legend)) == len(panel.alphas), legend
        assert all(
            seg.style.color is None or seg.style.color.triplet is None or _grey(seg)
            for row in rows
            for seg in row
        )


def _grey(seg) -> bool:
    r, g, b = seg.style.color.triplet
    return r == g == b  # NO_COLOR: Textual's monochrome filter leaves greys only


ALLOWED = {chr(c) for c in range(32, 127)} | set(glyphs.BLOCKS)


async def test_linux_console_gets_ascii_and_blocks_only(monkeypatch):
    monkeypatch.setenv("TERM", "linux")
    monkeypatch.delenv("TUI_NN_ASCII", raising=False)
    monkeypatch.setattr(ScrollBar, "renderer", ScrollBar.renderer)  # the app sets it; put back after
    app = TrainerApp(make_config("two-weights"), worker_mode="thread")
    found: dict[str, str] = {}

    async def look(view: str, expected: str, ready=lambda: True) -> None:
        """Note the characters on screen outside ASCII and the blocks, once the view has drawn."""
        await wait_for(pilot, ready)
        text = screen_text(app)
        assert expected in text, f"{view} not drawn: no {expected!r} in\n{text}"
        found[view] = "".join(sorted(set(text) - ALLOWED - {"\n"}))

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space", "space")  # a curve, its marker, the timeline hint
        await app.until_answered()
        await look("curve", "+- Error ")
        views = (
            ("e", "explain", "^T", None),
            ("g", "landscape", "@ now . path", lambda: app.query_one(LandscapePanel).grid is not None),
            ("b", "boundary", "@ target 1", lambda: app.query_one(BoundaryPanel).grid is not None),
            ("n", "network", "(@)", None),
            ("w", "sweep", "a 0.001", lambda: app.query_one(SweepPanel).iteration > 0),
        )
        for key, view, expected, ready in views:
            await pilot.press(key)
            await look(view, expected, ready or (lambda: True))
            await pilot.press(key)
        for key, view, expected in (
            ("f", "csv picker", "|-- "),
            ("question_mark", "help", "up/down"),
            ("o", "settings", "v "),
        ):
            await pilot.press(key)
            await look(view, expected)
            await pilot.press("escape")
    assert not any(found.values()), {view: chars for view, chars in found.items() if chars}


async def test_linux_console_keeps_a_classifiers_views_to_ascii_and_blocks(monkeypatch):
    monkeypatch.setenv("TERM", "linux")
    monkeypatch.delenv("TUI_NN_ASCII", raising=False)
    monkeypatch.setattr(ScrollBar, "renderer", ScrollBar.renderer)
    three = Path(__file__).resolve().parent.parent / "examples" / "three_classes.csv"
    app = TrainerApp(ready(make_config("custom", data=str(three), layers=(8,)))[0], worker_mode="thread")
    found: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:  # 80 columns: class names cut (with an ASCII ~)
        await pilot.press("space", "space")
        await app.until_answered()
        for key, view, expected, drawn in (
            ("c", "confusion", "rows: true", lambda: app.query_one(ConfusionPanel).shown is not None),
            ("b", "boundary", "@ left", lambda: app.query_one(BoundaryPanel).grid is not None),
        ):
            await pilot.press(key)
            await wait_for(pilot, drawn)
            text = screen_text(app)
            assert expected in text, f"{view} not drawn: no {expected!r} in\n{text}"
            found[view] = "".join(sorted(set(text) - ALLOWED - {"\n"}))
            await pilot.press(key)
    assert not any(found.values()), found
