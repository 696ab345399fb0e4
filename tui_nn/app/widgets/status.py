"""The status line: iteration, error (and a classifier's accuracy), speed and state, always one line."""

from __future__ import annotations

from rich.text import Text

from tui_nn.app.glyphs import prose
from tui_nn.app.widgets.classes import accuracy_text
from tui_nn.app.widgets.line import Line
from tui_nn.run.controller import STATES, Snapshot

# A symbol per state keeps it readable without colour (NO_COLOR).
SYMBOLS = {"paused": "||", "running": ">>", "done": "[]", "diverged": "!!", "stopped": "xx"}


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


# What goes when the line is too long, first to last: the hint, the pace, the rate, the target,
# the error, a classifier's accuracy (both shown under the curve too). The state, the iteration, the
# progress with its ETA and a message stay; a message longer than what is left is cut at the end.
DROP_ORDER = ("hint", "pace", "rate", "target", "error", "accuracy")


class StatusLine(Line):
    """``iteration N/T  MAE e  acc 96.7% (test 93.3%)  r it/s (pace)  37% ETA 1m05s`` (the accuracy for
    classification runs), or ``viewing iteration k of N`` on the
    timeline; the state is also a CSS class (-running...). Parts the width cannot hold are left out,
    least needed first (``DROP_ORDER``), and the line is redone on a resize."""

    _shown: tuple = ()

    def show(self, snapshot: Snapshot, message: str = "", hint: str = "") -> None:
        """``message`` (or the snapshot's note) outranks ``hint``, which goes first when room runs out."""
        self._shown = (snapshot, message, hint)
        parts = self.parts(snapshot, message, hint)
        room = self.content_region.width or self.app.size.width - 2
        for name in DROP_ORDER:
            if sum(len(text) for _, text, _ in parts) <= room:
                break
            parts = [part for part in parts if part[0] != name]
        text = Text(no_wrap=True, overflow="ellipsis")
        for _, words, style in parts:
            text.append(words, style=style)
        self.show_line(text)
        state = snapshot.state
        for name in STATES:
            self.set_class(name == state, f"-{name}")

    def on_resize(self) -> None:
        if self._shown:
            self.show(*self._shown)

    @staticmethod
    def parts(snapshot: Snapshot, message: str, hint: str) -> list[tuple[str, str, str]]:
        """(name, text, style) of each part, in the order shown."""
        state = snapshot.state
        parts = [("state", f"{SYMBOLS[state]} {state}", "bold")]
        if snapshot.latest is not None:
            viewing = f"  viewing iteration {snapshot.iteration:,} of {snapshot.latest:,}"
            parts.append(("iteration", viewing, "bold reverse"))
        else:
            parts.append(("iteration", f"  iteration {snapshot.iteration:,}", "bold"))
            parts.append(("target", f"/{snapshot.target:,}", ""))
        parts.append(("error", f"  {error_text(snapshot.error, snapshot.metric)}", ""))
        accuracy = accuracy_text(snapshot)
        if accuracy:
            parts.append(("accuracy", f"  {accuracy}", ""))
        parts.append(("rate", f"  {rate_text(snapshot.rate)}", ""))
        if snapshot.pace:  # "(auto)", "(max)", "(pace 20)": N it/s is the measured rate's unit already
            pace = (
                f" ({snapshot.pace})" if snapshot.pace in ("auto", "max") else f" (pace {snapshot.pace[:-5]})"
            )
            parts.append(("pace", pace, ""))
        progress = progress_text(snapshot)
        if progress:
            parts.append(("progress", f"  {progress}", "bold"))
        note = message or snapshot.note
        if note:
            parts.append(("message", f"  {note}", "italic"))
        elif hint:
            parts.append(("hint", f"  {hint}", "italic"))
        return [(name, prose(text), style) for name, text, style in parts]  # arrows as ASCII if need be
