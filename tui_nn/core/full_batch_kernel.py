"""The fast path for full-batch sigmoid nets: the tutorial loop without its temporaries.

The engine picks it for tutorial-shaped specs (``NetSpec.tutorial_shaped``).

The literal loop spends its time in ~24 numpy calls of 0.2-1.2 us each, mostly
dispatch and allocation, not arithmetic. This loop makes 17 calls per iteration
for a one-hidden-layer net, each into a preallocated buffer:
- constants are 0-d arrays and outs are positional (faster ufunc dispatch);
- the weights are kept negated (N = -W) while a chunk runs, so the forward pass
  ``1 / (1 + exp(a . N))`` needs no ``np.negative``;
- every slope is taken negated, ``a * (a - 1)``, which with N makes every delta and
  every update the exact negative of the tutorial's (``delta . N.T`` equals
  ``delta . W.T`` exactly), so one sign rule serves all layers;
- all activations sit in one flat buffer, so the slopes of all layers are two
  calls; all matrices sit in one flat buffer and each iteration's updates in one
  row, so scaling and applying the updates is one call each for all layers;
- errors and direction changes are reduced once per chunk, not per iteration;
- ``alpha * u`` is skipped when alpha is exactly 1 (1.0 * x is x for every float).
Negation is exact in IEEE arithmetic, so every result is bitwise identical to the
literal loop; the oracle tests check it. Numpy only.
"""

from __future__ import annotations

import numpy as np


def _views(flat: np.ndarray, shapes: list[tuple[int, int]]) -> list[np.ndarray]:
    """Consecutive C-contiguous matrices of the given shapes inside a flat buffer."""
    out, start = [], 0
    for shape in shapes:
        size = shape[0] * shape[1]
        out.append(flat[start : start + size].reshape(shape))
        start += size
    return out


class FullBatchKernel:
    """Gradient descent on a sigmoid net's summed squared error, written as the tutorial's
    ``W += alpha * a.T . ((y - o) * slope)`` (exactly ``W -= alpha * gradient``).

    Works on the Learner's weights and direction counts in place: ``learner`` gives
    ``x``, ``y``, ``metric``, ``weights``, ``spec.sizes``, ``alpha`` and ``direction_sign``.
    """

    def __init__(self, training, chunk: int):
        x, y = training.x, training.y
        rows = x.shape[0]
        self.training = training
        self.mse = training.metric == "mse"
        # +1 counts the sign of each step (-gradient), -1 the sign of the gradient itself
        self.count_positive = np.less if training.direction_sign > 0 else np.greater
        self.weights = training.weights
        self.shapes = shapes = [w.shape for w in self.weights]
        layers = range(len(shapes))
        total = sum(w.size for w in self.weights)
        act_shapes = [(rows, s) for s in training.spec.sizes[1:]]
        units = rows * sum(training.spec.sizes[1:])
        self.one = np.ones(())
        self.alpha = np.array(training.alpha)
        self.y = y
        self.neg_flat = np.empty(total)
        neg = _views(self.neg_flat, shapes)
        self.neg = neg
        self.act_flat, self.slope_flat = np.empty(units), np.empty(units)
        acts = [x] + _views(self.act_flat, act_shapes)
        slopes = _views(self.slope_flat, act_shapes)
        deltas = [np.empty(s) for s in act_shapes]
        backs = [np.empty(s) for s in act_shapes]
        self.out, self.out_slope, self.out_delta = acts[-1], slopes[-1], deltas[-1]
        self.scaled = np.empty(total)
        self.update_flat = np.empty((chunk, total))
        self.update_rows = list(self.update_flat)
        # The buffers of one iteration, bound once per layer (tuples unpack faster than
        # lists index in the loop). Forward: (input, N, output). Backward, top layer
        # first: (a.T, delta, this row's update view, hidden-layer buffers or None).
        self.forward = [(acts[k], neg[k], acts[k + 1]) for k in layers]
        hidden = [None] + [(neg[k].T, backs[k - 1], slopes[k - 1], deltas[k - 1]) for k in layers[1:]]
        self.backward_rows = [
            [(acts[k].T, deltas[k], views[k], hidden[k]) for k in reversed(layers)]
            for views in (_views(row, shapes) for row in self.update_flat)
        ]
        # Each iteration's error e (y - o or o - y) lands in a row; |e| or e^2 and
        # the mean are taken once per chunk.
        self.per_row = np.empty((chunk, y.size))
        self.error_rows = list(self.per_row.reshape(chunk, *y.shape))

    def run(self, errors: np.ndarray) -> None:
        """len(errors) iterations; error i written to errors[i]."""
        n = len(errors)
        t = self.training
        self.alpha[...] = t.alpha
        scale = t.alpha != 1.0
        dot, exp, add, sub, mul, div = np.dot, np.exp, np.add, np.subtract, np.multiply, np.divide
        # Updates come out as -u (the gradient): W += alpha*u is N -= alpha*u, i.e. N += alpha*(-u).
        step = add
        one, alpha, scaled, neg_flat = self.one, self.alpha, self.scaled, self.neg_flat
        act_flat, slope_flat = self.act_flat, self.slope_flat
        y, out, out_slope, out_delta = self.y, self.out, self.out_slope, self.out_delta
        forward, backward_rows = self.forward, self.backward_rows
        error_rows, update_rows = self.error_rows, self.update_rows
        minuend, subtrahend = y, out
        for w, nw in zip(self.weights, self.neg):
            np.negative(w, nw)
        if len(forward) == 2:  # one hidden layer (the tutorials' nets): the same steps, unrolled
            (x, n0, l1), (_, n1, _) = forward
            (l1_t, d2, _, hidden), (x_t, _, _, _) = backward_rows[0]
            assert hidden is not None
            n1_t, back, s1, d1 = hidden
            for i in range(n):
                dot(x, n0, l1)
                exp(l1, l1)
                add(one, l1, l1)
                div(one, l1, l1)
                dot(l1, n1, out)
                exp(out, out)
                add(one, out, out)
                div(one, out, out)
                err = error_rows[i]
                sub(minuend, subtrahend, err)
                sub(act_flat, one, slope_flat)
                mul(act_flat, slope_flat, slope_flat)
                mul(err, out_slope, d2)
                (_, _, u1, _), (_, _, u0, _) = backward_rows[i]
                dot(l1_t, d2, u1)
                dot(d2, n1_t, back)
                mul(back, s1, d1)
                dot(x_t, d1, u0)
                u = update_rows[i]
                if scale:
                    u = mul(alpha, u, scaled)
                step(neg_flat, u, neg_flat)
        else:
            for i in range(n):
                for a_in, nk, a in forward:  # a = 1 / (1 + exp(-(a_in . W)))
                    dot(a_in, nk, a)
                    exp(a, a)
                    add(one, a, a)
                    div(one, a, a)
                err = error_rows[i]
                sub(minuend, subtrahend, err)
                sub(act_flat, one, slope_flat)  # every layer's -(a * (1 - a))
                mul(act_flat, slope_flat, slope_flat)
                mul(err, out_slope, out_delta)  # -delta = e * -(o * (1 - o))
                for a_t, d, u, hidden in backward_rows[i]:
                    dot(a_t, d, u)  # -update = a.T . -delta
                    if hidden:  # -delta_k-1 = (-delta_k . N_k.T) * -(a_k * (1 - a_k))
                        n_t, b, s, d_below = hidden
                        dot(d, n_t, b)
                        mul(b, s, d_below)
                u = update_rows[i]
                if scale:
                    u = mul(alpha, u, scaled)
                step(neg_flat, u, neg_flat)
        self._finish(n, errors, out)

    def _finish(self, n: int, errors: np.ndarray, out: np.ndarray) -> None:
        """After a chunk of ``n`` iterations: the weights back from their negatives, each
        iteration's error (the mean of its rows' measure), the sign flips, the last outputs."""
        for w, nw in zip(self.weights, self.neg):
            np.negative(nw, w)
        measured = self.per_row[:n]
        (np.square if self.mse else np.abs)(measured, measured)
        np.mean(measured, axis=1, out=errors)
        self._count_directions(n)
        self.training._outputs = out

    def _count_directions(self, n: int) -> None:
        """Add the chunk's sign flips to the counts (none before the first update)."""
        t = self.training
        signs = np.empty((n + 1, self.update_flat.shape[1]), dtype=bool)
        self.count_positive(self.update_flat[:n], 0, out=signs[1:])  # a step > 0 is a gradient < 0
        first = 1
        if t._prev_positive is not None:
            signs[0] = np.concatenate([p.ravel() for p in t._prev_positive])
            first = 0
        flips = (signs[first + 1 :] != signs[first:-1]).sum(axis=0)
        for count, more in zip(t.direction_changes, _views(flips, self.shapes)):
            count += more
        t._prev_positive = [p.copy() for p in _views(signs[-1], self.shapes)]
        t.last_updates = [-u for u in _views(self.update_flat[n - 1], self.shapes)]  # the last step
