"""A one-row line of text whose size the stylesheet fixes: the status line, the curve's reading.

``Static.update`` lays the whole screen out again by default, which costs 10-40 ms
with every panel mounted, and the status line changes on most keys and ticks. A
line of fixed height and width cannot change size with its text, so it repaints
without a layout, and not at all when the text is the one shown.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Line(Static):
    """A ``Static`` of ``height: 1`` in a row it fills; ``show_line`` sets its text."""

    _line: Text | str | None = None

    def show_line(self, content: Text | str) -> None:
        if content == self._line:
            return
        self._line = content
        self.update(content, layout=False)
