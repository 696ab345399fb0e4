"""From a ``RunConfig`` to a ``Learner``: the data, the network spec and the preset's display names.

``ready`` loads the data and settles what depends on it (the output and loss
of the task: linear and mse for regression, sigmoid for two classes, softmax
and cross-entropy for more), which is where a broken CSV, and an output or a
loss that contradicts the data, is caught. ``build`` makes a
fresh run at iteration 0: a preset's seeded initial weights drawn as the
tutorial draws them, or a custom net's. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from tui_nn.core.learner import Learner
from tui_nn.core.spec import NetSpec
from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import Dataset, generate, load_csv
from tui_nn.data.examples import EXAMPLES, load_example
from tui_nn.data.table import shown
from tui_nn.run.config import RunConfig
from tui_nn.run.presets import get_preset

_loaded: dict[tuple, Dataset] = {}


def load_data(config: RunConfig) -> Dataset:
    """The run's data: the preset's, generated, or read from its CSV (cached per file version)."""
    if not config.custom:
        p = get_preset(config.preset)
        columns = tuple(f"x{i + 1}" for i in range(p.x.shape[1])) + ("y",)
        empty = np.zeros((0, p.x.shape[1]))
        return Dataset(p.name, p.x, p.y, empty, np.zeros((0, 1)), columns)  # type: ignore[arg-type]
    if config.dataset not in (*EXAMPLES, "csv"):
        test = 0.5 if config.test is None else config.test
        return generate(
            config.dataset, points=config.points, noise=config.noise, test_fraction=test, seed=config.seed,
            features=config.features, task=config.task, standardize=config.standardize,
        )  # fmt: skip
    path = Path(config.data or "")
    stamp = None
    if config.dataset == "csv":
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = None
    options = (config.target, config.test, config.seed, config.features, config.task, config.standardize)
    key = (config.dataset, str(path), stamp, *options)
    if key not in _loaded or (stamp is None and config.dataset == "csv"):
        load = (
            partial(load_example, config.dataset) if config.dataset in EXAMPLES else partial(load_csv, path)
        )
        data = load(
            target=config.target, test_fraction=config.test, seed=config.seed, features=config.features,
            task=config.task, standardize=config.standardize,
        )  # fmt: skip
        _loaded.clear()  # one file at a time: a big CSV is not kept twice
        _loaded[key] = data
    return _loaded[key]


def ready(config: RunConfig) -> tuple[RunConfig, Dataset]:
    """Load the data and settle the output and loss of its task (auto: linear and mse for
    regression, sigmoid and mse for two classes, softmax and ce for more); refuse one given
    that contradicts the data, with one line."""
    data = load_data(config)
    if not config.custom:
        return config, data
    output, loss = _settled(config, data)
    _check_size(config, data)
    return replace(config, output=output, loss=loss), data


# Weights a custom net may have: a learner holds some eight arrays of that size (weights, optimiser
# state, gradients, direction counts, checkpoints), so 2^25 of them is already gigabytes of memory.
MAX_PARAMETERS = 1 << 25
# Each training row holds some six values per unit of every layer while an iteration runs (inputs,
# activations, deltas, slopes, masks, temporaries): 100 000 rows through 4096,4096 would be 40 GB.
ACTIVATION_COPIES = 6
MAX_ACTIVATION_BYTES = 2 << 30


def _check_size(config: RunConfig, data: Dataset) -> None:
    """Refuse a net too big to hold, before anything of its size is allocated."""
    sizes = (data.x.shape[1], *config.layers, max(len(data.classes), 2) if len(data.classes) > 2 else 1)
    count = sum(a * b + (b if config.bias else 0) for a, b in zip(sizes[:-1], sizes[1:]))
    if count > MAX_PARAMETERS:
        layers = config.layers
        what = (
            ",".join(map(str, layers)) if len(layers) <= 4 else f"of {len(layers)} up to {max(layers)} wide"
        )
        raise Invalid(
            "layers",
            f"layers {what} make {count:,} weights "
            f"({count * 8 / 2**30:.1f} GB a copy): at most {MAX_PARAMETERS:,}",
        )
    rows = len(data.x) + len(data.x_test)
    needed = rows * sum(sizes) * ACTIVATION_COPIES * 8
    if needed > MAX_ACTIVATION_BYTES:
        raise Invalid(
            "layers",
            f"{rows:,} rows through layers {','.join(map(str, config.layers))} need about "
            f"{needed / 2**30:.1f} GB while training: at most {MAX_ACTIVATION_BYTES / 2**30:.0f} GB "
            "(fewer rows or narrower layers)",
        )


def _settled(config: RunConfig, data: Dataset) -> tuple[str, str]:
    k, target = len(data.classes), shown(data.target)
    if k >= 3:
        if config.output not in ("auto", "softmax"):
            raise Invalid(
                "output", f"output {config.output} cannot pick one of {k} classes of {target}: "
                "softmax does (--output auto)",
            )  # fmt: skip
        if config.loss not in ("auto", "ce"):
            raise Invalid("loss", f"loss {config.loss} does not fit {k} classes: ce does (--loss auto)")
        return "softmax", "ce"
    if config.output == "softmax":
        what = f"{target} has 2 classes" if k else f"{target} is a number to regress"
        raise Invalid("output", f"softmax is for 3 classes or more and {what}: --output auto")
    if config.loss == "ce":
        raise Invalid("loss", "ce is the loss of 3 classes or more (softmax): 2 classes take mse or bce")
    output = config.output if config.output != "auto" else ("sigmoid" if k else "linear")
    loss = "mse" if config.loss == "auto" else config.loss
    if loss == "bce" and output != "sigmoid":
        raise Invalid("loss", f"loss must be one of mse, got {loss!r} (bce needs a sigmoid output)")
    if output == "sigmoid" and not k:
        ys = np.concatenate([data.y, data.y_test])
        low, high = float(ys.min()), float(ys.max())
        if low < 0 or high > 1:
            raise Invalid(
                "output", f"output sigmoid gives 0..1 but {target} goes from {low:g} to {high:g}: "
                "--output linear (auto), or --task classify for classes",
            )  # fmt: skip
    return output, loss


def spec_of(config: RunConfig, inputs: int, outputs: int | None = None) -> NetSpec:
    """The network of a config for ``inputs`` input columns (a preset's is its own): one output
    unit, or K softmax units for K classes (``outputs``, else counted from the config's data)."""
    if not config.custom:
        return get_preset(config.preset).spec(config.hidden)  # type: ignore[arg-type]
    if "auto" in (config.output, config.loss):
        config = ready(config)[0]
    hidden = config.activation.split(",")
    kinds = hidden * len(config.layers) if len(hidden) == 1 else hidden
    if outputs is None:
        outputs = len(load_data(config).classes) if config.output == "softmax" else 1
    return NetSpec(
        sizes=(inputs, *config.layers, outputs),
        activations=(*kinds, config.output),
        bias=config.bias,
        init=config.init,
        loss=config.loss,
        optimizer=config.optimizer,
        momentum=config.momentum,
        batch=config.batch,
        l1=config.l1,
        l2=config.l2,
        dropout=config.dropout,
        schedule=config.schedule,
        decay=config.decay,
        period=config.period,
    )


def build(config: RunConfig, data: Dataset | None = None) -> Learner:
    """A fresh run at iteration 0 with the config's seeded initial weights."""
    if data is None:
        config, data = ready(config)
    spec = spec_of(config, data.x.shape[1], None if data.y is None else data.y.shape[1])
    sign = get_preset(config.preset).direction_sign if not config.custom else 1
    return Learner(
        spec,
        data.x,
        data.y,
        alpha=config.alpha,
        seed=config.seed,
        metric=config.metric,
        x_test=data.x_test,
        y_test=data.y_test,
        direction_sign=sign,
        names=None if config.custom else get_preset(config.preset).names,  # custom: W1.., b1..
    )


def learner_from(config: RunConfig, params: Sequence[np.ndarray]) -> Learner:
    """A Learner of ``config`` holding copies of ``params`` (a snapshot's weights, then biases).

    The app asks such a copy its questions (predictions, the step walk-through, maps)
    without a round trip to the worker, which keeps the real run.
    """
    learner = build(config)
    for p, saved in zip(learner.params, params, strict=True):
        p[...] = saved
    return learner


def query_of(config: RunConfig) -> tuple[float, ...] | None:
    """The preset's example input (neuron and xor-online [1,0,0], digits' two, relu 2,3)."""
    return None if config.custom else get_preset(config.preset).query


def output_scale(config: RunConfig) -> float:
    """Outputs read at this scale (the digits preset's targets are 0..3 / 3)."""
    return 1.0 if config.custom else get_preset(config.preset).scale
