"""One iteration walked through the way the annotated tutorial prints it, for any network.

``explain_step(learner)`` runs the next iteration on a copy of the learner
(its weights, optimiser state and random stream), through the very code that
trains (``Network.iterate``), and lays out what each batch's pass computed, layer
by layer: inputs, dot products, activations, the error, each layer's slope, the
error sent back, the deltas, the updates and the weights before and after. The
learner itself does not move. With ``error_form="y - o"`` (Trask part 1, the
neuron, the digits) the error, deltas and updates are shown with the tutorial's
signs: exact negations of the gradient's. Numpy only; the app only lays these out.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.core.learner import Learner
from tui_nn.core.network import Trace, scheduled_rate


@dataclass(frozen=True)
class Stage:
    """One labelled matrix of the walk-through, with the tutorial's plain-language caption."""

    label: str
    caption: str
    value: np.ndarray


def _layer_name(k: int, last: int) -> str:
    return "the output layer" if k == last else f"hidden layer {k}"


def _batch_stages(learner: Learner, names: Sequence[str], flip: bool, tag: str, trace: Trace) -> list[Stage]:
    """The stages of one batch's forward and backward pass (``flip``: the tutorial's y - o signs)."""
    spec = learner.spec
    last = len(spec.shapes) - 1
    sign = -1.0 if flip else 1.0
    stages = [Stage(f"l0{tag}", "the inputs, one example per row", trace.layers[0].copy())]
    for k, kind in enumerate(spec.activations):
        plus = " plus its bias" if spec.bias else ""
        stages.append(
            Stage(f"l{k}.{names[k]}{tag}", f"dot product of layer {k} with {names[k]}{plus}", trace.zs[k])
        )
        what = "our guess" if k == last else f"the outputs of {_layer_name(k + 1, last + 1)}"
        stages.append(Stage(f"l{k + 1}{tag}", f"{kind} outputs: {what}", trace.layers[k + 1]))
    form = "(y - o)" if flip else "(o - y)"
    stages.append(Stage(f"error{tag}", f"how much did we miss? {form}", sign * trace.error))
    for k in range(last, -1, -1):
        layer = f"l{k + 1}"
        if k == last and spec.loss in ("bce", "ce"):  # no slope shown: the delta does not use it
            caption = "delta: with cross-entropy the output's delta is the miss itself"
            if spec.loss == "ce":
                caption += " (softmax's whole Jacobian cancels out)"
        else:
            where = _layer_name(k + 1, last + 1)
            sure = f"were we really sure? {where}'s slope: {spec.activations[k]}' at {layer}"
            stages.append(Stage(f"slope {layer}{tag}", sure, trace.slopes[k]))
            caption = "delta: the miss weighted by how unsure we were"
        back = trace.backs[k]
        if back is not None:
            share = f"how much each unit of {layer} contributed (delta . {names[k + 1]}.T)"
            stages.append(Stage(f"{layer} error{tag}", share, sign * back))
            caption = f"delta of {_layer_name(k + 1, last + 1)}"
        stages.append(Stage(f"{layer} delta{tag}", caption, sign * trace.deltas[k]))
    return stages


ADAPTIVE = {  # how the adaptive optimisers turn "this" (the gradient) into a step
    "rmsprop": "s = {s.rho:g} * s + (1 - {s.rho:g}) * this^2; "
    "weights -= alpha * this / (sqrt(s) + {s.eps:g})",
    "adagrad": "s += this^2; weights -= alpha * this / (sqrt(s) + {s.eps:g})",
    "adam": "m, s = running means of this and this^2 ({s.beta1:g}, {s.beta2:g}), bias-corrected; "
    "weights -= alpha * m / (sqrt(s) + {s.eps:g})",
}


def explain_step(learner: Learner, error_form: str = "o - y") -> list[Stage]:
    """The stages of the next iteration: one pass for full batch, one per row or mini-batch otherwise."""
    if not learner.trainable:
        raise ValueError("a network with fixed weights has no training step to explain")
    flip, names = error_form == "y - o", learner.names
    net, velocity, rs = learner.net.copy(), [v.copy() for v in learner.velocity], copy.deepcopy(learner.rs)
    spec, alpha = learner.spec, learner.alpha
    rate = scheduled_rate(spec, alpha, learner.iteration)
    stages = [Stage(f"{n} before", "the weights going in", p.copy()) for n, p in zip(names, net.params)]
    several = spec.batch != "full"

    def record(rows: np.ndarray, trace: Trace) -> None:
        if spec.batch == "online":
            tag = f" (row {int(rows[0])})"
        else:
            tag = (
                f" (rows {', '.join(str(int(r)) for r in rows[:6])}{'...' if len(rows) > 6 else ''})"
                if several
                else ""
            )
        stages.extend(_batch_stages(learner, names, flip, tag, trace))
        if spec.optimizer == "gd":
            how = f"weights {'+' if flip else '-'}= alpha * this"
        elif spec.optimizer in ("momentum", "nesterov"):
            how = f"velocity = {spec.momentum:g} * velocity - alpha * this; weights += velocity"
        else:
            how = ADAPTIVE[spec.optimizer].format(s=spec)
        for name, g in zip(names, trace.grads):
            shown = -g if flip else g
            stages.append(Stage(f"update {name}{tag}", f"layer input.T . delta; {how}", shown))

    net.iterate(learner.x, learner.y, rs, velocity, rate, record, iteration=learner.iteration)  # type: ignore[arg-type]
    stages += [
        Stage(f"{n} after", f"the weights after the update (alpha {rate:g})", p)
        for n, p in zip(names, net.params)
    ]
    return stages
