"""Shared test setup: plain ``pytest`` and ``python -m pytest`` collect the same way.

The tests import their helpers (``helpers``, the literal oracle ``tutorial``) by
module name from this folder, so the folder goes on ``sys.path`` whichever way
pytest was started.
"""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
