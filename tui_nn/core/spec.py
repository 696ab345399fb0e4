"""What a network is and how it learns, as one frozen value (numpy-free, picklable).

A ``NetSpec`` describes every run, tutorial preset or custom net alike: the layer
sizes (inputs first, the output last), one activation per layer, bias units,
the initialiser, the loss, the optimiser, the batching, regularisation,
dropout and the learning-rate schedule. ``fixed`` holds the weights of a net that
does not train (the ReLU forward-pass example).

Conventions: the loss is summed over rows, as the tutorials' ``X.T . delta`` is:
``0.5 * sum((o - y)^2)`` for MSE, ``-sum(y log o + (1 - y) log(1 - o))`` for
BCE (a sigmoid output, targets 0/1) and ``-sum(y log o)`` for CE, the categorical
cross-entropy of a softmax output (one output per class, one-hot targets; softmax
and CE go together). The L1/L2 penalties ``l1 sum|W| + l2/2 sum W^2`` are added to
every update's gradient whole, not per row. Gradient descent on that loss is,
operation for operation, the tutorials' update (their ``W += alpha * X.T . ((y -
o) * slope)`` is ``W -= alpha * gradient`` with every sign flipped exactly), so the
tutorial presets are specs like any other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")  # any layer's
OUTPUT_ACTIVATIONS = (*ACTIVATIONS, "softmax")  # softmax: the output layer only, 2 outputs or more
INITS = ("tutorial", "normal", "randn", "zeros", "xavier", "he")
LOSSES = ("mse", "bce", "ce")
OPTIMIZERS = ("gd", "momentum", "nesterov", "adam", "rmsprop", "adagrad")
SCHEDULES = ("constant", "step", "exp", "cyclic")
METRICS = ("mae", "mse")
MAX_UNITS = 4096


@dataclass(frozen=True)
class NetSpec:
    """A network's shape and its learning rule; ``__post_init__`` rejects what cannot run."""

    sizes: tuple[int, ...]  # inputs, hidden layers..., outputs
    activations: tuple[str, ...]  # one per layer after the inputs
    bias: bool = False
    init: str = "tutorial"
    loss: str = "mse"
    optimizer: str = "gd"
    momentum: float = 0.9
    beta1: float = 0.9  # adam's decay of the gradient's running mean
    beta2: float = 0.999  # adam's decay of the squared gradient's running mean
    rho: float = 0.9  # rmsprop's decay of the squared gradient's running mean
    eps: float = 1e-8  # adam, rmsprop and adagrad: added to the root of the squares
    batch: int | str = "full"  # "full", "online" (one update per row, in order) or a mini-batch size
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0  # probability of dropping a hidden unit while training
    schedule: str = "constant"
    decay: float = 0.5  # step: alpha * decay every `period` iterations; exp: alpha * decay ** (t / period)
    period: int = 1000
    fixed: tuple[tuple[tuple[float, ...], ...], ...] | None = None  # weights of a net that never trains

    def __post_init__(self) -> None:
        outputs = self.sizes[-1] if self.sizes and isinstance(self.sizes[-1], int) else 0
        checks = [
            (len(self.sizes) >= 2, "a network needs inputs and outputs"),
            (
                all(isinstance(s, int) and 1 <= s <= MAX_UNITS for s in self.sizes),
                "layer sizes must be 1..4096",
            ),
            (len(self.activations) == len(self.sizes) - 1, "one activation per layer"),
            ("softmax" not in self.activations[:-1], "softmax is for the output layer only"),
            (all(a in ACTIVATIONS for a in self.activations[:-1]), f"activations: {', '.join(ACTIVATIONS)}"),
            (self.output in OUTPUT_ACTIVATIONS, f"activations: {', '.join(OUTPUT_ACTIVATIONS)}"),
            (self.output != "softmax" or outputs >= 2, "a softmax output needs 2 outputs or more"),
            (self.init in INITS, f"init must be one of {', '.join(INITS)}"),
            (self.loss in LOSSES, f"loss must be one of {', '.join(LOSSES)}"),
            (self.loss != "bce" or self.output == "sigmoid", "cross-entropy needs a sigmoid output"),
            (self.loss != "ce" or self.output == "softmax", "the ce loss needs a softmax output"),
            (self.output != "softmax" or self.loss == "ce", "a softmax output needs the ce loss"),
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}"),
            (self.schedule in SCHEDULES, f"schedule must be one of {', '.join(SCHEDULES)}"),
            (
                self.batch in ("full", "online") or (isinstance(self.batch, int) and self.batch >= 1),
                "batch must be full, online or a size >= 1",
            ),
            (0.0 <= self.dropout < 1.0, "dropout must be in [0, 1)"),
            (self.l1 >= 0 and self.l2 >= 0, "regularisation rates must be >= 0"),
            (0 <= self.momentum < 1, "momentum must be in [0, 1)"),
            (
                all(0 <= b < 1 for b in (self.beta1, self.beta2, self.rho)),
                "beta1, beta2 and rho must be in [0, 1)",
            ),
            (0 < self.eps < math.inf, "eps must be a finite number > 0"),
            (self.period >= 1 and self.decay > 0 and math.isfinite(self.decay), "period >= 1 and decay > 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @property
    def output(self) -> str:
        """The output layer's activation ('' for a spec without layers, which is refused)."""
        return self.activations[-1] if self.activations else ""

    @property
    def trainable(self) -> bool:
        return self.fixed is None

    @property
    def inputs(self) -> int:
        return self.sizes[0]

    @property
    def hidden(self) -> tuple[int, ...]:
        return self.sizes[1:-1]

    @property
    def shapes(self) -> list[tuple[int, int]]:
        """The weight matrices' shapes, input side first."""
        return list(zip(self.sizes[:-1], self.sizes[1:]))

    @property
    def tutorial_shaped(self) -> bool:
        """Sigmoid layers, no bias, plain gradient descent on MSE, full batch or online:
        the nets the tutorials train, which the fast kernels run bit for bit."""
        return (
            self.trainable
            and all(a == "sigmoid" for a in self.activations)
            and not self.bias
            and self.loss == "mse"
            and self.optimizer == "gd"
            and self.batch in ("full", "online")
            and self.l1 == 0.0
            and self.l2 == 0.0
            and self.dropout == 0.0
            and self.schedule == "constant"
        )

    def diagram(self) -> str:
        """'2 -> 8 tanh -> 8 tanh -> 1 sigmoid (+bias)': sizes and activations, input side first."""
        parts = [str(self.sizes[0])] + [f"{s} {a}" for s, a in zip(self.sizes[1:], self.activations)]
        return " -> ".join(parts) + (" (+bias)" if self.bias else "")

    def __repr__(self) -> str:
        return f"NetSpec({self.diagram()}, {self.optimizer}, batch={self.batch})"
