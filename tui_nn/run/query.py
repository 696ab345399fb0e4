"""What the app computes from a snapshot's copies: predictions (a typed row goes through the
data's features and standardization; a classifier's row gets its class) and the step
walk-through.

The run lives in the worker's child process; a ``Snapshot`` carries copies of its
parameters (and, for nets whose step depends on them, the optimiser's state
and the random stream). These helpers rebuild a ``Learner`` around such copies so
the app can ask it questions without a round trip. Any run, preset or custom.
Numpy only, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.core import metrics
from tui_nn.core.explain import Stage, explain_step
from tui_nn.core.learner import Learner
from tui_nn.data.scaling import standardize_input
from tui_nn.run.build import learner_from
from tui_nn.run.config import RunConfig
from tui_nn.run.loaded import classes_of, data_of
from tui_nn.run.presets import get_preset


def learner_at(
    snapshot, params: Sequence[np.ndarray] | None = None, optimiser: tuple | None = None
) -> Learner:
    """A copy of the snapshot's run at its weights (or ``params``), with its alpha and optimiser state."""
    learner = learner_from(snapshot.config, snapshot.weights if params is None else params)
    learner.alpha = snapshot.config.alpha
    if optimiser is None and snapshot.velocity is not None:
        optimiser = (snapshot.velocity, snapshot.rng, snapshot.iteration)
    if optimiser is not None:
        velocity, rng, iteration = optimiser
        for v, saved in zip(learner.velocity, velocity, strict=True):
            v[...] = saved
        learner.rs.set_state(rng)
        learner.count_from(iteration)
    else:
        learner.count_from(snapshot.iteration)
    return learner


def input_size(config: RunConfig, weights: Sequence[np.ndarray] | None = None) -> int:
    """How many numbers a typed row holds: the preset's inputs, or the data's (x1, x2 for a 2-D
    dataset's engineered features, whatever the net's input columns); for a custom run whose
    data no longer loads, the inputs of the net holding ``weights``."""
    if not config.custom:
        return get_preset(config.preset).x.shape[1]
    data = data_of(config)
    if data is not None:
        return len(data.input_names)
    return 0 if weights is None else weights[0].shape[0]


def net_input(config: RunConfig, x: Sequence[float]) -> np.ndarray:
    """A typed row as the net takes it: through the data's engineered features and its
    standardization (the training rows' mean and std), as the training rows went; a preset's
    and a raw run's row as it is."""
    row = np.asarray(x, dtype=np.float64)
    data = data_of(config) if config.custom else None
    if data is None or not (data.features or data.mean is not None):
        return row
    return standardize_input(data, row)


def predict_layers(config: RunConfig, weights: Sequence[np.ndarray], x: Sequence[float]) -> list[np.ndarray]:
    """Every layer of the forward pass for one typed row: the net's inputs (``net_input``), hidden
    values, output."""
    learner = learner_from(config, weights)
    with np.errstate(all="ignore"):
        return [layer[0] for layer in learner.net.forward(np.atleast_2d(net_input(config, x)))]


def prediction(
    config: RunConfig, weights: Sequence[np.ndarray], x: Sequence[float] | None
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(output, hidden values or None) for the typed row ``x``; hidden values only for a net that
    does not train.

    None when there is no row or it does not fit ``config`` (a change in flight).
    """
    if x is None or len(x) != input_size(config, weights) or weights[0].shape[0] != len(net_input(config, x)):
        return None
    layers = predict_layers(config, weights, x)
    fixed = not config.custom and not get_preset(config.preset).trainable
    return layers[-1], (layers[1] if fixed and len(layers) > 2 else None)


def predicted_class(
    config: RunConfig, weights: Sequence[np.ndarray], x: Sequence[float] | None
) -> tuple[str, float] | None:
    """(class name, its probability) the net gives the typed row ``x`` of a classification run:
    the sigmoid's 0.5 decides between two classes, the largest softmax output among more.
    None for regression, presets, or a row that does not fit."""
    classes = classes_of(config)
    result = prediction(config, weights, x)
    if result is None or not metrics.fits(classes, result[0]):
        return None
    output = np.atleast_2d(result[0])
    return classes[int(metrics.picked(output)[0])], float(metrics.probability(output)[0])


def walkthrough(snapshot) -> tuple[str, list[Stage]]:
    """(title, stages) for the explain panel: the iteration just stepped, else the next one.

    A single step leaves the state it started from in ``snapshot.previous``; after a
    run, a reset or a change there is none, and the panel shows what the next
    iteration will do from the current weights.
    """
    config, n = snapshot.config, snapshot.iteration
    if snapshot.y is None or (not config.custom and not get_preset(config.preset).trainable):
        return f"{config.name} has fixed weights: no training step to explain", []
    if snapshot.diverged_at is not None:
        return f"the run diverged at iteration {snapshot.diverged_at}: no step to explain", []
    form = "o - y" if config.custom else get_preset(config.preset).error_form
    if snapshot.previous is not None:
        learner = learner_at(snapshot, snapshot.previous, snapshot.previous_optimiser)
        if snapshot.previous_optimiser is None:
            learner.count_from(n - 1)
        return f"the step just taken: iteration {n - 1} -> {n}", explain_step(learner, form)
    return f"the next step: iteration {n} -> {n + 1}", explain_step(learner_at(snapshot), form)
