"""The flags that describe a run, and the one path from them to a checked ``RunConfig``.

A preset's flags (``--preset --alpha --hidden --seed --iterations``) and a custom
net's (``--dataset --data --layers --activation ...``) go to the same validator
as the app's fields and the session files (``make_config``): a bad value is one
line naming its flag.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui_nn.core.spec import ACTIVATIONS, INITS, OPTIMIZERS, SCHEDULES
from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import GENERATORS
from tui_nn.data.examples import EXAMPLES
from tui_nn.data.features import FEATURES
from tui_nn.run.config import DATASETS, FILES, RunConfig, make_config
from tui_nn.run.presets import PRESETS

CUSTOM_FLAGS = ("dataset", "data", "layers", "activation", "output", "bias", "init", "loss", "optimizer",
                "momentum", "batch", "l1", "l2", "dropout", "schedule", "decay", "period", "noise", "test",
                "points", "target", "error", "features", "task", "standardize")  # fmt: skip


CUSTOM = make_config(preset="custom").values()  # a custom run's defaults, said in the help


def add_run_flags(parser: argparse.ArgumentParser, *, alpha: bool = True) -> None:
    parser.add_argument("--preset", metavar="P", help=f"one of: {', '.join(PRESETS)} (default trask-xor)")
    if alpha:
        parser.add_argument(
            "--alpha", metavar="A",
            help=f"learning rate, a finite number > 0 (default: the preset's; custom {CUSTOM['alpha']:g})",
        )  # fmt: skip
    parser.add_argument("--hidden", metavar="H", help="hidden layer size, 1..4096 (default: the preset's)")
    parser.add_argument("--seed", metavar="S", help="random seed, 0..2**32-1 (default 1)")
    parser.add_argument(
        "--iterations", metavar="N",
        help="iterations (epochs for online presets), >= 1 "
        f"(default: the preset's; custom {CUSTOM['iterations']})",
    )  # fmt: skip


def add_custom_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("custom networks and data (instead of --preset)")
    d = CUSTOM
    group.add_argument(
        "--dataset",
        metavar="NAME",
        help=f"a generated 2-D dataset: {', '.join(GENERATORS)}, or real data: {', '.join(EXAMPLES)} "
        f"(default {d['dataset']})",
    )
    group.add_argument(
        "--data", metavar="CSV",
        help="your own CSV: numbers, and text for class names; target = last column unless --target",
    )  # fmt: skip
    group.add_argument("--target", metavar="NAME", help="the CSV column to learn (needs a header)")
    group.add_argument(
        "--features", metavar="LIST",
        help="the inputs: CSV columns by name or position (sepal_length,3-4); on a generated dataset "
        f"any of {','.join(FEATURES)} (default: every column but the target; x1,x2)",
    )  # fmt: skip
    group.add_argument(
        "--task", metavar="T",
        help="classify, regress or auto (default: text or 0/1 targets are classes, other numbers regress)",
    )  # fmt: skip
    group.add_argument(
        "--standardize", action=argparse.BooleanOptionalAction, default=None,
        help="z-score the inputs by the training rows (default: a CSV's whose ranges differ by over 10x)",
    )  # fmt: skip
    group.add_argument(
        "--layers",
        metavar="SIZES",
        help="hidden layer sizes, e.g. 4,4,2; none for no hidden layer (default 4)",
    )
    group.add_argument(
        "--activation",
        metavar="A",
        help=f"hidden activation: {', '.join(ACTIVATIONS)}; one per layer: tanh,relu "
        f"(default {d['activation']})",
    )
    group.add_argument(
        "--output", metavar="O",
        help="sigmoid (2 classes), softmax (3 or more), linear (regression) or auto (default auto: "
        "chosen by the task)",
    )  # fmt: skip
    group.add_argument(
        "--bias", action=argparse.BooleanOptionalAction, default=None, help="bias units (default: on)"
    )
    group.add_argument("--init", metavar="I", help=f"initialiser: {', '.join(INITS)} (default {d['init']})")
    group.add_argument(
        "--loss", metavar="L",
        help=f"mse, bce (binary cross-entropy) or ce (softmax cross-entropy) (default {d['loss']}: ce for "
        "3 classes or more, else mse)",
    )  # fmt: skip
    group.add_argument("--optimizer", metavar="O", help=f"{', '.join(OPTIMIZERS)} (default {d['optimizer']})")
    group.add_argument("--momentum", metavar="M", help=f"momentum in [0, 1) (default {d['momentum']:g})")
    group.add_argument(
        "--batch", metavar="B", help=f"full, online or a mini-batch size (default {d['batch']})"
    )
    group.add_argument("--l1", metavar="R", help=f"L1 regularisation rate (default {d['l1']:g})")
    group.add_argument("--l2", metavar="R", help=f"L2 regularisation rate (default {d['l2']:g})")
    group.add_argument(
        "--dropout",
        metavar="P",
        help=f"dropout probability of hidden units, [0, 1) (default {d['dropout']:g})",
    )
    group.add_argument(
        "--schedule", metavar="S",
        help=f"learning-rate schedule: {', '.join(SCHEDULES)} (default {d['schedule']})",
    )  # fmt: skip
    group.add_argument("--decay", metavar="D", help=f"schedule factor (default {d['decay']:g})")
    group.add_argument("--period", metavar="N", help=f"schedule period in iterations (default {d['period']})")
    group.add_argument(
        "--noise", metavar="N", help=f"noise of a generated dataset, [0, 1] (default {d['noise']:g})"
    )
    group.add_argument(
        "--test", metavar="F", help=f"fraction of rows held out for the test error (default {d['test']:g})"
    )
    group.add_argument("--points", metavar="N", help=f"points in a generated dataset (default {d['points']})")
    group.add_argument("--error", metavar="E", help=f"error shown: mae or mse (default {d['error']})")


def wants_custom(args: argparse.Namespace) -> bool:
    return any(getattr(args, name, None) is not None for name in CUSTOM_FLAGS)


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """The flags as a checked ``RunConfig`` (the app's fields check with the same code)."""
    custom = wants_custom(args)
    if custom:
        if args.preset is not None and getattr(args, "features", None) is not None:
            raise Invalid(
                "features", "--features chooses the inputs of --dataset or --data: a preset has its own"
            )
        if args.preset is not None:
            raise Invalid(
                "preset", "--preset cannot be combined with --dataset/--data or custom network flags"
            )
        if args.hidden is not None:
            raise Invalid("hidden", "--hidden sizes a preset; a custom net takes --layers")
        if args.dataset is not None and args.data is not None:
            raise Invalid("dataset", "give either --dataset or --data, not both")
        from_file = args.data is not None or args.dataset in EXAMPLES
        if from_file and (args.noise is not None or args.points is not None):
            raise Invalid("data", "--noise and --points shape generated datasets, not a CSV file")
        if not from_file and args.target is not None:
            raise Invalid("target", "--target names a column of a --data CSV file (or of iris, cars)")

    values: dict[str, object] = {name: getattr(args, name, None) for name in CUSTOM_FLAGS}
    values.update(seed=args.seed, alpha=getattr(args, "alpha", None), iterations=args.iterations)
    if custom:
        values["preset"] = "custom"
        values["dataset"] = "csv" if args.data is not None else args.dataset
        if values["dataset"] not in (None, *DATASETS[:-1], "csv"):
            raise Invalid(
                "dataset", f"unknown dataset {args.dataset!r} (choose from {', '.join(DATASETS[:-1])})"
            )
    else:
        values.update(preset=args.preset, hidden=args.hidden)
    return make_config(**values)


def flags_of(config: RunConfig) -> list[str]:
    """A checked config as a command line again (for ``serve``'s per-tab app)."""
    if not config.custom:
        flags = ["--preset", config.preset, "--alpha", repr(config.alpha), "--seed", str(config.seed)]
        flags += ["--iterations", str(config.iterations)]
        return flags + (["--hidden", str(config.hidden)] if config.hidden is not None else [])
    flags = []
    values = config.values()
    for name in (*CUSTOM_FLAGS, "alpha", "seed", "iterations"):
        value = values[name]
        if name == "bias":
            flags.append("--bias" if value else "--no-bias")
        elif name == "standardize":
            flags += {"on": ["--standardize"], "off": ["--no-standardize"]}.get(str(value), [])
        elif name == "layers":
            flags += ["--layers", config.hidden]  # type: ignore[list-item]
        elif name == "dataset" and value == "csv":
            continue  # --data says it
        elif name in ("noise", "points") and config.dataset in FILES:
            continue  # they shape generated data only
        elif value is not None:
            flags += [f"--{name}", str(Path(str(value)).resolve()) if name == "data" else str(value)]
    return flags
