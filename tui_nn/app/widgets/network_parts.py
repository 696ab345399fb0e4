"""The network view's drawing parts: how edges and maps look, the legend, the canvas.

An edge is a glyph by its strength class, ``━ ─ ┄`` strong / medium / weak, in
red (positive) or blue (negative) from the weights panel's ramps, brighter the
stronger; without colour (NO_COLOR) a ``+`` or ``-`` goes before it. A map is
half blocks on the decision boundary's blue - grey - orange scale, quantised to a
few levels so that a line is a few runs, in the terminal's own colours
(``ramps``); without colour, ``·░▒▓█``. Where the font has only ASCII
(``tui_nn.app.glyphs``) the canvas draws every glyph's stand-in: ``= - .`` for
the edges. The ``Canvas`` places styled runs at columns and becomes Textual ``Content``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rich.style import Style
from textual.content import Content, Span
from textual.style import Style as TextualStyle

from tui_nn.app.glyphs import prose
from tui_nn.app.widgets.boundary import SIXTEEN, STOPS
from tui_nn.app.widgets.ramps import grey, ramp
from tui_nn.app.widgets.weights import NEGATIVE, POSITIVE
from tui_nn.run import network_view as nv

GLYPHS = {nv.STRONG: "━", nv.MEDIUM: "─", nv.WEAK: "┄", nv.NOT_FINITE: "?"}
RAMP_STEP = {nv.WEAK: 1, nv.MEDIUM: 2, nv.STRONG: 3}  # which shade of weights.POSITIVE / NEGATIVE
MAP_LEVELS = 9  # colours per map, so a map row is a few runs and a redraw a few escapes
SHADES = "·░▒▓█"  # a map's levels without colour, low to high


@lru_cache(maxsize=8)
def map_styles(system: str | None) -> dict[tuple[int, int], Style]:
    """A map's half block for each (top level, bottom level) on a terminal of colour ``system``."""
    colours = dict(enumerate(ramp(STOPS, MAP_LEVELS, system, SIXTEEN))) | {-1: grey(system)}
    return {(a, b): Style(color=colours[a], bgcolor=colours[b]) for a in colours for b in colours}


@lru_cache(maxsize=8)
def mark_styles(system: str | None) -> dict[int, Style]:
    """The row's point on a map, white on its cell's level."""
    return {
        a: Style(color="#ffffff", bgcolor=style.bgcolor, bold=True)
        for (a, b), style in map_styles(system).items()
        if a == b
    }


def levels(values: np.ndarray, lo: float, hi: float, count: int) -> np.ndarray:
    """Each value's step of ``count`` on lo..hi (clipped); not finite: -1."""
    with np.errstate(all="ignore"):
        t = np.nan_to_num(np.clip((values - lo) / (hi - lo), 0.0, 1.0))
    return np.where(np.isfinite(values), np.rint(t * (count - 1)), -1).astype(int)


def edge_style(value: float, klass: int) -> Style:
    """An edge's style: red positive, blue negative, brighter (and bold) the stronger."""
    return _EDGE_STYLES[(klass, (value > 0) - (value < 0) if klass != nv.NOT_FINITE else 0)]


def _edge_style(klass: int, sign: int) -> Style:
    if klass == nv.NOT_FINITE:
        return Style(bold=True, reverse=True)
    if sign == 0:
        return Style(dim=True)
    ramp = POSITIVE if sign > 0 else NEGATIVE
    return Style(color=ramp[RAMP_STEP[klass]], bold=klass == nv.STRONG)


_EDGE_STYLES = {(k, sign): _edge_style(k, sign) for k in GLYPHS for sign in (-1, 0, 1)}


def edge_text(value: float, klass: int, signed: bool) -> str:
    """One edge: its strength's glyph, after its sign when there is no colour to show it."""
    glyph = "·" if value == 0 and klass != nv.NOT_FINITE else GLYPHS[klass]
    return ("+" if value > 0 else "-" if value < 0 else " ") + glyph if signed else glyph


def legend(
    width: int, signed: bool, maps: bool, system: str | None = "truecolor"
) -> list[tuple[str, Style | str]]:
    """The legend line's runs: the sign, the strength glyphs and (with maps) the map scale."""
    if signed:
        sign: list[tuple[str, Style | str]] = [("+━ -━", "")]
    else:
        sign = [("━", edge_style(1, nv.STRONG)), ("+ ", ""), ("━", edge_style(-1, nv.STRONG)), ("-", "")]
    scale = [(SHADES, "")] if signed else [("▀", map_styles(system)[(i, i)]) for i in range(0, MAP_LEVELS, 2)]
    scales = [[(" · map low ", "dim"), *scale, (" high", "dim")], [(" · ", "dim"), *scale]] if maps else [[]]
    tries = [
        (words, scale)
        for words in (
            " · ━ strong ─ medium ┄ weak: |w| > 2/3, 1/3 of its layer's max",
            " · ━ ─ ┄ |w| > 2/3, 1/3 of its layer's largest",
            " · ━─┄ |w| / layer's max",
        )
        for scale in scales
    ]
    for words, scale in tries:  # the longest that fits (the canvas cuts the shortest)
        runs = [*sign, (words, "dim"), *scale]
        if sum(len(text) for text, _ in runs) <= width:
            break
    return runs


class Canvas:
    """Lines of styled runs placed at columns; the gaps are spaces; a run that overlaps is cut.

    It becomes Textual ``Content`` directly, each style converted once and equal
    neighbours joined into one span: a picture is a few hundred runs, redrawn 5 times a second.
    """

    def __init__(self, lines: int, width: int) -> None:
        self.runs: list[list[tuple[int, str, Style | str]]] = [[] for _ in range(lines)]
        self.width = width  # what goes past it is cut (the panel would wrap it)

    def put(self, y: int, x: int, text: str, style: Style | str = "") -> int:
        """Place ``text`` at line y, column x; returns the column after it. A glyph the font lacks
        goes as its ASCII stand-in (one character for one, an arrow as two)."""
        text = prose(text)
        if 0 <= y < len(self.runs) and text and x < self.width:
            self.runs[y].append((x, text[: self.width - x], style))
        return x + len(text)

    def content(self) -> Content:
        pieces: list[str] = []
        spans: list[Span] = []
        end = 0  # characters so far
        for i, runs in enumerate(self.runs):
            if i:
                pieces.append("\n")
                end += 1
            at = 0
            for x, text, style in sorted(runs, key=lambda run: run[0]):
                text, x = (text[at - x :], at) if x < at else (text, x)
                pieces += [" " * (x - at), text]
                end, at = end + x - at, x + len(text)
                if style and text:
                    converted = _converted(style)
                    if spans and spans[-1].end == end and spans[-1].style is converted:
                        spans[-1] = Span(spans[-1].start, end + len(text), converted)
                    else:
                        spans.append(Span(end, end + len(text), converted))
                end += len(text)
        return Content("".join(pieces), spans)


_CONVERTED: dict[Style | str, TextualStyle] = {}


def _converted(style: Style | str) -> TextualStyle:
    if style not in _CONVERTED:
        _CONVERTED[style] = TextualStyle.from_rich_style(
            Style.parse(style) if isinstance(style, str) else style
        )
    return _CONVERTED[style]
