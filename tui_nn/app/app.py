"""The Textual app: a thin coordinator between the keys, the panels and the worker.

Training runs in a child process (see ``tui_nn.worker.loop`` for why), started before Textual
is: the first frame shows its first snapshot (``tui_nn.app.first``). A Textual thread worker relays
its snapshots as ``SnapshotReady`` messages, which merge when the UI falls behind (but not at a slow
pace). The screen redraws on its clock (``redraw_hz``) while running, at once for a key's answer.

The app coordinates; helpers it holds (modules of ``tui_nn.app``) do the work:
``redraw`` paces the panels, ``changes`` checks and sends config changes,
``views`` switches the right-hand view, ``sessions`` saves, loads and takes
screenshots, ``recovery`` restarts a dead worker. Keys and messages arrive here,
because Textual looks for actions and handlers on the app, and are passed on.
Each helper declares what it uses of the app as a Protocol (``tui_nn.app.host``),
so none imports it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.worker import get_current_worker

from tui_nn.app.base import BaseApp
from tui_nn.app.changes import ConfigChanges
from tui_nn.app.first import FirstSnapshot, freeze_start_up
from tui_nn.app.glyphs import use_ascii
from tui_nn.app.messages import SnapshotReady, WorkerFailed, WorkerReplied
from tui_nn.app.playback import Playback
from tui_nn.app.recovery import STOPPED_LINE, Recovery
from tui_nn.app.redraw import Redraw
from tui_nn.app.sessions import SessionController
from tui_nn.app.trace import KeyTrace
from tui_nn.app.views import ViewSwitch
from tui_nn.app.widgets import keys
from tui_nn.app.widgets.boundary import BoundaryPanel
from tui_nn.app.widgets.confusion import ConfusionPanel
from tui_nn.app.widgets.controls import Controls
from tui_nn.app.widgets.dataset import DatasetPanel
from tui_nn.app.widgets.error_plot import CurveReading, ErrorPlot
from tui_nn.app.widgets.explain import ExplainPanel
from tui_nn.app.widgets.help import HelpScreen
from tui_nn.app.widgets.keys import KeysFooter
from tui_nn.app.widgets.landscape import LandscapePanel
from tui_nn.app.widgets.network import NetworkPanel
from tui_nn.app.widgets.predict import PredictPanel
from tui_nn.app.widgets.status import StatusLine
from tui_nn.app.widgets.sweep import SweepPanel
from tui_nn.app.widgets.too_small import TooSmall
from tui_nn.app.widgets.weights import WeightsPanel
from tui_nn.run.config import RunConfig, resized
from tui_nn.run.controller import Snapshot, next_preset_config
from tui_nn.run.pace import MAX, Pace
from tui_nn.worker.client import WorkerClient
from tui_nn.worker.protocol import Reply, failure_reason

TITLES = {f"#{n}": n.title() for n in ("controls", "dataset", "predict", "weights")} | {"#plot": "Error"}


class TrainerApp(BaseApp):
    """Train a tiny network live: step, run, change alpha and hidden size, watch; keep the run."""

    CSS_PATH = "app.tcss"
    TITLE = "tui_nn"
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (132, "-wide"), (200, "-widest")]
    BINDINGS = keys.BINDINGS
    snapshot = FirstSnapshot()  # the newest snapshot from the worker (its first: tui_nn.app.first)

    def __init__(
        self,
        config: RunConfig,
        *,
        worker_mode: str = "process",
        redraw_hz: float = 15.0,
        saved: dict | None = None,
        session_path: str | None = None,
        save_at_exit: str | None = None,
        pace: Pace = MAX,
    ):
        """``saved`` continues a loaded session (its ``Learner.state()``); ``save_at_exit``: --save;
        ``pace``: how fast ``r`` runs (the command line's default is auto; tests: full speed)."""
        super().__init__()
        use_ascii(self)  # TERM=linux (or TUI_NN_ASCII=1): ASCII borders and glyphs (tui_nn.app.glyphs)
        self.config = config
        self.client = WorkerClient(config, mode=worker_mode, saved=saved)
        self.client.start()  # it builds the run while Textual starts: its first snapshot, the first frame's
        self.redraw = Redraw(self)
        self.changes = ConfigChanges(self)
        self.views = ViewSwitch(self)
        self.sessions = SessionController(self, session_path, save_at_exit)
        self.playback = Playback(self, pace)
        self.recovery = Recovery(self)
        self.redraw_hz = redraw_hz
        self.sent = 0  # id of the last command sent
        self.show_counts = False  # the weights panel shows direction-change counts
        self._trace = KeyTrace.from_environment()  # TUI_NN_TRACE=path: benchmarks/pty_app.py reads it

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="side"):
                yield Controls(self.config, id="controls")
                yield DatasetPanel(id="dataset")
                yield WeightsPanel(id="weights")
            with Vertical(id="right"):
                yield ErrorPlot(id="plot")
                yield CurveReading(id="reading")
                yield ExplainPanel(id="explain")
                yield LandscapePanel(id="landscape")
                yield BoundaryPanel(id="boundary")
                yield SweepPanel(id="sweep")
                yield NetworkPanel(id="network")
                yield ConfusionPanel(id="confusion")
                yield PredictPanel(self.config, id="predict")
        yield StatusLine(id="status")
        yield KeysFooter(compact=True)
        yield TooSmall(id="too-small")

    async def on_mount(self) -> None:
        for panel, title in TITLES.items():
            self.query_one(panel).border_title = title
        self.query_one(Controls).show(self.config)
        self.playback.start()
        self.relay()
        self.set_interval(1 / self.redraw_hz, self.redraw.tick)
        await self.draw()
        if not self.is_headless:  # (tests run many apps in one process: nothing frozen there)
            self.call_after_refresh(freeze_start_up)

    def on_key(self, event: events.Key) -> None:
        self._trace.key(event.key)

    @work(thread=True, exclusive=True, group="relay", exit_on_error=False)
    def relay(self) -> None:
        """The worker: relay the child's snapshots into the app's message queue (thread: it blocks)."""
        worker, last = get_current_worker(), self.snapshot  # the first one is taken before this polls
        while not worker.is_cancelled:
            every = self.redraw.slow(last)  # (from the last one relayed: the UI may be behind)
            item = self.client.poll(0.05, every)
            if (reason := failure_reason(item)) is not None:
                self.post_message(WorkerFailed(reason))
                return
            if isinstance(item, Reply):
                self.post_message(WorkerReplied(item))
            elif isinstance(item, Snapshot):
                self.post_message(SnapshotReady(item, every))
                last = item

    async def on_snapshot_ready(self, message: SnapshotReady) -> None:
        answered = message.snapshot.ack != self.snapshot.ack
        self.snapshot = message.snapshot
        self.redraw.dirty = True
        self.changes.follow(message.snapshot, self.sent)
        if answered or message.every or self.snapshot.state != "running":
            await self.draw()

    def on_dataset_panel_window_wanted(self, message: DatasetPanel.WindowWanted) -> None:
        self.send("rows", message.start)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        self.recovery.worker_gone(message.reason)
        self.sessions.worker_gone()  # saves the worker did not answer are written here

    def on_worker_replied(self, message: WorkerReplied) -> None:
        self.sessions.replied(message.reply)

    async def draw(self) -> None:
        """Redraw every panel that is due now (all of them when the run is not running)."""
        await self.redraw.draw()

    def send(self, command: str, argument: object = None) -> int:
        """Send a command to the worker; its id (the snapshot that answers it has that ``ack``)."""
        self.sent = self.client.send(command, argument)
        if self.recovery.stopped:
            self.say(STOPPED_LINE)
        return self.sent

    def say(self, message: str) -> None:
        """Show ``message`` on the status line (until another; "" brings the view's hint back)."""
        self.redraw.say(message)

    async def until_answered(self, timeout: float = 10.0) -> Snapshot:
        """Wait until the shown snapshot answers every command sent (tests, screenshots)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while self.snapshot.ack < self.sent:
            if loop.time() > end:
                raise TimeoutError(f"no answer to command {self.sent} (have {self.snapshot!r})")
            await asyncio.sleep(0.005)
        return self.snapshot

    def on_controls_edited(self, message: Controls.Edited) -> None:
        self.changes.edited(message)

    # -- actions (keys, palette and help all land here) ----------------------
    def action_step(self) -> None:
        self.send("step", 1)

    def action_run(self) -> None:
        self.recovery.restart() if self.recovery.stopped else self.send("toggle")

    def action_alpha(self, factor: float) -> None:
        self.changes.apply("alpha", alpha=float(f"{self.config.alpha * factor:.12g}"))  # 0.1*10 shows as 1

    def action_hidden(self, delta: int) -> None:
        self.changes.apply("hidden", hidden=resized(self.config, delta))

    def action_reset(self) -> None:
        self.send("reset")

    def action_new_seed(self) -> None:
        self.changes.apply("seed", seed=(self.config.seed + 1) % 2**32)

    def action_next_preset(self) -> None:
        self.changes.switch(next_preset_config(self.config))

    def action_undo(self) -> None:
        self.send("undo")  # the worker swaps the runs; the app takes its config (ConfigChanges.follow)

    async def action_log(self, axis: str) -> None:
        """Toggle a log scale on the curve's ``axis`` ("x" or "y")."""
        plot = self.query_one(ErrorPlot)
        setattr(plot, f"log_{axis}", not getattr(plot, f"log_{axis}"))
        await self.draw()

    def action_pace(self, direction: int) -> None:
        self.playback.change_pace(direction)

    def action_timeline(self, where: str) -> None:
        self.playback.move(where)

    async def action_directions(self) -> None:
        self.show_counts = not self.show_counts
        await self.draw()

    async def action_row(self, delta: int) -> None:
        await self.views.move_row(delta, len(self.snapshot.x))

    async def action_view(self, view: str) -> None:
        """Show ``view`` (explain, landscape, boundary, ...) instead of the error curve; again: back."""
        self.views.toggle(view)
        await self.draw()

    def action_map_next(self, axis: int, step: int = 1) -> None:
        self.query_one(LandscapePanel).cycle(axis, step)

    def action_map_weights(self) -> None:
        self.query_one("#landscape-pair").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.views.allows(action, parameters, self.snapshot)

    def action_why(self, view: str) -> None:
        self.say(self.views.why(view, self.snapshot))  # b or c where the view has nothing to draw

    def action_settings(self) -> None:
        self.changes.open_settings()

    def action_open_csv(self) -> None:
        self.changes.open_csv()  # pick a CSV file and train the custom network (or the default one) on it

    def action_predict(self) -> None:
        self.query_one(PredictPanel).focus_input()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(keys.key_table()))

    def action_leave_field(self) -> None:
        self.screen.set_focus(None)

    def action_save_session(self) -> None:
        self.sessions.ask_save()

    def action_load_session(self) -> None:
        self.sessions.ask_load()

    def action_screenshot_svg(self) -> None:
        self.sessions.screenshot()

    async def action_quit(self) -> None:
        self.sessions.save_on_quit()
        self.client.send("quit")  # the child stops while Textual shuts down; on_unmount reaps it
        self.exit(0)

    def crashed(self, error: BaseException) -> None:
        self.sessions.save_on_quit()  # an exception escaped: --save as at quit (on_unmount waits for it)
        self.client.send("quit")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from keys.palette_commands(self.run_action)
        yield from (c for c in super().get_system_commands(screen) if c.title not in keys.OURS)

    def on_unmount(self) -> None:
        self.client.close(timeout=self.sessions.quit_wait())  # saves in flight finish first
        self._trace.close()
