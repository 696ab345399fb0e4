"""Many runs of one full-batch sigmoid net at once: the alpha sweep's fast path.

The runs differ only in alpha, so their weights stack into (R, in, out) arrays
and one ``np.matmul`` per layer advances all of them: the Python and dispatch
cost of an iteration is paid once for R runs. matmul runs the same BLAS call on
each slice as ``np.dot`` on the single run, so every run is bitwise identical to
training it alone (tests check this). A run whose weights become NaN or inf is
marked diverged at the exact iteration; the runs are independent, so it cannot
disturb the others. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_CHUNK = 256


class BatchedRuns:
    """R copies of a sigmoid net with initial weights ``weights`` and alphas ``alphas``."""

    def __init__(
        self, x, y, weights: Sequence[np.ndarray], alphas: Sequence[float], *, rule: str, metric: str
    ):
        if rule not in ("add", "subtract"):
            raise ValueError("batched runs need a full-batch rule")
        runs = len(alphas)
        rows = x.shape[0]
        self.x, self.y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        self.add = rule == "add"
        self.mse = metric == "mse"
        self.weights = [np.repeat(np.asarray(w, dtype=np.float64)[None], runs, axis=0) for w in weights]
        self.alpha = np.asarray(alphas, dtype=np.float64).reshape(runs, 1, 1)
        self.iteration = 0
        self.diverged_at: list[int | None] = [None] * runs
        sizes = [w.shape[1] for w in weights]
        self.acts = [self.x] + [np.empty((runs, rows, s)) for s in sizes]
        self.slope = [np.empty((runs, rows, s)) for s in sizes]
        self.delta = [np.empty((runs, rows, s)) for s in sizes]
        self.back = [np.empty((runs, rows, s)) for s in sizes]
        self.updates = [np.empty_like(w) for w in self.weights]
        self.acts_t = [self.x.T] + [a.transpose(0, 2, 1) for a in self.acts[1:]]
        self.one = np.ones(())
        self.err = np.empty((runs, *self.y.shape))
        self.per_run = np.empty((_CHUNK, runs, self.y.size))

    def train(self, n: int) -> np.ndarray:
        """n more iterations of every run; errors (R, n), NaN after a run diverged."""
        errors = np.empty((len(self.alpha), n))
        done = 0
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            while done < n:
                size = min(_CHUNK, n - done)
                saved = [w.copy() for w in self.weights]
                finite_before = self._finite_runs()
                self._iterate(errors[:, done : done + size])
                if not (finite_before & ~self._finite_runs()).any():
                    done += size
                    self.iteration += size
                    continue
                for w, s in zip(self.weights, saved):  # replay to find the exact iteration
                    w[...] = s
                for i in range(done, done + size):
                    self._iterate(errors[:, i : i + 1])
                    for r in np.flatnonzero(finite_before & ~self._finite_runs()):
                        self.diverged_at[r] = self.iteration
                        finite_before[r] = False
                    self.iteration += 1
                done += size
        for r, j in enumerate(self.diverged_at):
            if j is not None:
                errors[r, max(0, j + 1 - (self.iteration - n)) :] = np.nan
        return errors

    def _finite_runs(self) -> np.ndarray:
        finite = np.ones(len(self.alpha), dtype=bool)
        for w in self.weights:
            finite &= np.isfinite(w).all(axis=(1, 2))
        return finite

    def _iterate(self, errors: np.ndarray) -> None:
        """errors.shape[1] iterations, as the tutorial loop performs them, for all runs."""
        matmul, exp, add, sub, mul, div = np.matmul, np.exp, np.add, np.subtract, np.multiply, np.divide
        one, alpha, y, err = self.one, self.alpha, self.y, self.err
        weights, acts, acts_t = self.weights, self.acts, self.acts_t
        slope, delta, back, updates = self.slope, self.delta, self.back, self.updates
        top = len(weights) - 1
        out = acts[-1]
        n = errors.shape[1]
        measured = self.per_run[:n]
        for i in range(n):
            for k in range(top + 1):
                a = acts[k + 1]
                matmul(acts[k], weights[k], a)
                np.negative(a, a)
                exp(a, a)
                add(one, a, a)
                div(one, a, a)
            if self.add:
                sub(y, out, err)
            else:
                sub(out, y, err)
            measured[i] = err.reshape(err.shape[0], -1)
            s = slope[top]
            sub(one, out, s)
            mul(out, s, s)
            mul(err, s, delta[top])
            for k in range(top, -1, -1):
                matmul(acts_t[k], delta[k], updates[k])
                if k:
                    s, b, a = slope[k - 1], back[k - 1], acts[k]
                    matmul(delta[k], weights[k].transpose(0, 2, 1), b)
                    sub(one, a, s)
                    mul(a, s, s)
                    mul(b, s, delta[k - 1])
            for w, u in zip(weights, updates):
                mul(alpha, u, u)
                if self.add:
                    add(w, u, w)
                else:
                    sub(w, u, w)
        (np.square if self.mse else np.abs)(measured, measured)
        np.mean(measured, axis=2, out=errors.T)
