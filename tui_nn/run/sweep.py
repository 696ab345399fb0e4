"""One run per alpha, advanced together: the tutorial's alpha table.

Shared by ``python -m tui_nn sweep`` and the app's sweep view (which runs it in a
child process). Every run starts from the same seed, so the table compares
learning rates on equal footing. Full-batch tutorial-shaped nets run batched (all
alphas in one stack of arrays, bitwise equal to serial runs); every other net,
online or custom, runs one Learner per alpha.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, TypeVar

import numpy as np

from tui_nn.core.batched import BatchedRuns
from tui_nn.core.history import History
from tui_nn.core.learner import Learner
from tui_nn.run.build import build, ready
from tui_nn.run.config import RunConfig

TUTORIAL_ALPHAS = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)
_STEP = 65536  # iterations between progress reports


def default_every(iterations: int) -> int:
    """The power of ten that prints at most ten lines (60000 -> 10000, as the tutorial)."""
    return max(1, 10 ** (math.ceil(math.log10(iterations)) - 1)) if iterations > 1 else 1


def checkpoints(iterations: int, every: int) -> list[int]:
    """Iterations whose error a report prints: 0, every, 2*every, ... below iterations."""
    return list(range(0, iterations, every))


class Sweep:
    """Runs of one config at several alphas; ``advance(n)`` moves all of them n iterations."""

    def __init__(self, config: RunConfig, alphas: Sequence[float]):
        config, data = ready(config)
        first = build(config, data)
        if not first.trainable:
            raise ValueError(f"{config.name} does not train")
        self.config = config
        self.alphas = [float(a) for a in alphas]
        self.iteration = 0
        self.histories = [History() for _ in self.alphas]
        self._batched: BatchedRuns | None = None
        self._runs: list[Learner] = []
        if first.fast and first.spec.batch == "full":
            self._batched = BatchedRuns(first.x, first.y, first.weights, self.alphas, metric=first.metric)
        else:
            self._runs = [build(config.with_(alpha=a), data) for a in self.alphas]

    @property
    def batched(self) -> bool:
        return self._batched is not None

    @property
    def diverged_at(self) -> list[int | None]:
        if self._batched is not None:
            return list(self._batched.diverged_at)
        return [run.diverged_at for run in self._runs]

    def advance(self, n: int) -> np.ndarray:
        """Train every run n more iterations; errors (runs, n), NaN once a run diverged."""
        if self._batched is not None:
            errors = self._batched.train(n)
        else:
            errors = np.full((len(self._runs), n), np.nan)
            for row, run in zip(errors, self._runs):
                got = run.train(n)
                row[: len(got)] = got
        for history, row in zip(self.histories, errors):
            finite = row[~np.isnan(row)]
            if len(finite) and history.end == self.iteration:
                history.extend(self.iteration, finite)
        self.iteration += n
        return errors


def live_sweep(
    config: RunConfig, alphas: Sequence[float], every: int, chunk: int = 2000
) -> Iterator[tuple[Sweep, list[int], np.ndarray]]:
    """Yield (sweep, checkpoints reached so far, their table) after every chunk, to the target.

    The app redraws its curves between chunks; ``run_sweep`` walks the same loop in big ones.
    """
    sweep = Sweep(config, alphas)
    yield from walk(sweep, checkpoints(config.iterations, every), config.iterations, chunk)


class _Advancing(Protocol):
    iteration: int
    histories: list[History]

    def advance(self, n: int) -> np.ndarray: ...


S = TypeVar("S", bound=_Advancing)


def walk(
    sweep: S, marks: list[int], iterations: int, chunk: int
) -> Iterator[tuple[S, list[int], np.ndarray]]:
    """Advance ``sweep`` to ``iterations`` in chunks (split at the checkpoints ``marks``), yielding
    (sweep, checkpoints reached, table[run, checkpoint]) after each: the alpha and grid sweeps' loop."""
    table = np.full((len(sweep.histories), len(marks)), np.nan)
    for c, mark in enumerate(marks):
        stop = marks[c + 1] if c + 1 < len(marks) else iterations
        for start in range(mark, stop, chunk):
            errors = sweep.advance(min(chunk, stop - start))
            if start == mark:
                table[:, c] = errors[:, 0]
            yield sweep, marks[: c + 1], table[:, : c + 1]


def run_sweep(
    config: RunConfig, alphas: Sequence[float], every: int, advance: Callable[[int], None] | None = None
) -> tuple[Sweep, list[int], np.ndarray]:
    """Train every alpha for config.iterations; table[a, c] = error at checkpoint c (NaN if diverged).

    ``advance(done)`` hears about progress every 65536 iterations or so.
    """
    for reached in live_sweep(config, alphas, every, _STEP):
        if advance is not None:
            advance(reached[0].iteration)
    return reached
