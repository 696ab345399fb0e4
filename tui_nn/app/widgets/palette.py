"""Textual's command palette, safe against paging before its list is laid out.

``pageup`` / ``pagedown`` pressed at once after ``ctrl+p`` (or after a letter)
reach the palette's ``OptionList`` before it has laid out its lines: its page
move looks the highlighted option up in a line map that is still empty and
raises (``KeyError``), which would end the app. Until the list has lines the
page keys do nothing; once it has, they page as Textual's do.
"""

from __future__ import annotations

from textual.command import CommandPalette

PAGES = ("page_up", "page_down")


class Palette(CommandPalette):
    """``CommandPalette`` whose page keys wait for the list to exist."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # a page key before the list's lines are laid out: nothing to page
            if action not in PAGES:
                raise
