"""The small modal that asks for a session file's path (ctrl+s saves, ctrl+o loads).

It only collects a path. A quick check (``check``, e.g. loading the file) may
keep it open with the reason under the field and the refused path selected (typing
replaces it, an arrow key edits it), so a typo costs one more try and nothing
else; escape leaves without doing anything.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui_nn.app.glyphs import prose
from tui_nn.app.plain import PlainLabel

# check(path) -> None when done, or the message to show under the field
Check = Callable[[str], Awaitable[str | None]]


def clean_path(text: str) -> tuple[str | None, str]:
    """(absolute path, "") for what the user typed, or (None, why not)."""
    text = text.strip()
    if not text:
        return None, "type a file name, e.g. tui_nn-session.json"
    if "\0" in text:
        return None, "a file name cannot hold a NUL character"
    path = os.path.abspath(os.path.expanduser(text))
    if os.path.isdir(path):
        return None, f"{path} is a folder: add a file name"
    return path, ""


class PathDialog(ModalScreen[str | None]):
    """Title, a path field (prefilled), a line for errors or hints; enter acts, escape cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, path: str, verb: str, check: Check | None = None, warn_exists=False):
        super().__init__()
        self.title_text = title
        self.path = path
        self.verb = verb
        self.check = check
        self.warn_exists = warn_exists

    def compose(self) -> ComposeResult:
        with Vertical(id="path-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = prose(f"enter {self.verb} · escape cancels")
            yield Input(self.path, id="path-input", select_on_focus=False)
            yield PlainLabel(id="path-note")

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()
        self._hint(self.path)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._hint(event.value)

    def _hint(self, text: str) -> None:
        path, _ = clean_path(text)
        exists = self.warn_exists and path is not None and os.path.isfile(path)
        self._note(f"{path} exists: enter replaces it" if exists else "", error=False)

    def _note(self, text: str, error: bool) -> None:
        note = self.query_one("#path-note", Label)
        note.update(text)
        note.set_class(error, "-error")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path, why = clean_path(event.value)
        if path is None:
            self._note(why, error=True)
            event.input.select_all()
            return
        if self.check is not None:
            problem = await self.check(path)
            if problem:
                self._note(problem, error=True)
                event.input.select_all()
                return
        self.dismiss(path)
