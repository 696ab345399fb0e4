"""A plotext plot that stays drawable where the terminal's font has only ASCII, and that can show a
canvas built off the event loop.

plotext draws its axes and frame with box-drawing characters (``─ │ ┌ ┤ ┬``) it
has no option to change, and markers, labels or legends may hold others (``●``,
``α``). Where ``tui_nn.app.glyphs.ascii_only()`` holds, the rendered text gets
each of them as its one-character ASCII stand-in, so the colours (spans) stay
where they were. The curves' marker is the caller's choice (``glyphs.curve_marker``).

Building a canvas of several curves costs plotext 15-70 ms of Python, and
turning it into lines for the screen another 8 ms, which in ``render`` hold the
event loop (and every key) that long. A plot fed from a thread (the sweep's)
builds its canvas there with ``canvas_lines`` on a figure of its own, for the
size and theme its panel read last (``canvas_key``, on the event loop), and
hands the lines over with ``show_canvas``; ``render_line`` shows them while the
key still holds, and the figure's own drawing after a resize.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.message import Message
from textual.strip import Strip
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot as Figure

from tui_nn.app.glyphs import ascii_only, cells

CanvasKey = tuple[int, int, str]  # width, height, plotext theme name


def canvas(figure: Figure, key: CanvasKey) -> Text:
    """``figure`` drawn at the size and in the theme of ``key``, as ``PlotextPlot.render`` draws it."""
    width, height, theme = key
    figure.plotsize(width, height)
    figure._set_size(width, height)  # as PlotextPlot.render does (textual-plotext issue 5)
    figure.theme(theme)
    text = Text.from_ansi(figure.build())
    if ascii_only():
        text.plain = cells(text.plain)  # one character for one: the spans still fit
    return text


def canvas_lines(figure: Figure, key: CanvasKey, console: Console) -> list[Strip]:
    """``canvas`` as the screen's lines, one ``Strip`` per row (the work ``render`` would do)."""
    width, height, _ = key
    options = console.options.update(width=width, height=height)
    return [Strip(line, width) for line in console.render_lines(canvas(figure, key), options, pad=True)]


class Plot(PlotextPlot):
    """``PlotextPlot`` whose rendered characters are ASCII-safe when the font needs it."""

    _canvas: tuple[CanvasKey, list[Strip]] | None = None

    class Resized(Message):
        """The plot's size changed: what its owner fitted to the old size (the points per column,
        the title's form, where the legend goes) is due again."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())

    def canvas_key(self) -> CanvasKey:
        """The size and theme a canvas must have to be shown now."""
        return (self.size.width, self.size.height, self._get_plotext_theme_name(self.app.theme))

    def show_canvas(self, key: CanvasKey, lines: list[Strip]) -> bool:
        """Show a canvas built elsewhere; False (nothing shown) when the plot's size or theme moved on."""
        if key != self.canvas_key():
            return False
        self._canvas = (key, lines)
        self.refresh()
        return True

    def redraw(self) -> None:
        """Draw what ``plt`` holds now (a canvas shown before gives way)."""
        self._canvas = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if self._canvas is not None and self._canvas[0] == self.canvas_key():
            lines = self._canvas[1]
            return lines[y] if y < len(lines) else Strip.blank(self.size.width)
        self._canvas = None
        return super().render_line(y)

    def render(self) -> RenderResult:
        return canvas(self._plot, self.canvas_key())
