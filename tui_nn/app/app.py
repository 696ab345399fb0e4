"""The Textual app: a thin coordinator between the keys, the panels and the worker.

Training runs in a child process (see ``tui_nn.run.worker`` for why); a Textual
thread worker relays its snapshots as ``SnapshotReady`` messages, which merge
when the UI falls behind. The screen redraws on its own clock (``redraw_hz``)
while running, and at once when a snapshot answers a key (step mode answers
within a frame). Handlers validate and send commands; the panels only display.
Saving, loading and screenshots live in ``tui_nn.app.sessions`` (a mixin).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterable

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.worker import get_current_worker

from tui_nn.app.sessions import SessionActions
from tui_nn.app.messages import SnapshotReady, WorkerFailed, WorkerReplied
from tui_nn.run.build import ready
from tui_nn.run.config import RunConfig, make_config, resized
from tui_nn.run.query import walkthrough
from tui_nn.run.controller import RunController, Snapshot, next_preset_config
from tui_nn.core.validation import Invalid
from tui_nn.app.widgets import keys
from tui_nn.app.widgets.boundary import BoundaryPanel
from tui_nn.app.widgets.controls import Controls, field_value
from tui_nn.app.widgets.dataset import DatasetPanel
from tui_nn.app.widgets.error_plot import ErrorPlot
from tui_nn.app.widgets.explain import ExplainPanel
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.app.widgets.help import HelpScreen
from tui_nn.app.widgets.keys import KeysFooter
from tui_nn.app.widgets.landscape import LandscapePanel
from tui_nn.app.widgets.predict import PredictPanel
from tui_nn.app.widgets.settings import SettingsScreen
from tui_nn.app.widgets.status import StatusLine
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.app.widgets.weights import WeightsPanel
from tui_nn.run.worker import Reply, WorkerClient, WorkerError, prepare

TITLES = (("#controls", "Controls"), ("#dataset", "Dataset"), ("#plot", "Error"), ("#predict", "Predict"))


class TrainerApp(SessionActions, App[int]):
    """Train a tiny network live: step, run, change alpha and hidden size, watch; keep the run."""

    CSS_PATH = "app.tcss"
    TITLE = "tui_nn"
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (132, "-wide")]
    BINDINGS = keys.BINDINGS

    PANELS_HZ = 5.0
    PLOT_HZ = 3.0

    def __init__(
        self,
        config: RunConfig,
        *,
        worker_mode: str = "process",
        redraw_hz: float = 15.0,
        saved: dict | None = None,
        session_path: str | None = None,
        save_at_exit: str | None = None,
    ):
        """``saved`` continues a loaded session (its ``Training.state()``); ``save_at_exit``: --save."""
        super().__init__()
        self.config = config
        self.client = WorkerClient(config, mode=worker_mode, saved=saved)
        self.snapshot: Snapshot = RunController(config, saved).snapshot()
        self.init_sessions(session_path, save_at_exit)
        self.redraw_hz = redraw_hz
        self.sent = 0  # id of the last command sent
        self.frames = 0  # redraws done (for measuring the redraw rate)
        self.show_counts = False
        self.view = "plot"  # what the right-hand panel shows: plot, explain, landscape or sweep
        self._dirty = True
        self._message = ""
        self._picked: RunConfig | None = None  # the picker's checked config, until it closes
        self._drawn = {"panels": 0.0, "plot": 0.0}
        # TUI_NN_TRACE=path: log "<monotonic> key <name>" per key (benchmarks/pty_app.py reads it).
        trace = os.environ.get("TUI_NN_TRACE")
        self._trace = open(trace, "a", buffering=1) if trace else None  # noqa: SIM115

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="side"):
                yield Controls(self.config, id="controls")
                yield DatasetPanel(id="dataset")
                yield WeightsPanel(id="weights")
            with Vertical(id="right"):
                yield ErrorPlot(id="plot")
                yield ExplainPanel(id="explain")
                yield LandscapePanel(id="landscape")
                yield BoundaryPanel(id="boundary")
                yield SweepPanel(id="sweep")
                yield PredictPanel(self.config, id="predict")
        yield StatusLine(id="status")
        yield KeysFooter(compact=True)

    async def on_mount(self) -> None:
        for panel, title in TITLES:
            self.query_one(panel).border_title = title
        self.query_one("#weights").border_title = "Weights"
        self.query_one(Controls).show(self.config)
        self.client.start()
        self.relay()
        self.set_interval(1 / self.redraw_hz, self.tick)
        await self.draw()

    def on_key(self, event: events.Key) -> None:
        if self._trace is not None:
            self._trace.write(f"{time.monotonic()} key {event.key}\n")

    # -- the worker --------------------------------------------------------
    @work(thread=True, exclusive=True, group="relay", exit_on_error=False)
    def relay(self) -> None:
        """Relay the child's snapshots into the app's message queue (thread: it blocks)."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            item = self.client.poll(0.05)
            if isinstance(item, WorkerError):
                self.post_message(WorkerFailed(item.text))
                return
            if isinstance(item, Reply):
                self.post_message(WorkerReplied(item))
            elif item is not None:
                self.post_message(SnapshotReady(item))

    async def on_snapshot_ready(self, message: SnapshotReady) -> None:
        answered = message.snapshot.ack != self.snapshot.ack
        self.snapshot = message.snapshot
        self._dirty = True
        if answered or self.snapshot.state != "running":
            await self.draw()

    def on_dataset_panel_window_wanted(self, message: DatasetPanel.WindowWanted) -> None:
        self.send("rows", message.start)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        self.notify(message.text.strip().splitlines()[-1], title="Training stopped", severity="error")
        self._message = "training worker stopped"

    async def tick(self) -> None:
        if self._dirty:
            await self.draw()

    async def draw(self) -> None:
        """Push the newest snapshot to the panels.

        Every byte a redraw changes goes to the terminal (over SSH too). While
        running, the status line follows every tick, the number panels at most
        ``PANELS_HZ`` and the plot (the costliest region) at most ``PLOT_HZ``; the
        panels also skip a redraw when nothing they show changed. Stopped, all of
        it redraws at once.
        """
        self._dirty = False
        self.frames += 1
        snap = self.snapshot
        now = time.monotonic()
        running = snap.state == "running"
        hint = "e explains this step" if snap.previous is not None and self.view == "plot" else ""
        self.query_one(StatusLine).show(snap, self._message or hint)
        if not running or now - self._drawn["panels"] >= 1 / self.PANELS_HZ:
            self._drawn["panels"] = now
            self.query_one(DatasetPanel).show(snap)
            await self.query_one(WeightsPanel).show(snap, self.show_counts)
            self.query_one(PredictPanel).show(snap)
            if self.view == "explain":
                self.query_one(ExplainPanel).show(*walkthrough(snap))
            elif self.view == "landscape":
                self.query_one(LandscapePanel).show(snap)
            elif self.view == "boundary":
                self.query_one(BoundaryPanel).show(snap)
            elif self.view == "sweep":
                self.query_one(SweepPanel).follow(self.config, snap.error is not None)
        if not running or now - self._drawn["plot"] >= 1 / self.PLOT_HZ:
            self._drawn["plot"] = now
            self.query_one(ErrorPlot).show(snap)
        self.screen.set_class(running, "-running")

    def send(self, command: str, argument: object = None) -> int:
        self.sent = self.client.send(command, argument)
        return self.sent

    async def until_answered(self, timeout: float = 10.0) -> Snapshot:
        """Wait until the shown snapshot answers every command sent (tests, screenshots)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while self.snapshot.ack < self.sent:
            if loop.time() > end:
                raise TimeoutError(f"no answer to command {self.sent} (have {self.snapshot!r})")
            await asyncio.sleep(0.005)
        return self.snapshot

    # -- changes -----------------------------------------------------------
    def apply(self, field: str, **changes: object) -> bool:
        """Validate a change; on success send it, on failure show why by the field."""
        controls = self.query_one(Controls)
        try:
            config = self.config.with_(**changes)
        except Invalid as exc:
            controls.show_error(exc.field, str(exc))
            controls.show(self.config)
            return False
        controls.clear_errors()
        self._message = ""
        if config != self.config:
            self.config = config
            self.send("config", config)
        controls.show(config)
        return True

    def on_controls_edited(self, message: Controls.Edited) -> None:
        if message.field != "preset":
            if message.text.strip() != field_value(self.config, message.field):  # else: nothing new
                self.apply(message.field, **{message.field: message.text})
        elif message.text == "custom" and self.config.preset != "custom":
            self.action_settings()
        elif message.text != self.config.preset:
            self.apply_config(make_config(preset=message.text, seed=self.config.seed))
        if message.then:
            self.simulate_key(message.then)

    def apply_config(self, config: RunConfig) -> None:
        self.adopt(config)
        self.send("config", config)

    def adopt(self, config: RunConfig) -> None:
        """Show a new config in the fields (the caller tells the worker)."""
        self.query_one(Controls).clear_errors()
        self.query_one(PredictPanel).reset(config)
        self.config = config
        self.query_one(Controls).show(config)
        self.refresh_bindings()  # a custom run's keys come and go with it

    # -- actions (keys, palette and help all land here) ----------------------
    def action_step(self) -> None:
        self.send("step", 1)

    def action_run(self) -> None:
        self.send("toggle")

    def action_alpha(self, factor: float) -> None:
        self.apply("alpha", alpha=float(f"{self.config.alpha * factor:.12g}"))  # 0.1*10 shows as 1

    def action_hidden(self, delta: int) -> None:
        self.apply("hidden", hidden=resized(self.config, delta))

    def action_reset(self) -> None:
        self.send("reset")

    def action_new_seed(self) -> None:
        self.apply("seed", seed=(self.config.seed + 1) % 2**32)

    def action_next_preset(self) -> None:
        self.apply_config(next_preset_config(self.config))

    async def action_log_y(self) -> None:
        plot = self.query_one(ErrorPlot)
        plot.log_y = not plot.log_y
        await self.draw()

    async def action_directions(self) -> None:
        self.show_counts = not self.show_counts
        await self.draw()

    async def action_view(self, view: str) -> None:
        """Show ``view`` (explain, landscape, boundary, sweep) instead of the error curve; again: back."""
        if self.view == "sweep" and view != "sweep" or view == "sweep" == self.view:
            self.query_one(SweepPanel).stop()  # a closed sweep needs no CPU
        self.view = "plot" if self.view == view else view
        for name in ("explain", "landscape", "boundary", "sweep"):
            self.screen.set_class(self.view == name, f"-{name}")
        self.refresh_bindings()
        await self.draw()

    def action_map_next(self, axis: int, step: int = 1) -> None:
        self.query_one(LandscapePanel).cycle(axis, step)

    def action_map_weights(self) -> None:
        self.query_one("#landscape-pair").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A view's own keys act (and show in the footer) only while that view is shown; the boundary's
        only for data with two inputs."""
        if (action, parameters) in keys.PLANE_ACTIONS:
            return self.snapshot.x.shape[1] == 2 or self.view == "boundary"  # b leaves it too
        view = keys.VIEW_ACTIONS.get(action)
        return view is None or self.view == view

    def custom_config(self) -> RunConfig:
        """The run as a custom config (from a preset: the default custom run, its seed carried over)."""
        if self.config.custom:
            return self.config
        return make_config(preset="custom", seed=self.config.seed)

    def action_settings(self) -> None:
        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.custom_config()), self.settled)

    def action_open_csv(self) -> None:
        """Pick a CSV file and train the current custom network (or the default one) on it."""
        base = self.custom_config()

        test = base.test if base.data else 0  # a CSV holds out no rows unless asked

        def check(path: str) -> str | None:
            try:
                self._picked = ready(base.with_(dataset="csv", data=path, test=test))[0]
            except Invalid as exc:
                return str(exc)
            return None

        picker = FilePicker(base.data or os.getcwd(), check)
        self.push_screen(picker, lambda path: self.settled(self._picked if path else None))

    def settled(self, config: RunConfig | None) -> None:
        """A settings screen or picker closed: apply what it chose (None: nothing changes)."""
        if config is None:
            self.query_one(Controls).show(self.config)
        elif config != self.config:
            self.apply_config(config)

    def action_predict(self) -> None:
        self.query_one(PredictPanel).focus_input()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(keys.key_table()))

    def action_leave_field(self) -> None:
        self.screen.set_focus(None)

    async def action_quit(self) -> None:
        self.save_on_quit()
        self.client.send("quit")  # the child stops while Textual shuts down; on_unmount reaps it
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from keys.palette_commands(self.run_action)
        yield from super().get_system_commands(screen)

    def on_unmount(self) -> None:
        self.client.close(timeout=self.quit_wait())  # saves in flight finish first
        if self._trace is not None:
            self._trace.close()


def run_app(
    config: RunConfig, saved: dict | None = None, load: str | None = None, save: str | None = None
) -> int:
    """Open the app on ``config`` (or a loaded session); with ``save``, save it on quit."""
    prepare()  # before App.run(): see tui_nn.run.worker.prepare
    app = TrainerApp(config, saved=saved, session_path=load, save_at_exit=save)
    result = app.run()
    return app.exit_save_status() or (0 if result is None else int(result))
