"""The numpy engine: tiny nets trained exactly the way the tutorials train them.

Names follow Trask's scripts. ``weights[k]`` is ``synapse_k`` (input side first),
``layers[0]`` is ``l0 = X`` and ``layers[k]`` the activations of layer k, so the
output is ``layers[-1]``. Every rule computes all deltas from the weights *before*
the update and then updates, with the same float operations and the same
grouping as the original scripts (``alpha * (l1.T . delta)``, ``e * (o * (1 - o))``),
so the printed digits match bit for bit.

Rules (SPEC section 2):
- ``add``: full batch, error ``y - o``, ``W += alpha * update`` (Trask part 1, digits).
- ``subtract``: full batch, error ``o - y``, ``W -= alpha * update`` (Trask part 2).
- ``online``: one update per row, in order; an iteration is one epoch.
- ``forward``: no training at all (the ReLU example).

This module imports numpy only: the app and the headless CLI both build on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from tui_nn.history import History
from tui_nn.kernel import FullBatchKernel
from tui_nn.network import METRIC_FUNCS, Network
from tui_nn.online_kernel import OnlineKernel

RULES = ("add", "subtract", "online", "forward")
METRICS = ("mae", "mse")
# Divergence is checked once per chunk: non-finite weights stay non-finite
# (inf - inf = nan, nan + x = nan), so a bad chunk is replayed step by step
# from its saved start to find the exact iteration.
_CHUNK = 512
# The fast kernel keeps every update of a chunk (for the direction counts): cap
# that buffer, so a 20x4096 net runs a few iterations per chunk, not 512.
_CHUNK_BYTES = 4 << 20


class Training:
    """One network learning one dataset: iterations, errors, direction changes.

    ``train(n)`` runs n iterations and returns their errors (error j is measured
    with the weights after j updates, before update j). ``outputs`` holds the
    last forward pass made in the loop, as the tutorials print it after theirs.
    """

    def __init__(
        self,
        net: Network,
        x: np.ndarray,
        y: np.ndarray | None,
        *,
        rule: str,
        alpha: float,
        metric: str = "mae",
        history: History | None = None,
    ):
        if rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}")
        if rule != "forward" and y is None:
            raise ValueError("a training rule needs targets")
        self.net = net
        self.x = np.asarray(x, dtype=np.float64)
        self.y = None if y is None else np.asarray(y, dtype=np.float64)
        self.rule = rule
        self.alpha = float(alpha)
        self.metric = metric
        self._metric = METRIC_FUNCS[metric]
        self.history = history if history is not None else History()
        self.iteration = 0
        self.diverged_at: int | None = None
        self.last_error: float | None = None
        self.direction_changes = [np.zeros(w.shape, dtype=np.int64) for w in net.weights]
        self.last_updates: list[np.ndarray] | None = None
        self._prev_positive: list[np.ndarray] | None = None
        self._outputs: np.ndarray | None = None
        self._kernel: FullBatchKernel | OnlineKernel | None = None
        per_iteration = 8 * (sum(w.size for w in net.weights) + (0 if y is None else self.y.size))
        self._chunk = max(1, min(_CHUNK, _CHUNK_BYTES // per_iteration))

    # -- reading -----------------------------------------------------------
    @property
    def trainable(self) -> bool:
        return self.rule != "forward"

    @property
    def weights(self) -> list[np.ndarray]:
        return self.net.weights

    @property
    def outputs(self) -> np.ndarray:
        """Outputs of the last forward pass in the loop (the initial weights' before any)."""
        if self._outputs is None:
            with _quiet():
                return self.net.forward(self.x)[-1]
        return self._outputs.copy()

    def predict(self, x: Sequence[float] | np.ndarray) -> np.ndarray:
        """Forward pass with the current weights; one row gives a 1-D result."""
        arr = np.asarray(x, dtype=np.float64)
        with _quiet():
            out = self.net.forward(np.atleast_2d(arr))[-1]
        return out[0] if arr.ndim == 1 else out

    def error(self, outputs: np.ndarray | None = None) -> float | None:
        """Error of the current weights on the whole dataset (None without targets).

        Pass ``outputs_now()`` if you have it already, to skip a second forward pass.
        """
        if self.y is None:
            return None
        return float(self._metric(self.y - (self.outputs_now() if outputs is None else outputs)))

    def outputs_now(self) -> np.ndarray:
        with _quiet():
            return self.net.forward(self.x)[-1]

    # -- saving ------------------------------------------------------------
    def state(self) -> dict:
        """Everything a continued run needs, as copies (the session file stores it)."""
        return {
            "iteration": self.iteration,
            "alpha": self.alpha,
            "diverged_at": self.diverged_at,
            "last_error": self.last_error,
            "weights": [w.copy() for w in self.weights],
            "direction_changes": [c.copy() for c in self.direction_changes],
            "prev_positive": None if self._prev_positive is None else [p.copy() for p in self._prev_positive],
            "last_updates": None if self.last_updates is None else [u.copy() for u in self.last_updates],
            "outputs": None if self._outputs is None else self._outputs.copy(),
            "history": self.history.state(),
        }

    def load_state(self, state: dict) -> None:
        """Continue from ``state()``: the next iterations equal those of the uninterrupted run."""
        for w, saved in zip(self.weights, state["weights"], strict=True):
            w[...] = saved
        for c, saved in zip(self.direction_changes, state["direction_changes"], strict=True):
            c[...] = saved
        self.iteration = int(state["iteration"])
        self.alpha = float(state["alpha"])
        self.diverged_at = state["diverged_at"]
        self.last_error = state["last_error"]
        prev, updates, outputs = state["prev_positive"], state["last_updates"], state["outputs"]
        self._prev_positive = None if prev is None else [np.array(p, dtype=bool) for p in prev]
        self.last_updates = None if updates is None else [np.array(u, dtype=np.float64) for u in updates]
        self._outputs = None if outputs is None else np.array(outputs, dtype=np.float64)
        self.history = History.from_state(state["history"])

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
            if not self.trainable and n:
                self._outputs = self.outputs_now()
            return errors[:0]
        run = self._chunk_runner()
        done = 0
        with _quiet():
            while done < n:
                size = min(self._chunk, n - done)
                saved = self._save()
                run(errors[done : done + size])
                if self._finite():
                    self.iteration += size
                    done += size
                    continue
                self._restore(saved)
                for i in range(done, done + size):
                    run(errors[i : i + 1])
                    self.iteration += 1
                    done = i + 1
                    if not self._finite():
                        self.diverged_at = self.iteration - 1
                        break
                if self.diverged_at is not None:
                    break
        errors = errors[:done]
        if done:
            self.last_error = float(errors[-1])
            self.history.extend(self.iteration - done, errors)
        return errors

    def _chunk_runner(self) -> Callable[[np.ndarray], None]:
        """A function running len(errors) iterations: the fast kernel where it applies."""
        if all(a == "sigmoid" for a in self.net.activations):
            if self._kernel is None:
                kind = OnlineKernel if self.rule == "online" else FullBatchKernel
                self._kernel = kind(self, self._chunk)
            return self._kernel.run
        iterate = self._online if self.rule == "online" else self._full_batch

        def run(errors: np.ndarray) -> None:
            for i in range(len(errors)):
                iterate(errors, i)

        return run

    def _full_batch(self, errors: np.ndarray, i: int) -> None:
        weights = self.net.weights
        layers = self.net.forward(self.x)
        out = layers[-1]
        err = self.y - out if self.rule == "add" else out - self.y
        errors[i] = self._metric(err)
        updates = self._backward(layers, err)
        alpha = self.alpha
        if self.rule == "add":
            for w, u in zip(weights, updates):
                w += alpha * u
        else:
            for w, u in zip(weights, updates):
                w -= alpha * u
        self._count_directions(updates)
        self._outputs = out

    def _online(self, errors: np.ndarray, i: int) -> None:
        weights = self.net.weights
        out = self.net.forward(self.x)[-1]
        errors[i] = self._metric(self.y - out)
        totals = [np.zeros_like(w) for w in weights]
        alpha = self.alpha
        for r in range(self.x.shape[0]):
            layers = self.net.forward(self.x[r : r + 1])
            updates = self._backward(layers, self.y[r : r + 1] - layers[-1])
            for w, u, t in zip(weights, updates, totals):
                w += alpha * u
                t += u
        self._count_directions(totals)
        self._outputs = out

    def _backward(self, layers: list[np.ndarray], err: np.ndarray) -> list[np.ndarray]:
        """Unscaled updates ``layers[k].T . delta_k+1`` for every matrix, input side first."""
        weights, slopes = self.net.weights, self.net.slopes
        delta = err * slopes[-1](layers[-1])
        updates: list[np.ndarray] = [delta] * len(weights)
        for k in range(len(weights) - 1, -1, -1):
            updates[k] = layers[k].T.dot(delta)
            if k:
                delta = delta.dot(weights[k].T) * slopes[k - 1](layers[k])
        return updates

    def _count_directions(self, updates: list[np.ndarray]) -> None:
        positive = [u > 0 for u in updates]
        if self._prev_positive is not None:
            for count, now, before in zip(self.direction_changes, positive, self._prev_positive):
                count += now != before
        self._prev_positive = positive
        self.last_updates = updates

    def _finite(self) -> bool:
        return all(np.isfinite(w).all() for w in self.net.weights)

    def _save(self) -> tuple:
        prev = None if self._prev_positive is None else [p.copy() for p in self._prev_positive]
        return (
            [w.copy() for w in self.net.weights],
            [c.copy() for c in self.direction_changes],
            prev,
            None if self._outputs is None else self._outputs.copy(),
            None if self.last_updates is None else [u.copy() for u in self.last_updates],
        )

    def _restore(self, saved: tuple) -> None:
        weights, counts, prev, outputs, updates = saved
        for w, s in zip(self.net.weights, weights):
            w[...] = s
        for c, s in zip(self.direction_changes, counts):
            c[...] = s
        self._prev_positive, self._outputs, self.last_updates = prev, outputs, updates

    def __repr__(self) -> str:
        return f"Training({self.net!r}, rule={self.rule}, alpha={self.alpha:g}, iteration={self.iteration})"


def _quiet() -> np.errstate:
    """Overflow in exp at large alpha is expected (sigmoid saturates): keep it silent.

    errstate is context-local, so this also holds inside a worker thread.
    """
    return np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore")
