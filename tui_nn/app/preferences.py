"""What the app remembers between starts: the theme chosen in the command palette.

Kept as a small JSON file in the user's config folder (``platformdirs``, which
Textual brings: ``~/.config/tui_nn/settings.json`` on Linux), or in
``$TUI_NN_CONFIG_DIR`` when set. A missing, unreadable or hand-broken file is no
error: the defaults stand and the next change writes a good file. Writes are
atomic, so a killed app leaves the old file or the new one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui_nn.core.validation import Invalid
from tui_nn.data.reading import read_regular
from tui_nn.io.files import write_atomic

FILE_NAME = "settings.json"
MAX_BYTES = 64 << 10  # a settings file is a few bytes; anything bigger is not ours


def settings_path() -> Path:
    folder = os.environ.get("TUI_NN_CONFIG_DIR")
    if not folder:
        from platformdirs import user_config_dir

        folder = user_config_dir("tui_nn", appauthor=False)
    return Path(folder) / FILE_NAME


def load() -> dict:
    """The saved preferences ({} when there are none or they cannot be read)."""
    try:
        document = json.loads(read_regular(settings_path(), "settings", MAX_BYTES))
    except (Invalid, ValueError, RecursionError):
        return {}
    return document if isinstance(document, dict) else {}


def saved_theme() -> str | None:
    theme = load().get("theme")
    return theme if isinstance(theme, str) else None


def save_theme(name: str) -> str | None:
    """Remember ``name`` for the next start; None, or why it could not be written."""
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({**load(), "theme": name}).encode("utf-8"))
    except (Invalid, OSError) as exc:
        return str(exc)
    return None
