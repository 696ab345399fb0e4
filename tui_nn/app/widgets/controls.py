"""The controls panel: preset, alpha, hidden size, seed and iteration target.

The panel only collects text: it posts ``Controls.Edited`` and the app validates.
A rejected value gets its message under the field and the field shows the old
value again, selected, so what is typed next replaces it; nothing reaches the
training. Escape in a field cancels the edit.

``Field`` and ``EditField`` are the typed fields of the whole app (the panels'
and the dialogs'): they remember the applied text, select it after a rejection
and clear the other fields' messages once typed in. ``Choice`` is its drop-down.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from tui_nn.app.glyphs import ascii_only
from tui_nn.app.plain import PlainLabel
from tui_nn.run.config import RunConfig
from tui_nn.run.presets import PRESETS

FIELDS = ("alpha", "hidden", "seed", "iterations")
# The app's keys that no number contains: typed in a field they still act (the
# field is left first, and what it holds is applied as on enter).
APP_KEYS = frozenset("qrspld?[] ")


def field_value(config: RunConfig, field: str) -> str:
    value = getattr(config, field)
    if value is None:
        return "-"
    return f"{value:g}" if field == "alpha" else str(value)


class Field(Input):
    """A typed field with a message line (``error``: the id of its ``.field-error`` label).

    ``applied`` is the text in force (what the owner last showed): after a rejected
    value ``reject`` puts it back selected, so the next key replaces it instead of
    being appended to it. Typing in a field clears every other field's message on
    the screen: those were about earlier edits, which the fields no longer hold.
    """

    class MessageCleared(Message):
        """Posted to a message label another field's typing cleared (it bubbles to the label's panel)."""

    def __init__(self, value: str = "", *, error: str | None = None, **kwargs) -> None:
        super().__init__(value, **kwargs)
        self.applied = value
        self.error_id = error or f"{self.id}-error"

    def show_applied(self, text: str) -> None:
        """Show ``text`` as the value in force (escape and ``reject`` bring it back)."""
        self.applied = text
        self.value = text

    def reject(self) -> None:
        """A refused value: the applied text again, all selected, so typing starts afresh."""
        self.value = self.applied
        self.select_all()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.has_focus:  # typed (or put back) here: the other fields' messages are stale
            for label in self.screen.query(".field-error.-shown"):
                if label.id != self.error_id and isinstance(label, Label):
                    label.update("")
                    label.remove_class("-shown")
                    label.post_message(self.MessageCleared())


class EditField(Field):
    """A field of the main screen: escape cancels the edit (the applied text comes back, unapplied)."""

    BINDINGS = [Binding("escape", "cancel_edit", "Cancel the edit", show=False)]

    class Cancelled(Message):
        """Escape in ``input``: its owner clears the field's message."""

        def __init__(self, field: EditField) -> None:
            super().__init__()
            self.input = field

    def action_cancel_edit(self) -> None:
        self.value = self.applied  # so leaving the field (blur applies) changes nothing
        self.post_message(self.Cancelled(self))
        self.screen.set_focus(None)


class FieldInput(EditField):
    """A field of the controls panel: numbers, so the app's letter keys pass through."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character not in APP_KEYS and super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in APP_KEYS:
            event.prevent_default()
            event.stop()
            # Apply the field first, then the key (the app presses it after applying).
            self.post_message(Controls.Edited(self.id or "", self.value, then=event.key))
            self.screen.set_focus(None)


class Choice(Select[str]):
    """The app's drop-down: a ``Select`` whose arrow is ``v`` (``^`` open) where the font has only
    ASCII (Textual draws ``▼ ▲``)."""

    def on_mount(self) -> None:
        if ascii_only():
            self.query_one(".down-arrow", Static).update("v")
            self.query_one(".up-arrow", Static).update("^")


class Controls(Vertical):
    """Labelled inputs with an error line under each."""

    class Edited(Message):
        """The user submitted ``text`` for ``field`` (one of FIELDS, or 'preset').

        ``then`` is an app key pressed in the field, to act on once the field is applied.
        """

        def __init__(self, field: str, text: str, then: str | None = None) -> None:
            super().__init__()
            self.field = field
            self.text = text
            self.then = then

    def __init__(self, config: RunConfig, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._initial = config

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("preset", classes="field-label")
            yield Choice(
                [(name, name) for name in PRESETS] + [("custom (o: settings)", "custom")],
                value=self._initial.preset,
                allow_blank=False,
                compact=True,
                id="preset",
            )
        yield PlainLabel(id="preset-error", classes="field-error")
        for field in FIELDS:
            with Horizontal(classes="field"):
                yield Label(field, classes="field-label", id=f"{field}-label")
                value = field_value(self._initial, field)
                yield FieldInput(value, compact=True, id=field, select_on_focus=True)
            yield PlainLabel(id=f"{field}-error", classes="field-error")

    def show(self, config: RunConfig) -> None:
        """Put the applied config into the fields (hidden greys out without a hidden layer)."""
        select = self.query_one("#preset", Select)
        if select.value != config.preset:
            with select.prevent(Select.Changed):
                select.value = config.preset
        for field in FIELDS:
            box = self.query_one(f"#{field}", FieldInput)
            box.show_applied(field_value(config, field))
            if field == "hidden":
                box.disabled = config.hidden is None
                label = "layers" if config.custom else "hidden"  # '8,8' for a custom net
                self.query_one("#hidden-label", Label).update(label)

    def show_error(self, field: str, message: str) -> None:
        label = self.query_one(f"#{field}-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")

    def reject(self, field: str, message: str) -> None:
        """A refused value for ``field``: its message, and the field ready for a fresh entry."""
        self.show_error(field, message)
        if field in FIELDS:
            self.query_one(f"#{field}", FieldInput).reject()

    def clear_errors(self) -> None:
        for field in ("preset", *FIELDS):
            self.show_error(field, "")

    def on_edit_field_cancelled(self, event: EditField.Cancelled) -> None:
        event.stop()
        self.show_error(event.input.id or "", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Edited(event.input.id or "", event.value))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field applies what it holds, as enter does (unchanged: nothing happens)."""
        event.stop()
        self.post_message(self.Edited(event.input.id or "", event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Edited("preset", str(event.value)))
