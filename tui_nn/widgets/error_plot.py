"""The error curve: error vs iteration, downsampled so a redraw costs the same at any length.

plotext 5.3's log scale crashes on resize and on zeros, so "log y" plots
log10(error) on a linear axis with 1e-k tick labels.
"""

from __future__ import annotations

import math

import numpy as np
from textual_plotext import PlotextPlot

from tui_nn.trainer import Snapshot

TINY = 1e-300


def downsample(
    starts: np.ndarray, lo: np.ndarray, hi: np.ndarray, columns: int
) -> tuple[np.ndarray, np.ndarray]:
    """About two points per column: each group's max then min, so spikes stay visible."""
    n = len(starts)
    if n == 0:
        return np.empty(0), np.empty(0)
    group = max(1, math.ceil(n / max(columns, 1)))
    idx = np.arange(0, n, group)
    top = np.maximum.reduceat(hi, idx)
    bottom = np.minimum.reduceat(lo, idx)
    xs = np.repeat(starts[idx].astype(np.float64), 2)
    ys = np.empty(2 * len(idx))
    ys[0::2], ys[1::2] = top, bottom
    return xs, ys


def short(n: float) -> str:
    """12000 -> 12k, 1500000 -> 1.5M."""
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{n / size:.3g}{unit}"
    return f"{n:.0f}"


def iteration_ticks(end: float) -> tuple[list[float], list[str]]:
    """About five round iteration counts from 0 to end."""
    end = max(end, 1.0)
    raw = end / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [i * step for i in range(int(end // step) + 1)]
    return ticks, [short(t) for t in ticks]


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Integer powers of ten between low and high (log10 values) as '1e-k' labels."""
    first, last = math.floor(low), math.ceil(high)
    step = max(1, (last - first) // 5)
    ticks = list(range(first, last + 1, step))
    return [float(t) for t in ticks], [f"1e{t}" if t else "1" for t in ticks]


class ErrorPlot(PlotextPlot):
    """Error per iteration with the current point marked."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.log_y = True

    def show(self, snapshot: Snapshot) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        metric = snapshot.metric.upper()
        starts, lo, hi = snapshot.history
        xs, ys = downsample(starts, lo, hi, max(self.size.width - 12, 10))
        here_x, here_y = float(snapshot.iteration), snapshot.error
        if here_y is not None:
            xs, ys = np.append(xs, here_x), np.append(ys, here_y)
        keep = np.isfinite(ys)
        xs, ys = xs[keep], ys[keep]
        if self.log_y:
            ys = np.log10(np.maximum(ys, TINY))
        plt.title(f"{metric} vs iteration" + (" (log y)" if self.log_y else ""))
        if snapshot.error is None:
            plt.title("no error curve: this preset does not train")
            self.refresh()
            return
        if len(xs):
            plt.plot(xs.tolist(), ys.tolist(), marker="braille", color="cyan")
            if np.isfinite(here_y):
                mark = math.log10(max(here_y, TINY)) if self.log_y else here_y
                plt.scatter([here_x], [mark], marker="●", color="orange")
            if self.log_y:
                low, high = float(ys.min()), float(ys.max())
                ticks, labels = log_ticks(low, high)
                plt.yticks(ticks, labels)
                plt.ylim(min(low, ticks[0]), max(high, ticks[-1]))
        plt.xlim(0, max(here_x, 1.0))
        plt.xticks(*iteration_ticks(here_x))
        self.refresh()
