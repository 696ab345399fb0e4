"""The settings screen: every option of a custom run as a field, checked by ``tui_nn.run.config``.

The screen only collects text and choices. Apply (enter in a field, or the
button) checks them all with the same validator the command line uses and
loads the data; the first bad value gets its message next to its field and
shows the applied value again, selected and focused so typing replaces it, and
the screen stays open. A good set closes the screen with the new config (the
app re-initialises from its seed, unless only alpha or the target changed).
An output and loss the data settled (softmax and ce for iris) go back to auto
when the data changes and they were left as shown, so they follow the new data.
Messages are shown as text, never as markup (they quote the user's cells).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from tui_nn.app.plain import PlainLabel
from tui_nn.app.widgets.controls import Choice, Field
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.core.spec import ACTIVATIONS, INITS, OPTIMIZERS, SCHEDULES
from tui_nn.core.validation import Invalid
from tui_nn.data.classes import TASKS
from tui_nn.data.scaling import CHOICES as STANDARDIZE
from tui_nn.run.build import ready
from tui_nn.run.config import DATASETS, FILES, LOSSES, OUTPUTS, RunConfig, make_config

# (field, choices or None for a typed field, a hint), in the order a learner decides them.
FIELDS: list[tuple[str, tuple[str, ...] | None, str]] = [
    ("dataset", DATASETS, "a generated 2-D set, iris, cars, or csv"),
    ("data", None, "CSV path (f or Browse picks one)"),
    ("target", None, "CSV column to learn (default: the last)"),
    ("features", None, "inputs: columns (2-5,name) or x1^2,x1*x2,sin(x1)..."),
    ("task", TASKS, "auto: text or 0/1 targets are classes"),
    ("standardize", STANDARDIZE, "standardize inputs (auto: a file's, when off-scale)"),
    ("points", None, "points generated, 4..100000"),
    ("noise", None, "jitter of generated points, 0..1"),
    ("test", None, "fraction held out, [0, 1); blank: a file's default"),
    ("layers", None, "hidden layer sizes, e.g. 8,8; none"),
    ("activation", None, f"{'|'.join(ACTIVATIONS)}, or one per layer: tanh,relu"),
    ("output", OUTPUTS, "auto: by the task"),
    ("bias", ("off", "on"), "bias units"),
    ("init", INITS, "initial weights"),
    ("loss", LOSSES, "what the gradient descends"),
    ("error", ("mse", "mae"), "what the curve and status show"),
    ("optimizer", OPTIMIZERS, ""),
    ("momentum", None, "[0, 1), for momentum and nesterov"),
    ("batch", None, "full, online or a mini-batch size"),
    ("l1", None, "L1 regularisation rate"),
    ("l2", None, "L2 regularisation rate"),
    ("dropout", None, "hidden units dropped while training, [0, 1)"),
    ("schedule", SCHEDULES, "learning-rate schedule"),
    ("decay", None, "schedule factor"),
    ("period", None, "schedule period in iterations"),
    ("seed", None, "0..2**32-1"),
    ("alpha", None, "learning rate > 0"),
    ("iterations", None, "the target"),
]


def field_text(config: RunConfig, field: str) -> str:
    value = getattr(config, field)
    if field == "layers":
        return ",".join(str(size) for size in config.layers) or "none"
    if field == "bias":
        return "on" if value else "off"
    if value is None:
        return ""
    return f"{value:.12g}" if isinstance(value, float) else str(value)


LABELS = {"standardize": "scale"}  # a name too long for the label column

# Fields that choose the data; when one changes, what the old data settled goes back to auto.
DATA_FIELDS = ("dataset", "data", "target", "features", "task")
SETTLED = {"output": "auto", "loss": "auto", "test": ""}


def follow_the_data(values: dict[str, str], shown: dict[str, str]) -> dict[str, str]:
    """``values`` with the output, loss and test fraction the old data settled put back to auto
    when the data changes and they were left as shown (an explicit change stays)."""
    if all(values[f] == shown[f] for f in DATA_FIELDS):
        return values
    values = dict(values)
    for field, auto in SETTLED.items():
        if values[field] == shown[field] and (field != "test" or values["dataset"] in FILES):
            values[field] = auto
    if values["dataset"] != shown["dataset"]:
        if values["target"] == shown["target"]:
            values["target"] = ""  # another file's column
        if values["features"] == shown["features"] and (values["dataset"] in FILES) != (
            shown["dataset"] in FILES
        ):
            values["features"] = ""  # columns of a file, or features of the plane: not both
    return values


def csv_problem(path: str) -> str | None:
    """Why ``path`` cannot be trained on (the loader's message), or None."""
    try:
        ready(make_config(preset="custom", data=path))
    except Invalid as exc:
        return str(exc)
    return None


class SettingsScreen(ModalScreen[RunConfig | None]):
    """All options of a custom run; escape closes without changing anything."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "browse", "Browse CSV"),
    ]

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box") as box:
            box.border_title = "Settings: a custom network"
            box.border_subtitle = "enter applies (re-initialises from the seed), escape cancels"
            with VerticalScroll(id="settings-fields"):
                for field, choices, hint in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(LABELS.get(field, field), classes="field-label")
                        value = field_text(self.config, field)
                        if choices is None:
                            yield Field(value, compact=True, id=f"set-{field}")
                        else:
                            options = [(c, c) for c in choices]
                            yield Choice(
                                options, value=value, allow_blank=False, compact=True, id=f"set-{field}"
                            )
                        yield Label(hint, classes="field-hint")
                    yield PlainLabel(id=f"set-{field}-error", classes="field-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Apply", id="settings-apply", variant="primary", compact=True)
                yield Button("Browse CSV", id="settings-browse", compact=True)
                yield Button("Cancel", id="settings-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#set-layers", Input).focus()

    def values(self) -> dict[str, str]:
        result = {}
        for field, choices, _ in FIELDS:
            if choices:
                result[field] = str(self.query_one(f"#set-{field}", Select).value)
            else:
                result[field] = self.query_one(f"#set-{field}", Input).value.strip()
        return result

    def show_error(self, field: str, message: str) -> None:
        label = self.query_one(f"#set-{field}-error", Label)
        label.update(Text(message))  # user text (cells, names) is data, never markup
        label.set_class(bool(message), "-shown")
        if message:
            self.query_one("#settings-fields").scroll_to_widget(label)

    def apply(self) -> None:
        """Check everything; close with the new config, or mark the bad field and stay."""
        for field, _, _ in FIELDS:
            self.show_error(field, "")
        values = follow_the_data(self.values(), {f: field_text(self.config, f) for f, _, _ in FIELDS})
        if values["dataset"] != "csv":
            values["data"] = ""
        if values["dataset"] not in FILES:
            values["target"] = ""
        try:
            config, _ = ready(make_config(preset="custom", **values))
        except Invalid as exc:
            field = exc.field if exc.field in dict.fromkeys(f for f, _, _ in FIELDS) else "dataset"
            self.show_error(field, str(exc))
            widget = self.query_one(f"#set-{field}")
            if isinstance(widget, Field):
                widget.reject()  # the applied value again, selected: typing replaces it
            widget.focus()
            return
        self.dismiss(config)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "settings-apply":
            self.apply()
        elif event.button.id == "settings-browse":
            self.action_browse()
        else:
            self.dismiss(None)

    def action_browse(self) -> None:
        start = self.query_one("#set-data", Input).value.strip() or str(Path.cwd())
        self.app.push_screen(FilePicker(start, csv_problem), self.picked)

    def picked(self, path: str | None) -> None:
        if path:
            self.query_one("#set-data", Input).value = path
            self.query_one("#set-dataset", Select).value = "csv"
            self.query_one("#set-test", Input).value = ""  # the file's default
            self.show_error("data", "")

    def action_cancel(self) -> None:
        self.dismiss(None)
