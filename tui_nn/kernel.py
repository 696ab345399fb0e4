"""The fast path for full-batch sigmoid nets: the tutorial loop without its temporaries.

The literal loop spends its time in ~24 numpy calls of 0.2-1.2 us each, mostly
dispatch and allocation, not arithmetic. Here:
- every intermediate has a preallocated buffer, written through a positional out;
- constants are 0-d arrays (ufuncs dispatch faster with only array operands);
- the weights are kept negated while a chunk runs, so ``exp(X . -W)`` needs no
  ``np.negative``; negation is exact, so every value is the tutorial's or its
  exact negative, and the deltas of alternate layers come out negated too (the
  update rule's sign is flipped for them);
- updates are written straight into a per-chunk buffer, so direction changes are
  counted once per chunk, and errors are reduced once per chunk;
- ``alpha * u`` is skipped when alpha is exactly 1 (a multiplication by 1.0 is
  the identity for every float).
Every result is bitwise identical to the literal loop; the oracle tests check it.
Numpy only.
"""

from __future__ import annotations

import numpy as np


class FullBatchKernel:
    """Runs the add (W += alpha X.T d on y - o) or subtract (W -= ... on o - y) rule.

    Works on the Training's weights and direction counts in place.
    """

    def __init__(self, training, chunk: int):
        x, y = training.x, training.y
        rows = x.shape[0]
        self.training = training
        self.add = training.rule == "add"
        self.mse = training.metric == "mse"
        self.weights = training.net.weights
        layers = len(self.weights)
        sizes = training.net.sizes
        self.one = np.ones(())
        self.alpha = np.array(training.alpha)
        self.x, self.y = x, y
        self.neg = [np.empty_like(w) for w in self.weights]
        self.acts = [x] + [np.empty((rows, s)) for s in sizes[1:]]
        self.slope = [np.empty((rows, s)) for s in sizes[1:]]
        self.delta = [np.empty((rows, s)) for s in sizes[1:]]
        self.back = [np.empty((rows, s)) for s in sizes[1:]]
        self.scaled = [np.empty_like(w) for w in self.weights]
        # Layer k's delta (and update) comes out negated when (layers - 1 - k) is odd.
        self.flipped = [(layers - 1 - k) % 2 == 1 for k in range(layers)]
        # Negated weights N = -W: W += s*u is N -= s*u, and with a negated u the sign flips again.
        self.step_up = [self.add == f for f in self.flipped]  # True: N += scaled
        self.updates = [np.empty((chunk, *w.shape)) for w in self.weights]
        self.update_rows = [list(u) for u in self.updates]
        # Each iteration's error e (y - o or o - y) lands in a row; |e| or e^2 and
        # the mean are taken once per chunk.
        self.per_row = np.empty((chunk, y.size))
        self.error_rows = list(self.per_row.reshape(chunk, *y.shape))
        self.acts_t = [a.T for a in self.acts]
        self.neg_t = [w.T for w in self.neg]

    def run(self, errors: np.ndarray) -> None:
        """len(errors) iterations; error i written to errors[i]."""
        n = len(errors)
        t = self.training
        self.alpha[...] = t.alpha
        scale = t.alpha != 1.0
        dot, exp, add, sub, mul, div = np.dot, np.exp, np.add, np.subtract, np.multiply, np.divide
        one, alpha = self.one, self.alpha
        weights, neg, acts = self.weights, self.neg, self.acts
        slope, delta, back, scaled = self.slope, self.delta, self.back, self.scaled
        y, out, acts_t, neg_t = self.y, self.acts[-1], self.acts_t, self.neg_t
        top = len(weights) - 1
        order = range(top, -1, -1)
        layer_steps = list(zip(neg, self.step_up, range(top + 1)))
        error_rows, update_rows = self.error_rows, self.update_rows
        add_rule = self.add
        for w, nw in zip(weights, neg):
            np.negative(w, nw)
        for i in range(n):
            for k in range(top + 1):  # a = 1 / (1 + exp(a_prev . -W))
                a = acts[k + 1]
                dot(acts[k], neg[k], a)
                exp(a, a)
                add(one, a, a)
                div(one, a, a)
            err = error_rows[i]
            if add_rule:
                sub(y, out, err)
            else:
                sub(out, y, err)
            s = slope[top]  # delta = e * (o * (1 - o))
            sub(one, out, s)
            mul(out, s, s)
            mul(err, s, delta[top])
            for k in order:
                u = update_rows[k][i]
                dot(acts_t[k], delta[k], u)
                if k:  # delta_k-1 = (delta_k . W_k.T) * (a_k * (1 - a_k)), negated via -W
                    s, b, a = slope[k - 1], back[k - 1], acts[k]
                    dot(delta[k], neg_t[k], b)
                    sub(one, a, s)
                    mul(a, s, s)
                    mul(b, s, delta[k - 1])
            for nw, up, k in layer_steps:
                u = update_rows[k][i]
                if scale:
                    u = mul(alpha, u, scaled[k])
                if up:
                    add(nw, u, nw)
                else:
                    sub(nw, u, nw)
        for w, nw in zip(weights, neg):
            np.negative(nw, w)
        measured = self.per_row[:n]
        (np.square if self.mse else np.abs)(measured, measured)
        np.mean(measured, axis=1, out=errors)
        self._count_directions(n)
        t._outputs = out

    def _count_directions(self, n: int) -> None:
        """Add the chunk's sign flips to the counts (none before the first update)."""
        t = self.training
        prev = t._prev_positive
        positive, last = [], []
        for k, updates in enumerate(self.updates):
            true = -updates[:n] if self.flipped[k] else updates[:n]
            signs = np.empty((n + 1, *true.shape[1:]), dtype=bool)
            np.greater(true, 0, out=signs[1:])
            first = 1
            if prev is not None:
                signs[0] = prev[k]
                first = 0
            t.direction_changes[k] += (signs[first + 1 :] != signs[first:-1]).sum(axis=0)
            positive.append(signs[-1].copy())
            last.append(true[-1].copy())
        t._prev_positive = positive
        t.last_updates = last
