"""Networks: weight matrices, activations and the forward pass (numpy only).

Names follow Trask's scripts: ``weights[k]`` is ``synapse_k`` (input side first),
``layers[0]`` is ``l0 = X`` and ``layers[k]`` the activations of layer k. Each
activation's derivative is written from the layer's output, as the tutorials do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def sigmoid_slope(out: np.ndarray) -> np.ndarray:
    """The sigmoid's derivative written from its output, as the tutorials do."""
    return out * (1 - out)


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0)


def linear(x: np.ndarray) -> np.ndarray:
    return x


def relu_slope(out: np.ndarray) -> np.ndarray:
    return (out > 0).astype(np.float64)


def linear_slope(out: np.ndarray) -> np.ndarray:
    return np.ones_like(out)


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": sigmoid,
    "relu": relu,
    "linear": linear,
}
# Each activation's derivative, written from the layer's output.
SLOPES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": sigmoid_slope,
    "relu": relu_slope,
    "linear": linear_slope,
}


def mae(err: np.ndarray) -> float:
    return np.mean(np.abs(err))


def mse(err: np.ndarray) -> float:
    return np.mean(np.square(err))


METRIC_FUNCS = {"mae": mae, "mse": mse}


class Network:
    """Weight matrices plus one activation per layer; ``forward`` keeps every layer."""

    def __init__(self, weights: Sequence[np.ndarray], activations: Sequence[str], names: Sequence[str]):
        if not (len(weights) == len(activations) == len(names)):
            raise ValueError("one activation and one name per weight matrix")
        self.weights = [np.array(w, dtype=np.float64) for w in weights]
        self.activations = list(activations)
        self.names = list(names)
        self._funcs = [ACTIVATIONS[a] for a in activations]
        self.slopes = [SLOPES[a] for a in activations]

    @property
    def sizes(self) -> list[int]:
        return [self.weights[0].shape[0]] + [w.shape[1] for w in self.weights]

    def diagram(self) -> str:
        """'3 -> 4 sigmoid -> 1 sigmoid': sizes and activations, input side first."""
        layers = [f"{s} {a}" for s, a in zip(self.sizes[1:], self.activations)]
        return " -> ".join([str(self.sizes[0]), *layers])

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        layers = [x]
        for w, f in zip(self.weights, self._funcs):
            layers.append(f(np.dot(layers[-1], w)))
        return layers

    def copy(self) -> Network:
        return Network([w.copy() for w in self.weights], self.activations, self.names)

    def __repr__(self) -> str:
        arch = "->".join(str(s) for s in self.sizes)
        return f"Network({arch}, {'/'.join(self.activations)})"
