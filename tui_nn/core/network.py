"""A network's parameters, its forward pass and its backward pass: the plain path for every spec.

Names follow Trask's scripts where they fit: ``layers[0]`` is ``l0 = X`` and
``layers[k]`` the output of layer k, so the guess is ``layers[-1]``; weight
matrix k (``syn_k``) maps layer k to layer k+1. Each activation's derivative is
written from the layer's output, as the tutorials do (``o * (1 - o)``).

A cross-entropy loss on its own output (BCE on a sigmoid, CE on a softmax) has
the closed-form output delta ``dL/dz = o - y``: the activation's derivative
cancels against the loss's, so the backward pass starts from the miss itself.

``Network.trace`` is the one backward pass of the package: it keeps every
intermediate (dot products, outputs, errors, slopes, deltas, gradients), so the
step walk-through shows exactly the numbers that training uses. ``iterate`` is
one iteration of any spec (batches, dropout masks, then the optimiser's update
from ``core/optimisers.py``). This module imports numpy, the spec and the
optimisers only; an exported script carries their source, so a replayed run runs
this very code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tui_nn.core.optimisers import update
from tui_nn.core.spec import NetSpec


def activate(kind: str, z: np.ndarray) -> np.ndarray:
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if kind == "tanh":
        return np.tanh(z)
    if kind == "relu":
        return np.maximum(z, 0)
    if kind == "softmax":  # over the last axis, the row's max taken off first so exp cannot overflow
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return z


def slope(kind: str, a: np.ndarray) -> np.ndarray:
    """d activation / dz, written from the activation's output a.

    For softmax, whose Jacobian ``diag(o) - o o^T`` is not elementwise, this is its
    diagonal ``o (1 - o)``, the same curve as the sigmoid's: each output's own
    sensitivity to its logit. The backward pass never multiplies by it (CE's closed
    form takes the whole Jacobian in); the walk-through may show it."""
    if kind in ("sigmoid", "softmax"):
        return a * (1 - a)
    if kind == "tanh":
        return 1 - a * a
    if kind == "relu":
        return (a > 0).astype(np.float64)
    return np.ones_like(a)


def measure(metric: str, error: np.ndarray) -> float:
    """MAE (Trask's "Error:") or MSE of an error matrix."""
    return float(np.mean(np.abs(error)) if metric == "mae" else np.mean(np.square(error)))


def initial_params(spec: NetSpec, rs: np.random.RandomState) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Weights drawn from ``rs`` layer by layer, input side first (the tutorials' order); zero biases."""
    weights, biases = [], []
    for k, (n_in, n_out) in enumerate(spec.shapes):
        shape = (n_in, n_out)
        if spec.fixed is not None:
            w = np.array(spec.fixed[k], dtype=np.float64)
        elif spec.init == "tutorial":
            w = 2 * rs.random_sample(shape) - 1
        elif spec.init == "normal":
            w = rs.normal(0.0, n_out**-0.5, shape)
        elif spec.init == "randn":
            w = rs.randn(*shape)
        elif spec.init == "zeros":
            w = np.zeros(shape)
        elif spec.init == "xavier":
            w = rs.normal(0.0, math.sqrt(2.0 / (n_in + n_out)), shape)
        else:  # he
            w = rs.normal(0.0, math.sqrt(2.0 / n_in), shape)
        weights.append(w)
        biases.append(np.zeros((1, n_out)))
    return weights, biases


@dataclass
class Trace:
    """Every intermediate of one forward and backward pass, layer k of each list for layer k.

    ``zs[k]`` and ``layers[k + 1]`` belong to weight matrix k; ``backs[k]`` is the
    error sent back into layer k + 1 from above (None for the output layer, whose
    error is ``error``); ``grads`` holds d loss / d params (weights, then biases).
    ``slopes[-1]`` is the output activation's slope (for softmax, its Jacobian's
    diagonal); with a cross-entropy loss (bce, ce) ``deltas[-1]`` is ``error`` itself.
    """

    layers: list[np.ndarray]
    zs: list[np.ndarray]
    error: np.ndarray  # o - y
    slopes: list[np.ndarray]
    backs: list[np.ndarray | None]
    deltas: list[np.ndarray]
    grads: list[np.ndarray]


class Network:
    """Weight matrices (and bias rows) of a spec; the forward and backward passes over them."""

    def __init__(self, spec: NetSpec, weights: list[np.ndarray], biases: list[np.ndarray]):
        self.spec = spec
        self.weights = weights
        self.biases = biases

    @classmethod
    def initial(cls, spec: NetSpec, rs: np.random.RandomState) -> Network:
        return cls(spec, *initial_params(spec, rs))

    @property
    def params(self) -> list[np.ndarray]:
        """What training changes: the weight matrices, then the bias rows when the net has biases."""
        return self.weights + (self.biases if self.spec.bias else [])

    def copy(self) -> Network:
        return Network(self.spec, [w.copy() for w in self.weights], [b.copy() for b in self.biases])

    def forward(self, x: np.ndarray, masks: list[np.ndarray] | None = None) -> list[np.ndarray]:
        """Every layer's output, inputs first (hidden ones after dropout when masks are given)."""
        return self._forward(x, masks)[0]

    def _forward(self, x: np.ndarray, masks) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
        """(layers fed forward, activations before dropout, dot products) for every layer."""
        layers, raw, zs = [x], [x], []
        for k, (w, b, kind) in enumerate(zip(self.weights, self.biases, self.spec.activations)):
            z = np.dot(layers[-1], w)
            if self.spec.bias:
                z = z + b
            a = activate(kind, z)
            zs.append(z)
            raw.append(a)
            layers.append(a * masks[k] if masks is not None and k < len(masks) else a)
        return layers, raw, zs

    def trace(self, x: np.ndarray, y: np.ndarray, masks: list[np.ndarray] | None = None) -> Trace:
        """The forward pass, then the backward pass from the output down, keeping everything."""
        spec, last = self.spec, len(self.weights) - 1
        layers, raw, zs = self._forward(x, masks)
        out = layers[-1]
        error = out - y
        slopes: list[np.ndarray] = [out] * len(self.weights)
        backs: list[np.ndarray | None] = [None] * len(self.weights)
        deltas: list[np.ndarray] = [out] * len(self.weights)
        grads_w: list[np.ndarray] = [out] * len(self.weights)
        grads_b: list[np.ndarray] = [out] * len(self.weights)
        slopes[last] = slope(spec.activations[last], out)
        # d loss / dz at the output; cross-entropy's on a sigmoid (bce) or softmax (ce) is just o - y
        delta = error if spec.loss in ("bce", "ce") else error * slopes[last]
        for k in range(last, -1, -1):
            deltas[k] = delta
            grad = layers[k].T.dot(delta)
            if spec.l2:
                grad = grad + spec.l2 * self.weights[k]
            if spec.l1:
                grad = grad + spec.l1 * np.sign(self.weights[k])
            grads_w[k] = grad
            if spec.bias:
                grads_b[k] = delta.sum(axis=0, keepdims=True)
            if k:  # back through dropout (h = a * mask), then the activation of layer k
                back = delta.dot(self.weights[k].T)
                if masks is not None:
                    back = back * masks[k - 1]
                backs[k - 1] = back
                slopes[k - 1] = slope(spec.activations[k - 1], raw[k])
                delta = back * slopes[k - 1]
        grads = grads_w + (grads_b if spec.bias else [])
        return Trace(layers, zs, error, slopes, backs, deltas, grads)

    def loss(self, out: np.ndarray, y: np.ndarray) -> float:
        """The loss of outputs ``out`` against ``y``, with the weights' penalty."""
        spec = self.spec
        eps = 1e-12  # the logarithms' floor: a saturated output costs about 27.6, not infinity
        if spec.loss == "mse":
            data = 0.5 * np.sum((out - y) ** 2)
        elif spec.loss == "ce":
            data = -np.sum(y * np.log(np.clip(out, eps, 1)))
        else:
            data = -np.sum(y * np.log(np.clip(out, eps, 1)) + (1 - y) * np.log(np.clip(1 - out, eps, 1)))
        penalty = sum(spec.l1 * np.abs(w).sum() + 0.5 * spec.l2 * (w * w).sum() for w in self.weights)
        return float(data + penalty)

    def iterate(
        self,
        x: np.ndarray,
        y: np.ndarray,
        rs: np.random.RandomState,
        velocity: list[np.ndarray],
        rate: float,
        record: Callable[[np.ndarray, Trace], None] | None = None,
        *,
        iteration: int = 0,
    ) -> list[np.ndarray]:
        """Iteration ``iteration``: an update per batch (one epoch unless full batch). Returns the steps' sum.

        ``velocity`` is the optimiser's state (``optimisers.initial_state``), updated in place.
        Adam counts its updates from ``iteration``: with B batches an iteration, batch b of it is
        update ``iteration * B + b + 1`` (the other optimisers ignore it).
        The returned direction is what each parameter moved along: ``-gradient`` summed over
        the batches for gradient descent (unscaled, as the tutorials' update matrices are),
        the steps taken summed for every other optimiser (momentum's new velocities). Its signs
        give the direction counts.
        ``record(rows, trace)`` hears every batch's pass before its update (the walk-through).
        """
        spec, params = self.spec, self.params
        total = [np.zeros_like(p) for p in params]
        mu = spec.momentum
        chunks = batches(spec, len(x), rs)
        done = iteration * len(chunks)  # updates made before this iteration
        for b, rows in enumerate(chunks):
            bx, by = x[rows], y[rows]
            masks = dropout_masks(spec, len(rows), rs)
            if spec.optimizer == "nesterov":  # the gradient at the looked-ahead point
                for p, v in zip(params, velocity):
                    p += mu * v
                trace = self.trace(bx, by, masks)
                for p, v in zip(params, velocity):
                    p -= mu * v
            else:
                trace = self.trace(bx, by, masks)
            if record is not None:
                record(rows, trace)
            update(spec, params, velocity, trace.grads, rate, done + b + 1, total)
        return total


def batches(spec: NetSpec, n: int, rs: np.random.RandomState) -> list[np.ndarray]:
    """The row indices of each update: all rows, each row in order, or a seeded shuffle's slices."""
    if spec.batch == "full":
        return [np.arange(n)]
    if spec.batch == "online":
        return [np.array([r]) for r in range(n)]
    size = int(spec.batch)
    order = rs.permutation(n)  # one shuffle per epoch, from the run's random stream
    return [order[i : i + size] for i in range(0, n, size)]


def dropout_masks(spec: NetSpec, rows: int, rs: np.random.RandomState) -> list[np.ndarray] | None:
    """Inverted-dropout masks for the hidden layers (kept units scaled by 1 / (1 - p))."""
    p = spec.dropout
    if not p:
        return None
    return [(rs.random_sample((rows, h)) >= p) / (1 - p) for h in spec.hidden]


def scheduled_rate(spec: NetSpec, alpha: float, t: int) -> float:
    """alpha under the schedule at iteration t."""
    if spec.schedule == "step":
        return alpha * spec.decay ** (t // spec.period)
    if spec.schedule == "exp":
        return alpha * spec.decay ** (t / spec.period)
    if spec.schedule == "cyclic":  # a triangle between alpha * decay and alpha
        phase = (t % (2 * spec.period)) / spec.period
        low = alpha * spec.decay
        return low + (alpha - low) * (1 - abs(phase - 1))
    return alpha
