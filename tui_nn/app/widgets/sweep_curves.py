"""The sweep's curves as plotext calls: one run per alpha, or one per seed of a grid's cell.

Pure drawing on a figure given in (the panel's own, or the relay thread's, whose
canvas is then built off the event loop: ``tui_nn.app.widgets.plot``), log y,
one colour, marker and legend entry per curve. The relay thread touches no
widget: what its canvas must fit (the plot's size and theme, the grid cell shown,
the console) is an ``Aim`` the panel sets after each draw on the event loop.
"""

from __future__ import annotations

import numpy as np
from rich.console import Console
from textual.strip import Strip

from tui_nn.app.widgets.error_plot import TINY, downsample, iteration_ticks, log_ticks
from tui_nn.app.widgets.plot import CanvasKey, Figure, canvas_lines
from tui_nn.run.config import RunConfig
from tui_nn.run.grid import GridState

COLOURS = ("red", "orange", "yellow", "green", "cyan", "blue", "magenta", "white")
# A marker per alpha as well as a colour: the curves stay apart without colour (NO_COLOR) too.
MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%", "=", "&")

Aim = tuple[CanvasKey, tuple[int, int] | None, Console]  # the plot's key, the grid cell shown, the console


def alpha_names(alphas: list[float]) -> list[str]:
    """The legend of an alpha sweep: one entry per alpha."""
    return [f"α {a:g}" for a in alphas]


def cell_curves(grid: GridState, cell: tuple[int, int], curves: list) -> tuple[list, list[str], str]:
    """The curves of a grid cell's seeds, their legend and the plot's title."""
    a, h = cell
    runs = [grid.run_index(a, h, s) for s in range(len(grid.seeds))]
    labels = [f"seed {s}" for s in grid.seeds]
    title = f"α {grid.alphas[a]:g}, H {grid.labels[h]}: one run per seed"
    return [curves[r] for r in runs if r < len(curves)], labels, title


def fitted_title(metric: str, title: str, room: int) -> str:
    """The plot's title in ``room`` columns: the longest of its forms that fits (plotext leaves a
    title out whole when it is wider than the plot)."""
    what = title or "one run per alpha"
    forms = (f"{metric} vs iteration, {what} (log y)", f"{metric}, {what} (log y)", f"{what} (log y)", what)
    return next((form for form in forms if len(form) <= room), "")


def short_legend(names: list[str]) -> str:
    """The legend on one line, each curve's marker and value: ``α •0.001 +0.01 x0.1``."""
    kind = names[0].split()[0] if names else ""
    return kind + " " + " ".join(f"{MARKERS[i % len(MARKERS)]}{n.split()[-1]}" for i, n in enumerate(names))


def draw_curves(
    plt, config: RunConfig, curves: list, names: list[str], width: int, title: str = "", height: int = 0
) -> None:
    """Draw ``curves`` ((starts, lo, hi) each) on ``plt``, downsampled to ``width`` columns (the
    plot's less 12: its y labels and frame). A plot of ``height`` rows too short for plotext's
    legend (it leaves the legend out whole: it needs a row per curve inside the frame) gets the
    legend on one line as its title instead."""
    plt.clear_data()
    plt.clear_figure()
    room, legend = width + 6, short_legend(names)
    inline = 0 < height - 4 < len(names) and len(legend) <= room
    plt.title(legend if inline else fitted_title(config.metric.upper(), title, room))
    low, high = np.inf, -np.inf
    for i, (name, (starts, lo, hi)) in enumerate(zip(names, curves)):
        xs, ys = downsample(starts, lo, hi, width)
        keep = np.isfinite(ys)
        if keep.any():
            ys = np.log10(np.maximum(ys[keep], TINY))
            low, high = min(low, ys.min()), max(high, ys.max())
            colour, marker = COLOURS[i % len(COLOURS)], MARKERS[i % len(MARKERS)]
            plt.plot(
                xs[keep].tolist(), ys.tolist(), marker=marker, color=colour, label=None if inline else name
            )
    if np.isfinite(low):  # the axis spans whole decades, as the error plot's: a label at each end
        ticks, labels = log_ticks(low, high)
        plt.yticks(ticks, labels)
        plt.ylim(min(low, ticks[0]), max(high, ticks[-1]))
    end = max(float(config.iterations), 1.0)
    plt.xlim(0, end)
    plt.xticks(*iteration_ticks(end))


def relay_canvas(
    figure: Figure, aim: Aim | None, config: RunConfig, alphas: list[float], curves: list,
    grid: GridState | None,
) -> tuple[CanvasKey, tuple[int, int] | None, list[Strip]] | None:  # fmt: skip
    """In the relay thread: the lines the panel would draw for this progress, for ``aim`` (None:
    the panel has not drawn yet, or its cell left the grid, and draws this one itself)."""
    if aim is None:
        return None
    key, cell, console = aim
    if grid is None:
        names, title = alpha_names(alphas), ""
    elif cell is None or cell[0] >= len(grid.alphas) or cell[1] >= len(grid.labels):
        return None
    else:
        curves, names, title = cell_curves(grid, cell, curves)
    draw_curves(figure, config, curves, names, max(key[0] - 12, 10), title, key[1])
    return key, cell, canvas_lines(figure, key, console)
