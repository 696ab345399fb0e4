"""The app's first snapshot: the training process's own, not a second run built in the app.

The worker's loop publishes a snapshot as soon as its run is built, and the app
starts it before Textual starts, so that snapshot is normally waiting when the
first frame is drawn. Building the run here as well would cost the app's
process the run's whole set-up (a big CSV read twice, the net initialised
twice) for nothing. Only a worker that fails before its first word, or takes
longer than ``WAIT_SECONDS``, makes the app build the run itself (what the
worker said is passed on as the relay would pass it, so nothing is lost).
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

from tui_nn.app.messages import WorkerFailed, WorkerReplied
from tui_nn.run.controller import RunController, Snapshot
from tui_nn.worker.client import WorkerClient
from tui_nn.worker.protocol import Reply, failure_reason

WAIT_SECONDS = 5.0


def freeze_start_up() -> None:
    """After the first frame: the objects of start-up (the imports', Textual's, the panels') live
    as long as the app, so they are frozen out of the collector and a full collection scans only
    what came after (90 -> 23 ms here: keys are not held that long). The command line turned
    collection off for the start-up, when nearly everything made lives on."""
    gc.freeze()
    gc.enable()


def first_snapshot(app: Any, client: WorkerClient) -> Snapshot:
    """The worker's first snapshot, waited for; a run built here when the worker cannot give one."""
    end = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < end:
        item = client.poll(max(0.0, end - time.monotonic()))
        if isinstance(item, Snapshot):
            return item
        if (reason := failure_reason(item)) is not None:
            app.post_message(WorkerFailed(reason))
            break
        if isinstance(item, Reply):
            app.post_message(WorkerReplied(item))
    config, saved = client.resume_point()
    return RunController(config, saved).snapshot()


class FirstSnapshot:
    """The app's ``snapshot`` attribute: until one is set, the worker's first (``first_snapshot``).

    Taken once, under a lock: the UI's first draw and the relay thread may both ask first, and a
    relay that read the first snapshot off the pipe would leave the other waiting for a second.
    """

    _lock = threading.Lock()

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, app: Any, owner: type | None = None) -> Snapshot:
        if app is None:
            return self  # type: ignore[return-value]
        snapshot = app.__dict__.get(self.slot)
        if snapshot is None:
            with self._lock:
                snapshot = app.__dict__.get(self.slot)
                if snapshot is None:
                    snapshot = app.__dict__[self.slot] = first_snapshot(app, app.client)
        return snapshot

    def __set__(self, app: Any, snapshot: Snapshot) -> None:
        app.__dict__[self.slot] = snapshot
