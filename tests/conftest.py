"""Shared test setup: plain ``pytest`` and ``python -m pytest`` collect the same way.

The tests import their helpers (``helpers``, the literal oracle ``tutorial``) by
module name from this folder, so the folder goes on ``sys.path`` whichever way
pytest was started. Each test has a settings folder of its own.
"""

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory, monkeypatch):
    """Each test reads and writes its own settings folder, never the user's (a theme chosen there
    would change every screenshot)."""
    monkeypatch.setenv("TUI_NN_CONFIG_DIR", str(tmp_path_factory.mktemp("settings")))
