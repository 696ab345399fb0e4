"""The command line: ``main`` parses, hands over to a command, and turns a bad value into one
line on stderr and exit status 2. Nothing here imports Textual until the app is opened."""

from __future__ import annotations

import sys
from collections.abc import Sequence

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
