"""The CSV file picker: a directory tree showing folders and .csv files, and a path field.

Picking a file (enter on the tree, or a typed path and enter) asks ``check``
first: a file that does not load (ragged rows, text, NaN, empty) keeps the
picker open with the loader's one-line message naming the row and column, so
the run behind it is untouched; a typed path stays in the field, selected, so
typing replaces it. The path field has the focus from the start, holding the
start folder with a trailing separator: a file name typed after it completes
the path (tab reaches the tree). Escape closes without a choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label

from tui_nn.app.glyphs import TREE_ICONS, TREE_LINES, ascii_only
from tui_nn.app.plain import PlainLabel


class CsvTree(DirectoryTree):
    """Folders and .csv files only; hidden entries left out. Where the font has only ASCII
    (``glyphs.ascii_only``), ASCII icons and guides instead of Textual's emoji and box lines."""

    def __init__(self, path: str | Path, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(path, id=id)
        if ascii_only():
            self.ICON_NODE, self.ICON_NODE_EXPANDED, self.ICON_FILE = TREE_ICONS
            self.LINES = dict.fromkeys(("default", "bold", "double"), TREE_LINES)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() == ".csv")]


class FilePicker(ModalScreen[str | None]):
    """Choose a CSV file; ``check(path)`` returns why it cannot be used, or None."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close")]

    def __init__(self, start: str | Path, check: Callable[[str], str | None]) -> None:
        super().__init__()
        self.start = Path(start)
        self.check = check

    def compose(self) -> ComposeResult:
        root = self.start if self.start.is_dir() else self.start.parent
        shown = os.path.join(self.start, "") if self.start.is_dir() else str(self.start)
        with Vertical(id="picker-box") as box:
            box.border_title = "Open a CSV file"
            box.border_subtitle = "enter picks, escape closes"
            with Horizontal(classes="field"):
                yield Label("path", classes="field-label")
                yield Input(shown, compact=True, id="picker-path", select_on_focus=False)
            yield PlainLabel(id="picker-error", classes="field-error")
            yield CsvTree(root, id="picker-tree")

    def on_mount(self) -> None:
        self.query_one("#picker-path", Input).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#picker-path", Input).value = str(event.path)
        self.pick(str(event.path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.pick(event.value.strip()):
            event.input.select_all()  # the refused path stays to fix; typing replaces it

    def pick(self, path: str) -> bool:
        """Close with ``path`` if it loads; else say why and stay (False)."""
        problem = self.check(path)
        label = self.query_one("#picker-error", Label)
        label.update(Text(problem or ""))  # the loader's words quote the file: plain text, never markup
        label.set_class(bool(problem), "-shown")
        if not problem:
            self.dismiss(path)
        return not problem

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
