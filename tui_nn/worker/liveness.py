"""Is the training process still there? The client's judgement of a silent child.

The child's heartbeat comes ten times a second. Silence for ``STALL_SECONDS``
means stopped (``kill -STOP``) or stuck, with three exceptions: before its first
word it has ``START_SECONDS`` (a spawned child imports numpy first); a wait of
this side that overslept (a loaded machine starved the thread reading the pipe)
excuses the silence so far, though never more than ``MAX_EXCUSED`` in all; and a
child whose CPU time still moves is busy, not stopped (one step of a big net can
hold its interpreter from the heartbeat). The CPU time is read from ``/proc``
where there is one. No Textual here.
"""

from __future__ import annotations

import time

from tui_nn.worker.children import cpu_time
from tui_nn.worker.frames import Frames

STALL_SECONDS = 0.8  # no word from the child this long (eight heartbeats): it is stopped or stuck
START_SECONDS = 15.0  # ... or this long before its first word (a spawned child imports numpy first)
MAX_EXCUSED = 5.0  # silence excused while this side was starved (a loaded machine): never more


class Liveness:
    """When the child last spoke, and whether its silence now means it is gone."""

    def __init__(self) -> None:
        self.heard = time.monotonic()  # when the loop last said anything
        self.excused = self.heard  # silence counts from here (later than heard after a starved wait)
        self.cpu: int | None = None  # the child's CPU time when a silence began (None: not silent)
        self.patience = START_SECONDS  # silence that means stopped: STALL_SECONDS once it has spoken

    def spoke(self) -> None:
        """A word came from the child."""
        self.heard = self.excused = time.monotonic()
        self.cpu, self.patience = None, STALL_SECONDS

    def waited(self, started: float, wait: float) -> None:
        """A wait of ``wait`` seconds that began at ``started`` ended now: if it overslept, this
        side was not running, and the silence so far proves nothing."""
        if time.monotonic() - started > wait + STALL_SECONDS / 2:
            self.excused = time.monotonic()

    def silent(self, pid: int | None, frames: Frames | None = None) -> bool:
        """Silent too long: ``patience`` since the last word (or the last bytes of one still coming,
        in ``frames``) or the last starved wait (never more than ``MAX_EXCUSED`` beyond it in all),
        and the CPU time of ``pid`` has not moved."""
        now = time.monotonic()
        if frames is not None and frames.arrived > self.heard:
            self.heard = self.excused = frames.arrived  # part of a big message: it is talking
        quiet = now - self.excused
        if quiet > self.patience / 2 and self.cpu is None:
            self.cpu = cpu_time(pid)  # what it has used so far: the next check compares
        if quiet <= self.patience and now - self.heard <= self.patience + MAX_EXCUSED:
            return False
        used = cpu_time(pid)
        if used is not None and self.cpu is not None and used > self.cpu:
            self.cpu, self.excused, self.heard = used, now, now  # busy
            return False
        return True
