"""The ``?`` help screen: every key, and what the fields take.

The screen's scroll box has the focus from the start, so the arrows, PgUp/PgDn,
Home and End scroll it at once (its subtitle says so)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_nn.app.glyphs import prose

FIELDS = (
    "Fields (tab moves between them, enter applies, escape cancels the edit and leaves):",
    "  alpha       learning rate, a finite number > 0; takes effect next iteration, no reset",
    "  hidden      hidden layer size 1..4096; re-initialises from the seed",
    "  seed        0..2**32-1; re-initialises",
    "  iterations  the target; the run stops there (done)",
    "  preset      the tutorial example; re-initialises with its defaults",
    "  input       predict: a vector such as 1,0,1 (relu-forward: one number per field)",
    "  weights     landscape: two weights and a span, e.g. synapse_0[2,0] synapse_1[1,0] 3",
    "A bad value shows a message under its field and changes nothing; the field shows the value",
    "in force again, selected, so what you type next replaces it.",
    "Custom runs: o opens the settings (every option, checked as on the command line),",
    "f picks a CSV file, b shows the decision boundary of 2-input data.",
)


class HelpScreen(ModalScreen[None]):
    """A table of the app's keys, built from its bindings."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, padding=(0, 2), show_header=True)
        table.add_column("key", style="bold")
        table.add_column("action")
        for key, description in self.keys:
            table.add_row(key, description)
        with VerticalScroll(id="help-box") as box:
            box.border_title = "tui_nn keys"
            box.border_subtitle = prose("↑↓ PgUp PgDn Home End scroll · escape closes")
            yield Static(table)
            yield Static("\n".join(FIELDS), id="help-fields")

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()  # the keys scroll it without a tab first
