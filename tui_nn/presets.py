"""The tutorial datasets and presets of SPEC section 2, and how to build them.

Each preset names its dataset, its initialisation (drawn from a local
``np.random.RandomState(seed)`` in the tutorial's order, so the numbers equal
``np.random.seed(seed)`` plus the legacy calls), its update rule and defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tui_nn.engine import Training
from tui_nn.network import Network
from tui_nn.validation import Invalid, check_alpha, check_hidden, check_iterations, check_seed

X_A = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
Y_FIRST_COLUMN = np.array([[0, 0, 1, 1]], dtype=np.float64).T
Y_XOR = np.array([[0, 1, 1, 0]], dtype=np.float64).T
X_B = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
Y_B = np.array([[0, 1, 1, 0]], dtype=np.float64).T
X_C = np.array([[0, 1], [0, 1], [1, 0], [1, 0]], dtype=np.float64)
Y_C = np.array([[0, 0, 1, 1]], dtype=np.float64).T

DIGIT_BITMAPS = {
    "zero": "0110 1001 1001 1001 0110",
    "one": "0010 0010 0010 0010 0010",
    "two": "0110 1001 0010 0100 1111",
    "three": "1111 0001 0111 0001 1111",
}


def bitmap(text: str) -> np.ndarray:
    """A 5x4 digit written as '0110 1001 ...' as 20 row-major pixels."""
    return np.array([int(c) for c in text if c in "01"], dtype=np.float64)


X_D = np.array([bitmap(b) for b in DIGIT_BITMAPS.values()])
Y_D = np.array([[0, 1, 2, 3]], dtype=np.float64).T / 3

Init = Callable[[np.random.RandomState, int], list[np.ndarray]]


def _uniform(*shapes: Callable[[int], tuple[int, int]]) -> Init:
    """``2*random(shape) - 1`` for each shape in order (Trask)."""
    return lambda rs, h: [2 * rs.random_sample(s(h)) - 1 for s in shapes]


def _online_init(rs: np.random.RandomState, h: int) -> list[np.ndarray]:
    return [rs.normal(0.0, h**-0.5, (3, h)), rs.normal(0.0, 1**-0.5, (h, 1))]


def _digits_init(rs: np.random.RandomState, h: int) -> list[np.ndarray]:
    return [rs.randn(20, h), rs.randn(h, 1)]


def _relu_init(rs: np.random.RandomState, h: int) -> list[np.ndarray]:
    # Column j holds hidden node j's weights: node 0 [2, 4], node 1 [4, -5].
    return [np.array([[2.0, 4.0], [4.0, -5.0]]), np.array([[2.0], [7.0]])]


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    x: np.ndarray
    y: np.ndarray | None
    rule: str
    metric: str
    init: Init
    names: tuple[str, ...]
    activations: tuple[str, ...]
    hidden: int | None  # default hidden size; None: no (adjustable) hidden layer
    alpha: float = 1.0
    seed: int = 1
    iterations: int = 10000
    query: tuple[float, ...] | None = None

    @property
    def has_hidden(self) -> bool:
        return self.hidden is not None

    @property
    def trainable(self) -> bool:
        return self.rule != "forward"


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            "trask-1layer",
            "Trask part 1: 3->1 sigmoid learns the first column",
            X_A,
            Y_FIRST_COLUMN,
            "add",
            "mae",
            _uniform(lambda h: (3, 1)),
            ("syn0",),
            ("sigmoid",),
            None,
        ),
        Preset(
            "trask-xor",
            "Trask part 2: 3->H->1 sigmoid learns xor, full batch",
            X_A,
            Y_XOR,
            "subtract",
            "mae",
            _uniform(lambda h: (3, h), lambda h: (h, 1)),
            ("synapse_0", "synapse_1"),
            ("sigmoid", "sigmoid"),
            4,
            iterations=60000,
        ),
        Preset(
            "neuron",
            "A single neuron: 3->1 sigmoid, rows reordered, query [1,0,0]",
            X_B,
            Y_B,
            "add",
            "mae",
            _uniform(lambda h: (3, 1)),
            ("synaptic_weights",),
            ("sigmoid",),
            None,
            query=(1.0, 0.0, 0.0),
        ),
        Preset(
            "xor-online",
            "3->H->1 sigmoid learns xor one row at a time",
            X_A,
            Y_XOR,
            "online",
            "mse",
            _online_init,
            ("W1", "W2"),
            ("sigmoid", "sigmoid"),
            4,
            alpha=0.1,
            iterations=20000,
            query=(1.0, 0.0, 0.0),
        ),
        Preset(
            "digits",
            "20->20->1 sigmoid reads four 5x4 pixel digits",
            X_D,
            Y_D,
            "add",
            "mse",
            _digits_init,
            ("W1", "W2"),
            ("sigmoid", "sigmoid"),
            20,
            iterations=100,
            query=tuple(bitmap(DIGIT_BITMAPS["two"])),
        ),
        Preset(
            "two-weights",
            "2->1 sigmoid with two weights: the error landscape",
            X_C,
            Y_C,
            "subtract",
            "mae",
            _uniform(lambda h: (2, 1)),
            ("weights",),
            ("sigmoid",),
            None,
        ),
        Preset(
            "relu-forward",
            "2->2->1 ReLU forward pass with fixed weights: 2, 3 gives 32",
            np.array([[2.0, 3.0]]),
            None,
            "forward",
            "mae",
            _relu_init,
            ("hidden", "output"),
            ("relu", "linear"),
            None,
            iterations=1,
            query=(2.0, 3.0),
        ),
    ]
}


@dataclass(frozen=True)
class Config:
    """Everything that defines a run; ``hidden`` is None for presets without one."""

    preset: str
    alpha: float
    hidden: int | None
    seed: int
    iterations: int

    def with_(self, **changes) -> Config:
        return make_config(**{**self.__dict__, **changes})


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except (KeyError, TypeError):  # TypeError: not even a string (a hand-edited session)
        raise Invalid("preset", f"unknown preset {name!r} (choose from {', '.join(PRESETS)})") from None


def make_config(
    preset: str = "trask-xor",
    alpha: object = None,
    hidden: object = None,
    seed: object = None,
    iterations: object = None,
) -> Config:
    """Validate values (numbers or the text a user typed) against a preset's defaults."""
    p = get_preset(preset)
    if hidden is not None and not p.has_hidden:
        raise Invalid("hidden", f"preset {p.name} has no hidden layer to resize")
    return Config(
        preset=p.name,
        alpha=p.alpha if alpha is None else check_alpha(alpha),
        hidden=p.hidden if hidden is None else check_hidden(hidden),
        seed=p.seed if seed is None else check_seed(seed),
        iterations=p.iterations if iterations is None else check_iterations(iterations),
    )


def build(config: Config) -> Training:
    """A fresh Training at iteration 0 with the preset's seeded initial weights."""
    p = get_preset(config.preset)
    rs = np.random.RandomState(config.seed)
    weights = p.init(rs, config.hidden or 0)
    net = Network(weights, p.activations, p.names)
    return Training(net, p.x, p.y, rule=p.rule, alpha=config.alpha, metric=p.metric)
