"""One network learning one dataset: the only training class, for presets and custom nets alike.

``train(n)`` runs n iterations and returns their errors. Error j is measured with
the weights after j updates, before update j, on the training rows (and, if any,
the held-out test rows); ``outputs`` holds the last forward pass made in the
loop, as the tutorials print it after theirs. A weight that becomes NaN or
infinite stops the run at that iteration (``diverged_at``).

A tutorial-shaped spec (sigmoid layers, no bias, gradient descent, full batch or
online) runs on a fast kernel (``FastPath``), bitwise equal to the plain path
(``Network.iterate``); everything else runs the plain path, which checks for
divergence after every iteration. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.core.fast_path import FastPath
from tui_nn.core.history import History
from tui_nn.core.network import Network, measure, scheduled_rate
from tui_nn.core.optimisers import initial_state
from tui_nn.core.spec import METRICS, NetSpec


class Learner:
    """A ``Network`` of ``spec`` on ``x``/``y``, seeded, with its optimiser state and its record.

    ``velocity`` is the optimiser's whole state (``core/optimisers.py``): momentum's
    velocity, RMSprop's or Adagrad's running squares, Adam's two moments (Adam's step
    count follows from ``iteration``, so it needs no state of its own).

    ``direction_sign`` chooses what the direction counts follow: +1 the sign of each
    step (-gradient, Trask part 1's ``l0.T . l1_delta``), -1 the sign of the gradient
    (Trask part 2's ``layer.T . delta`` on ``o - y``). They differ only at exact zeros.
    """

    def __init__(
        self,
        spec: NetSpec,
        x: np.ndarray,
        y: np.ndarray | None,
        *,
        alpha: float,
        seed: int,
        metric: str = "mse",
        x_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        direction_sign: int = 1,
        names: Sequence[str] | None = None,
    ):
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
        self.spec = spec
        self.x = np.asarray(x, dtype=np.float64)
        if self.x.ndim != 2 or self.x.shape[1] != spec.inputs:
            raise ValueError(f"the data has {self.x.shape[-1]} inputs, the network {spec.inputs}")
        if y is None and spec.trainable:
            raise ValueError("a network that trains needs targets")
        self.y = None if y is None else np.asarray(y, dtype=np.float64).reshape(len(self.x), -1)
        self.x_test = np.zeros((0, spec.inputs)) if x_test is None else np.asarray(x_test, dtype=np.float64)
        self.y_test = (
            np.zeros((0, spec.sizes[-1])) if y_test is None else np.asarray(y_test, dtype=np.float64)
        )
        self.y_test = self.y_test.reshape(len(self.x_test), spec.sizes[-1])
        self.alpha = float(alpha)
        self.seed = seed
        self.metric = metric
        self.direction_sign = direction_sign
        layers = len(spec.shapes)
        default = [f"W{k + 1}" for k in range(layers)] + (
            [f"b{k + 1}" for k in range(layers)] if spec.bias else []
        )
        self.names = tuple(names) if names is not None else tuple(default)  # one per parameter matrix
        self.rs = np.random.RandomState(seed)
        self.net = Network.initial(spec, self.rs)
        self.velocity = initial_state(spec, self.net.params)
        self.iteration = 0
        self.diverged_at: int | None = None
        self.last_error: float | None = None
        self.history, self.test_history = History(), History()
        self.direction_changes = [np.zeros(p.shape, dtype=np.int64) for p in self.net.params]
        self.last_updates: list[np.ndarray] | None = None
        self._prev_positive: list[np.ndarray] | None = None
        self._outputs: np.ndarray | None = None
        self._fast: FastPath | None = None  # made on the first fast chunk
        self.last_test_errors = np.empty(0)  # the test errors of the last train() call, if any

    def __repr__(self) -> str:
        return f"Learner({self.spec.diagram()}, alpha={self.alpha:g}, iteration={self.iteration})"

    # -- reading -----------------------------------------------------------
    @property
    def trainable(self) -> bool:
        return self.spec.trainable and self.y is not None

    @property
    def weights(self) -> list[np.ndarray]:
        return self.net.weights

    @property
    def params(self) -> list[np.ndarray]:
        """Weight matrices, then bias rows when the net has biases (what the panels show)."""
        return self.net.params

    @property
    def fast(self) -> bool:
        """True when a kernel runs this spec (full batch or online, sigmoid, plain descent)."""
        return self.spec.tutorial_shaped and not len(self.x_test)

    @property
    def outputs(self) -> np.ndarray:
        """Outputs of the last forward pass in the loop (the initial weights' before any)."""
        return self.outputs_now() if self._outputs is None else self._outputs.copy()

    def outputs_now(self) -> np.ndarray:
        return self.predict(self.x)

    def predict(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        """Forward pass with the current weights; one row gives a 1-D result."""
        arr = np.asarray(x, dtype=np.float64)
        with _quiet():
            out = self.net.forward(np.atleast_2d(arr))[-1]
        return out[0] if arr.ndim == 1 else out

    def error(self, outputs: np.ndarray | None = None) -> float | None:
        """Error of the current weights on the training rows (None without targets)."""
        if self.y is None:
            return None
        with _quiet():
            return measure(self.metric, self.y - (self.outputs_now() if outputs is None else outputs))

    def test_error(self, outputs: np.ndarray | None = None) -> float | None:
        """Error on the test rows (``outputs``: their forward pass, if already made); None without."""
        if not len(self.x_test):
            return None
        tested = self.predict(self.x_test) if outputs is None else outputs
        with _quiet():
            return measure(self.metric, self.y_test - tested)

    def count_from(self, iteration: int) -> None:
        """Number the next iteration ``iteration`` (a copy rebuilt from a run's snapshot at that point)."""
        self.iteration = iteration
        self.history.end = self.test_history.end = iteration

    # -- training ----------------------------------------------------------
    def step(self) -> float | None:
        """One iteration; returns its error (None when it cannot train)."""
        errors = self.train(1)
        return float(errors[0]) if len(errors) else None

    def train(self, n: int) -> np.ndarray:
        """Run up to n iterations; stops early at divergence. Returns their errors."""
        if n < 0:
            raise ValueError("n must be >= 0")
        errors = np.empty(n, dtype=np.float64)
        if not self.trainable or self.diverged_at is not None:
            if not self.spec.trainable and n:
                self._outputs = self.outputs_now()
            return errors[:0]
        start = self.iteration
        with _quiet():
            if self.fast and self._fast is None:
                self._fast = FastPath(self)
            done = self._fast.train(errors) if self.fast and self._fast else self._train_plain(errors)
        errors = errors[:done]
        if done:
            self.last_error = float(errors[-1])
            self.history.extend(start, errors)
        return errors

    def _train_plain(self, errors: np.ndarray) -> int:
        net, x, y = self.net, self.x, self.y
        assert y is not None
        tests = np.empty(len(errors)) if len(self.x_test) else None
        done = 0
        for i in range(len(errors)):
            if tests is not None:
                tests[i] = self.test_error()
            out = net.forward(x)[-1]
            errors[i] = measure(self.metric, y - out)
            rate = scheduled_rate(self.spec, self.alpha, self.iteration)
            self._count_directions(net.iterate(x, y, self.rs, self.velocity, rate, iteration=self.iteration))
            self._outputs = out
            self.iteration += 1
            done = i + 1
            if not self._finite():
                self.diverged_at = self.iteration - 1
                break
        if tests is not None and done:
            self.test_history.extend(self.iteration - done, tests[:done])
        self.last_test_errors = tests[:done] if tests is not None else np.empty(0)
        return done

    def _count_directions(self, steps: list[np.ndarray]) -> None:
        positive = [s > 0 if self.direction_sign > 0 else s < 0 for s in steps]
        if self._prev_positive is not None:
            for count, now, before in zip(self.direction_changes, positive, self._prev_positive):
                count += now != before
        self._prev_positive = positive
        self.last_updates = steps

    def _finite(self) -> bool:
        return all(np.isfinite(p).all() for p in self.net.params)

    # -- saving ------------------------------------------------------------
    def state(self) -> dict:
        """Everything a continued run needs, as copies: weights, biases, the optimiser's state,
        the random stream of shuffles and dropout (as plain numbers), direction counts, histories."""
        return {
            **self.checkpoint(),
            "rng": rng_document(mt_state(self.rs)),
            "history": self.history.state(),
            "test_history": self.test_history.state(),
        }

    def checkpoint(self) -> dict:
        """``state()`` without the error histories, the random stream as ``mt_state``'s tuple: what a
        timeline keeps of an iteration to replay from it (``load_state`` takes it back)."""
        return {
            "iteration": self.iteration,
            "alpha": self.alpha,
            "diverged_at": self.diverged_at,
            "last_error": self.last_error,
            "weights": [w.copy() for w in self.net.weights],
            "biases": [b.copy() for b in self.net.biases],
            "velocity": [v.copy() for v in self.velocity],
            "rng": mt_state(self.rs),
            "direction_changes": [c.copy() for c in self.direction_changes],
            "prev_positive": None if self._prev_positive is None else [p.copy() for p in self._prev_positive],
            "last_updates": None if self.last_updates is None else [u.copy() for u in self.last_updates],
            "outputs": None if self._outputs is None else self._outputs.copy(),
        }

    def twin(self) -> Learner:
        """A new Learner of the same net, data, seed and names at iteration 0 (load a state into it)."""
        return Learner(
            self.spec, self.x, self.y, alpha=self.alpha, seed=self.seed, metric=self.metric,
            x_test=self.x_test, y_test=self.y_test, direction_sign=self.direction_sign, names=self.names,
        )  # fmt: skip

    def load_state(self, state: dict) -> None:
        """Continue from ``state()`` (or a ``checkpoint()``, whose histories start empty there):
        the next iterations equal those of the uninterrupted run."""
        net = self.net
        for group, key in ((net.weights, "weights"), (net.biases, "biases"), (self.velocity, "velocity")):
            for p, saved in zip(group, state[key], strict=True):
                p[...] = saved
        for c, saved in zip(self.direction_changes, state["direction_changes"], strict=True):
            c[...] = saved
        rng = state["rng"]
        self.rs.set_state(rng if isinstance(rng, tuple) else rng_stream(rng))  # a checkpoint's, or a file's
        self.iteration = int(state["iteration"])
        self.alpha = float(state["alpha"])
        self.diverged_at, self.last_error = state["diverged_at"], state["last_error"]
        prev, updates, outputs = state["prev_positive"], state["last_updates"], state["outputs"]
        self._prev_positive = None if prev is None else [np.array(p, dtype=bool) for p in prev]
        self.last_updates = None if updates is None else [np.array(u, dtype=np.float64) for u in updates]
        self._outputs = None if outputs is None else np.array(outputs, dtype=np.float64)
        if "history" in state:
            self.history = History.from_state(state["history"])
            self.test_history = History.from_state(state["test_history"])
        else:
            self.history, self.test_history = History(), History()
            self.count_from(self.iteration)


def rng_document(stream: tuple) -> dict:
    """An ``mt_state`` tuple as plain numbers (what a session file holds)."""
    _, keys, pos, has_gauss, cached = stream
    return {"keys": keys.tolist(), "pos": int(pos), "has_gauss": int(has_gauss), "cached": float(cached)}


def rng_stream(document: dict) -> tuple[str, np.ndarray, int, int, float]:
    """``rng_document`` back as the tuple ``RandomState.set_state`` takes."""
    keys = np.array(document["keys"], dtype=np.uint32)
    return ("MT19937", keys, int(document["pos"]), int(document["has_gauss"]), float(document["cached"]))


def mt_state(rs: np.random.RandomState) -> tuple[str, np.ndarray, int, int, float]:
    """The Mersenne Twister state of ``rs`` as the legacy tuple (picklable, set_state takes it back)."""
    state = rs.get_state(legacy=True)
    assert isinstance(state, tuple)
    return state


def _quiet() -> np.errstate:
    """Overflow in exp at large alpha is expected (sigmoid saturates): keep it silent.

    errstate is context-local, so this also holds inside a worker thread.
    """
    return np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore")
