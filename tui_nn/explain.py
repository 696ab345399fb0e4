"""One iteration walked through the way the annotated tutorial prints it.

``explain_step(training)`` computes, from the current weights and without
changing them, every intermediate of the next iteration in the tutorial's
order: inputs, dot product, sigmoid outputs, error, sigmoid slope, delta, the
weight update and the weights before and after. The numbers are the engine's
(the same operations; a test checks them against ``Training.train(1)``).
Numpy only; the app's explain panel only lays these stages out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_nn.engine import Training
from tui_nn.network import ACTIVATIONS


@dataclass(frozen=True)
class Stage:
    """One labelled matrix of the walk-through, with the tutorial's plain-language caption."""

    label: str
    caption: str
    value: np.ndarray


def _stages_for(
    training: Training, x: np.ndarray, y: np.ndarray, weights: list[np.ndarray], tag: str
) -> tuple[list[Stage], list[np.ndarray]]:
    """The stages of one forward and backward pass, and the unscaled updates."""
    net, last = training.net, len(weights) - 1
    names = net.names
    stages = [Stage(f"l0{tag}", "the inputs, one example per row", x.copy())]
    layers = [x]
    for k, w in enumerate(weights):
        z = np.dot(layers[-1], w)
        a = ACTIVATIONS[net.activations[k]](z)
        stages.append(Stage(f"l{k}.{names[k]}{tag}", f"dot product of layer {k} with {names[k]}", z))
        what = "our guess" if k == last else "the hidden layer's outputs"
        stages.append(Stage(f"l{k + 1}{tag}", f"{net.activations[k]} outputs: {what}", a))
        layers.append(a)
    out = layers[-1]
    subtract = training.rule == "subtract"
    err = out - y if subtract else y - out
    stages.append(
        Stage(f"error{tag}", "how much did we miss? " + ("(o - y)" if subtract else "(y - o)"), err)
    )
    delta = None
    updates: list[np.ndarray] = [err] * len(weights)
    for k in range(last, -1, -1):
        slope = net.slopes[k](layers[k + 1])
        stages.append(Stage(f"slope l{k + 1}{tag}", "were we really sure? the slope at each output", slope))
        if k == last:
            delta = err * slope
            caption = "delta: the miss weighted by how unsure we were"
        else:
            back = delta.dot(weights[k + 1].T)
            stages.append(
                Stage(
                    f"l{k + 1} error{tag}",
                    f"how much each hidden unit contributed (delta . {names[k + 1]}.T)",
                    back,
                )
            )
            delta = back * slope
            caption = "delta of the hidden layer"
        stages.append(Stage(f"l{k + 1} delta{tag}", caption, delta))
        updates[k] = layers[k].T.dot(delta)
    return stages, updates


def explain_step(training: Training) -> list[Stage]:
    """The stages of the next iteration (full batch), or of each row of the next epoch (online)."""
    if not training.trainable:
        raise ValueError("a forward-only preset has no training step to explain")
    weights = [w.copy() for w in training.weights]
    alpha = training.alpha
    sign = "-" if training.rule == "subtract" else "+"
    if training.rule == "online":
        batches = [
            (training.x[r : r + 1], training.y[r : r + 1], f" (row {r})") for r in range(len(training.x))
        ]
    else:
        batches = [(training.x, training.y, "")]
    stages = [
        Stage(f"{n} before", "the weights going in", w.copy()) for n, w in zip(training.net.names, weights)
    ]
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for x, y, tag in batches:
            more, updates = _stages_for(training, x, y, weights, tag)
            stages += more
            for name, w, u in zip(training.net.names, weights, updates):
                stages.append(
                    Stage(f"update {name}{tag}", f"layer input.T . delta; weights {sign}= alpha * this", u)
                )
                if sign == "-":
                    w -= alpha * u
                else:
                    w += alpha * u
    stages += [
        Stage(f"{n} after", f"the weights after the update (alpha {alpha:g})", w)
        for n, w in zip(training.net.names, weights)
    ]
    return stages
