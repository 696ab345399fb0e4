"""The app's alpha sweep: ``tui_nn.sweep.Sweep`` advanced in small chunks (numpy only).

The CLI's ``run_sweep`` advances in big steps; the app wants to redraw the
curves as the runs go, so this walks the same checkpoints in chunks of at most
``chunk`` iterations and yields after each. The table it fills is the CLI's
(``report.sweep_text`` prints both): the error of each run at each checkpoint.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from tui_nn.presets import Config
from tui_nn.sweep import Sweep, checkpoints


def live_sweep(
    config: Config, alphas: Sequence[float], every: int, chunk: int = 2000
) -> Iterator[tuple[Sweep, list[int], np.ndarray]]:
    """Yield (sweep, checkpoints reached so far, their table) after every chunk, to the target."""
    sweep = Sweep(config, alphas)
    marks = checkpoints(config.iterations, every)
    table = np.full((len(sweep.alphas), len(marks)), np.nan)
    for c, mark in enumerate(marks):
        stop = marks[c + 1] if c + 1 < len(marks) else config.iterations
        for start in range(mark, stop, chunk):
            errors = sweep.advance(min(chunk, stop - start))
            if start == mark:
                table[:, c] = errors[:, 0]
            yield sweep, marks[: c + 1], table[:, : c + 1]
