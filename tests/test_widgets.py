"""Pure helpers of the widgets: number cells, verdicts, ticks, plot downsampling."""

import numpy as np

from tui_nn.app.widgets.dataset import grade, inputs_text
from tui_nn.app.widgets.error_plot import downsample, iteration_ticks, log_ticks, nice_ceiling
from tui_nn.app.widgets.weights import CELL, cell


def test_weight_cells_have_fixed_width_and_a_separator():
    for value in [0.0, 0.1234, -5.678, -56.06, 99.96, -562.4, 9999.4, 12345.6, -1e30, np.nan, -np.inf]:
        text = cell(value)
        assert len(text) == CELL and text[0] == " ", (value, text)
    assert cell(-56.06) == " -56.1" and cell(0.1234) == " +0.12"


def test_grades_are_words_too():
    assert grade(0.01) == ("green", "ok")
    assert grade(0.2)[1] == "~" and grade(0.9)[1] == "x" and grade(np.nan)[1] == "x"
    assert inputs_text(np.array([0.0, 1.0, 1.0])) == "0 1 1"
    assert inputs_text(np.array([0, 1, 1, 0, 1, 0, 0, 1], dtype=float)) == "0110 1001"


def test_downsample_costs_the_same_at_any_length_and_keeps_spikes():
    columns = 60
    for n in (10, 1000, 2048):
        starts = np.arange(n) * 500
        lo = np.linspace(0.5, 0.001, n)
        hi = lo.copy()
        hi[n // 3] = 7.0  # a spike
        xs, ys = downsample(starts, lo, hi, columns)
        assert len(xs) == len(ys) <= 2 * columns
        assert ys.max() == 7.0 and ys.min() == lo.min()
    assert len(downsample(np.empty(0, dtype=np.int64), np.empty(0), np.empty(0), 10)[0]) == 0


def test_axis_ticks():
    assert nice_ceiling(1) == 1 and nice_ceiling(3) == 5 and nice_ceiling(60000) == 100000
    ticks, labels = iteration_ticks(60000)
    assert ticks[0] == 0 and ticks[-1] <= 60000 and labels[-1] == "60k"
    assert iteration_ticks(1)[1] == ["0", "1"]
    ticks, labels = log_ticks(-3.2, -0.3)
    assert labels[0] == "1e-4" and labels[-1] == "1"


def test_a_big_csv_reaches_the_dataset_panel_as_its_first_rows_and_a_count(tmp_path):
    from tui_nn.app.widgets.dataset import MAX_ROWS, DatasetPanel
    from tui_nn.run.build import ready
    from tui_nn.run.config import make_config
    from tui_nn.run.controller import SNAPSHOT_ROWS, RunController

    path = tmp_path / "big.csv"
    rows = 5000
    path.write_text("u,v,y\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(rows)))
    snap = RunController(ready(make_config("custom", data=str(path), test=0))[0]).snapshot()
    assert snap.rows == rows and len(snap.x) == len(snap.outputs) == SNAPSHOT_ROWS
    table = DatasetPanel.table(snap)
    assert table.row_count == MAX_ROWS and table.caption.startswith(f"rows 0-{MAX_ROWS - 1} of 5,000")
    assert inputs_text(np.array([0.25, -1.5, 3.0, 2.0, 7.125])) == "0.25 -1.5 3 2 7.125"  # not a bitmap


def test_progress_shows_percent_and_eta_only_while_running():
    from dataclasses import replace

    from tui_nn.app.widgets.status import duration_text, progress_text
    from tui_nn.run.config import make_config
    from tui_nn.run.controller import RunController

    snap = RunController(make_config(iterations=10_000_000)).snapshot()
    assert progress_text(snap) == ""  # paused
    running = replace(snap, state="running", iteration=2_500_000)
    assert progress_text(running) == "25%"  # not timed yet
    assert progress_text(replace(running, eta=150.2)) == "25% ETA 2m30s"
    assert progress_text(replace(running, eta=75_000.0)) == "25% ETA 20h50m"
    assert [duration_text(s) for s in (0, 59.4, 61, 3600)] == ["0s", "59s", "1m01s", "1h00m"]


def test_a_narrow_dataset_panel_cuts_the_inputs_not_the_class_names():
    """Iris at 80x24 (28 cells of table): the inputs give up what is missing, each row keeps its
    class, the picked class and p readable."""
    import io as _io

    from rich.console import Console

    from tui_nn.app.widgets.dataset import DatasetPanel
    from tui_nn.run.build import ready
    from tui_nn.run.config import make_config
    from tui_nn.run.controller import RunController

    config, data = ready(make_config("custom", dataset="iris"))
    snap = RunController(config).snapshot()
    console = Console(file=_io.StringIO(), width=28, color_system=None)
    console.print(DatasetPanel.table(snap, 0, None, 3, 28))
    rows = console.file.getvalue().splitlines()[1:4]
    for row, true in zip(rows, np.argmax(snap.y[:3], axis=1)):
        assert len(row.rstrip()) <= 28 and row.split()[-1] in ("ok", "x")
        assert data.classes[true][:3] in row, row  # the target's name, cut at most to "ver…"


def test_a_sweep_plot_keeps_its_title_and_labels_both_ends_of_its_axis():
    """plotext leaves out a title wider than the plot: a narrow plot (a grid's, beside its map)
    gets a shorter form; the log axis spans whole decades, labelled at each end."""
    import plotext
    from rich.text import Text

    from tui_nn.app.widgets.sweep_curves import draw_curves, fitted_title
    from tui_nn.run.config import make_config

    long = "MAE vs iteration, α 0.1, H 4: one run per seed (log y)"
    assert fitted_title("MAE", "α 0.1, H 4: one run per seed", 80) == long
    assert fitted_title("MAE", "α 0.1, H 4: one run per seed", 40) == "α 0.1, H 4: one run per seed (log y)"
    assert fitted_title("MAE", "", 30) == "MAE, one run per alpha (log y)"
    assert fitted_title("MAE", "", 29) == "one run per alpha (log y)"
    assert fitted_title("MAE", "α 0.1, H 4: one run per seed", 10) == ""
    starts = np.arange(0, 3000, 100)
    curve = 0.5 * np.exp(-starts / 1500.0)  # 0.5 down to about 0.07: one decade tick inside
    for width in (44, 90):
        plotext.clear_figure()
        plotext.plotsize(width, 16)
        draw_curves(plotext, make_config(iterations=3000), [(starts, curve, curve)], ["seed 1"], width - 12,
                    "α 0.1, H 4: one run per seed")  # fmt: skip
        lines = Text.from_ansi(plotext.build()).plain.splitlines()
        assert "α 0.1, H 4: one run per seed" in lines[0], lines[0]
        labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
        assert labels == ["1", "1e-1", "1e-2"], lines


def test_a_sweep_plot_too_short_for_its_legend_puts_it_on_the_title_line():
    import plotext
    from rich.text import Text

    from tui_nn.app.widgets.sweep_curves import alpha_names, draw_curves
    from tui_nn.run.config import make_config

    alphas = [0.001, 0.01, 0.1, 1, 10, 100, 1000]
    starts = np.arange(0, 3000, 100)
    curves = [(starts, c, c) for c in (0.5 * np.exp(-starts * a / 3000.0) for a in alphas)]
    inline = "α •0.001 +0.01 x0.1 o1 *10 #100 @1000"
    for height, legend_inside in ((8, False), (10, False), (11, True), (20, True)):
        plotext.clear_figure()
        plotext.plotsize(48, height)
        draw_curves(plotext, make_config(iterations=3000), curves, alpha_names(alphas), 36, "", height)
        lines = Text.from_ansi(plotext.build()).plain.splitlines()
        inside = [line for line in lines[1:] if "α 0.001" in line]
        assert bool(inside) == legend_inside, (height, lines)
        assert (inline in lines[0]) != legend_inside, (height, lines[0])  # one legend or the other
