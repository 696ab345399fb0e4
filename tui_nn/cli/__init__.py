"""The command line: ``main`` parses, hands over to a command, and turns a bad value into one
line on stderr and exit status 2. Nothing here imports Textual until the app is opened.

``run`` is the entry point (``tui-nn``, ``python -m tui_nn``): ``main``, then the exit. A
headless command that started no process has nothing left to tear down once its output
is flushed (its files are closed), so its process ends there, without the interpreter's
teardown, which numpy's modules make 20-30 ms long: a sixth of ``train --iterations 1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from tui_nn.core.validation import Invalid


def main(argv: Sequence[str] | None = None) -> int:
    from tui_nn.cli.commands import cmd_app
    from tui_nn.cli.parser import build_parser

    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", cmd_app)
    try:
        return handler(args)
    except Invalid as exc:
        print(f"tui-nn: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0


HEADLESS = ("train", "sweep", "export", "presets")  # commands that start no process and hold no terminal


def run() -> NoReturn:
    """Run the command line and exit with its status (at once after a headless command)."""
    code = main()
    if sys.argv[1:2] and sys.argv[1] in HEADLESS and "multiprocessing" not in sys.modules:
        for stream in (sys.stdout, sys.stderr):
            try:
                if not stream.closed:  # main closes stderr when a reader closed the pipe
                    stream.flush()
            except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours (as in main)
                pass
        os._exit(code)
    sys.exit(code)
