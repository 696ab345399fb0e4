"""Many runs of one full-batch sigmoid net at once: the alpha sweep's fast path.

The runs differ only in alpha, so their weights stack into (R, in, out) arrays
and one ``np.matmul`` per product advances all of them: the Python and dispatch
cost of an iteration is paid once for R runs. matmul runs the same BLAS call on
each slice as ``np.dot`` on a single run, and the loop uses the exact-negation
tricks of ``full_batch_kernel.py`` (weights kept negated, slopes taken negated), so every
run is bitwise identical to training it alone (tests check this). A run whose
weights become NaN or inf is marked diverged at the exact iteration; the runs
are independent, so it cannot disturb the others. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_CHUNK = 256


def _views(flat: np.ndarray, runs: int, shapes: list[tuple[int, int]]) -> list[np.ndarray]:
    """Layer-major blocks of a flat buffer: block k is a contiguous (runs, rows, cols) array.

    Contiguous blocks keep matmul on BLAS and ufuncs on their fast loops, and the
    whole buffer can still be updated elementwise in one call.
    """
    out, start = [], 0
    for rows, cols in shapes:
        size = runs * rows * cols
        out.append(flat[start : start + size].reshape(runs, rows, cols))
        start += size
    return out


class BatchedRuns:
    """R copies of a sigmoid net with initial weights ``weights`` and alphas ``alphas``."""

    def __init__(self, x, y, weights: Sequence[np.ndarray], alphas: Sequence[float], *, metric: str):
        runs, rows = len(alphas), x.shape[0]
        self.x, self.y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        self.mse = metric == "mse"
        shapes = [w.shape for w in weights]
        sizes = [w.shape[1] for w in weights]
        total = runs * sum(r * c for r, c in shapes)
        self.neg_flat = np.empty(total)
        self.neg = _views(self.neg_flat, runs, shapes)
        self.alpha = np.empty(total)  # each weight's run's alpha
        for n, a, w in zip(self.neg, _views(self.alpha, runs, shapes), weights):
            n[...] = -np.asarray(w, dtype=np.float64)
            a[...] = np.asarray(alphas, dtype=np.float64).reshape(runs, 1, 1)
        self.runs = runs
        self.iteration = 0
        self.diverged_at: list[int | None] = [None] * runs
        act_shapes = [(rows, s) for s in sizes]
        self.act_flat = np.empty(runs * rows * sum(sizes))
        self.slope_flat = np.empty_like(self.act_flat)
        acts = [self.x] + _views(self.act_flat, runs, act_shapes)
        slopes = _views(self.slope_flat, runs, act_shapes)
        deltas = [np.empty((runs, *s)) for s in act_shapes]
        backs = [np.empty((runs, *s)) for s in act_shapes]
        self.update_flat = np.empty_like(self.neg_flat)
        updates = _views(self.update_flat, runs, shapes)
        self.out, self.out_slope, self.out_delta = acts[-1], slopes[-1], deltas[-1]
        layers = range(len(shapes))
        self.forward = [(acts[k], self.neg[k], acts[k + 1]) for k in layers]
        t = (0, 2, 1)
        hidden = [None] + [
            (self.neg[k].transpose(t), backs[k - 1], slopes[k - 1], deltas[k - 1]) for k in layers[1:]
        ]
        self.backward = [
            (acts[k].T if k == 0 else acts[k].transpose(t), deltas[k], updates[k], hidden[k])
            for k in reversed(layers)
        ]
        self.one = np.ones(())
        self.per_run = np.empty((_CHUNK, runs, *self.y.shape))
        self.error_rows = list(self.per_run)

    @property
    def weights(self) -> list[np.ndarray]:
        """Each layer's weights for every run, (R, in, out) copies."""
        return [-n for n in self.neg]

    def train(self, n: int) -> np.ndarray:
        """n more iterations of every run; errors (R, n), NaN after a run diverged."""
        errors = np.empty((self.runs, n))
        done = 0
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            while done < n:
                size = min(_CHUNK, n - done)
                saved = self.neg_flat.copy()
                finite_before = self._finite_runs()
                self._iterate(errors[:, done : done + size])
                if not (finite_before & ~self._finite_runs()).any():
                    done += size
                    self.iteration += size
                    continue
                self.neg_flat[...] = saved  # replay step by step to find the exact iteration
                for i in range(done, done + size):
                    self._iterate(errors[:, i : i + 1])
                    for r in np.flatnonzero(finite_before & ~self._finite_runs()).tolist():
                        self.diverged_at[r] = self.iteration
                        finite_before[r] = False
                    self.iteration += 1
                done += size
        for run, at in enumerate(self.diverged_at):
            if at is not None:
                errors[run, max(0, at + 1 - (self.iteration - n)) :] = np.nan
        return errors

    def _finite_runs(self) -> np.ndarray:
        finite = np.ones(self.runs, dtype=bool)
        for n in self.neg:
            finite &= np.isfinite(n).all(axis=(1, 2))
        return finite

    def _iterate(self, errors: np.ndarray) -> None:
        """errors.shape[1] iterations of every run (see full_batch_kernel.py for the sign rules)."""
        matmul, exp, add, sub, mul, div = np.matmul, np.exp, np.add, np.subtract, np.multiply, np.divide
        one, alpha, y = self.one, self.alpha, self.y
        out, out_slope, out_delta = self.out, self.out_slope, self.out_delta
        act_flat, slope_flat, neg_flat, update_flat = (
            self.act_flat,
            self.slope_flat,
            self.neg_flat,
            self.update_flat,
        )
        forward, backward, error_rows = self.forward, self.backward, self.error_rows
        step = add  # the updates come out as gradients: N += alpha * g is W -= alpha * g
        minuend, subtrahend = y, out
        n = errors.shape[1]
        for i in range(n):
            for a_in, nk, a in forward:
                matmul(a_in, nk, a)
                exp(a, a)
                add(one, a, a)
                div(one, a, a)
            err = error_rows[i]
            sub(minuend, subtrahend, err)
            sub(act_flat, one, slope_flat)
            mul(act_flat, slope_flat, slope_flat)
            mul(err, out_slope, out_delta)
            for a_t, d, u, hidden in backward:
                matmul(a_t, d, u)
                if hidden:
                    n_t, b, s, d_below = hidden
                    matmul(d, n_t, b)
                    mul(b, s, d_below)
            mul(alpha, update_flat, update_flat)
            step(neg_flat, update_flat, neg_flat)
        measured = self.per_run[:n].reshape(n, self.runs, -1)
        (np.square if self.mse else np.abs)(measured, measured)
        np.mean(measured, axis=2, out=errors.T)
