"""The pace of a run and the timeline's keys: what the app sends the worker, and what it says.

The worker paces the run and rebuilds past iterations (``tui_nn.worker.loop``,
``tui_nn.run.timeline``); here the keys become commands. Moves along the timeline
are sent as moves (``("by", -1)``), not as iterations, so keys pressed faster than
snapshots come back add up in the worker, where the run is.
"""

from __future__ import annotations

from typing import Protocol

from tui_nn.app.host import Host
from tui_nn.run.pace import AUTO, Pace
from tui_nn.run.snapshot import Snapshot

# timeline key -> the worker's move: ("by", iterations), ("by-share", share of the run), ("to", where)
MOVES: dict[str, tuple[str, object]] = {
    "back": ("by", -1),
    "forward": ("by", 1),
    "back-share": ("by-share", -0.1),
    "forward-share": ("by-share", 0.1),
    "first": ("to", "first"),
    "latest": ("to", "latest"),
}


class PlaybackHost(Host, Protocol):
    """What ``Playback`` uses of the app besides Textual's side."""

    snapshot: Snapshot

    def send(self, command: str, argument: object = None) -> int: ...

    def say(self, message: str) -> None: ...


class Playback:
    """The run's pace (sent to the worker) and the timeline's moves."""

    def __init__(self, app: PlaybackHost, pace: Pace) -> None:
        self.app = app
        self.pace = pace

    def start(self) -> None:
        """Tell a new worker the pace (commands are applied in order: before any run)."""
        self.app.send("pace", self.pace)

    def change_pace(self, direction: int) -> None:
        """-1 slower, +1 faster along the ladder, 0 auto; the run goes on from where it is."""
        snap = self.app.snapshot
        latest = snap.iteration if snap.latest is None else snap.latest
        if direction < 0:
            self.pace = self.pace.slower(latest, snap.target)
        elif direction > 0:
            self.pace = self.pace.faster(latest, snap.target)
        else:
            self.pace = AUTO
        self.app.send("pace", self.pace)
        self.app.say(f"pace {self.pace}  (< slower, > faster, a auto)")

    def move(self, where: str) -> None:
        """Move the timeline (a run pauses where it has got to); at either end, say so instead."""
        snap = self.app.snapshot
        latest = snap.iteration if snap.latest is None else snap.latest
        back = where in ("back", "back-share", "first")
        if snap.state != "running":
            if back and snap.iteration <= snap.first:
                self.app.say(f"iteration {snap.first:,} is the first the timeline holds")
                return
            if not back and snap.iteration >= latest:
                self.app.say("this is the latest iteration: space or r trains on")
                return
        self.app.say("")
        self.app.send("view", MOVES[where])
