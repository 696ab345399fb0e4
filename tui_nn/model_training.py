"""A general ``Model`` on a ``Dataset`` behind the interface the Trainer uses from ``engine.Training``.

The app's trainer, worker and panels were built on the presets' ``Training``
(weights, ``train(n)`` -> errors, iteration, outputs_now, error, history,
direction changes, divergence, alpha that changes live). ``ModelTraining``
offers the same for a custom run, plus the test error beside the training one,
so custom runs reuse all of that unchanged. ``build_any`` picks the right one
for a config. Numpy only.

Error j is measured with the weights after j iterations, before iteration j
(SPEC section 1), on the training rows and, if any, the test rows. A weight
that becomes NaN or infinite stops the run at that iteration (``diverged_at``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.datasets import Dataset
from tui_nn.engine import Training
from tui_nn.history import History
from tui_nn.model import Model
from tui_nn.network import METRIC_FUNCS
from tui_nn.options import CustomConfig, ready, spec_of
from tui_nn.presets import Config, build


class ModelTraining:
    """One custom network learning one dataset, read like an ``engine.Training``."""

    trainable = True
    rule = "custom"

    def __init__(self, config: CustomConfig, data: Dataset | None = None):
        if data is None:
            config, data = ready(config)
        self.config, self.data = config, data
        self.spec = spec_of(config, data.x.shape[1])
        self.model = Model(self.spec, data.x, data.y)
        self.x, self.y = self.model.x, self.model.y
        self.x_test = np.asarray(data.x_test, dtype=np.float64)
        self.y_test = np.asarray(data.y_test, dtype=np.float64).reshape(len(self.x_test), 1)
        self.metric = config.error
        self._metric = METRIC_FUNCS[config.error]
        self.history, self.test_history = History(), History()
        self.diverged_at: int | None = None
        self.last_error: float | None = None
        self.direction_changes = [np.zeros(p.shape, dtype=np.int64) for p in self.weights]
        self._prev_positive: list[np.ndarray] | None = None
        layers = len(self.model.weights)
        self.names = [f"W{k + 1}" for k in range(layers)] + (
            [f"b{k + 1}" for k in range(layers)] if self.spec.bias else []
        )

    def __repr__(self) -> str:
        return f"ModelTraining({self.spec.diagram()}, iteration={self.iteration})"

    @property
    def weights(self) -> list[np.ndarray]:
        """Weight matrices, then bias rows when the net has biases (what the weights panel shows)."""
        return self.model.params

    @property
    def iteration(self) -> int:
        return self.model.iteration

    @property
    def alpha(self) -> float:
        return self.model.alpha

    @alpha.setter
    def alpha(self, value: float) -> None:
        self.model.alpha = float(value)

    def diagram(self) -> str:
        return self.spec.diagram()

    def outputs_now(self) -> np.ndarray:
        return self.model.predict(self.x)

    def predict(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        arr = np.asarray(x, dtype=np.float64)
        out = self.model.predict(arr)
        return out[0] if arr.ndim == 1 else out

    def error(self, outputs: np.ndarray | None = None) -> float:
        outputs = self.outputs_now() if outputs is None else outputs
        with np.errstate(all="ignore"):
            return float(self._metric(self.y - outputs))

    def test_error(self) -> float | None:
        if not len(self.x_test):
            return None
        with np.errstate(all="ignore"):
            return float(self._metric(self.y_test - self.model.predict(self.x_test)))

    def train(self, n: int) -> np.ndarray:
        """Up to n iterations (fewer at divergence); returns their training errors."""
        if n < 0:
            raise ValueError("n must be >= 0")
        errors, tests = np.empty(n), np.empty(n)
        if self.diverged_at is not None:
            return errors[:0]
        start, done = self.iteration, 0
        with np.errstate(all="ignore"):
            for i in range(n):
                tests[i] = self.test_error() if len(self.x_test) else np.nan
                before = [p.copy() for p in self.weights]
                self.model.step()
                errors[i] = self.error(self.model.outputs)  # the step's own forward pass, before its update
                done = i + 1
                self._count_directions([p - b for p, b in zip(self.weights, before)])
                if not all(np.isfinite(p).all() for p in self.weights):
                    self.diverged_at = self.iteration - 1
                    break
        errors = errors[:done]
        if done:
            self.last_error = float(errors[-1])
            self.history.extend(start, errors)
            if len(self.x_test):
                self.test_history.extend(start, tests[:done])
        return errors

    # -- saving ------------------------------------------------------------
    def state(self) -> dict:
        """Everything a continued run needs (weights, optimiser velocity, the random stream of
        shuffles and dropout, histories), as copies: the session file stores it."""
        m = self.model
        _, keys, pos, has_gauss, cached = m.rs.get_state()
        return {
            "iteration": m.iteration,
            "alpha": m.alpha,
            "diverged_at": self.diverged_at,
            "last_error": self.last_error,
            "weights": [p.copy() for p in m.weights],
            "biases": [b.copy() for b in m.biases],
            "velocity": [v.copy() for v in m.velocity],
            "rng": {
                "keys": keys.tolist(),
                "pos": int(pos),
                "has_gauss": int(has_gauss),
                "cached": float(cached),
            },
            "direction_changes": [c.copy() for c in self.direction_changes],
            "prev_positive": None if self._prev_positive is None else [q.copy() for q in self._prev_positive],
            "outputs": None if m.outputs is None else m.outputs.copy(),
            "history": self.history.state(),
            "test_history": self.test_history.state(),
        }

    def load_state(self, state: dict) -> None:
        """Continue from ``state()``: the next iterations equal those of the uninterrupted run."""
        m = self.model
        for group, key in ((m.weights, "weights"), (m.biases, "biases"), (m.velocity, "velocity")):
            for p, saved in zip(group, state[key], strict=True):
                p[...] = saved
        for c, saved in zip(self.direction_changes, state["direction_changes"], strict=True):
            c[...] = saved
        rng = state["rng"]
        keys = np.array(rng["keys"], dtype=np.uint32)
        m.rs.set_state(("MT19937", keys, int(rng["pos"]), int(rng["has_gauss"]), float(rng["cached"])))
        m.iteration = int(state["iteration"])
        m.alpha = float(state["alpha"])
        self.diverged_at, self.last_error = state["diverged_at"], state["last_error"]
        prev, outputs = state["prev_positive"], state["outputs"]
        self._prev_positive = None if prev is None else [np.array(q, dtype=bool) for q in prev]
        m.outputs = None if outputs is None else np.array(outputs, dtype=np.float64)
        self.history = History.from_state(state["history"])
        self.test_history = History.from_state(state["test_history"])

    def _count_directions(self, updates: list[np.ndarray]) -> None:
        positive = [u > 0 for u in updates]
        if self._prev_positive is not None:
            for count, now, before in zip(self.direction_changes, positive, self._prev_positive):
                count += now != before
        self._prev_positive = positive


def build_any(config: Config | CustomConfig) -> Training | ModelTraining:
    """A fresh run at iteration 0: the preset's exact engine, or a general model for a custom config."""
    return ModelTraining(config) if isinstance(config, CustomConfig) else build(config)


def model_from(config: CustomConfig, params: Sequence[np.ndarray]) -> Model:
    """A Model of ``config`` holding copies of ``params`` (a snapshot's weights, then biases)."""
    inputs = params[0].shape[0]
    spec = spec_of(config, inputs)
    model = Model(spec, np.zeros((1, inputs)), np.zeros((1, 1)))
    for p, saved in zip(model.params, params, strict=True):
        p[...] = saved
    return model
