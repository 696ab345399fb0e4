"""The sweep panel: one run per alpha, their error curves overlaid, the CLI's table; or a grid.

The alphas are the tutorial's seven unless the user types a list (``0.1,1,10``).
Hidden sizes (``1,2,4,8``) or seeds (``1-10``) typed in their fields make it a grid
(every alpha x hidden size x seed, as ``sweep --hidden --seeds``): a heatmap of the
median final errors (``GridMap``) beside the curves of the selected cell's seeds,
and the CLI's grid table; emptied, both fields give the alpha sweep back.

The runs (``tui_nn.run.sweep.live_sweep``, shared with ``python -m tui_nn
sweep``) advance in a child process (``SweepClient``); a thread worker here
relays its progress as ``SweepPanel.Progress`` messages, at most five a second,
with the curves' canvas built there, off the event loop (keys stay prompt).
The panel draws the curves (log y, one colour, marker and legend entry per alpha) and
the checkpoint table exactly as the CLI prints it. Any run that trains can be
swept, preset or custom; closing the view ends the sweep, and pausing the run
(``r``) holds it until the run goes on, so a paused screen uses no CPU.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from tui_nn.app.plain import PlainLabel
from tui_nn.app.widgets.controls import EditField
from tui_nn.app.widgets.grid_map import GridMap
from tui_nn.app.widgets.plot import Figure, Plot
from tui_nn.app.widgets.sweep_curves import Aim, alpha_names, cell_curves, draw_curves, relay_canvas
from tui_nn.core.validation import Invalid, check_alphas
from tui_nn.io.grid_report import grid_text
from tui_nn.io.report import sweep_text
from tui_nn.run.config import RunConfig
from tui_nn.run.grid import GridState
from tui_nn.run.grid_values import axis_text, check_hiddens, check_seeds
from tui_nn.run.sweep import TUTORIAL_ALPHAS, default_every
from tui_nn.worker.loop import WorkerError
from tui_nn.worker.sweep import GridAxes, SweepClient, SweepProgress


def alphas_text(alphas: list[float]) -> str:
    return ",".join(f"{a:g}" for a in alphas)


class SweepPanel(Vertical):
    """Overlaid curves above the checkpoint table; ``follow(config)`` (re)starts the sweep."""

    BORDER_TITLE = "Alpha sweep"

    class Progress(Message):
        """The sweep reached ``iteration``: curves (starts, lo, hi) per alpha and the table so far."""

        def __init__(
            self,
            config: RunConfig,
            alphas: list[float],
            iteration: int,
            curves: list,
            table: str,
            grid: GridState | None = None,
            source: object = None,
        ):
            super().__init__()
            self.config, self.alphas, self.iteration = config, alphas, iteration
            self.curves, self.table, self.grid, self.source = curves, table, grid, source
            self.canvas: tuple | None = None  # (key, grid cell or None, lines): drawn in the relay

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.config: RunConfig | None = None
        self.client: SweepClient | None = None
        self.alphas = list(TUTORIAL_ALPHAS)
        self.axes = GridAxes(None, None)  # a grid's hidden sizes and seeds (both None: the alpha sweep)
        self.curves: list = []
        self.iteration = 0
        self.table = ""
        self.run_state = "paused"  # the app's run, as last seen: its pause holds the sweep
        self._table_size = (0, 0)  # lines and width of the table shown: a new size needs a layout
        self._aim: Aim | None = None  # what the relay's canvases must fit (set here, read there)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("alphas", classes="field-label")
            yield EditField(alphas_text(self.alphas), compact=True, id="alphas", select_on_focus=True)
        with Horizontal(classes="field"):
            yield Label("hidden", classes="field-label")
            yield EditField("", compact=True, id="sweep-hidden", select_on_focus=True, error="alphas-error")
            yield Label(" seeds ", classes="field-label -seeds")
            yield EditField("", compact=True, id="sweep-seeds", select_on_focus=True, error="alphas-error")
        yield PlainLabel(id="alphas-error", classes="field-error")
        with Horizontal(id="sweep-row"):
            yield Plot(id="sweep-plot")
            yield GridMap(id="grid-map")
        with Horizontal(id="sweep-table-box"):
            yield Static(id="sweep-table")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A typed list of alphas: sweep them (a bad list: say why, keep the sweep, and select the
        swept list in the field so typing replaces it)."""
        event.stop()
        field = event.input.id
        try:
            if field == "alphas":
                alphas, axes = check_alphas(event.value), self.axes
            else:
                alphas, typed = self.alphas, event.value.strip()
                check = check_hiddens if field == "sweep-hidden" else check_seeds
                values = check(typed) if typed else None
                hiddens, seeds = (
                    (values, self.axes.seeds) if check is check_hiddens else (self.axes.hiddens, values)
                )
                axes = GridAxes(hiddens, seeds)
        except Invalid as exc:
            self.show_error(str(exc))
            if isinstance(event.input, EditField):
                event.input.reject()
            return
        self.show_error("")
        if (alphas, axes) != (self.alphas, self.axes) and self.config is not None:
            self.alphas, self.axes = alphas, axes
            self.follow(self.config, again=True)
            if self.gridded:
                self.query_one(GridMap).focus()

    @property
    def gridded(self) -> bool:
        """True when the sweep is a grid (hidden sizes or seeds typed)."""
        return self.axes != GridAxes(None, None)

    def show_error(self, message: str) -> None:
        label = self.query_one("#alphas-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")

    def on_edit_field_cancelled(self, event: EditField.Cancelled) -> None:
        event.stop()
        self.show_error("")

    def follow(self, config: RunConfig, trainable: bool = True, again: bool = False) -> None:
        """Sweep ``config`` (its alpha aside) unless that sweep is already here."""
        swept = None if self.config is None else self.config.with_(alpha=config.alpha)
        if swept == config and not again:
            return
        self.stop()
        self.config, self.iteration, self.table = config, 0, ""
        self.border_subtitle = ""
        if not trainable:
            self.query_one("#sweep-table", Static).update(f"{config.name} does not train: no sweep")
            return
        self.query_one("#sweep-table", Static).update("sweeping...")
        self.query_one("#alphas", EditField).show_applied(alphas_text(self.alphas))
        hiddens, seeds = self.axes.hiddens, self.axes.seeds
        self.query_one("#sweep-hidden", EditField).show_applied("" if hiddens is None else axis_text(hiddens))
        self.query_one("#sweep-seeds", EditField).show_applied("" if seeds is None else axis_text(seeds))
        self.set_class(self.gridded, "-grid")
        span = (len(self.alphas), len(hiddens or [None])) if self.gridded else (0, 0)
        self.query_one(GridMap).show(None, span)  # its first state comes from the sweep's process
        self.border_title = "Grid sweep" if self.gridded else "Alpha sweep"
        alphas = list(self.alphas)
        # Online and custom nets train serially, row by row: smaller chunks keep the curves moving;
        # a grid's chunk is shared by all its runs.
        chunk = 2000 if not config.custom and config.preset != "xor-online" else 200
        axes = self.axes if self.gridded else None
        if axes is not None:
            runs = len(alphas) * len(axes.hiddens or [0]) * len(axes.seeds or [0])
            chunk = max(10, chunk * len(alphas) // runs)
        self.client = SweepClient(config, alphas, default_every(config.iterations), chunk, axes)
        client = self.client
        self.run_worker(
            lambda: self._relay(client, config, alphas), thread=True, exclusive=True, group="sweep"
        )

    def follow_run(self, state: str) -> None:
        """Hold the sweep when the run is paused (running -> paused) and let it go on when the run
        does; a sweep opened on a paused run still runs (it was asked for)."""
        previous, self.run_state = self.run_state, state
        if self.client is None:
            return
        if state == "running" or previous == "running" and state == "paused":
            self.client.hold(state != "running")
            self._subtitle()

    def _subtitle(self) -> None:
        if self.config is not None and self.iteration:
            held = "  held with the run: r goes on" if self.client is not None and self.client.held else ""
            self.border_subtitle = f"iteration {self.iteration:,}/{self.config.iterations:,}{held}"

    def on_unmount(self) -> None:
        self.stop()  # the app is closing: its sweep's process goes with it

    def stop(self) -> None:
        """End the sweep in hand (its child process stops at once)."""
        client, self.client = self.client, None
        if client is not None:
            client.close()
        self.config = None
        self.run_state = "paused"  # the next sweep starts free, whatever the run does

    def _relay(self, client: SweepClient, config: RunConfig, alphas: list[float]) -> None:
        worker = get_current_worker()
        figure = Figure()  # the relay's own: its canvases are built in this thread
        while not worker.is_cancelled:
            # Whether the child lives is read before the pipe: a child that sent its last message and
            # exited after an empty poll would otherwise be taken for gone with that message unread.
            alive = client.alive
            item = client.poll(0.1)
            if isinstance(item, WorkerError):
                text = item.text.strip().splitlines()[-1]
                stopped = f"the sweep stopped: {text}"
                self.post_message(self.Progress(config, alphas, 0, [], stopped, None, client))
                return
            if isinstance(item, SweepProgress):
                grid = item.grid
                if grid is not None:
                    table = grid_text(config, grid)
                else:
                    table = sweep_text(config, alphas, item.marks, item.table)
                drawn = relay_canvas(figure, self._aim, config, alphas, item.curves, grid)
                message = self.Progress(config, alphas, item.iteration, item.curves, table, grid, client)
                message.canvas = drawn
                self.post_message(message)
                if item.done:
                    return
            elif item is None and not alive:
                if client.exitcode not in (None, 0, -9):  # -9: ended on purpose (a new sweep, a closed view)
                    text = f"the sweep's process ended early (exit status {client.exitcode})"
                    self.post_message(self.Progress(config, alphas, 0, [], text, None, client))
                return

    def on_sweep_panel_progress(self, message: Progress) -> None:
        stale = message.source is not None and message.source is not self.client  # new axes, same config
        if (message.config, message.alphas) != (self.config, self.alphas) or self.config is None or stale:
            return  # from a sweep that was replaced
        self.iteration, self.table = message.iteration, message.table
        self._show_table(message.table)
        self._subtitle()
        self.curves = message.curves
        grid_map = self.query_one(GridMap)
        if message.grid is not None:
            grid_map.show(message.grid)
        # The figure always gets the curves (cheap; a resize builds its canvas from them), and the
        # canvas built in the relay is shown when it was built for this cell, size and theme.
        canvas = message.canvas
        if canvas is not None and canvas[1] not in (None, grid_map.selected):
            canvas = None
        if message.grid is not None:
            self._plot_cell(grid_map, canvas)
        else:
            self._plot(message.config, message.curves, canvas=canvas)

    def _show_table(self, table: str) -> None:
        """The table, laid out anew only when its size changes (a layout redoes the whole screen)."""
        lines = table.splitlines() or [""]
        size = (len(lines), max(len(line) for line in lines))
        self.query_one("#sweep-table", Static).update(table, layout=size != self._table_size)
        self._table_size = size

    def on_plot_resized(self, message: Plot.Resized) -> None:
        """The curves drawn again for the plot's new size (a growing table shrinks it)."""
        message.stop()
        if self.gridded:
            self._plot_cell(self.query_one(GridMap))
        elif self.config is not None and self.curves:
            self._plot(self.config, self.curves)

    def on_grid_map_selected(self, message: GridMap.Selected) -> None:
        message.stop()
        self._plot_cell(self.query_one(GridMap))

    def _plot_cell(self, grid_map: GridMap, canvas: tuple | None = None) -> None:
        """The selected cell's seeds' curves, one per seed."""
        grid = grid_map.grid
        if self.config is None or grid is None:
            return
        curves, labels, title = cell_curves(grid, grid_map.selected, self.curves)
        self._plot(self.config, curves, labels, title, canvas)

    def _plot(self, config: RunConfig, curves: list, labels: list[str] | None = None, title: str = "",
              canvas: tuple | None = None) -> None:  # fmt: skip
        plot = self.query_one("#sweep-plot", Plot)
        names = labels if labels is not None else alpha_names(self.alphas)
        draw_curves(plot.plt, config, curves, names, max(plot.size.width - 12, 10), title, plot.size.height)
        if canvas is None or not plot.show_canvas(canvas[0], canvas[2]):
            plot.redraw()
        key, cell = plot.canvas_key(), self.query_one(GridMap).selected if self.gridded else None
        self._aim = (key, cell, self.app.console) if min(key[:2]) > 0 else None
