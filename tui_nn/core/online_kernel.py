"""The fast path for online (one row at a time) sigmoid nets, as ``full_batch_kernel.py`` does full batch.

An epoch is a full forward pass (its error is the epoch's) and then one update per
row, in order. The same exact-negation tricks as ``full_batch_kernel.py`` apply (weights and
slopes kept negated, so every delta and update is the exact negative of the
tutorial's), every buffer is preallocated, and each epoch's updates are summed
into one row of the chunk's update buffer for the direction counts (the update
of an epoch is the sum of its rows' updates, as in ``Network.iterate``).
Bitwise identical to the literal loop; the oracle tests check it. Numpy only.
"""

from __future__ import annotations

import numpy as np

from tui_nn.core.full_batch_kernel import FullBatchKernel, _views


class OnlineKernel(FullBatchKernel):
    """Runs the online rule: for each row, W += alpha * (row layer).T . delta."""

    def __init__(self, training, chunk: int):
        super().__init__(training, chunk)  # full-pass buffers, update rows, direction counts
        x, y = training.x, training.y
        sizes = training.spec.sizes[1:]
        shapes = [(1, s) for s in sizes]
        self.row_act_flat = np.empty(sum(sizes))
        self.row_slope_flat = np.empty_like(self.row_act_flat)
        row_acts = _views(self.row_act_flat, shapes)
        row_slopes = _views(self.row_slope_flat, shapes)
        row_deltas = [np.empty(s) for s in shapes]
        row_backs = [np.empty(s) for s in shapes]
        self.row_update_flat = np.empty(self.update_flat.shape[1])
        row_updates = _views(self.row_update_flat, self.shapes)
        layers = range(len(self.shapes))
        # Per row: (input row, target row, forward steps, backward steps), bound once.
        self.rows = []
        for r in range(x.shape[0]):
            acts = [x[r : r + 1]] + row_acts
            forward = [(acts[k], self.neg[k], acts[k + 1]) for k in layers]
            hidden = [None] + [
                (self.neg[k].T, row_backs[k - 1], row_slopes[k - 1], row_deltas[k - 1]) for k in layers[1:]
            ]
            backward = [(acts[k].T, row_deltas[k], row_updates[k], hidden[k]) for k in reversed(layers)]
            self.rows.append((y[r : r + 1], forward, backward))
        self.row_out, self.row_out_slope, self.row_out_delta = row_acts[-1], row_slopes[-1], row_deltas[-1]
        self.row_err = np.empty((1, y.shape[1]))

    def run(self, errors: np.ndarray) -> None:
        """len(errors) epochs; the error of epoch i (before its updates) written to errors[i]."""
        n = len(errors)
        t = self.training
        self.alpha[...] = t.alpha
        scale = t.alpha != 1.0
        dot, exp, add, sub, mul, div = np.dot, np.exp, np.add, np.subtract, np.multiply, np.divide
        one, alpha, scaled, neg_flat = self.one, self.alpha, self.scaled, self.neg_flat
        y, out, forward, error_rows, update_rows = (
            self.y,
            self.out,
            self.forward,
            self.error_rows,
            self.update_rows,
        )
        row_act_flat, row_slope_flat, row_update_flat = (
            self.row_act_flat,
            self.row_slope_flat,
            self.row_update_flat,
        )
        row_out, row_out_slope, row_out_delta, row_err = (
            self.row_out,
            self.row_out_slope,
            self.row_out_delta,
            self.row_err,
        )
        for w, nw in zip(self.weights, self.neg):
            np.negative(w, nw)
        for i in range(n):
            for a_in, nk, a in forward:  # the epoch's error: a full pass with the weights so far
                dot(a_in, nk, a)
                exp(a, a)
                add(one, a, a)
                div(one, a, a)
            sub(y, out, error_rows[i])
            total = update_rows[i]
            total.fill(0.0)
            for target, row_forward, row_backward in self.rows:
                for a_in, nk, a in row_forward:
                    dot(a_in, nk, a)
                    exp(a, a)
                    add(one, a, a)
                    div(one, a, a)
                sub(target, row_out, row_err)
                sub(row_act_flat, one, row_slope_flat)  # -(a * (1 - a)) for every layer
                mul(row_act_flat, row_slope_flat, row_slope_flat)
                mul(row_err, row_out_slope, row_out_delta)
                for a_t, d, u, hidden in row_backward:
                    dot(a_t, d, u)
                    if hidden:
                        n_t, b, s, d_below = hidden
                        dot(d, n_t, b)
                        mul(b, s, d_below)
                # W += alpha * u is N -= alpha * u, i.e. N += alpha * (-u)
                add(neg_flat, mul(alpha, row_update_flat, scaled) if scale else row_update_flat, neg_flat)
                add(total, row_update_flat, total)
        self._finish(n, errors, out)
