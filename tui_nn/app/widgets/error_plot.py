"""The error curve: error vs iteration, downsampled so a redraw costs the same at any length.

plotext 5.3's log scale crashes on resize and on zeros, so "log y" plots
log10(error) on a linear axis with 1e-k tick labels, and "log x" plots
log10(iteration + 1) with iteration labels (the axis auto's pace moves along evenly).
The marker is the iteration on screen, which the timeline moves; the line under
the curve (``CurveReading``) prints the exact error there. The curves are braille
dots, or ``.`` where the font has only ASCII (``tui_nn.app.glyphs``).
"""

from __future__ import annotations

import math

import numpy as np
from rich.text import Text
from textual import events

from tui_nn.app.glyphs import curve_marker
from tui_nn.app.widgets.classes import accuracy_text
from tui_nn.app.widgets.line import Line
from tui_nn.app.widgets.plot import Plot
from tui_nn.run.controller import Snapshot

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
    step = max(1.0, next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))
    ticks = [i * step for i in range(int(end // step) + 1)]
    return ticks, [short(t) for t in ticks]


def log_iteration_ticks(end: float) -> tuple[list[float], list[str]]:
    """Ticks at iterations 0, 10, 100, ... on an axis of log10(iteration + 1) reaching ``end``."""
    powers = range(1, max(1, math.floor(end)) + 1)
    ticks = [0.0] + [math.log10(10**p + 1) for p in powers if math.log10(10**p + 1) <= end]
    return ticks, ["0"] + [short(10**p) for p in powers][: len(ticks) - 1]


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Integer powers of ten between low and high (log10 values) as '1e-k' labels."""
    first, last = math.floor(low), math.ceil(high)
    step = max(1, (last - first) // 5)
    ticks = list(range(first, last + 1, step))
    return [float(t) for t in ticks], [f"1e{t}" if t else "1" for t in ticks]


def nice_ceiling(n: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is >= n: the x axis grows in steps, not every frame."""
    if n <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(n))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= n)


class ErrorPlot(Plot):
    """Error per iteration with the current point marked.

    A redraw re-sends the whole plot to the terminal, so ``show`` skips it when the
    picture would not change: the points are compared at the plot's own resolution
    (braille: 2 dots per column, 4 per row) and the x axis only grows in 1-2-5 steps.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.log_y = True
        self.log_x = False
        self._key: object = None

    def show(self, snapshot: Snapshot) -> None:
        if snapshot.error is None:
            self._draw_empty("no error curve: this preset does not train")
            return
        width, height = max(self.size.width - 12, 10), max(self.size.height - 5, 4)
        here_x, here_y = float(snapshot.iteration), float(snapshot.error)
        latest = float(snapshot.iteration if snapshot.latest is None else snapshot.latest)
        # The curve runs to the latest iteration; on the timeline the marker sits at an earlier one.
        end_y = here_y if snapshot.latest is None else float("nan")
        xs, ys = self._curve(snapshot.history, width, latest, end_y)
        curves = [("train" if snapshot.test_history is not None else "", "cyan", xs, ys)]
        if snapshot.test_history is not None:  # a custom run's held-out rows: the second curve
            test_y = (
                float("nan") if snapshot.test_error is None or snapshot.latest else float(snapshot.test_error)
            )
            curves.append(("test", "magenta", *self._curve(snapshot.test_history, width, latest, test_y)))
        every = np.concatenate([c[3] for c in curves])
        x_end = min(nice_ceiling(latest), max(float(snapshot.target), 1.0))
        x_end = max(x_end, latest, 1.0)
        if self.log_x:
            x_end = math.log10(x_end + 1)
            curves = [(label, colour, np.log10(cx + 1), cy) for label, colour, cx, cy in curves]
            here_x = math.log10(here_x + 1)
        low, high = (float(every.min()), float(every.max())) if len(every) else (0.0, 1.0)
        scales = [name for name, on in (("log x", self.log_x), ("log y", self.log_y)) if on]
        title = f"{snapshot.metric.upper()} vs iteration" + (f" ({', '.join(scales)})" if scales else "")
        span = (high - low) or 1.0
        pixels = tuple(
            (
                np.round(cx / x_end * 2 * width).astype(np.int32).tobytes(),
                np.round((cy - low) / span * 4 * height).astype(np.int32).tobytes(),
            )
            for _, _, cx, cy in curves
        )
        marker = (round(here_x / x_end * 2 * width), round(here_y, 12))
        key = (title, x_end, f"{low:.3g}", f"{high:.3g}", pixels, self.size, here_y > 0, marker)
        if key == self._key:
            return
        self._key = key
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if len(every):
            for label, colour, cx, cy in curves:
                plt.plot(cx.tolist(), cy.tolist(), marker=curve_marker(), color=colour, label=label or None)
            if np.isfinite(here_y):
                mark = math.log10(max(here_y, TINY)) if self.log_y else here_y
                plt.scatter([here_x], [mark], marker="●", color="orange")
            if self.log_y:
                ticks, labels = log_ticks(low, high)
                plt.yticks(ticks, labels)
                plt.ylim(min(low, ticks[0]), max(high, ticks[-1]))
        plt.xlim(0, x_end)
        plt.xticks(*(log_iteration_ticks(x_end) if self.log_x else iteration_ticks(x_end)))
        self.refresh()

    def _curve(
        self, history: tuple[np.ndarray, np.ndarray, np.ndarray], width: int, here_x: float, here_y: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """The history downsampled to the width, the current point appended, finite, log10 if log y."""
        xs, ys = downsample(*history, width)
        xs, ys = np.append(xs, here_x), np.append(ys, here_y)
        keep = np.isfinite(ys)
        xs, ys = xs[keep], ys[keep]
        return xs, np.log10(np.maximum(ys, TINY)) if self.log_y else ys

    def _draw_empty(self, title: str) -> None:
        if self._key == title:
            return
        self._key = title
        self.plt.clear_data()
        self.plt.clear_figure()
        self.plt.title(title)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._key = None  # the next show redraws at the new size


class CurveReading(Line):
    """The line under the curve: the exact error (train and test) at the iteration on screen, and a
    classifier's accuracy there."""

    def show(self, snapshot: Snapshot) -> None:
        """``at iteration N: MSE e  test e  acc 96.7% (test 93.3%)``; where the width cannot hold it
        all, the accuracy comes first (the exact errors' last digits are cut, not the accuracy)."""
        if snapshot.error is None:
            self.show_line("")
            return
        where = "viewing" if snapshot.latest is not None else "at"
        errors = Text(f"{snapshot.metric.upper()} {snapshot.error!r}", style="bold")
        if snapshot.test_error is not None:
            errors.append(f"  test {snapshot.test_error!r}")
        accuracy = Text(accuracy_text(snapshot), style="bold")
        parts = [errors, accuracy] if accuracy else [errors]
        if snapshot.latest is not None:
            parts.append(Text(f"(latest {snapshot.latest:,})"))
        text = Text(f"{where} iteration {snapshot.iteration:,}: ", no_wrap=True, overflow="ellipsis")
        room = self.content_region.width or self.app.size.width
        if accuracy and text.cell_len + sum(p.cell_len + 2 for p in parts) - 2 > room:
            parts[:2] = [accuracy, errors]
        self.show_line(text + Text("  ").join(parts))
