"""Command line: the app (no subcommand), ``train``, ``sweep`` and ``presets``.

The headless commands never import Textual; the app is imported only when it
is about to run, after every flag has been checked (bad flags exit 2 with one
line on stderr before any screen opens).
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sys
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from tui_nn import custom, session
from tui_nn.engine import Training
from tui_nn.export import export
from tui_nn.options import CustomConfig, ready
from tui_nn.presets import PRESETS, Config, build, get_preset, make_config
from tui_nn.progress import progress
from tui_nn.report import sweep_json, sweep_text, train_json, train_text
from tui_nn.sweep import TUTORIAL_ALPHAS, run_sweep
from tui_nn.validation import Invalid, check_alpha, check_alphas, check_every, check_iterations

_CHUNK = 65536


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _add_run_flags(parser: argparse.ArgumentParser, *, alpha: bool = True) -> None:
    parser.add_argument("--preset", metavar="P", help=f"one of: {', '.join(PRESETS)} (default trask-xor)")
    if alpha:
        parser.add_argument("--alpha", metavar="A", help="learning rate, a finite number > 0")
    parser.add_argument("--hidden", metavar="H", help="hidden layer size, 1..4096")
    parser.add_argument("--seed", metavar="S", help="random seed, 0..2**32-1")
    parser.add_argument("--iterations", metavar="N", help="iterations (epochs for online presets), >= 1")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tui-nn",
        description="A terminal trainer for tiny neural networks, exact to the classic numpy tutorials. "
        "With no command it opens the app.",
    )
    _add_run_flags(parser)
    custom.add_flags(parser)
    parser.add_argument("--save", metavar="PATH", help="the app saves the session there on quit")
    parser.add_argument("--load", metavar="PATH", help="open the app on a saved session")
    commands = parser.add_subparsers(
        dest="command", metavar="{train,sweep,export,serve,presets}", parser_class=_Parser
    )

    train = commands.add_parser("train", help="train one preset headless and print errors and weights")
    _add_run_flags(train)
    train.add_argument("--every", metavar="K", help="print the error every K iterations (default: a tenth)")
    train.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    train.add_argument("--save", metavar="PATH", help="write the session (weights, state, history) when done")
    train.add_argument(
        "--load",
        metavar="PATH",
        help="continue a saved session for --iterations more (default: to its target)",
    )
    custom.add_flags(train)
    train.set_defaults(handler=cmd_train)

    sweep = commands.add_parser("sweep", help="train once per alpha and print the table of errors")
    _add_run_flags(sweep, alpha=False)
    default_alphas = ",".join(f"{a:g}" for a in TUTORIAL_ALPHAS)
    sweep.add_argument("--alphas", default=default_alphas, metavar="LIST", help=f"default {default_alphas}")
    sweep.add_argument("--every", metavar="K", help="a column every K iterations (default: a tenth)")
    sweep.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    sweep.set_defaults(handler=cmd_sweep)

    export = commands.add_parser("export", help="write a saved session's script, weights or error history")
    export.add_argument("session", metavar="SESSION", help="a session file written by --save")
    export.add_argument("--script", metavar="PATH", help="a standalone numpy script that replays the run")
    export.add_argument("--weights", metavar="PATH", help="the weights as .npz (or .json by the suffix)")
    export.add_argument("--history", metavar="PATH", help="the error history as CSV")
    export.set_defaults(handler=cmd_export)

    serve = commands.add_parser("serve", help="serve the app in a browser (needs the serve extra)")
    _add_run_flags(serve)
    custom.add_flags(serve)
    serve.add_argument("--host", default="localhost", help="address to listen on (default localhost)")
    serve.add_argument("--port", default="8000", metavar="P", help="port to listen on (default 8000)")
    serve.set_defaults(handler=cmd_serve)

    presets = commands.add_parser("presets", help="list the presets, one line each")
    presets.set_defaults(handler=cmd_presets)
    return parser


def _config(args: argparse.Namespace) -> Config:
    preset = args.preset or "trask-xor"
    return make_config(preset, getattr(args, "alpha", None), args.hidden, args.seed, args.iterations)


def _loaded(args: argparse.Namespace, *, at_target_ok: bool = False) -> tuple[Config, Training]:
    """The session of --load, with --alpha applied and the target moved --iterations further."""
    fixed = [f"--{name}" for name in ("preset", "hidden", "seed") if getattr(args, name) is not None]
    if fixed:
        raise Invalid("load", f"{', '.join(fixed)} cannot change a loaded session (it keeps its own)")
    config, training = session.load(args.load)
    if args.alpha is not None:
        config = _with(config, alpha=args.alpha)
        training.alpha = config.alpha
    if args.iterations is not None:
        more = check_iterations(args.iterations)
    else:
        more = config.iterations - training.iteration
        if at_target_ok:
            return config, training
        if more < 1:
            raise Invalid("iterations", f"{args.load} is at its target already: give --iterations N to go on")
    return _with(config, iterations=training.iteration + more), training


def _with(config: Config | CustomConfig, **changes: object) -> Config | CustomConfig:
    """``config`` with a checked alpha or iteration target (a preset's or a custom run's)."""
    if isinstance(config, Config):
        return config.with_(**changes)
    checks = {"alpha": check_alpha, "iterations": check_iterations}
    return replace(config, **{name: checks[name](value) for name, value in changes.items()})


def default_every(iterations: int) -> int:
    """The power of ten that prints at most ten lines (60000 -> 10000, as the tutorial)."""
    return max(1, 10 ** (math.ceil(math.log10(iterations)) - 1)) if iterations > 1 else 1


def _every(args: argparse.Namespace, config: Config) -> int:
    return default_every(config.iterations) if args.every is None else check_every(args.every)


def cmd_train(args: argparse.Namespace) -> int:
    if custom.wants_custom(args):
        if args.save or args.load:
            raise Invalid(
                "save", "train --save/--load take presets; a custom run saves in the app (ctrl+s, --save)"
            )
        print(custom.run(args, default_every))
        return 0
    config, training = _loaded(args) if args.load else (_config(args), None)
    if isinstance(config, CustomConfig):
        raise Invalid(
            "load", f"{args.load} is a custom run: open it in the app (python -m tui_nn --load PATH)"
        )
    every = _every(args, config)
    training = training or build(config)
    printed: list[tuple[int, float]] = []
    if training.trainable:
        start = first_iteration = training.iteration
        with progress(config.iterations - first_iteration, "train") as advance:
            while start < config.iterations and training.diverged_at is None:
                errors = training.train(min(_CHUNK, config.iterations - start))
                first = -start % every
                for offset in range(first, len(errors), every):
                    printed.append((start + offset, float(errors[offset])))
                start += len(errors)
                advance(start - first_iteration)
    else:
        training.train(1)
    if args.save:
        session.save(args.save, config, training)
    if args.json:
        print(train_json(training, config, printed, every))
    else:
        with np.printoptions(threshold=sys.maxsize):
            print(train_text(training, config, printed))
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    config = _config(args)
    if not get_preset(config.preset).trainable:
        raise Invalid("preset", f"preset {config.preset} does not train, so it has nothing to sweep")
    alphas = check_alphas(args.alphas)
    every = _every(args, config)
    with progress(config.iterations, f"sweep of {len(alphas)} alphas") as advance:
        sweep, marks, table = run_sweep(config, alphas, every, advance)
    print(
        sweep_json(config, alphas, marks, table, sweep)
        if args.json
        else sweep_text(config, alphas, marks, table)
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not (args.script or args.weights or args.history):
        raise Invalid("export", "say what to export: --script PATH, --weights PATH and/or --history PATH")
    config, training = session.load(args.session)
    if isinstance(config, CustomConfig):
        raise Invalid(
            "export", f"{args.session} is a custom run: exports take preset sessions (not yet custom)"
        )
    for line in export(config, training, script_path=args.script, weights_path=args.weights,
                       history_path=args.history):  # fmt: skip
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The same app, one per browser tab, through textual-serve."""
    custom_run = custom.wants_custom(args)
    config = ready(custom.config_from_args(args))[0] if custom_run else _config(args)
    port = _check_port(args.port)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise Invalid(
            "serve", "serving in a browser needs the serve extra: pip install 'tui_nn[serve]'"
        ) from None
    if custom_run:  # the checked flags, passed on as given (a CSV path made absolute)
        flags = custom.flags_of(args)
    else:
        flags = ["--preset", config.preset, "--alpha", repr(config.alpha), "--seed", str(config.seed)]
        flags += ["--iterations", str(config.iterations)]
        if config.hidden is not None:
            flags += ["--hidden", str(config.hidden)]
    command = shlex.join([sys.executable, "-m", "tui_nn", *flags])
    print(f"serving tui_nn on http://{args.host}:{port} (ctrl+c stops)", flush=True)
    Server(command, host=args.host, port=port, title="tui_nn").serve()
    return 0


def _check_port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise Invalid("port", f"port must be an integer from 1 to 65535, got {text!r}")
    return port


def cmd_presets(args: argparse.Namespace) -> int:
    for p in PRESETS.values():
        hidden = f", H {p.hidden}" if p.hidden is not None else ""
        defaults = f"alpha {p.alpha:g}{hidden}, seed {p.seed}, {p.iterations} it, {p.metric.upper()}"
        if not p.trainable:
            defaults = "forward only"
        print(f"{p.name:<13} {p.summary} ({defaults})")
    return 0


def _check_save_target(path: str) -> None:
    """--save for the app: fail now, not after an hour of training, if the folder cannot take it."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise Invalid("save", f"--save {path} is a folder: give a file name")
    if not os.path.isdir(folder):
        raise Invalid("save", f"--save {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise Invalid("save", f"--save {path}: the folder {folder} is not writable")


def cmd_app(args: argparse.Namespace) -> int:
    saved = None
    if args.load:
        if custom.wants_custom(args):
            raise Invalid("load", "--load opens a preset session: it takes no custom-run flags")
        config, training = _loaded(args, at_target_ok=True)
        saved = training.state()
    else:
        # A custom run is checked (and its CSV read) before any screen opens.
        config = ready(custom.config_from_args(args))[0] if custom.wants_custom(args) else _config(args)
    if args.save:
        _check_save_target(args.save)
    from tui_nn.app import run_app

    return run_app(config, saved=saved, load=args.load, save=args.save)


def main(argv: Sequence[str] | None = None) -> int:
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
