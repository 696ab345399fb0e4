"""Many runs of one full-batch sigmoid net at once: the sweeps' fast path.

The runs share the data and the layer sizes and may differ in alpha and in
their initial weights (one seed each, in a grid sweep), so their weights stack
into (R, in, out) arrays and one ``np.matmul`` per product advances all of them:
the Python and dispatch cost of an iteration is paid once for R runs. Stacks of
other layer sizes on the same data (a grid's hidden sizes) can share the loop
(``grouped``): a matmul per stack, but one call per elementwise step for all.
matmul runs the same BLAS call on each slice as ``np.dot`` on a single run.
Where this machine's BLAS gives the same bits that way (``stack_layout``), the
groups' first layers sit side by side, so the first layer's forward product and
its update are one call each for all those runs. The loop uses the exact-negation
tricks of ``full_batch_kernel.py`` (weights kept negated, slopes taken negated),
so every run is bitwise identical to training it alone (tests check this). A run
whose weights become NaN or inf is marked diverged at the exact iteration; the
runs are independent, so it cannot disturb the others. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.core.stack_layout import blocks, first_layer, first_width, side_by_side

_CHUNK = 256


class BatchedRuns:
    """R runs of a sigmoid net with alphas ``alphas`` and initial ``weights``: per layer one
    (in, out) array that every run starts from, or an (R, in, out) stack of each run's own.

    ``grouped`` takes several such stacks of different layer sizes (a grid's hidden sizes)
    on the same data: each product is then one matmul per group (the first layer's, one for
    all the groups that sit side by side), and every elementwise step one call for all
    groups together. The stack may keep the groups in another order; errors, weights and
    divergence come back in the callers' numbering.
    """

    def __init__(self, x, y, weights: Sequence[np.ndarray], alphas: Sequence[float], *, metric: str):
        self._setup(x, y, [(weights, alphas)], metric)

    @classmethod
    def grouped(
        cls, x, y, groups: Sequence[tuple[Sequence[np.ndarray], Sequence[float]]], *, metric: str
    ) -> BatchedRuns:
        """Groups of runs, each (weights per layer, alphas) as for one; runs numbered group by group."""
        runs = cls.__new__(cls)
        runs._setup(x, y, groups, metric)
        return runs

    def _setup(
        self, x, y, groups: Sequence[tuple[Sequence[np.ndarray], Sequence[float]]], metric: str
    ) -> None:
        self.x, self.y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        self.mse = metric == "mse"
        shapes = [[(np.shape(w)[-2], np.shape(w)[-1]) for w in weights] for weights, _ in groups]
        if len({len(s) for s in shapes}) != 1 or len({s[-1][1] for s in shapes}) != 1:
            raise ValueError("grouped runs need the same number of layers and outputs")
        counts = [len(alphas) for _, alphas in groups]
        order = self._arrange(counts, shapes)
        wide = self._wide
        groups = [groups[g] for g in order]
        shapes, counts = [shapes[g] for g in order], [counts[g] for g in order]
        runs, rows = sum(counts), x.shape[0]
        total = sum(c * sum(r * k for r, k in s) for c, s in zip(counts, shapes))
        self.neg_flat = np.empty(total)
        self.negs, neg_layers = blocks(self.neg_flat, counts, shapes, wide)
        self.neg = self.negs[self._group_at[0]]
        self.alpha = np.empty(total)  # each weight's run's alpha
        for (weights, alphas), negs, a_blocks in zip(
            groups, self.negs, blocks(self.alpha, counts, shapes, wide)[0]
        ):
            for n, a, w in zip(negs, a_blocks, weights):
                n[...] = -np.asarray(w, dtype=np.float64)
                a[...] = np.asarray(alphas, dtype=np.float64).reshape(len(alphas), 1, 1)
        self.runs = runs
        self.one = np.ones(())
        self.iteration = 0
        self._diverged: list[int | None] = [None] * runs
        act_shapes = [[(rows, cols) for _, cols in s] for s in shapes]
        self.act_flat = np.empty(rows * sum(c * sum(k for _, k in s) for c, s in zip(counts, shapes)))
        self.slope_flat, delta_flat, back_flat = (np.empty_like(self.act_flat) for _ in range(3))
        acts, self.act_layers = blocks(self.act_flat, counts, act_shapes, wide)
        slopes, slope_layers = blocks(self.slope_flat, counts, act_shapes, wide)
        deltas, delta_layers = blocks(delta_flat, counts, act_shapes, wide)
        backs, back_layers = blocks(back_flat, counts, act_shapes, wide)
        self.update_flat = np.empty_like(self.neg_flat)
        updates, update_layers = blocks(self.update_flat, counts, shapes, wide)
        last = len(shapes[0]) - 1
        out_shape = (runs, rows, shapes[0][-1][1])
        self.out = self.act_layers[last].reshape(out_shape)
        self.out_slope = slope_layers[last].reshape(out_shape)
        self.out_delta = delta_layers[last].reshape(out_shape)
        # Products as (a, b, out) for matmul: one per group, or for all side-by-side groups.
        t, every = (0, 2, 1), range(len(counts))
        forward: list[list[tuple]] = [[] for _ in range(last + 1)]
        update: list[list[tuple]] = [[] for _ in range(last + 1)]
        back: list[list[tuple]] = [[] for _ in range(last + 1)]
        if wide:
            width, inputs = first_width(counts[:wide], shapes), self.x.shape[1]
            w0, u0 = (first_layer(layer[0], inputs, width) for layer in (neg_layers, update_layers))
            a0, d0 = (first_layer(layer[0], rows, width) for layer in (self.act_layers, delta_layers))
            forward[0].append((self.x, w0, a0))
            update[0].append((self.x.T, d0, u0))
        for g in every[wide:]:
            forward[0].append((self.x, self.negs[g][0], acts[g][0]))
            update[0].append((self.x.T, deltas[g][0], updates[g][0]))
        for k in range(1, last + 1):
            for g in every:
                forward[k].append((acts[g][k - 1], self.negs[g][k], acts[g][k]))
                update[k].append((acts[g][k - 1].transpose(t), deltas[g][k], updates[g][k]))
                back[k].append((deltas[g][k], self.negs[g][k].transpose(t), backs[g][k - 1]))
        self.forward = [(forward[k], self.act_layers[k]) for k in range(last + 1)]
        # Top layer first: (its updates, and below layer 0 its back products and what the
        # delta one layer down is made of: back x slope).
        self.backward = [
            (update[k], (back[k], (back_layers[k - 1], slope_layers[k - 1], delta_layers[k - 1])))
            if k
            else (update[k], None)
            for k in reversed(range(last + 1))
        ]
        self.per_run = np.empty((_CHUNK, runs, *self.y.shape))
        self.error_rows = list(self.per_run)

    def _arrange(self, counts: list[int], shapes: list[list[tuple[int, int]]]) -> list[int]:
        """The groups in the order the stack keeps them, those whose layer 0 sits side by side
        first (``self._wide`` of them, holding ``beside`` runs); ``_caller`` maps the stack's runs
        to the callers' numbers."""
        beside = side_by_side(self.x, counts, shapes)
        order = beside + [g for g in range(len(counts)) if g not in beside]
        starts = np.cumsum([0, *counts])
        self._wide = len(beside)
        self.beside = sum(counts[g] for g in beside)
        self._caller = np.concatenate([np.arange(starts[g], starts[g + 1]) for g in order])
        self._reordered = order != sorted(order)  # else the errors need no copy into the callers' order
        self._group_at = [order.index(g) for g in range(len(counts))]
        return order

    @property
    def diverged_at(self) -> list[int | None]:
        """Per run (in the callers' numbering), the iteration whose update made a weight NaN or
        infinite (None: it did not)."""
        out: list[int | None] = [None] * self.runs
        for i, r in enumerate(self._caller.tolist()):
            out[r] = self._diverged[i]
        return out

    @property
    def weights(self) -> list[np.ndarray]:
        """Each layer's weights for every run of the first group, (R, in, out) copies."""
        return [-n for n in self.neg]

    def group_weights(self, g: int) -> list[np.ndarray]:
        """Group g's weights per layer, (runs of g, in, out) copies."""
        return [-n for n in self.negs[self._group_at[g]]]

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
                        self._diverged[r] = self.iteration
                        finite_before[r] = False
                    self.iteration += 1
                done += size
        for run, at in enumerate(self._diverged):
            if at is not None:
                errors[run, max(0, at + 1 - (self.iteration - n)) :] = np.nan
        if not self._reordered:
            return errors
        out = np.empty_like(errors)
        out[self._caller] = errors
        return out

    def _finite_runs(self) -> np.ndarray:
        parts = []
        for negs in self.negs:
            finite = np.ones(len(negs[0]), dtype=bool)
            for n in negs:
                finite &= np.isfinite(n).all(axis=(1, 2))
            parts.append(finite)
        return np.concatenate(parts)

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
            for products, layer in forward:
                for a_in, nk, a in products:
                    matmul(a_in, nk, a)
                exp(layer, layer)
                add(one, layer, layer)
                div(one, layer, layer)
            err = error_rows[i]
            sub(minuend, subtrahend, err)
            sub(act_flat, one, slope_flat)
            mul(act_flat, slope_flat, slope_flat)
            mul(err, out_slope, out_delta)
            for products, hidden in backward:
                for a_t, d, u in products:
                    matmul(a_t, d, u)
                if hidden:
                    backs, (b, s, d_below) = hidden
                    for d, n_t, back in backs:
                        matmul(d, n_t, back)
                    mul(b, s, d_below)
            mul(alpha, update_flat, update_flat)
            step(neg_flat, update_flat, neg_flat)
        measured = self.per_run[:n].reshape(n, self.runs, -1)
        (np.square if self.mse else np.abs)(measured, measured)
        np.mean(measured, axis=2, out=errors.T)
