"""What the app computes from a snapshot's weight copies: predictions and the step walk-through.

The training lives in the worker's child process; a ``Snapshot`` carries copies
of its weights. These helpers rebuild a ``Training`` around such copies (same
preset, alpha and data) so the app can ask it questions without a round trip.
Numpy only, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.engine import Training
from tui_nn.explain import Stage, explain_step
from tui_nn.model_training import model_from
from tui_nn.options import CustomConfig
from tui_nn.presets import Config, build, get_preset


def training_from(config: Config, weights: Sequence[np.ndarray]) -> Training:
    """A Training of ``config`` holding copies of ``weights`` (at iteration 0 of its own count)."""
    training = build(config)
    for w, saved in zip(training.weights, weights, strict=True):
        w[...] = saved
    return training


def query_of(config: Config) -> tuple[float, ...] | None:
    """The preset's example input (SPEC: neuron and xor-online [1,0,0], digits' two, relu 2,3)."""
    return None if isinstance(config, CustomConfig) else get_preset(config.preset).query


def predict_layers(config: Config, weights: Sequence[np.ndarray], x: Sequence[float]) -> list[np.ndarray]:
    """Every layer of the forward pass for one input row: inputs, hidden values, output."""
    training = training_from(config, weights)
    with np.errstate(all="ignore"):
        return [layer[0] for layer in training.net.forward(np.atleast_2d(np.asarray(x, dtype=np.float64)))]


def explain_from(config: Config, weights: Sequence[np.ndarray]) -> list[Stage]:
    """The walk-through of the iteration that starts from ``weights`` (see ``explain_step``)."""
    return explain_step(training_from(config, weights))


def input_size(config: Config | CustomConfig, weights: Sequence[np.ndarray] | None = None) -> int:
    """Inputs of the preset, or of the network holding ``weights`` (a custom run's data decides)."""
    if isinstance(config, CustomConfig):
        return 0 if weights is None else weights[0].shape[0]
    return get_preset(config.preset).x.shape[1]


def prediction(
    config: Config, weights: Sequence[np.ndarray], x: Sequence[float] | None
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(output, hidden values or None) for ``x``; hidden values only for the forward-only preset.

    None when there is no vector or it does not fit ``config`` (a preset change in flight).
    """
    if x is None or len(x) != input_size(config, weights) or weights[0].shape[0] != len(x):
        return None
    if isinstance(config, CustomConfig):
        return model_from(config, weights).predict(np.asarray(x, dtype=np.float64))[0], None
    layers = predict_layers(config, weights, x)
    hidden = layers[1] if not get_preset(config.preset).trainable and len(layers) > 2 else None
    return layers[-1], hidden


def walkthrough(snapshot) -> tuple[str, list[Stage]]:
    """(title, stages) for the explain panel: the iteration just stepped, else the next one.

    A single step leaves the weights it started from in ``snapshot.previous``; after
    a run, a reset or a change there is none, and the panel shows what the next
    iteration will do from the current weights.
    """
    config, n = snapshot.config, snapshot.iteration
    if isinstance(config, CustomConfig):
        return "the step walk-through follows the tutorial presets (p picks one)", []
    if not get_preset(config.preset).trainable:
        return f"{config.preset} has fixed weights: no training step to explain", []
    if snapshot.previous is not None:
        return f"the step just taken: iteration {n - 1} -> {n}", explain_from(config, snapshot.previous)
    return f"the next step: iteration {n} -> {n + 1}", explain_from(config, snapshot.weights)
