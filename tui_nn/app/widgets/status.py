"""The status line: iteration, error, speed and state, always one line."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_nn.run.controller import STATES, Snapshot

# A symbol per state keeps it readable without colour (NO_COLOR).
SYMBOLS = {"paused": "||", "running": ">>", "done": "[]", "diverged": "!!"}


def rate_text(rate: float | None) -> str:
    return "- it/s" if rate is None else f"{rate:,.0f} it/s"


def error_text(error: float | None, metric: str) -> str:
    return f"{metric.upper()} -" if error is None else f"{metric.upper()} {error:.6g}"


def duration_text(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def progress_text(snapshot: Snapshot) -> str:
    """``37% ETA 1m05s`` toward the iteration target while running (the worker times the run)."""
    if snapshot.state != "running" or snapshot.target <= 0:
        return ""
    done = f"{100 * snapshot.iteration / snapshot.target:.0f}%"
    return done if snapshot.eta is None else f"{done} ETA {duration_text(snapshot.eta)}"


class StatusLine(Static):
    """``iteration N/T  MAE e  r it/s (pace)  37% ETA 1m05s``, or ``viewing iteration k of N`` on the
    timeline; the state is also a CSS class (-running...)."""

    def show(self, snapshot: Snapshot, message: str = "") -> None:
        state = snapshot.state
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{SYMBOLS[state]} {state}", style="bold")
        if snapshot.latest is not None:
            text.append(
                f"  viewing iteration {snapshot.iteration:,} of {snapshot.latest:,}", style="bold reverse"
            )
        else:
            text.append(f"  iteration {snapshot.iteration:,}", style="bold")
            text.append(f"/{snapshot.target:,}")
        text.append(f"  {error_text(snapshot.error, snapshot.metric)}")
        text.append(f"  {rate_text(snapshot.rate)}")
        if snapshot.pace:  # "(auto)", "(max)", "(pace 20)": N it/s is the measured rate's unit already
            text.append(
                f" ({snapshot.pace})" if snapshot.pace in ("auto", "max") else f" (pace {snapshot.pace[:-5]})"
            )
        progress = progress_text(snapshot)
        if progress:
            text.append(f"  {progress}", style="bold")
        note = message or snapshot.note
        if note:
            text.append(f"  {note}", style="italic")
        self.update(text)
        for name in STATES:
            self.set_class(name == state, f"-{name}")
