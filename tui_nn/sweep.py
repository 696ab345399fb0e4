"""One run per alpha, advanced together: the tutorial's alpha table.

Shared by ``python -m tui_nn sweep`` and the app's sweep mode. Every run starts
from the same seed, so the table compares learning rates on equal footing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tui_nn.engine import Training
from tui_nn.presets import Config, build

TUTORIAL_ALPHAS = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)


def checkpoints(iterations: int, every: int) -> list[int]:
    """Iterations whose error a report prints: 0, every, 2*every, ... below iterations."""
    return list(range(0, iterations, every))


class Sweep:
    """A Training per alpha; ``advance(n)`` moves all of them n iterations."""

    def __init__(self, config: Config, alphas: Sequence[float]):
        self.config = config
        self.alphas = [float(a) for a in alphas]
        self.runs: list[Training] = [build(config.with_(alpha=a)) for a in self.alphas]

    @property
    def iteration(self) -> int:
        return max(run.iteration for run in self.runs)

    def advance(self, n: int) -> list[np.ndarray]:
        """Train every run n more iterations; returns each run's new errors."""
        return [run.train(n) for run in self.runs]


def run_sweep(config: Config, alphas: Sequence[float], every: int) -> tuple[Sweep, list[int], np.ndarray]:
    """Train every alpha for config.iterations; errors[a, c] at checkpoint c (nan after divergence)."""
    sweep = Sweep(config, alphas)
    marks = checkpoints(config.iterations, every)
    table = np.full((len(sweep.alphas), len(marks)), np.nan)
    for c, mark in enumerate(marks):
        stop = marks[c + 1] if c + 1 < len(marks) else config.iterations
        for a, errors in enumerate(sweep.advance(stop - mark)):
            if len(errors):
                table[a, c] = errors[0]
    return sweep, marks, table
