"""A plotext plot that stays drawable where the terminal's font has only ASCII.

plotext draws its axes and frame with box-drawing characters (``─ │ ┌ ┤ ┬``) it
has no option to change, and markers, labels or legends may hold others (``●``,
``α``). Where ``tui_nn.app.glyphs.ascii_only()`` holds, the rendered text gets
each of them as its one-character ASCII stand-in, so the colours (spans) stay
where they were. The curves' marker is the caller's choice (``glyphs.curve_marker``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from tui_nn.app.glyphs import ascii_only, cells


class Plot(PlotextPlot):
    """``PlotextPlot`` whose rendered characters are ASCII-safe when the font needs it."""

    def render(self) -> RenderResult:
        text = super().render()
        if ascii_only() and isinstance(text, Text):
            text.plain = cells(text.plain)  # one character for one: the spans still fit
        return text
