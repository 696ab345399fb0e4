"""Custom runs: a general ``Model`` on a generated 2-D dataset or the learner's CSV.

The command-line side of issue 6: flags become a ``Spec`` and a ``Dataset``, each
checked with a one-line message naming the flag, and a run reports train and
test errors (MAE or MSE of the outputs) the way ``train`` does for presets.
Numpy only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from tui_nn.datasets import GENERATORS
from tui_nn.model import HIDDEN_ACTIVATIONS, INITS, OPTIMIZERS, SCHEDULES, Model
from tui_nn.options import DATASETS, CustomConfig, custom_config, ready, spec_of
from tui_nn.validation import Invalid, check_every

CUSTOM_FLAGS = ("dataset", "data", "layers", "activation", "output", "bias", "init", "loss", "optimizer",
                "momentum", "batch", "l1", "l2", "dropout", "schedule", "decay", "period", "noise", "test",
                "points", "target", "error")  # fmt: skip


def add_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("custom networks and data (instead of --preset)")
    group.add_argument("--dataset", metavar="NAME", help=f"a generated 2-D dataset: {', '.join(GENERATORS)}")
    group.add_argument("--data", metavar="CSV", help="your own numbers; target = last column unless --target")
    group.add_argument("--target", metavar="NAME", help="the CSV column to learn (needs a header)")
    group.add_argument("--layers", metavar="SIZES", help="hidden layer sizes, e.g. 4,4,2 (default 4)")
    group.add_argument(
        "--activation",
        metavar="A",
        help=f"hidden activation: {', '.join(HIDDEN_ACTIVATIONS)}; one per layer: tanh,relu",
    )
    group.add_argument("--output", metavar="O", help="sigmoid (classification) or linear (regression)")
    group.add_argument(
        "--bias", action=argparse.BooleanOptionalAction, default=None, help="bias units (default: on)"
    )
    group.add_argument("--init", metavar="I", help=f"initialiser: {', '.join(INITS)} (default xavier)")
    group.add_argument("--loss", metavar="L", help="mse or bce (binary cross-entropy)")
    group.add_argument("--optimizer", metavar="O", help=f"{', '.join(OPTIMIZERS)} (default momentum)")
    group.add_argument("--momentum", metavar="M", help="momentum in [0, 1), default 0.9")
    group.add_argument("--batch", metavar="B", help="full, online or a mini-batch size")
    group.add_argument("--l1", metavar="R", help="L1 regularisation rate")
    group.add_argument("--l2", metavar="R", help="L2 regularisation rate")
    group.add_argument("--dropout", metavar="P", help="dropout probability of hidden units, [0, 1)")
    group.add_argument("--schedule", metavar="S", help=f"learning-rate schedule: {', '.join(SCHEDULES)}")
    group.add_argument("--decay", metavar="D", help="schedule factor, default 0.5")
    group.add_argument("--period", metavar="N", help="schedule period in iterations, default 1000")
    group.add_argument("--noise", metavar="N", help="noise of a generated dataset, [0, 1]")
    group.add_argument("--test", metavar="F", help="fraction of rows held out for the test error")
    group.add_argument("--points", metavar="N", help="points in a generated dataset, default 200")
    group.add_argument("--error", metavar="E", help="error shown: mae or mse (default: mse)")


def wants_custom(args: argparse.Namespace) -> bool:
    return any(getattr(args, name, None) is not None for name in CUSTOM_FLAGS)


def flags_of(args: argparse.Namespace) -> list[str]:
    """The custom-run flags given, as a command line again (for ``serve``'s per-tab app)."""
    flags = []
    for name in (*CUSTOM_FLAGS, "alpha", "seed", "iterations"):
        value = getattr(args, name, None)
        if name == "bias" and value is not None:
            flags.append("--bias" if value else "--no-bias")
        elif value is not None and name != "bias":
            flags += [f"--{name}", str(Path(value).resolve()) if name == "data" else str(value)]
    return flags


def config_from_args(args: argparse.Namespace) -> CustomConfig:
    """The flags as a checked ``CustomConfig`` (the settings screen checks with the same code)."""
    if args.preset is not None:
        raise Invalid("preset", "--preset cannot be combined with --dataset/--data or custom network flags")
    if args.dataset is not None and args.data is not None:
        raise Invalid("dataset", "give either --dataset or --data, not both")
    if args.data is not None and (args.noise is not None or args.points is not None):
        raise Invalid("data", "--noise and --points shape generated datasets, not a CSV file")
    if args.data is None and args.target is not None:
        raise Invalid("target", "--target names a column of a --data CSV file")
    values = {name: getattr(args, name, None) for name in CUSTOM_FLAGS}
    values.update(seed=args.seed, alpha=getattr(args, "alpha", None), iterations=args.iterations)
    values["dataset"] = "csv" if args.data is not None else args.dataset
    if values["dataset"] not in (None, *DATASETS[:-1], "csv"):
        raise Invalid("dataset", f"unknown dataset {args.dataset!r} (choose from {', '.join(GENERATORS)})")
    return custom_config(**values)


def measure(kind: str, model: Model, x: np.ndarray, y: np.ndarray) -> float | None:
    if not len(x):
        return None
    err = y - model.predict(x)
    return float(np.mean(np.abs(err)) if kind == "mae" else np.mean(np.square(err)))


def run(args: argparse.Namespace, every_of) -> str:
    """Train a custom run; the text (or JSON) report."""
    config, data = ready(config_from_args(args))
    spec = spec_of(config, data.x.shape[1])
    kind, iterations = config.error, config.iterations
    every = check_every(args.every) if args.every is not None else every_of(iterations)
    model = Model(spec, data.x, data.y)
    rows = []
    for j in range(iterations):
        if j % every == 0:
            rows.append(
                (j, measure(kind, model, data.x, data.y), measure(kind, model, data.x_test, data.y_test))
            )
        model.step()
    final = (iterations, measure(kind, model, data.x, data.y), measure(kind, model, data.x_test, data.y_test))
    names = [f"W{k + 1}" for k in range(len(model.weights))]
    if args.json:
        return json.dumps(
            {
                "dataset": data.name,
                "network": spec.diagram(),
                "error": kind,
                "errors": [list(r) for r in [*rows, final]],
                "weights": {n: w.tolist() for n, w in zip(names, model.weights)},
                "biases": {n: b.tolist() for n, b in zip(names, model.biases)} if spec.bias else None,
            }
        )
    test = lambda e: "" if e is None else f"  test {e:.12g}"  # noqa: E731
    lines = [f"{data.name}: {len(data.x)} train / {len(data.x_test)} test rows; network {spec.diagram()}"]
    lines += [f"{kind.upper()} after {j} iterations: {e:.12g}{test(t)}" for j, e, t in [*rows, final]]
    return "\n".join(lines)
