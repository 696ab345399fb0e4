"""The status line: iteration, error, speed and state, always one line."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_nn.trainer import STATES, Snapshot

# A symbol per state keeps it readable without colour (NO_COLOR).
SYMBOLS = {"paused": "||", "running": ">>", "done": "[]", "diverged": "!!"}


def rate_text(rate: float | None) -> str:
    return "- it/s" if rate is None else f"{rate:,.0f} it/s"


def error_text(error: float | None, metric: str) -> str:
    return f"{metric.upper()} -" if error is None else f"{metric.upper()} {error:.6g}"


class StatusLine(Static):
    """``iteration N/T  MAE e  r it/s  state``; the state is also a CSS class (-running...)."""

    def show(self, snapshot: Snapshot, message: str = "") -> None:
        state = snapshot.state
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{SYMBOLS[state]} {state}", style="bold")
        text.append(f"  iteration {snapshot.iteration:,}", style="bold")
        text.append(f"/{snapshot.target:,}")
        text.append(f"  {error_text(snapshot.error, snapshot.metric)}")
        text.append(f"  {rate_text(snapshot.rate)}")
        note = message or snapshot.note
        if note:
            text.append(f"  {note}", style="italic")
        self.update(text)
        for name in STATES:
            self.set_class(name == state, f"-{name}")
