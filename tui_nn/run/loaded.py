"""The data of a run's config, kept: what the snapshots (class names) and the predict panel
(the standardization, the engineered features) read many times a second.

``load_data`` keeps one CSV or bundled file, but draws a generated dataset again on every
call; this keeps the last config's data, per file version for a CSV (an edited file is read
again). A config that cannot load (its file gone or broken under a running net) gives None.
Numpy only, no Textual.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui_nn.core.validation import Invalid
from tui_nn.data.dataset import Dataset
from tui_nn.run.build import load_data
from tui_nn.run.config import RunConfig

_KEPT: dict[tuple, Dataset | None] = {}


def data_of(config: RunConfig) -> Dataset | None:
    """The config's data (a preset's too), or None when it no longer loads."""
    key = (replace(config, alpha=1.0, iterations=1), _stamp(config))  # alpha and length: same data
    if key not in _KEPT:
        _KEPT.clear()
        try:
            _KEPT[key] = load_data(config)
        except (Invalid, OSError):
            _KEPT[key] = None
    return _KEPT[key]


def classes_of(config: RunConfig) -> tuple[str, ...]:
    """The class names of the config's data (empty for regression and presets)."""
    if not config.custom:
        return ()
    data = data_of(config)
    return () if data is None else data.classes


def _stamp(config: RunConfig) -> int | None:
    if config.dataset != "csv" or not config.data:
        return None
    try:
        return Path(config.data).stat().st_mtime_ns
    except OSError:
        return None
