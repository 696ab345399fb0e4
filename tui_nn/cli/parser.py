"""The argument parser of ``tui-nn`` and ``python -m tui_nn``: the app's flags and the subcommands."""

from __future__ import annotations

import argparse

from tui_nn import __version__
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
        one_line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)  # "\n" for a break
        self.exit(2, f"{self.prog}: {one_line} (see --help)\n")


# (one-line description, example) of each subcommand: the first lines of its --help
ABOUT = {
    "train": ("Train one run headless (a preset or a custom net) and print its errors and weights.",
              "tui-nn train --preset trask-xor --iterations 10000 --every 1000"),
    "sweep": ("Train the same run once per alpha and print the table of errors at each checkpoint.",
              "tui-nn sweep --preset trask-xor --alphas 0.1,1,10"),
    "export": ("Write a saved session's standalone script, weights or error history.",
               "tui-nn export run.json --script replay.py --weights w.npz --history errors.csv"),
    "serve": ("Serve the app in a browser, one app per tab (needs the serve extra), to whoever opens\n"
              "the link it prints: the link holds a random token, and requests without it get 403.",
              "tui-nn serve --preset digits --port 8000"),
    "presets": ("List the presets, one line each with their defaults.", "tui-nn presets"),
}  # fmt: skip
USAGE = """%(prog)s [-h] [--version] [app options: --preset P ... | custom-network flags]
       %(prog)s {train,sweep,export,serve,presets} [options]   (each has --help)"""


def _subparser(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    """A subcommand whose --help opens with its one line and an example."""
    about, example = ABOUT[name]
    return sub.add_parser(
        name, prog=f"tui-nn {name}", help=help_text, description=f"{about}\n\nexample:  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tui-nn",
        usage=USAGE,
        description="A terminal trainer for tiny neural networks, exact to the classic numpy tutorials. "
        "With no command it opens the app.",
        epilog="examples:\n  tui-nn                      # the app on trask-xor\n"
        "  tui-nn --dataset spiral --layers 8,8 --activation tanh --pace 20\n"
        "  tui-nn train --dataset iris --layers 8      # Fisher's Iris, 3 classes (softmax)\n"
        "  tui-nn train --preset trask-xor --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tui-nn {__version__}")
    add_run_flags(parser)
    add_custom_flags(parser)
    parser.add_argument("--save", metavar="PATH", help="the app saves the session there on quit")
    parser.add_argument("--load", metavar="PATH", help="open the app on a saved session")
    parser.add_argument(
        "--theme", metavar="NAME", help="start with this theme (default: the one last chosen in ctrl+p)"
    )
    add_pace_flag(parser)
    sub = parser.add_subparsers(
        dest="command", metavar="{train,sweep,export,serve,presets}", parser_class=_Parser
    )

    train = _subparser(
        sub, "train", "train one run headless (a preset or a custom net) and print errors and weights"
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

    sweep = _subparser(sub, "sweep", "train once per alpha (or a grid) and print the table of errors")
    add_run_flags(sweep, alpha=False)
    hidden = next(a for a in sweep._actions if a.dest == "hidden")
    hidden.metavar, hidden.help = (
        "H|LIST",
        (
            "hidden layer size, 1..4096 (default: the preset's); a list (1,2,4,8) makes a grid of "
            "alphas x hidden sizes (x --seeds), as does --seeds; a custom net's every hidden layer takes it"
        ),
    )
    default_alphas = ",".join(f"{a:g}" for a in TUTORIAL_ALPHAS)
    sweep.add_argument("--alphas", default=default_alphas, metavar="LIST", help=f"default {default_alphas}")
    sweep.add_argument(
        "--seeds",
        metavar="LIST|A-B",
        help="a grid: train every alpha x hidden size x seed (1-10, 1,5,7-9) and print the final errors",
    )
    sweep.add_argument("--every", metavar="K", help="a column every K iterations (default: a tenth)")
    sweep.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_custom_flags(sweep)
    sweep.set_defaults(handler=commands.cmd_sweep)

    export = _subparser(sub, "export", "write a saved session's script, weights or error history")
    export.add_argument("session", metavar="SESSION", help="a session file written by --save")
    export.add_argument("--script", metavar="PATH", help="a standalone numpy script that replays the run")
    export.add_argument("--weights", metavar="PATH", help="the weights as .npz (or .json by the suffix)")
    export.add_argument("--history", metavar="PATH", help="the error history as CSV")
    export.set_defaults(handler=commands.cmd_export)

    serve = _subparser(sub, "serve", "serve the app in a browser (needs the serve extra)")
    add_run_flags(serve)
    add_custom_flags(serve)
    add_pace_flag(serve)
    serve.add_argument(
        "--host",
        default="localhost",
        help="address to listen on (default localhost; 0.0.0.0 for every interface, with --public-url)",
    )
    serve.add_argument("--port", default="8000", metavar="P", help="port to listen on (default 8000)")
    serve.add_argument(
        "--max-apps", default="4", metavar="N", help="at most N apps (browser tabs) at once (default 4)"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers open, e.g. http://classroom-pc:8000 (default http://HOST:PORT); "
        "the link printed at start is this URL with its ?token=, and only its pages may open apps",
    )
    serve.set_defaults(handler=commands.cmd_serve)

    presets = _subparser(sub, "presets", "list the presets, one line each")
    presets.set_defaults(handler=commands.cmd_presets)
    return parser
