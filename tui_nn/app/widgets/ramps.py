"""Heatmap colour ramps that keep their dark-to-bright order in 16 and 256 colours, not only 24-bit.

A ramp is given as true-colour stops, low to high, and drawn in a fixed number of
steps. In true colour each step is the stops' interpolation. A terminal with
fewer colours would get from Rich each step's nearest palette colour, and nearest
is not ordered: on 256 colours a brighter step can land on a darker cube colour
than the step before, and on 16 most steps fall on one grey, so the map's
low-to-high reading is lost. So each colour system gets steps of its own, from the
colours it really shows:

- ``"truecolor"`` (and no colour at all): the interpolation;
- ``"256"``: each step the xterm colour closest to it (in OKLab) among those no
  darker than the previous step's; of the colours after the 16 that the terminal's
  theme sets, only those Rich sends unchanged;
- ``"standard"`` and ``"windows"`` (16 colours): the ANSI colours the caller lists
  in order of brightness, spread over the steps.

Every colour comes back as an exact ``#rrggbb`` of the system's own palette, so
neither Rich's nearest-colour match nor Textual's theme mapping of ANSI colours
moves it. Brightness is relative luminance (linear sRGB, Rec. 709 weights).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.color import EIGHT_BIT_PALETTE, STANDARD_PALETTE, WINDOWS_PALETTE, Color, ColorSystem
from rich.palette import Palette
from rich.style import Style
from rich.text import Text

RGB = tuple[int, int, int]
SIXTEEN: dict[str, Palette] = {"standard": STANDARD_PALETTE, "windows": WINDOWS_PALETTE}


def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """Relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _oklab(rgb: RGB) -> tuple[float, float, float]:
    """The colour in OKLab, where straight distances follow the differences people see."""
    r, g, b = (_linear(c) for c in rgb)
    lms = (
        0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b,
    )
    l_, m, s = (max(x, 0.0) ** (1 / 3) for x in lms)
    return (
        0.2104542553 * l_ + 0.7936177850 * m - 0.0040720468 * s,
        1.9779984951 * l_ - 2.4285922050 * m + 0.4505937099 * s,
        0.0259040371 * l_ + 0.7827717662 * m - 0.8086757660 * s,
    )


def _distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(_oklab(a), _oklab(b)))


def hex_of(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def interpolate(stops: tuple[RGB, ...], t: float) -> RGB:
    """The colour at t in 0..1 on straight lines between the stops."""
    pos = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    r, g, b = (int(a + (b - a) * (pos - i)) for a, b in zip(stops[i], stops[i + 1]))
    return r, g, b


@lru_cache(maxsize=1)
def _cube() -> list[RGB]:
    """The 256-colour palette's colours 16-255 that Rich emits as themselves, darkest first."""
    rgbs = [EIGHT_BIT_PALETTE[n] for n in range(16, 256)]
    same = {
        rgb for rgb in rgbs if Color.from_triplet(rgb).downgrade(ColorSystem.EIGHT_BIT).get_truecolor() == rgb
    }
    return sorted(same, key=luminance)


@lru_cache(maxsize=32)
def ramp(
    stops: tuple[RGB, ...], levels: int, system: str | None, sixteen: tuple[int, ...]
) -> tuple[str, ...]:
    """``levels`` colours, low to high, for a terminal of colour ``system`` (Rich's name for it,
    ``app.console.color_system``); ``sixteen``: ANSI colour numbers, darkest first, for 16 colours."""
    spread = [i / max(levels - 1, 1) for i in range(levels)]
    if system in SIXTEEN:
        return tuple(ansi(sixteen[round(t * (len(sixteen) - 1))], system) for t in spread)
    targets = [interpolate(stops, t) for t in spread]
    if system != "256":
        return tuple(hex_of(rgb) for rgb in targets)
    chosen: list[RGB] = []
    for target in targets:
        floor = luminance(chosen[-1]) if chosen else 0.0
        chosen.append(min((c for c in _cube() if luminance(c) >= floor), key=lambda c: _distance(c, target)))
    return tuple(hex_of(rgb) for rgb in chosen)


def ansi(number: int, system: str | None) -> str:
    """ANSI colour ``number`` as the exact triplet of the 16-colour ``system``'s palette (Rich's
    standard one for any other system)."""
    return hex_of(SIXTEEN.get(system or "", STANDARD_PALETTE)[number])


def grey(system: str | None) -> str:
    """The colour of a cell without a value (NaN): a mid grey in every system."""
    return ansi(8, system) if system in SIXTEEN else "#808080"


@lru_cache(maxsize=16)
def step_colours(
    stops: tuple[RGB, ...], levels: int, system: str | None, sixteen: tuple[int, ...]
) -> dict[int, str]:
    """A heatmap's colour for each of its ``levels`` steps on ``system`` (-1, not finite: grey)."""
    return dict(enumerate(ramp(stops, levels, system, sixteen))) | {-1: grey(system)}


@lru_cache(maxsize=16)
def half_blocks(
    stops: tuple[RGB, ...], levels: int, system: str | None, sixteen: tuple[int, ...]
) -> dict[tuple[int, int], Style]:
    """The style of a half block ``▀`` for each (top step, bottom step) of that heatmap."""
    colours = step_colours(stops, levels, system, sixteen)
    return {(a, b): Style(color=colours[a], bgcolor=colours[b]) for a in colours for b in colours}


def append_half_blocks(text: Text, line: Iterable[tuple[str | None, Style]]) -> None:
    """One line of a heatmap onto ``text``: each cell is ``(None, style)`` for a half block ``▀``
    (top row in its colour, bottom row in its background) or ``(glyph, style)`` for a mark; equal
    blocks in a row go as one run, so a line is a few segments, not one per cell."""
    run, run_style = 0, None
    for glyph, style in line:
        if run and (glyph is not None or style is not run_style):
            text.append("▀" * run, run_style)
            run = 0
        if glyph is None:
            run, run_style = run + 1, style
        else:
            text.append(glyph, style)
    if run:
        text.append("▀" * run, run_style)
