"""The headless path never imports Textual (checked in a clean interpreter)."""

import subprocess
import sys

HEADLESS = [
    "tui_nn.engine",
    "tui_nn.network",
    "tui_nn.core.history",
    "tui_nn.presets",
    "tui_nn.core.validation",
    "tui_nn.run.sweep",
    "tui_nn.io.report",
    "tui_nn.cli",
    "tui_nn.core.explain",
    "tui_nn.core.landscape",
    "tui_nn.data.datasets",
    "tui_nn.model",
    "tui_nn.custom",
    "tui_nn.core.boundary",
    "tui_nn.session",
    "tui_nn.io.export",
    "tui_nn.kernel",
    "tui_nn.online_kernel",
    "tui_nn.core.batched",
    "tui_nn.options",
    "tui_nn.model_training",
    "tui_nn.custom_session",
    "tui_nn.run.controller",
    "tui_nn.run.worker",
]

PROBE = """
import importlib, io, sys, contextlib
for name in {modules!r}:
    importlib.import_module(name)
from tui_nn.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["train", "--iterations", "50"])
    main(["sweep", "--iterations", "50", "--alphas", "0.1,1"])
    main(["train", "--preset", "digits", "--json"])
    main(["presets"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "textual_plotext", "plotext"))
print(",".join(loaded) or "clean")
"""


def test_headless_path_never_imports_textual():
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=HEADLESS)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
