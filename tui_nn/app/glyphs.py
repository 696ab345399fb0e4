"""Which characters the terminal can draw, decided in one place, and ASCII stand-ins for the rest.

The Linux console (``TERM=linux``) draws from a 256-glyph font: ASCII and the PC's
code page 437, whose blocks ``▀▄█░▒▓`` the heatmaps and shades use. It has no
braille (plotext's fine curves), no rounded corners (the panels' borders), no
emoji (the file picker's icons) and, in many of its fonts, no arrows, bullets or
Greek letters. ``ascii_only()`` says whether the app keeps to ASCII and those
blocks: under ``TERM=linux`` (and ``linux-16color`` ...), or on any terminal whose
font lacks the rest when ``TUI_NN_ASCII=1`` asks for it (``TUI_NN_ASCII=0``: never).

The stand-ins: ``cells`` changes one character for one, for what is laid out by
column (markers, edges, a plot's axes); ``prose`` is for text, where an arrow
may become two characters. ``use_ascii`` switches the app's own parts: its
``-ascii`` class, which the stylesheet (``app.tcss``) answers with ASCII borders,
and scrollbars drawn in whole cells (Textual's draw their ends in eighth blocks).
"""

from __future__ import annotations

import os

from textual.app import App
from textual.scrollbar import ScrollBar, ScrollBarRender

BLOCKS = "▀▄█░▒▓"  # code page 437's blocks: drawn as they are

CELLS = str.maketrans(
    {
        "●": "@", "○": "o", "·": ".", "•": ".", "…": "~",
        "━": "=", "─": "-", "┄": ".", "│": "|",
        "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "α": "a", "×": "*", "÷": "/", "▶": ">", "▼": "v", "▲": "^", "↑": "^", "↓": "v",
    }
)  # fmt: skip
WORDS = (
    ("↑↓", "up/down"), ("← →", "left/right"), ("→", "->"), ("←", "<-"), ("±", "+-"), ("≥", ">="), ("≤", "<="),
    ("ᵀ", "^T"), ("…", "..."),
)  # fmt: skip

CURVE = "braille"  # plotext's marker for a curve: 2x4 dots a cell
ASCII_CURVE = "."
TREE_ICONS = ("+ ", "- ", "  ")  # a folder, an open folder, a file (Textual's are emoji)
TREE_LINES = ("  ", "| ", "`-", "|-")  # a tree's guides: blank, through, last, branch


def ascii_only() -> bool:
    """Keep to ASCII and the code page 437 blocks (read from the environment each time: cheap)."""
    asked = os.environ.get("TUI_NN_ASCII", "").strip()
    if asked:
        return asked != "0"
    return os.environ.get("TERM", "").startswith("linux")


def cells(text: str) -> str:
    """``text`` with each glyph the font may lack as one ASCII character (columns stay)."""
    return text.translate(CELLS) if ascii_only() else text


def prose(text: str) -> str:
    """Prose with the glyphs the font may lack in ASCII (``←`` as ``<-``: it may grow)."""
    if not ascii_only():
        return text
    for glyph, stand_in in WORDS:
        text = text.replace(glyph, stand_in)
    return text.translate(CELLS)


def curve_marker() -> str:
    return ASCII_CURVE if ascii_only() else CURVE


class CellScrollBars(ScrollBarRender):
    """Scrollbars in whole cells: one bar glyph, the blank (the thumb is its colour)."""

    VERTICAL_BARS = [" "]
    HORIZONTAL_BARS = [" "]


def use_ascii(app: App) -> None:
    """Give ``app`` ASCII borders (its ``-ascii`` class) and whole-cell scrollbars, or neither.

    Textual takes the scrollbar renderer from the class, so it is set for the process
    (one app runs in it; an app built later sets it again).
    """
    on = ascii_only()
    app.set_class(on, "-ascii")
    ScrollBar.renderer = CellScrollBars if on else ScrollBarRender
