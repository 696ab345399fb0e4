"""A Learner's iterations on a fast kernel, in chunks, with divergence found at the exact iteration.

The kernels (``full_batch_kernel.py``, ``online_kernel.py``) run a chunk of
iterations with no Python-level checks. Non-finite weights stay non-finite
(inf - inf = nan, nan + x = nan), so divergence is checked once per chunk; a
chunk that diverged is replayed step by step from a saved copy of everything it
changes, to stop at the iteration whose update made a weight NaN or infinite.
Numpy only.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from tui_nn.core.full_batch_kernel import FullBatchKernel
from tui_nn.core.online_kernel import OnlineKernel
from tui_nn.core.spec import NetSpec

CHUNK = 512
# The kernel keeps every update of a chunk (for the direction counts): cap that
# buffer, so a 20x4096 net runs a few iterations per chunk, not 512.
CHUNK_BYTES = 4 << 20


def _copies(arrays: list[np.ndarray] | None) -> list[np.ndarray] | None:
    return None if arrays is None else [a.copy() for a in arrays]


class Trained(Protocol):
    """What the fast path reads and writes of ``tui_nn.core.learner.Learner`` (which holds it)."""

    spec: NetSpec
    y: np.ndarray | None
    direction_changes: list[np.ndarray]
    last_updates: list[np.ndarray] | None
    iteration: int
    diverged_at: int | None
    _prev_positive: list[np.ndarray] | None
    _outputs: np.ndarray | None

    @property
    def weights(self) -> list[np.ndarray]: ...

    def _finite(self) -> bool: ...


class FastPath:
    """The kernel for one Learner (online or full batch) and the chunked loop around it."""

    def __init__(self, learner: Trained):
        self.learner = learner
        per_iteration = 8 * (
            sum(w.size for w in learner.weights) + (0 if learner.y is None else learner.y.size)
        )
        self.chunk = max(1, min(CHUNK, CHUNK_BYTES // per_iteration))
        kind = OnlineKernel if learner.spec.batch == "online" else FullBatchKernel
        self.kernel = kind(learner, self.chunk)

    def train(self, errors: np.ndarray) -> int:
        """len(errors) iterations, fewer at divergence (then ``diverged_at`` is set); returns how many."""
        t, run = self.learner, self.kernel.run
        n, done = len(errors), 0
        while done < n:
            size = min(self.chunk, n - done)
            saved = self._save()
            run(errors[done : done + size])
            if t._finite():
                t.iteration += size
                done += size
                continue
            self._restore(saved)
            for i in range(done, done + size):
                run(errors[i : i + 1])
                t.iteration += 1
                done = i + 1
                if not t._finite():
                    t.diverged_at = t.iteration - 1
                    return done
        return done

    def _save(self) -> tuple:
        t = self.learner
        outputs = None if t._outputs is None else t._outputs.copy()
        return (_copies(t.weights), _copies(t.direction_changes), _copies(t._prev_positive), outputs,
                _copies(t.last_updates))  # fmt: skip

    def _restore(self, saved: tuple) -> None:
        t = self.learner
        weights, counts, t._prev_positive, t._outputs, t.last_updates = saved
        for group, copies in ((t.weights, weights), (t.direction_changes, counts)):
            for array, copy in zip(group, copies):
                array[...] = copy
