"""From a ``RunConfig`` to a ``Learner``: the data, the network spec and the preset's display names.

``ready`` loads the data and settles what depends on it (a linear output for
regression targets), which is where a broken CSV is caught. ``build`` makes a
fresh run at iteration 0: a preset's seeded initial weights drawn as the
tutorial draws them, or a custom net's. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from tui_nn.core.learner import Learner
from tui_nn.core.spec import NetSpec
from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import Dataset, generate, load_csv
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
    if config.dataset != "csv":
        return generate(
            config.dataset,
            points=config.points,
            noise=config.noise,
            test_fraction=config.test,
            seed=config.seed,
        )
    path = Path(config.data or "")
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(path), stamp, config.target, config.test, config.seed)
    if key not in _loaded or stamp is None:
        data = load_csv(path, target=config.target, test_fraction=config.test, seed=config.seed)
        _loaded.clear()  # one file at a time: a big CSV is not kept twice
        _loaded[key] = data
    return _loaded[key]


def ready(config: RunConfig) -> tuple[RunConfig, Dataset]:
    """Load the data and settle the output (auto: linear for regression targets, else sigmoid)."""
    data = load_data(config)
    if config.custom and config.output == "auto":
        config = replace(config, output="linear" if data.regression else "sigmoid")
    if config.custom and config.loss == "bce" and config.output != "sigmoid":
        raise Invalid("loss", f"loss must be one of mse, got {config.loss!r} (bce needs a sigmoid output)")
    return config, data


def spec_of(config: RunConfig, inputs: int) -> NetSpec:
    """The network of a config for ``inputs`` input columns (a preset's is its own)."""
    if not config.custom:
        return get_preset(config.preset).spec(config.hidden)  # type: ignore[arg-type]
    hidden = config.activation.split(",")
    kinds = hidden * len(config.layers) if len(hidden) == 1 else hidden
    output = "sigmoid" if config.output == "auto" else config.output
    return NetSpec(
        sizes=(inputs, *config.layers, 1),
        activations=(*kinds, output),
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
    spec = spec_of(config, data.x.shape[1])
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
