"""User text on the screen as plain text, never as markup.

Textual reads a ``str`` given to ``Label``, ``Static.update``, ``notify`` or a
border title as content markup: a typed value, a path, a CSV column name or
cell, a class label or an error that quotes one of them can hold ``[b]x[/c]``
(``MarkupError``: the app crashes) or ``[red]x`` (shown as ``x``). So every
label that shows a message is a ``PlainLabel``, the app's ``notify`` shows its
message as plain text (``tui_nn.app.base``), and the panels build ``Text``.
"""

from __future__ import annotations

from textual.widgets import Label


class PlainLabel(Label):
    """A label whose ``update(str)`` shows the string as it is: the field messages quote the user."""

    def __init__(self, content: str = "", **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)
