"""Opening the app from the command line, and closing it the same way whatever ends it.

``q``, Ctrl+C, ``kill -TERM`` and a closed terminal (SIGHUP) all end the app through
its quit action: a ``--save`` path is written first, the training process is stopped,
and Textual gives the terminal back as it found it (main screen, cursor shown, mouse
reporting off). A crash (an exception that escapes the app) ends it the same way,
--save included when the run can still be saved, then exits with status 1 and one
line on stderr naming the log file that holds the traceback (``tui_nn.app.crash``).

A signal handler runs on the main thread, where the app's event loop runs, between
two of its steps: it only schedules the quit on that loop.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from tui_nn.app.app import TrainerApp
from tui_nn.app.crash import EXIT_CRASHED, crash_line, write_log
from tui_nn.core.validation import Invalid
from tui_nn.run.config import RunConfig
from tui_nn.run.pace import AUTO, Pace
from tui_nn.worker.children import prepare

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def quit_on_signals(app: TrainerApp) -> None:
    """SIGTERM and SIGHUP quit ``app`` as ``q`` does (saving to --save, restoring the terminal)."""

    def handler(signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or already gone: nothing to restore
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(lambda: app.call_next(app.action_quit))

    for number in SIGNALS:
        signal.signal(number, handler)


def run_app(config: RunConfig, saved: dict | None = None, load: str | None = None,
            save: str | None = None, pace: Pace = AUTO, theme: str | None = None) -> int:  # fmt: skip
    """Open the app on ``config`` (or a loaded session); with ``save``, save it on quit; ``theme``:
    start with that theme (Invalid if there is none of that name)."""
    app = TrainerApp(config, saved=saved, session_path=load, save_at_exit=save, pace=pace)
    if theme is not None:
        if theme not in app.available_themes:
            app.client.close()  # started with the app: ended with it
            names = ", ".join(sorted(app.available_themes))
            raise Invalid("theme", f"--theme {theme[:40]!r}: no such theme (one of {names})")
        app.theme_override = theme
    prepare()  # before App.run() (the app started its worker already, which did it too)
    quit_on_signals(app)
    # The relay threads (the worker's, a sweep's, which builds its curves' canvas) run Python while
    # the event loop waits for the GIL: handing it over every 1 ms instead of 5 ms keeps keys prompt
    # (p95 of keys while a sweep and the run go: 23.5-23.7 -> 19.9-20.3 ms, two runs of each).
    sys.setswitchinterval(0.001)
    result = app.run()
    save_status = app.sessions.exit_save_status()
    if app.crash is not None:
        print(crash_line(app.crash, write_log(app.crash)), file=sys.stderr)
        return EXIT_CRASHED
    return save_status or (0 if result is None else int(result))
