"""The footer of keys; on a narrow screen it wraps onto two rows so every key shows."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.widgets import Footer


class KeysFooter(Footer):
    """Footer that lays its keys out on a two-row grid while the screen is ``-narrow``."""

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        narrow = self.screen.has_class("-narrow")
        self.set_class(narrow, "-wrapped")
        if narrow:
            items = [item for item in items if not item.has_class("-command-palette")]
            self.styles.grid_size_columns = math.ceil(len(items) / 2)
        yield from items

    def on_resize(self) -> None:
        if self.screen.has_class("-narrow") != self.has_class("-wrapped"):
            self.call_after_refresh(self.recompose)
