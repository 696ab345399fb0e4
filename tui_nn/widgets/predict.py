"""The predict panel: type an input vector, read the output of the current weights.

The panel only collects text and shows what the app computed: it posts
``PredictPanel.Edited``; the app validates, runs the forward pass on the
snapshot's weights (``tui_nn.query``) and calls ``show``. A bad vector gets a
one-line message under the field and nothing else changes.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label

from tui_nn.widgets.controls import APP_KEYS
from tui_nn.widgets.dataset import SHOWN_SCALE, number

# A vector may be typed with spaces, so space stays text here (it steps elsewhere).
PASS_KEYS = APP_KEYS - {" "}


def vector_text(values: object) -> str:
    return ",".join(f"{v:g}" for v in np.asarray(values, dtype=np.float64).ravel())


def result_text(output: np.ndarray, hidden: np.ndarray | None, scale: float) -> Text:
    """``hidden 16 0  output 32``; a scaled output also shows the scale and the rounded value."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if hidden is not None:
        text.append("hidden ", style="dim")
        text.append(" ".join(f"{v:g}" for v in hidden) + "  ")
    text.append("output ", style="dim")
    out = float(np.asarray(output).ravel()[0])
    if scale != 1.0:
        shown = out * scale
        text.append(f"{number(shown)}", style="bold")
        rounded = f"{round(shown):d}" if np.isfinite(shown) else "?"
        text.append(f" (x{scale:g}, rounds to {rounded})", style="dim")
    else:
        text.append(number(out) if hidden is None else f"{out:g}", style="bold")
    return text


class QueryInput(Input):
    """The vector field; the app's letter keys still act from inside it."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character not in PASS_KEYS and super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in PASS_KEYS:
            event.prevent_default()
            event.stop()
            self.post_message(PredictPanel.Edited(self.value, then=event.key))
            self.screen.set_focus(None)


class PredictPanel(Vertical):
    """An input field, the result line under it, and an error line when the input is bad."""

    class Edited(Message):
        """The user submitted ``text`` as the input vector (``then``: an app key to act on after)."""

        def __init__(self, text: str, then: str | None = None) -> None:
            super().__init__()
            self.text = text
            self.then = then

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("input", classes="field-label")
            yield QueryInput("", compact=True, id="query", select_on_focus=True)
        yield Label("", id="query-result")
        yield Label("", id="query-error", classes="field-error")

    def show(self, vector: object, result: tuple[np.ndarray, np.ndarray | None] | None, preset: str) -> None:
        """Show ``vector`` and its (output, hidden) as the app computed them (None: nothing yet)."""
        box = self.query_one("#query", Input)
        if not box.has_focus:
            box.value = "" if vector is None else vector_text(vector)
        if result is None:
            shown = Text("type an input vector, e.g. 1,0,1", style="dim")
        else:
            shown = result_text(*result, SHOWN_SCALE.get(preset, 1.0))
        self.query_one("#query-result", Label).update(shown)

    def show_error(self, message: str) -> None:
        label = self.query_one("#query-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Edited(event.value))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.post_message(self.Edited(event.value))
