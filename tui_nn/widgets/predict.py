"""The predict panel: type an input vector, read the output of the current weights.

The panel keeps the typed vector (checked by ``tui_nn.validation``); the forward
pass on the snapshot's weight copies is ``tui_nn.query.prediction``. A bad
vector gets a one-line message under the field and nothing else changes.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from tui_nn.presets import Config
from tui_nn.query import input_size, prediction, query_of
from tui_nn.trainer import Snapshot
from tui_nn.validation import Invalid, check_vector
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
            self.screen.set_focus(None)  # leaving applies the field, then the key acts
            self.app.simulate_key(event.key)


class PredictPanel(Vertical):
    """An input field, the result line under it, and an error line when the input is bad."""

    def __init__(self, config: Config, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.config = config
        self.vector = query_of(config)  # None: nothing typed yet
        self._snapshot: Snapshot | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("input", classes="field-label")
            yield QueryInput("", compact=True, id="query", select_on_focus=True)
        yield Label("", id="query-result")
        yield Label("", id="query-error", classes="field-error")

    def reset(self, config: Config) -> None:
        """A new preset: its own query (or nothing), no message."""
        self.config = config
        self.vector = query_of(config)
        self.show_error("")

    def show(self, snapshot: Snapshot) -> None:
        """The vector and the output of ``snapshot``'s weights for it."""
        self._snapshot = snapshot
        box = self.query_one("#query", Input)
        if not box.has_focus:
            box.value = "" if self.vector is None else vector_text(self.vector)
        result = prediction(snapshot.config, snapshot.weights, self.vector)
        if result is None:
            shown = Text("type an input vector, e.g. 1,0,1", style="dim")
        else:
            shown = result_text(*result, SHOWN_SCALE.get(snapshot.config.preset, 1.0))
        self.query_one("#query-result", Label).update(shown)

    def edited(self, text: str) -> None:
        """Take a typed vector if it fits the preset; else say why and keep the old one."""
        try:
            if text.strip() or self.vector is not None:
                self.vector = check_vector(text, input_size(self.config))
        except Invalid as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        if self._snapshot is not None:
            self.show(self._snapshot)

    def show_error(self, message: str) -> None:
        label = self.query_one("#query-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.edited(event.value)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.edited(event.value)
