"""The argument parser of ``tui-nn`` and ``python -m tui_nn``: the app's flags and the subcommands."""

from __future__ import annotations

import argparse

from tui_nn.cli import commands
from tui_nn.cli.flags import add_custom_flags, add_run_flags
from tui_nn.run.pace import AUTO, Pace, parse_pace
from tui_nn.run.sweep import TUTORIAL_ALPHAS


def _pace(text: str) -> Pace:
    try:
        return parse_pace(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_pace_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pace",
        type=_pace,
        default=AUTO,
        metavar="auto|max|N",
        help="how fast r runs: auto (about 20 s a run, the same time for each decade of "
        "iterations; the default), max (full speed) or N iterations a second",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tui-nn",
        description="A terminal trainer for tiny neural networks, exact to the classic numpy tutorials. "
        "With no command it opens the app.",
    )
    add_run_flags(parser)
    add_custom_flags(parser)
    parser.add_argument("--save", metavar="PATH", help="the app saves the session there on quit")
    parser.add_argument("--load", metavar="PATH", help="open the app on a saved session")
    add_pace_flag(parser)
    sub = parser.add_subparsers(
        dest="command", metavar="{train,sweep,export,serve,presets}", parser_class=_Parser
    )

    train = sub.add_parser(
        "train", help="train one run headless (a preset or a custom net) and print errors and weights"
    )
    add_run_flags(train)
    train.add_argument("--every", metavar="K", help="print the error every K iterations (default: a tenth)")
    train.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    train.add_argument("--save", metavar="PATH", help="write the session (weights, state, history) when done")
    train.add_argument(
        "--load",
        metavar="PATH",
        help="continue a saved session for --iterations more (default: to its target)",
    )
    add_custom_flags(train)
    train.set_defaults(handler=commands.cmd_train)

    sweep = sub.add_parser("sweep", help="train once per alpha and print the table of errors")
    add_run_flags(sweep, alpha=False)
    default_alphas = ",".join(f"{a:g}" for a in TUTORIAL_ALPHAS)
    sweep.add_argument("--alphas", default=default_alphas, metavar="LIST", help=f"default {default_alphas}")
    sweep.add_argument("--every", metavar="K", help="a column every K iterations (default: a tenth)")
    sweep.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_custom_flags(sweep)
    sweep.set_defaults(handler=commands.cmd_sweep)

    export = sub.add_parser("export", help="write a saved session's script, weights or error history")
    export.add_argument("session", metavar="SESSION", help="a session file written by --save")
    export.add_argument("--script", metavar="PATH", help="a standalone numpy script that replays the run")
    export.add_argument("--weights", metavar="PATH", help="the weights as .npz (or .json by the suffix)")
    export.add_argument("--history", metavar="PATH", help="the error history as CSV")
    export.set_defaults(handler=commands.cmd_export)

    serve = sub.add_parser("serve", help="serve the app in a browser (needs the serve extra)")
    add_run_flags(serve)
    add_custom_flags(serve)
    add_pace_flag(serve)
    serve.add_argument("--host", default="localhost", help="address to listen on (default localhost)")
    serve.add_argument("--port", default="8000", metavar="P", help="port to listen on (default 8000)")
    serve.set_defaults(handler=commands.cmd_serve)

    presets = sub.add_parser("presets", help="list the presets, one line each")
    presets.set_defaults(handler=commands.cmd_presets)
    return parser
