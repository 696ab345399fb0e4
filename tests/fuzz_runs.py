"""How the fuzz tests (``test_fuzz``) run one case: checks of the outcome, a session loaded and
continued as the app continues it, and ``main`` run with the training cut short."""

import contextlib
import csv
import io
import json
import tempfile
import warnings
from dataclasses import replace
from pathlib import Path
from unittest import mock

from fuzz_inputs import CUSTOM, PRESET, edited

from tui_nn.core.validation import Invalid
from tui_nn.io import session
from tui_nn.run.controller import RunController
from tui_nn.run.sweep import run_sweep


def one_line(exc: Invalid) -> None:
    text = str(exc)
    assert text and len(text.splitlines()) == 1 and exc.field


@contextlib.contextmanager
def no_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def ascii_numbers(text):
    """Every cell of a CSV that is a number as a spreadsheet writes one (no '1_000', no '١٢')."""
    found = set()
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            cell = cell.strip()
            if cell.isascii() and "_" not in cell:
                with contextlib.suppress(ValueError):
                    found.add(float(cell))
    return found


def damaged_session_loads_or_says_why(base, edits, cut, huge=None):
    """Edit ``base`` and cut it short: it loads and continues (as the app does) or is one clear line."""
    text = edited(base, edits, huge)
    for candidate in (text, text[:cut]):
        with no_runtime_warning():
            try:
                config, learner, saved = session.parse_run(candidate)
            except Invalid as exc:
                one_line(exc)
                continue
            assert learner.iteration >= 0
            controller = RunController(config, saved)
            controller.step(2)  # a loaded session must also run
            controller.snapshot()


# The files a fuzzed command line may name (a CSV of each kind, sessions, a folder, no file at all).
FILES = tempfile.TemporaryDirectory()
_folder = Path(FILES.name)
(_folder / "good.csv").write_text("a,b,y\n" + "".join(f"{i % 5},{i % 3},{i % 2}\n" for i in range(12)))
(_folder / "semi.csv").write_text("a;b;y\n1;2;0\n3;4;1\n")
(_folder / "big.csv").write_text("a,y\n" + "".join(f"{i},{1e308 if i % 2 else -1e308}\n" for i in range(8)))
(_folder / "s.json").write_text(json.dumps(PRESET))
(_folder / "c.json").write_text(json.dumps(CUSTOM))
NAMES = ("good.csv", "semi.csv", "big.csv", "s.json", "c.json", "none", "out.json", "")
PATHS = [str(_folder / name) for name in NAMES]


class BriefRun(RunController):
    """A run that trains at most two iterations and stops: a command line checked, not run for long."""

    def _train(self, n):
        done = super()._train(min(n, 2))
        self.pause()
        return done


def _brief_sweep(config, alphas, every, advance):
    return run_sweep(replace(config, iterations=min(config.iterations, 4)), alphas[:3], min(every, 2), None)


def run_main(argv):
    """``main(argv)``, training briefly and opening no app: its exit status, stdout and stderr."""
    import tui_nn.app.launch  # noqa: F401  (patched below: imported first, whichever test runs first)
    import tui_nn.cli.commands  # noqa: F401
    from tui_nn.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch("tui_nn.cli.commands.RunController", BriefRun),
        mock.patch("tui_nn.cli.commands.run_sweep", _brief_sweep),
        mock.patch("tui_nn.app.launch.run_app", lambda *a, **k: 0),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        no_runtime_warning(),
        tempfile.TemporaryDirectory() as folder,
        contextlib.chdir(folder),  # a fuzzed --save NAME lands here, not in the checkout
    ):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()
