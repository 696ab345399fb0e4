"""Networks beyond the tutorials: any depth, activations, biases, losses, optimisers.

The tutorial presets keep their own exact engine (``engine.py``); this module is
the general trainer of issue 6: hidden layers of any sizes with an activation
each, optional bias units, initialisers, MSE or binary cross-entropy, plain
gradient descent, momentum or Nesterov, full batch / online / mini-batches with
a seeded shuffle, L1/L2 regularisation, dropout and learning-rate schedules.

Conventions: the loss is summed over rows (as the tutorials' ``X.T . delta`` is),
``0.5 * sum((o - y)^2)`` for MSE and ``-sum(y log o + (1 - y) log(1 - o))`` for
BCE; gradients are exact derivatives of it (a test checks them by finite
differences). Numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
INITS = ("tutorial", "normal", "randn", "zeros", "xavier", "he")
LOSSES = ("mse", "bce")
OPTIMIZERS = ("gd", "momentum", "nesterov")
SCHEDULES = ("constant", "step", "exp", "cyclic")


def activate(kind: str, z: np.ndarray) -> np.ndarray:
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if kind == "tanh":
        return np.tanh(z)
    if kind == "relu":
        return np.maximum(z, 0)
    return z


def slope(kind: str, a: np.ndarray) -> np.ndarray:
    """d activation / dz, written from the activation's output a."""
    if kind == "sigmoid":
        return a * (1 - a)
    if kind == "tanh":
        return 1 - a * a
    if kind == "relu":
        return (a > 0).astype(np.float64)
    return np.ones_like(a)


@dataclass(frozen=True)
class Spec:
    """Everything that defines a general network and how it learns."""

    inputs: int
    hidden: tuple[int, ...] = (4,)
    activation: str = "sigmoid"  # hidden layers: one name for all, or one per layer ("tanh,relu")
    output: str = "sigmoid"  # "sigmoid" (classification) or "linear" (regression)
    bias: bool = False
    init: str = "tutorial"
    loss: str = "mse"
    optimizer: str = "gd"
    momentum: float = 0.9
    batch: int | str = "full"  # "full", "online" or a mini-batch size
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0  # probability of dropping a hidden unit while training
    alpha: float = 1.0
    schedule: str = "constant"
    decay: float = 0.5  # step: alpha * decay every `period` iterations; exp: alpha * decay ** (t / period)
    period: int = 1000
    seed: int = 1

    def __post_init__(self) -> None:
        checks = [
            (
                all(a in HIDDEN_ACTIVATIONS for a in self.activation.split(",")),
                f"activation must be one of {', '.join(HIDDEN_ACTIVATIONS)}, or one per layer",
            ),
            (
                self.activation.count(",") in (0, len(self.hidden) - 1),
                "give one activation for all hidden layers or one per hidden layer",
            ),
            (self.output in ("sigmoid", "linear"), "output must be sigmoid or linear"),
            (self.init in INITS, f"init must be one of {', '.join(INITS)}"),
            (self.loss in LOSSES, "loss must be mse or bce"),
            (self.loss != "bce" or self.output == "sigmoid", "binary cross-entropy needs a sigmoid output"),
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}"),
            (self.schedule in SCHEDULES, f"schedule must be one of {', '.join(SCHEDULES)}"),
            (all(isinstance(h, int) and 1 <= h <= 4096 for h in self.hidden), "layer sizes must be 1..4096"),
            (
                self.batch in ("full", "online") or (isinstance(self.batch, int) and self.batch >= 1),
                "bad batch",
            ),
            (0.0 <= self.dropout < 1.0, "dropout must be in [0, 1)"),
            (self.l1 >= 0 and self.l2 >= 0, "regularisation rates must be >= 0"),
            (math.isfinite(self.alpha) and self.alpha > 0, "alpha must be a finite number > 0"),
            (0 <= self.momentum < 1, "momentum must be in [0, 1)"),
            (self.period >= 1 and self.decay > 0, "period must be >= 1 and decay > 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @property
    def sizes(self) -> list[int]:
        return [self.inputs, *self.hidden, 1]

    @property
    def kinds(self) -> list[str]:
        """The activation of every layer, hidden ones first, the output last."""
        hidden = self.activation.split(",")
        return (hidden * len(self.hidden) if len(hidden) == 1 else hidden) + [self.output]

    def diagram(self) -> str:
        """'2 -> 8 tanh -> 8 tanh -> 1 sigmoid' (+ bias)."""
        parts = [str(self.inputs)] + [f"{s} {k}" for s, k in zip(self.sizes[1:], self.kinds)]
        return " -> ".join(parts) + (" (+bias)" if self.bias else "")


def initial_weights(spec: Spec, rs: np.random.RandomState) -> tuple[list[np.ndarray], list[np.ndarray]]:
    weights, biases = [], []
    for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:]):
        shape = (n_in, n_out)
        if spec.init == "tutorial":
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


class Model:
    """A general network in training: ``step()`` is one iteration (one epoch unless full batch)."""

    def __init__(self, spec: Spec, x: np.ndarray, y: np.ndarray):
        self.spec = spec
        self.x, self.y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64).reshape(len(x), -1)
        if self.x.shape[1] != spec.inputs:
            raise ValueError(f"the data has {self.x.shape[1]} inputs, the network {spec.inputs}")
        self.rs = np.random.RandomState(spec.seed)
        self.weights, self.biases = initial_weights(spec, self.rs)
        self.velocity = [np.zeros_like(p) for p in self.params]
        self.iteration = 0
        self.outputs: np.ndarray | None = None  # set by step()
        self.alpha = spec.alpha  # the base rate; changes live, the schedule scales it

    @property
    def params(self) -> list[np.ndarray]:
        return self.weights + (self.biases if self.spec.bias else [])

    def forward(self, x: np.ndarray, masks: list[np.ndarray] | None = None) -> list[np.ndarray]:
        """Every layer's output (hidden ones after dropout when masks are given)."""
        return self._forward(x, masks)[0]

    def _forward(self, x: np.ndarray, masks) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(layers fed forward, activations before dropout) for every layer."""
        layers, raw = [x], [x]
        for k, (w, b, kind) in enumerate(zip(self.weights, self.biases, self.spec.kinds)):
            z = np.dot(layers[-1], w) + (b if self.spec.bias else 0.0)
            a = activate(kind, z)
            raw.append(a)
            layers.append(a * masks[k] if masks is not None and k < len(masks) else a)
        return layers, raw

    def predict(self, x) -> np.ndarray:
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            return self.forward(np.atleast_2d(np.asarray(x, dtype=np.float64)))[-1]

    def loss(self, x: np.ndarray, y: np.ndarray, masks=None) -> float:
        return self.loss_of(self.forward(x, masks)[-1], y)

    def loss_of(self, o: np.ndarray, y: np.ndarray) -> float:
        """The loss of outputs ``o`` against ``y``, with the weights' penalty."""
        if self.spec.loss == "mse":
            data = 0.5 * np.sum((o - y) ** 2)
        else:
            eps = 1e-12
            data = -np.sum(y * np.log(np.clip(o, eps, 1)) + (1 - y) * np.log(np.clip(1 - o, eps, 1)))
        penalty = sum(
            self.spec.l1 * np.abs(w).sum() + 0.5 * self.spec.l2 * (w * w).sum() for w in self.weights
        )
        return float(data + penalty)

    def gradients(self, x: np.ndarray, y: np.ndarray, masks=None) -> list[np.ndarray]:
        """d loss / d params (weights, then biases when on), summed over the rows of x."""
        layers, raw = self._forward(x, masks)
        out, kinds = layers[-1], self.spec.kinds
        # d loss / dz at the output; with a sigmoid output, cross-entropy's is just o - y
        delta = out - y if self.spec.loss == "bce" else (out - y) * slope(kinds[-1], out)
        grads_w: list[np.ndarray] = [delta] * len(self.weights)
        grads_b: list[np.ndarray] = [delta] * len(self.weights)
        for k in range(len(self.weights) - 1, -1, -1):
            grads_w[k] = (
                layers[k].T.dot(delta)
                + self.spec.l2 * self.weights[k]
                + self.spec.l1 * np.sign(self.weights[k])
            )
            grads_b[k] = delta.sum(axis=0, keepdims=True)
            if k:  # back through dropout (h = a * mask), then the activation
                back = delta.dot(self.weights[k].T)
                if masks is not None:
                    back = back * masks[k - 1]
                delta = back * slope(kinds[k - 1], raw[k])
        return grads_w + (grads_b if self.spec.bias else [])

    def rate(self) -> float:
        """alpha under the schedule at the current iteration."""
        s, t = self.spec, self.iteration
        if s.schedule == "step":
            return self.alpha * s.decay ** (t // s.period)
        if s.schedule == "exp":
            return self.alpha * s.decay ** (t / s.period)
        if s.schedule == "cyclic":  # triangle between alpha * decay and alpha
            phase = (t % (2 * s.period)) / s.period
            low = self.alpha * s.decay
            return low + (self.alpha - low) * (1 - abs(phase - 1))
        return self.alpha

    def _batches(self) -> list[np.ndarray]:
        n = len(self.x)
        if self.spec.batch == "full":
            return [np.arange(n)]
        if self.spec.batch == "online":
            return [np.array([r]) for r in range(n)]
        order = self.rs.permutation(n)  # seeded shuffle, one per epoch
        return [order[i : i + self.spec.batch] for i in range(0, n, self.spec.batch)]

    def _masks(self, rows: int) -> list[np.ndarray] | None:
        p = self.spec.dropout
        if not p:
            return None
        return [(self.rs.random_sample((rows, h)) >= p) / (1 - p) for h in self.spec.hidden]

    def step(self) -> float:
        """One iteration; returns the loss on the whole data before it (no dropout)."""
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            # The whole data's outputs before the update: the loss returned and the error a caller plots.
            self.outputs = self.forward(self.x)[-1]
            before = self.loss_of(self.outputs, self.y)
            rate, mu = self.rate(), self.spec.momentum
            for rows in self._batches():
                x, y = self.x[rows], self.y[rows]
                masks = self._masks(len(rows))
                if self.spec.optimizer == "nesterov":  # gradient at the looked-ahead point
                    for p, v in zip(self.params, self.velocity):
                        p += mu * v
                    grads = self.gradients(x, y, masks)
                    for p, v in zip(self.params, self.velocity):
                        p -= mu * v
                else:
                    grads = self.gradients(x, y, masks)
                for p, v, g in zip(self.params, self.velocity, grads):
                    if self.spec.optimizer == "gd":
                        p -= rate * g
                    else:
                        v *= mu
                        v -= rate * g
                        p += v
        self.iteration += 1
        return before
