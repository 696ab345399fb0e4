"""The sweep view as a grid: typed hidden sizes and seeds, the heatmap, its selection and its seeds."""

from textual.widgets import Input, Label

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.grid_map import GridMap
from tui_nn.app.widgets.keys import KeysFooter
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.io.grid_report import grid_text
from tui_nn.run.config import make_config
from tui_nn.run.grid import run_grid
from tui_nn.run.sweep import default_every
from tui_nn.worker.sweep import GridAxes


def _message(app) -> str:
    label = app.screen.query_one("#alphas-error", Label)
    return str(label.render()) if label.has_class("-shown") else ""


async def _until(pilot, done, tries=1500):
    for _ in range(tries):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def test_grid_heatmap_selection_seeds_and_footer():
    config = make_config("trask-xor", iterations=300)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(SweepPanel)
        panel.alphas, panel.axes = [0.1, 10.0], GridAxes([1, 4, 8], [1, 2, 3])  # typing: the test below
        await pilot.press("w")
        grid_map = app.query_one(GridMap)
        assert panel.gridded and panel.has_class("-grid") and grid_map.display
        assert app.query_one("#sweep-hidden", Input).value == "1,4,8"
        assert app.query_one("#sweep-seeds", Input).value == "1-3"
        grid_map.focus()
        await _until(pilot, lambda: panel.iteration == config.iterations)
        assert panel.border_title == "Grid sweep"
        grid, _, _ = run_grid(config, [0.1, 10.0], [1, 4, 8], [1, 2, 3], default_every(300))
        state = grid.state()
        assert panel.table == grid_text(config, state)  # the CLI's table, under the map
        picture = str(grid_map.render())
        assert picture.splitlines()[0].split() == ["α\\H", "1", "4", "8"]
        assert "low" in picture and "high (log)" in picture
        assert "α 0.1, H 1:" in picture and "seed 1" in picture and "seed 3" in picture
        await pilot.press("right", "right", "down")
        assert grid_map.selected == (1, 2)
        picture = str(grid_map.render())
        assert "α 10, H 8:" in picture
        for s, seed in enumerate(state.seeds):
            value = f"{state.final[state.run_index(1, 2, s)]:.4g}"
            assert f"seed {seed:<4} {value}" in picture
        await pilot.press("right", "down")  # at the edge: the selection stays
        assert grid_map.selected == (1, 2)
        footer = " ".join(str(k.render()) for k in app.query_one(KeysFooter).query("FooterKey"))
        assert "hidden" in footer and "α" in footer
        await pilot.press("w")  # closing the view ends the sweep's process
        assert not panel.display


async def test_grid_fields_refuse_and_cancel_like_the_others():
    app = TrainerApp(make_config("trask-xor", iterations=200))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        panel = app.query_one(SweepPanel)
        box = app.query_one("#sweep-seeds", Input)
        box.focus()
        await pilot.press(*"1,2", "enter")
        assert panel.axes.seeds == [1, 2] and box.value == "1,2" and app.query_one(GridMap).has_focus
        box.focus()
        await pilot.press(*"9-3", "enter")
        assert "runs backwards" in _message(app)
        assert box.value == "1,2" and box.has_focus and box.selected_text == "1,2"
        await pilot.press(*"4")
        assert box.value == "4"  # the next key replaced the refused text
        await pilot.press("escape")
        assert box.value == "1,2" and panel.axes.seeds == [1, 2]
        hidden = app.query_one("#sweep-hidden", Input)
        hidden.focus()
        await pilot.press(*"0,2", "enter")
        assert "hidden sizes" in _message(app) and panel.axes.hiddens is None
        for field in (hidden, box):  # both emptied: the alpha sweep again
            field.focus()
            field.value = ""
            await pilot.press("enter")
        assert not panel.gridded and not app.query_one(GridMap).display
        await pilot.press("w")


async def test_the_sweep_plot_fits_its_legend_to_its_size_and_again_after_a_resize():
    config = make_config("trask-xor", iterations=3000)
    app = TrainerApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        panel = app.query_one(SweepPanel)
        await _until(pilot, lambda: panel.iteration == config.iterations)
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "α •0.001 +0.01 x0.1 o1 *10 #100 @1000" in screen  # too short for plotext's legend
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "α •0.001" not in screen and "α 0.001" in screen and "α 1000" in screen  # plotext's
        assert "MAE vs iteration, one run per alpha (log y)" in screen


async def test_arrows_pressed_before_the_grids_first_state_move_its_selection(monkeypatch):
    """Typed axes restart the grid in its process; the arrows pressed before its first state
    comes back (held here) move over the typed shape instead of being lost."""
    shown, held = GridMap.show, []

    def show(self, grid, *span):
        if grid is not None and held is not None:
            held.append(grid)  # held back: the test shows the last one itself
        else:
            shown(self, grid, *span)

    monkeypatch.setattr(GridMap, "show", show)
    config = make_config("trask-xor", iterations=300)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        for field, text in (("sweep-hidden", "1,4"), ("sweep-seeds", "1,2")):
            app.query_one(f"#{field}", Input).focus()
            await pilot.press(*text, "enter")
        grid_map = app.query_one(GridMap)
        assert grid_map.has_focus and grid_map.grid is None
        await pilot.press("down", "down", "right", "right", "right")  # H 4 is the last column
        assert grid_map.selected == (2, 1)
        panel = app.query_one(SweepPanel)
        await _until(pilot, lambda: panel.iteration == config.iterations)
        late, held = held[-1], None  # the states come now: the last one first
        shown(grid_map, late)
        assert late.shape == (7, 2, 2) and grid_map.selected == (2, 1)
        assert "α 0.1, H 4:" in str(grid_map.render())


async def test_the_sweeps_canvas_is_built_in_its_relay_thread_as_the_figure_draws_it(monkeypatch):
    """The curves' canvas (plotext's 15-70 ms) is built off the event loop, and the lines shown are
    the ones the plot's own figure renders; a grid's canvas is its selected cell's."""
    import threading

    from tui_nn.app.widgets import plot as plot_module
    from tui_nn.app.widgets import sweep_curves

    built_in, shown = [], []
    real_lines, real_show = plot_module.canvas_lines, plot_module.Plot.show_canvas

    def recording(figure, key, console):
        built_in.append(threading.current_thread())
        return real_lines(figure, key, console)

    def show(plot, key, lines):
        took = real_show(plot, key, lines)
        if took:  # what the plot's own figure renders now, beside what it was handed
            options = plot.app.console.options.update(width=key[0], height=key[1])
            own = plot.app.console.render_lines(plot_module.canvas(plot.plt, key), options)
            shown.append(([s.text for s in lines], ["".join(seg.text for seg in line) for line in own]))
        return took

    monkeypatch.setattr(sweep_curves, "canvas_lines", recording)
    monkeypatch.setattr(plot_module.Plot, "show_canvas", show)
    config = make_config("trask-xor", iterations=30000)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(SweepPanel)
        for axes, legend in ((GridAxes(None, None), "α 0.001"), (GridAxes([1, 4], [1, 2]), "seed 2")):
            built_in.clear(), shown.clear()
            panel.axes = axes
            await pilot.press("w")
            await _until(pilot, lambda: panel.iteration == config.iterations and panel.table)
            assert built_in and threading.main_thread() not in built_in
            assert shown, f"no canvas from the relay was shown ({axes})"
            for handed, own in shown:
                assert handed == own
            assert any(legend in row for row in shown[-1][0]), shown[-1][0]
            await pilot.press("w")  # closed: the next loop opens it as a grid
