"""The fast path for full-batch sigmoid nets: the tutorial loop without its temporaries.

The literal loop spends its time in ~24 numpy calls of 0.2-1.2 us each, most of it
dispatch and allocation. Here every intermediate has a preallocated buffer, dots
write through ``out=``, constants are 0-d arrays (a ufunc with only array
operands dispatches faster than with a Python float) and errors are reduced
once per chunk. Every operation is the one the tutorial performs, in the same
order and grouping, so the results are bitwise identical (the oracle tests
check this against the literal loop). Numpy only.
"""

from __future__ import annotations

import numpy as np


class FullBatchKernel:
    """Runs ``rule`` (add: W += alpha * X.T d on y - o; subtract: W -= ... on o - y).

    It updates the Training's weights and direction counts in place.
    """

    def __init__(self, training, chunk: int):
        x, y = training.x, training.y
        rows = x.shape[0]
        self.training = training
        self.add = training.rule == "add"
        self.mse = training.metric == "mse"
        self.weights = training.net.weights
        sizes = training.net.sizes
        self.one = np.ones(())
        self.zero = np.zeros(())
        self.alpha = np.array(training.alpha)
        self.x, self.y = x, y
        self.acts = [x] + [np.empty((rows, s)) for s in sizes[1:]]
        self.z = [np.empty((rows, s)) for s in sizes[1:]]
        self.err = np.empty_like(y)
        self.slope = [np.empty((rows, s)) for s in sizes[1:]]
        self.delta = [np.empty((rows, s)) for s in sizes[1:]]
        self.back = [np.empty((rows, s)) for s in sizes[1:]]
        self.updates = [np.empty_like(w) for w in self.weights]
        self.scaled = [np.empty_like(w) for w in self.weights]
        # Signs of every update of a chunk (row 0: the previous chunk's last), so
        # direction changes are counted once per chunk instead of per iteration.
        self.signs = [np.zeros((chunk + 1, *w.shape), dtype=bool) for w in self.weights]
        self.sign_rows = [list(s[1:]) for s in self.signs]
        self.per_row = np.empty((chunk, y.size))
        self.metric_rows = list(self.per_row.reshape(chunk, *y.shape))

    def run(self, errors: np.ndarray) -> None:
        """len(errors) iterations; error i written to errors[i]."""
        t = self.training
        self.alpha[...] = t.alpha
        one, alpha, zero = self.one, self.alpha, self.zero
        weights, acts, z = self.weights, self.acts, self.z
        slope, delta, back = self.slope, self.delta, self.back
        updates, scaled = self.updates, self.scaled
        err, y, out = self.err, self.y, self.acts[-1]
        layers = len(weights)
        metric_rows, sign_rows = self.metric_rows, self.sign_rows
        measure = np.square if self.mse else np.abs
        add = self.add
        for i in range(len(errors)):
            for k in range(layers):  # a = 1 / (1 + exp(-(a_prev . W)))
                zk = z[k]
                np.dot(acts[k], weights[k], out=zk)
                np.negative(zk, out=zk)
                np.exp(zk, out=zk)
                np.add(one, zk, out=zk)
                np.divide(one, zk, out=acts[k + 1])
            if add:
                np.subtract(y, out, out=err)
            else:
                np.subtract(out, y, out=err)
            measure(err, out=metric_rows[i])
            k = layers - 1  # delta = e * (o * (1 - o))
            np.subtract(one, out, out=slope[k])
            np.multiply(out, slope[k], out=slope[k])
            np.multiply(err, slope[k], out=delta[k])
            for k in range(layers - 1, -1, -1):
                np.dot(acts[k].T, delta[k], out=updates[k])
                if k:  # delta_k-1 = (delta_k . W_k.T) * (a_k * (1 - a_k))
                    np.dot(delta[k], weights[k].T, out=back[k - 1])
                    np.subtract(one, acts[k], out=slope[k - 1])
                    np.multiply(acts[k], slope[k - 1], out=slope[k - 1])
                    np.multiply(back[k - 1], slope[k - 1], out=delta[k - 1])
            for k in range(layers):
                np.multiply(alpha, updates[k], out=scaled[k])
                if add:
                    np.add(weights[k], scaled[k], out=weights[k])
                else:
                    np.subtract(weights[k], scaled[k], out=weights[k])
                np.greater(updates[k], zero, out=sign_rows[k][i])
        n = len(errors)
        np.mean(self.per_row[:n], axis=1, out=errors)
        self._count_directions(n)
        t.last_updates = updates
        t._outputs = out

    def _count_directions(self, n: int) -> None:
        """Add the chunk's sign flips to the counts (none before the first update)."""
        t = self.training
        prev = t._prev_positive
        for k, signs in enumerate(self.signs):
            first = 1
            if prev is not None:
                signs[0] = prev[k]
                first = 0
            flips = signs[first + 1 : n + 1] != signs[first:n]
            t.direction_changes[k] += flips.sum(axis=0)
        t._prev_positive = [signs[n].copy() for signs in self.signs]
