"""The tutorial presets: each a dataset, a network spec and how to show it. No second engine.

A preset's net is an ordinary ``NetSpec`` (sigmoid layers, no bias, plain
gradient descent, full batch or online), so it trains on the same ``Learner`` as
any custom net, and the engine's fast kernels pick it up. What is the preset's
own is its display: the tutorial's matrix names (``synapse_0``, ``syn0``), the
error it prints (MAE or MSE), how its error is written (``o - y`` in Trask part
2, ``y - o`` elsewhere), its query and the scale its outputs read at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tui_nn.core.spec import NetSpec
from tui_nn.core.validation import Invalid
from tui_nn.data.tutorial_data import (
    DIGIT_BITMAPS,
    X_A,
    X_B,
    X_C,
    X_D,
    Y_B,
    Y_C,
    Y_D,
    Y_FIRST_COLUMN,
    Y_XOR,
    bitmap,
)


@dataclass(frozen=True)
class Preset:
    """A tutorial example. ``net(h)`` is its spec for hidden size h (ignored without a hidden layer)."""

    name: str
    summary: str
    x: np.ndarray
    y: np.ndarray | None
    net: Callable[[int], NetSpec]
    names: tuple[str, ...]
    metric: str
    hidden: int | None  # default hidden size; None: no (adjustable) hidden layer
    error_form: str = "y - o"  # how the tutorial writes its error; "o - y" also counts gradient signs
    alpha: float = 1.0
    seed: int = 1
    iterations: int = 10000
    query: tuple[float, ...] | None = None
    scale: float = 1.0  # outputs read at this scale (the digits' targets are 0..3 / 3)

    @property
    def has_hidden(self) -> bool:
        return self.hidden is not None

    @property
    def trainable(self) -> bool:
        return self.net(self.hidden or 1).trainable

    @property
    def direction_sign(self) -> int:
        return -1 if self.error_form == "o - y" else 1

    def spec(self, hidden: int | None = None) -> NetSpec:
        return self.net(hidden or self.hidden or 1)


def _sigmoid(
    *sizes: Callable[[int], int], init: str = "tutorial", batch: str = "full"
) -> Callable[[int], NetSpec]:
    """Sigmoid layers of the given sizes (functions of the hidden size h), plain descent."""

    def net(h: int) -> NetSpec:
        shape = tuple(s(h) for s in sizes)
        return NetSpec(shape, ("sigmoid",) * (len(shape) - 1), init=init, batch=batch)

    return net


def _relu_net(h: int) -> NetSpec:
    # Column j holds hidden node j's weights: node 0 [2, 4], node 1 [4, -5]; the output [2, 7].
    fixed = (((2.0, 4.0), (4.0, -5.0)), ((2.0,), (7.0,)))
    return NetSpec((2, 2, 1), ("relu", "linear"), fixed=fixed)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "trask-1layer", "Trask part 1: 3->1 sigmoid learns the first column", X_A, Y_FIRST_COLUMN,
            _sigmoid(lambda h: 3, lambda h: 1), ("syn0",), "mae", None,
        ),
        Preset(
            "trask-xor", "Trask part 2: 3->H->1 sigmoid learns xor, full batch", X_A, Y_XOR,
            _sigmoid(lambda h: 3, lambda h: h, lambda h: 1), ("synapse_0", "synapse_1"), "mae", 4,
            error_form="o - y", iterations=60000,
        ),
        Preset(
            "neuron", "A single neuron: 3->1 sigmoid, rows reordered, query [1,0,0]", X_B, Y_B,
            _sigmoid(lambda h: 3, lambda h: 1), ("synaptic_weights",), "mae", None, query=(1.0, 0.0, 0.0),
        ),
        Preset(
            "xor-online", "3->H->1 sigmoid learns xor one row at a time", X_A, Y_XOR,
            _sigmoid(lambda h: 3, lambda h: h, lambda h: 1, init="normal", batch="online"), ("W1", "W2"),
            "mse", 4, alpha=0.1, iterations=20000, query=(1.0, 0.0, 0.0),
        ),
        Preset(
            "digits", "20->20->1 sigmoid reads four 5x4 pixel digits", X_D, Y_D,
            _sigmoid(lambda h: 20, lambda h: h, lambda h: 1, init="randn"), ("W1", "W2"), "mse", 20,
            iterations=100, query=tuple(bitmap(DIGIT_BITMAPS["two"])), scale=3.0,
        ),
        Preset(
            "two-weights", "2->1 sigmoid with two weights: the error landscape", X_C, Y_C,
            _sigmoid(lambda h: 2, lambda h: 1), ("weights",), "mae", None, error_form="o - y",
        ),
        Preset(
            "relu-forward", "2->2->1 ReLU forward pass with fixed weights: 2, 3 gives 32",
            np.array([[2.0, 3.0]]), None, _relu_net, ("hidden", "output"), "mae", None,
            iterations=1, query=(2.0, 3.0),
        ),
    ]
}  # fmt: skip


def get_preset(name: object) -> Preset:
    try:
        return PRESETS[name]  # type: ignore[index]
    except (KeyError, TypeError):  # TypeError: not even a string (a hand-edited session)
        raise Invalid("preset", f"unknown preset {name!r} (choose from {', '.join(PRESETS)})") from None
