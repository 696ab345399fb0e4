"""Messages from the training worker to the app (Textual side only)."""

from __future__ import annotations

from textual.message import Message

from tui_nn.run.controller import Snapshot
from tui_nn.worker.loop import Reply


class SnapshotReady(Message):
    """The worker published a snapshot. A burst collapses into the newest one.

    Snapshots supersede each other (the newest carries the highest ``ack``), so a
    pending one may be dropped for the one behind it when the UI falls behind;
    one sent with ``every`` (a slow pace: each iteration is drawn) is kept.
    """

    def __init__(self, snapshot: Snapshot, every: bool = False) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.every = every

    def can_replace(self, message: Message) -> bool:
        return not self.every and isinstance(message, SnapshotReady)


class WorkerFailed(Message):
    """The training process is gone (killed, stopped answering, or its loop failed): ``reason``
    says which in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class WorkerReplied(Message):
    """The worker answered a command that can fail (a save). Never merged: each is told."""

    def __init__(self, reply: Reply) -> None:
        super().__init__()
        self.reply = reply
