"""The predict panel: type an input vector, read the output of the current weights.

The panel keeps the typed vector (checked by ``tui_nn.core.validation``); the forward
pass on the snapshot's weight copies is ``tui_nn.run.query.prediction`` (a typed row
goes through the data's features and standardization there), and a classifier's
answer is the class it picks and its probability (``query.predicted_class``). A bad
vector gets a one-line message under the field in place of the output (which
was the previous vector's), the field shows the vector in force again, selected,
so typing replaces it, and nothing else changes. The
forward-only preset (``relu-forward``) shows one field per input instead, so its
two inputs can be edited one at a time and the hidden values followed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from tui_nn.app.plain import PlainLabel
from tui_nn.app.widgets.classes import fit
from tui_nn.app.widgets.controls import APP_KEYS, EditField, Field
from tui_nn.app.widgets.dataset import number
from tui_nn.core.validation import Invalid, check_vector
from tui_nn.run.build import output_scale, query_of
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.run.presets import get_preset
from tui_nn.run.query import input_size, predicted_class, prediction

# A vector may be typed with spaces, so space stays text here (it steps elsewhere).
PASS_KEYS = APP_KEYS - {" "}


EXAMPLE = (0.5, -1.0, 1.0, 0.0)  # an example vector's numbers, repeated to the net's inputs


def vector_text(values: object) -> str:
    return ",".join(f"{v:g}" for v in np.asarray(values, dtype=np.float64).ravel())


def example_text(size: int) -> str:
    """An input vector to show as the example, with the net's ``size`` inputs (``0.5,-1`` for 2)."""
    if size > len(EXAMPLE):
        return f"{vector_text(EXAMPLE)},... ({size} numbers)"
    return vector_text(EXAMPLE[: max(size, 1)])


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


def class_text(name: str, chance: float, output: np.ndarray) -> Text:
    """``class versicolor  p 0.9300  outputs 0.02 0.93 0.05``: the class picked by name (plain text,
    cut to fit), its probability, then the output units it was picked from."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("class ", style="dim")
    text.append(fit(name, 24), style="bold")
    text.append("  p ", style="dim")
    text.append(number(chance), style="bold")
    units = np.asarray(output, dtype=np.float64).ravel()
    text.append("  output" + ("s " if len(units) > 1 else " "), style="dim")
    text.append(" ".join(f"{u:.2f}" if np.isfinite(u) else "nan" for u in units), style="dim")
    return text


class QueryInput(EditField):
    """The vector field; the app's letter keys still act from inside it."""

    passes = PASS_KEYS

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character not in self.passes and super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in self.passes:
            event.prevent_default()
            event.stop()
            self.screen.set_focus(None)  # leaving applies the field, then the key acts
            self.app.simulate_key(event.key)


class InputField(QueryInput):
    """One input of the forward-only preset: a single number, so space steps as elsewhere."""

    passes = APP_KEYS

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value, error="query-error", **kwargs)

    @property
    def index(self) -> int:
        """Which input this field holds (its id is ``input-<index>``)."""
        return int((self.id or "input-0").rsplit("-", 1)[1])


def per_input(config: RunConfig) -> bool:
    """The forward-only preset edits its inputs one field each (the rest type a vector)."""
    return not config.custom and not get_preset(config.preset).trainable


class PredictPanel(Vertical):
    """An input field, the result line under it, and an error line when the input is bad."""

    def __init__(self, config: RunConfig, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.config = config
        self.vector: Sequence[float] | None = query_of(config)  # None: nothing typed yet
        self._snapshot: Snapshot | None = None
        self._result: Text | None = None  # the result line shown

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field", id="query-row"):
            yield Label("input", classes="field-label")
            yield QueryInput("", compact=True, id="query", select_on_focus=True)
        with Horizontal(classes="field", id="input-fields"):
            yield Label("inputs", classes="field-label")
        yield PlainLabel(id="query-result")
        yield PlainLabel(id="query-error", classes="field-error")

    def on_mount(self) -> None:
        self._fit_fields()

    def reset(self, config: RunConfig) -> None:
        """A new preset: its own query (or nothing), no message."""
        self.config = config
        self.vector = query_of(config)
        self.show_error("")
        self._fit_fields()

    def _fit_fields(self) -> None:
        """One field per input for the forward-only preset; none otherwise."""
        count = input_size(self.config) if per_input(self.config) else 0
        self.set_class(count > 0, "-fields")
        row = self.query_one("#input-fields", Horizontal)
        if len(row.query(InputField)) == count:
            return
        row.remove_children([*row.query(InputField), *row.query(".input-name")])
        for i in range(count):
            row.mount(Label(f"x{i + 1}", classes="input-name"))
            row.mount(InputField("", compact=True, id=f"input-{i}", select_on_focus=True))

    def show(self, snapshot: Snapshot) -> None:
        """The vector and the output of ``snapshot``'s weights for it."""
        self._snapshot = snapshot
        typed = "" if self.vector is None else vector_text(self.vector)
        self._show_applied(self.query_one("#query", QueryInput), typed)
        if self.vector is not None:
            for field in self.query(InputField):
                if field.index < len(self.vector):
                    self._show_applied(field, f"{self.vector[field.index]:g}")
        result = prediction(snapshot.config, snapshot.weights, self.vector)
        if result is None:
            example = example_text(input_size(snapshot.config, snapshot.weights))
            shown = Text(f"type an input vector, e.g. {example}", style="dim")
        else:
            config, weights = snapshot.config, snapshot.weights
            named = predicted_class(config, weights, self.vector) if snapshot.classes else None
            shown = class_text(*named, result[0]) if named else result_text(*result, output_scale(config))
        if shown != self._result:  # an unchanged line is not laid out and drawn again
            self._result = shown
            self.query_one("#query-result", Label).update(shown)

    @staticmethod
    def _show_applied(box: Field, text: str) -> None:
        """The vector in force in ``box``; what the user is typing there stays until applied."""
        if box.has_focus:
            box.applied = text
        else:
            box.show_applied(text)

    def edited(self, text: str) -> bool:
        """Take a typed vector if it fits the preset; else say why and keep the old one."""
        box = self.query_one("#query", QueryInput)
        if text.strip() == box.applied:
            return True  # nothing new (a field left as it was keeps any message standing)
        try:
            if text.strip() or self.vector is not None:
                weights = None if self._snapshot is None else self._snapshot.weights
                self.vector = check_vector(text, input_size(self.config, weights))
        except Invalid as exc:
            self.show_error(str(exc))
            box.reject()
            return False
        self.show_error("")
        if self._snapshot is not None:
            self.show(self._snapshot)
        return True

    def focus_input(self) -> None:
        """Key i: the vector field, or the first input field of the forward-only preset."""
        fields = list(self.query(InputField))
        (fields[0] if fields and self.has_class("-fields") else self.query_one("#query", Input)).focus()

    def edited_input(self, index: int, text: str) -> bool:
        """Take one typed input of the forward-only preset; a bad number changes nothing."""
        size = input_size(self.config)
        vector = list(self.vector) if self.vector is not None else [0.0] * size
        if index >= len(vector) or text.strip() == f"{vector[index]:g}":
            return True  # nothing new (a field left as it was keeps any message standing)
        try:
            vector[index] = check_vector(text, 1)[0]
        except Invalid:
            self.show_error(f"x{index + 1} must be a finite number, got {text.strip()[:40]!r}")
            self.query_one(f"#input-{index}", InputField).reject()
            return False
        self.vector = vector
        self.show_error("")
        if self._snapshot is not None:
            self.show(self._snapshot)
        return True

    def show_error(self, message: str) -> None:
        """A message under the fields in place of the output (which answers the previous vector)."""
        label = self.query_one("#query-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")
        self.query_one("#query-result", Label).display = not message

    def on_field_message_cleared(self, event: Field.MessageCleared) -> None:
        """Another field's typing cleared the message: the output shows again."""
        event.stop()
        self.query_one("#query-result", Label).display = True

    def on_edit_field_cancelled(self, event: EditField.Cancelled) -> None:
        event.stop()
        self.show_error("")

    def _field_edited(self, box: Input, text: str) -> bool:
        if isinstance(box, InputField):
            return self.edited_input(box.index, text)
        return self.edited(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self._field_edited(event.input, event.value):
            return  # a refused value: the field stays, ready for a fresh entry
        if isinstance(event.input, InputField):  # enter moves on to the next input, then out
            fields = list(self.query(InputField))
            later = fields[fields.index(event.input) + 1 :]
            if later:
                later[0].focus()
            else:
                self.screen.set_focus(None)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self._field_edited(event.input, event.value)
