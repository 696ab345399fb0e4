"""A training process that died or stopped answering: say so, keep the run, restart it on ``r``.

The worker client finds it out within a second (``tui_nn.worker.client``: an
ended pipe, an ended process, or no heartbeat) and keeps the newest checkpoint
the loop sent. Here the app shows its last snapshot as ``stopped`` with one line
saying what to do, and ``restart`` starts a new worker from that checkpoint (a
loaded session restarts from the session instead). Saving needs no worker
meanwhile: ``tui_nn.app.sessions`` writes the checkpoint itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from tui_nn.app.changes import ConfigChanges
from tui_nn.app.host import Host
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.worker.client import WorkerClient

STOPPED_LINE = "training process stopped: r restarts from the last snapshot"


class RecoveryHost(Host, Protocol):
    """What ``Recovery`` uses of the app besides Textual's side."""

    config: RunConfig
    snapshot: Snapshot
    client: WorkerClient
    changes: ConfigChanges

    def say(self, message: str) -> None: ...

    def send(self, command: str, argument: object = None) -> int: ...

    def relay(self) -> object: ...


class Recovery:
    """The stopped state and the restart."""

    def __init__(self, app: RecoveryHost):
        self.app = app

    @property
    def stopped(self) -> bool:
        return self.app.client.stopped is not None

    def worker_gone(self, reason: str) -> None:
        """Show the last snapshot as stopped, say why in a toast and what to do on the status line."""
        app = self.app
        app.snapshot = replace(app.snapshot, state="stopped", rate=None, eta=None)
        app.notify(reason, title="Training stopped", severity="error", timeout=10)
        app.say(STOPPED_LINE)
        app.refresh_bindings()

    def restart(self, config: RunConfig | None = None, saved: dict | None = None, run: bool = True) -> None:
        """A new worker continuing the last checkpoint (or ``config`` and ``saved``: a loaded
        session); ``run``: and set it running, as ``r`` does."""
        app, old = self.app, self.app.client
        if config is None:
            config, saved = old.resume_point()
        old.close(timeout=0)
        app.client = WorkerClient(config, mode=old.mode, saved=saved, first_id=old.last_id)
        app.client.start()
        if config != app.config:
            app.changes.adopt(config)
        app.relay()
        iteration = int(saved["iteration"]) if saved else 0
        app.say(f"restarted the training process at iteration {iteration:,}")
        if run:
            app.send("run")
        app.refresh_bindings()
