"""The timeline of one run: any past iteration rebuilt exactly, from checkpoints and replay.

The engine is deterministic (same state, same alpha: the same bits), so iteration k
is the nearest checkpoint at or before k trained on to k with the alpha the run had
then. A checkpoint (``Learner.checkpoint()``) is taken after the training that
follows the last one has cost ``spacing`` seconds, so reaching any iteration replays
at most about that long, whatever one iteration costs. The checkpoints' memory is
bounded: past ``budget`` bytes every other one is dropped and the spacing doubles
(a long run keeps its whole span at a coarser grain). A replay that passes a long
stretch without checkpoints (a session just loaded) leaves some behind it.

Alpha can change in the middle of a run without a reset; the timeline keeps each
change (``alphas``: the iteration from which each alpha applied) and replays with it.
Numpy only.
"""

from __future__ import annotations

import bisect
import time

import numpy as np

from tui_nn.core.learner import Learner

BUDGET = 40 << 20  # bytes of checkpoints for one run
SPACING = 0.02  # seconds of training between two checkpoints
OVERHEAD = 120  # bytes an array object costs besides its data (a generous estimate)


def size_of(checkpoint: dict) -> int:
    """Bytes a checkpoint holds: its arrays' data plus a per-object overhead (a random stream
    shared with the checkpoint before it counts once, there)."""
    total = 400
    for key, value in checkpoint.items():
        if isinstance(value, np.ndarray):
            total += value.nbytes + OVERHEAD
        elif isinstance(value, list | tuple) and not (key == "rng" and checkpoint.get("shared_rng")):
            total += sum(v.nbytes + OVERHEAD for v in value if isinstance(v, np.ndarray)) + 64
    return total


def _share_rng(checkpoint: dict, before: dict | None) -> None:
    """Point ``checkpoint``'s random stream at ``before``'s when they are equal: a net that draws no
    random numbers while it trains (full batch or online, no dropout) has one stream for the run."""
    if before is None:
        return
    mine, theirs = checkpoint["rng"], before["rng"]
    if mine[2:] == theirs[2:] and np.array_equal(mine[1], theirs[1]):
        checkpoint["rng"], checkpoint["shared_rng"] = theirs, True


class Timeline:
    """Checkpoints of one run from iteration ``first`` on, and the alphas it trained with."""

    def __init__(self, learner: Learner, *, budget: int = BUDGET, spacing: float = SPACING) -> None:
        self.budget = budget
        self.spacing = spacing
        self.first = learner.iteration  # nothing before it can be rebuilt
        self.alphas: list[tuple[int, float]] = [(learner.iteration, learner.alpha)]
        self.iterations: list[int] = []  # sorted, one per checkpoint
        self.checkpoints: list[dict] = []
        self.nbytes = 0
        self._work = 0.0  # seconds trained since the last checkpoint
        self._rate: float | None = None  # iterations a second, measured while training
        self.add(learner)

    def __repr__(self) -> str:
        return (
            f"Timeline(from {self.first}, {len(self.checkpoints)} checkpoints, "
            f"{self.nbytes / 1e6:.1f} MB, spacing {self.spacing:g} s)"
        )

    # -- recording ---------------------------------------------------------
    def trained(self, learner: Learner, iterations: int, seconds: float) -> None:
        """The live run trained ``iterations`` in ``seconds``: checkpoint when a spacing is due."""
        if iterations <= 0:
            return
        rate = iterations / max(seconds, 1e-9)
        self._rate = rate if self._rate is None else 0.8 * self._rate + 0.2 * rate
        self._work += seconds
        if self._work >= self.spacing:
            self.add(learner)

    def alpha_changed(self, iteration: int, alpha: float) -> None:
        """From ``iteration`` on the run trains with ``alpha``."""
        while self.alphas and self.alphas[-1][0] >= iteration:
            self.alphas.pop()
        if not self.alphas or self.alphas[-1][1] != alpha:
            self.alphas.append((iteration, alpha))

    @classmethod
    def resumed(cls, learner: Learner, record: dict | None = None) -> Timeline:
        """The timeline of a run continued at ``learner``'s iteration: from there on, or from where a
        saved session's record (``first``, ``alphas``, ``checkpoints``) says it starts."""
        timeline = cls(learner)
        if record is None:
            return timeline
        timeline.first = int(record["first"])
        timeline.alphas = [(int(k), float(a)) for k, a in record["alphas"]]
        timeline.alpha_changed(learner.iteration, learner.alpha)
        if timeline.first == 0:
            timeline.add(learner.twin())  # iteration 0 is the config's, rebuilt
        for checkpoint in record["checkpoints"]:
            timeline._insert(int(checkpoint["iteration"]), checkpoint)
        return timeline

    def add(self, learner: Learner) -> None:
        """Keep ``learner``'s state at its iteration (one already kept there stays)."""
        self._work = 0.0
        if learner.iteration not in self.iterations[-1:]:
            self._insert(learner.iteration, learner.checkpoint())

    def _insert(self, k: int, checkpoint: dict) -> None:
        i = bisect.bisect_left(self.iterations, k)
        if i < len(self.iterations) and self.iterations[i] == k:
            return
        _share_rng(checkpoint, self.checkpoints[i - 1] if i else None)
        self.iterations.insert(i, k)
        self.checkpoints.insert(i, checkpoint)
        self.nbytes += size_of(checkpoint)
        while self.nbytes > self.budget and len(self.checkpoints) > 2:
            self._thin()

    def _thin(self) -> None:
        """Drop every other checkpoint (the first and the last stay); later ones come half as often."""
        keep = sorted({*range(0, len(self.iterations), 2), len(self.iterations) - 1})
        self.iterations = [self.iterations[i] for i in keep]
        self.checkpoints = [self.checkpoints[i] for i in keep]
        self.nbytes = sum(size_of(c) for c in self.checkpoints)
        self.spacing *= 2

    def cut(self, iteration: int) -> None:
        """Forget everything after ``iteration`` (the run continues from there)."""
        i = bisect.bisect_right(self.iterations, iteration)
        del self.iterations[i:], self.checkpoints[i:]
        self.alphas = [(k, a) for k, a in self.alphas if k <= iteration] or self.alphas[:1]
        self.nbytes = sum(size_of(c) for c in self.checkpoints)
        self._work = 0.0

    # -- reading -----------------------------------------------------------
    def alpha_at(self, iteration: int) -> float:
        """The alpha iteration ``iteration`` trained with."""
        starts = [k for k, _ in self.alphas]
        return self.alphas[max(bisect.bisect_right(starts, iteration) - 1, 0)][1]

    def reach(
        self, live: Learner, iteration: int, near: Learner | None = None, errors_from: int | None = None
    ) -> tuple[Learner, np.ndarray, np.ndarray]:
        """A new Learner at ``iteration`` (between ``first`` and the live run's), equal bit for bit to
        the live run when it was there; and the training (and test) errors of the iterations from
        ``errors_from`` (or wherever the replay started) to ``iteration``.

        ``near`` is a Learner reached before (the last one viewed): replay continues from it when it
        is at or before ``iteration`` and closer than any checkpoint.
        """
        iteration = min(max(iteration, self.first), live.iteration)
        start_at = iteration if errors_from is None else min(errors_from, iteration)
        i = max(bisect.bisect_right(self.iterations, start_at) - 1, 0)
        if near is not None and self.iterations[i] <= near.iteration <= iteration and errors_from is None:
            learner = near
        else:
            learner = live.twin()
            learner.load_state(self.checkpoints[i])
        errors, tests = self._replay(learner, iteration)
        keep = max(0, len(errors) - (iteration - start_at))
        return learner, errors[keep:], tests[keep:] if len(tests) else tests

    def _replay(self, learner: Learner, iteration: int) -> tuple[np.ndarray, np.ndarray]:
        """Train ``learner`` on to ``iteration`` with the alphas of the run, leaving checkpoints on a
        long way (every ``spacing`` seconds of it, as the live run would have)."""
        errors, tests = [], []
        while learner.iteration < iteration:
            k = learner.iteration
            piece = max(1, int((self._rate or 1000.0) * self.spacing))  # about a spacing's training
            starts = [s for s, _ in self.alphas if s > k]
            end = min(iteration, k + piece, starts[0] if starts else iteration)
            learner.alpha = self.alpha_at(k)
            started = time.perf_counter()
            done = learner.train(end - k)
            seconds = time.perf_counter() - started
            errors.append(done)
            tests.append(learner.last_test_errors[: len(done)] if len(learner.x_test) else np.empty(0))
            if not len(done):
                break  # diverged: the live run stopped here too
            if len(done) >= piece:
                self._rate = len(done) / max(seconds, 1e-9) if self._rate is None else self._rate
                before = self.iterations[max(bisect.bisect_right(self.iterations, learner.iteration) - 1, 0)]
                if learner.iteration - before >= piece:
                    self.add(learner)  # a stretch with no checkpoint: the next visit is quick
        learner.alpha = self.alpha_at(learner.iteration)
        join = np.concatenate
        return (join(errors) if errors else np.empty(0)), (join(tests) if tests else np.empty(0))
