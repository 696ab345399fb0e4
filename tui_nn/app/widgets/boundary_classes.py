"""The decision boundary of a classifier of three classes or more: each point of the plane in the
colour of the class the net picks there (the argmax of its softmax units), brighter where it is surer.

Each class has a hue, drawn in ``LEVELS`` steps from dark (the probability of the
class picked is near 1/K: the boundary between classes reads as a dark seam) to
its full colour (probability 1), each step chosen for the terminal's colour
system by ``ramps`` (16 colours: black, then the class's ANSI colour). The
regions stay dark enough for the data on top: each row a ``●`` in its class's
bright colour (``@`` where the font has only ASCII). Without colour (NO_COLOR)
the map is letters instead: each cell the lower-case letter of the class picked
there (``·`` on the seam), each row the upper-case letter of its class, and a
legend naming them (``classes.letters``: first letters, or a, b, c).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rich.style import Style
from rich.text import Text

from tui_nn.app.glyphs import cells
from tui_nn.app.widgets.classes import fit, letters
from tui_nn.app.widgets.ramps import RGB, append_half_blocks, grey, ramp

LEVELS = 6  # steps of sureness per class
HUES: tuple[RGB, ...] = (
    (40, 80, 175), (180, 95, 20), (35, 135, 55), (135, 50, 145),
    (25, 125, 130), (165, 40, 45), (135, 125, 30), (110, 110, 110),
)  # fmt: skip
SIXTEEN = (4, 3, 2, 5, 6, 1, 3, 7)  # each hue's ANSI colour (after black) on 16 colours
INKS = ("#70d8ff", "#ffb020", "#80ff90", "#ff9cff", "#70fff0", "#ff7a7a", "#fff070", "#ffffff")
NAME_ROOM = 16  # a class name's cells in the legend
SEAM = "·"  # no colour: where the class picked is barely surer than the others


def hue(k: int) -> int:
    """Class k's hue (they repeat past ``len(HUES)`` classes; the letters never do before z)."""
    return k % len(HUES)


@lru_cache(maxsize=64)
def class_ramp(k: int, system: str | None) -> tuple[str, ...]:
    """Class k's colours, least sure to surest, for a terminal of colour ``system``."""
    full = HUES[hue(k)]
    dark = (full[0] * 3 // 10, full[1] * 3 // 10, full[2] * 3 // 10)
    return ramp((dark, full), LEVELS, system, (0, SIXTEEN[hue(k)]))


def codes(units: np.ndarray) -> np.ndarray:
    """Each grid point's class * LEVELS + sureness step (-1 where an output is not finite), from its
    K output units: the argmax, and its probability's place between 1/K and 1."""
    k = units.shape[-1]
    finite = np.isfinite(units).all(axis=-1)
    safe = np.where(np.isfinite(units), units, 0.0)
    picked = np.argmax(safe, axis=-1)
    chance = np.take_along_axis(safe, picked[..., None], axis=-1)[..., 0]
    sure = np.clip((chance - 1 / k) / (1 - 1 / k), 0.0, 1.0)
    step = np.rint(sure * (LEVELS - 1)).astype(int)
    return np.where(finite, picked * LEVELS + step, -1)


def key_line(over: str, keys: list[tuple[str, Style, str]], width: int) -> Text:
    """The legend's first line in ``width`` cells (a wrapped one would push the map down): what is
    drawn over which axes, then each key's symbol and name; short of room, the axes go first, then
    the names are cut shorter, then the line is cut."""
    for prefix, room in ((over, NAME_ROOM), ("", NAME_ROOM), ("", 8), ("", 4)):
        line = Text(prefix)
        for symbol, style, name in keys:
            line.append(symbol, style)
            line.append(f" {fit(name, room)}  ")
        line.rstrip()
        if line.cell_len <= width:
            return line
    line.truncate(width)
    return line


def _colour(code: int, system: str | None) -> str:
    return grey(system) if code < 0 else class_ramp(code // LEVELS, system)[code % LEVELS]


def class_map(
    steps: np.ndarray,
    marks: dict[tuple[int, int], int],
    classes: tuple[str, ...],
    names: tuple[str, str],
    system: str | None,
    monochrome: bool = False,
) -> Text:
    """The map of ``codes`` (top row: highest y) as half blocks, or letters when ``monochrome``;
    ``marks`` (text line, column) -> the class of a data row there; a legend above and below."""
    text = Text(no_wrap=True, overflow="crop")
    tags, width = letters(classes), steps.shape[1]
    keys = [
        (tags[k].upper(), Style(bold=True, reverse=True), name)
        if monochrome
        else (cells("●"), Style(color=INKS[hue(k)], bold=True), name)
        for k, name in enumerate(classes)
    ]
    over = f"class over {fit(names[0], NAME_ROOM)} (x) and {fit(names[1], NAME_ROOM)} (y)  "
    text.append_text(key_line(over, keys, width))
    text.append("\n")
    paint = _letters if monochrome else _blocks
    for line in range(len(steps) // 2):
        paint(text, steps[2 * line], steps[2 * line + 1], {c: k for (r, c), k in marks.items() if r == line},
              tags, system)  # fmt: skip
        text.append("\n")
    last = Text()
    if monochrome:
        last.append(f"letter: the class picked there ({cells(SEAM)} unsure), capital: a row of it")
    else:
        last.append("dark: unsure, bright: sure ")
        for k in range(len(classes)):
            last.append(" ")
            for colour in class_ramp(k, system):
                last.append(" ", Style(bgcolor=colour))
    last.truncate(width)
    text.append_text(last)
    return text


def _blocks(
    text: Text, top: np.ndarray, bottom: np.ndarray, marks: dict[int, int], tags: tuple[str, ...],
    system: str | None,
) -> None:  # fmt: skip
    """One line of half blocks (top grid row over bottom), equal cells as one run, marks on top."""
    dot = cells("●")
    row: list[tuple[str | None, Style]] = []
    for c in range(len(top)):
        mark = marks.get(c)
        if mark is None:
            row.append((None, _half(int(top[c]), int(bottom[c]), system)))
        else:
            row.append((dot, Style(color=INKS[hue(mark)], bgcolor=_colour(int(top[c]), system), bold=True)))
    append_half_blocks(text, row)


@lru_cache(maxsize=4096)
def _half(top: int, bottom: int, system: str | None) -> Style:
    return Style(color=_colour(top, system), bgcolor=_colour(bottom, system))


def _letters(
    text: Text, top: np.ndarray, bottom: np.ndarray, marks: dict[int, int], tags: tuple[str, ...],
    system: str | None,
) -> None:  # fmt: skip
    """One line of letters: the class picked at the top grid row of each cell, a row's capital."""
    line = []
    for c in range(len(top)):
        code = int(top[c])
        if c in marks:
            line.append((tags[marks[c]].upper(), Style(bold=True, reverse=True)))
        elif code < 0:
            line.append(("?", Style(bold=True)))
        else:
            seam = code % LEVELS == 0
            line.append((cells(SEAM) if seam else tags[code // LEVELS], Style(dim=True)))
    start = 0
    for c in range(1, len(line) + 1):  # equal styles as one run
        if c == len(line) or line[c][1] != line[start][1]:
            text.append("".join(glyph for glyph, _ in line[start:c]), line[start][1])
            start = c
