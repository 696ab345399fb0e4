"""The key trace: with ``TUI_NN_TRACE=path`` the app appends ``<monotonic> key <name>`` for every
key it reads, so ``benchmarks/pty_app.py`` can time a key from its arrival to the screen's answer.
Without it, nothing is written."""

from __future__ import annotations

import os
import time
from typing import TextIO


class KeyTrace:
    """One line a key into the file ``TUI_NN_TRACE`` names (line-buffered: read while running)."""

    def __init__(self, path: str | None) -> None:
        self.file: TextIO | None = open(path, "a", buffering=1) if path else None  # noqa: SIM115

    @classmethod
    def from_environment(cls) -> KeyTrace:
        return cls(os.environ.get("TUI_NN_TRACE") or None)

    def key(self, name: str) -> None:
        if self.file is not None:
            self.file.write(f"{time.monotonic()} key {name}\n")

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
