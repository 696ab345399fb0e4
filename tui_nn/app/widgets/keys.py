"""The app's keys in one table (footer, help screen and command palette read it),
and the footer that shows them: on a narrow screen it wraps onto two rows."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.widgets import Footer

# (binding, the longer words for the help screen and the command palette)
KEYS: list[tuple[Binding, str]] = [
    (Binding("space", "step", "Step"), "One iteration (step mode)"),
    (Binding("r", "run", "Run"), "Run at the pace (auto, N it/s or max) / pause"),
    (
        Binding("less_than_sign", "pace(-1)", "Slower", key_display="<", show=False),
        "Slower pace: 1, 3, 10, 30 ... 10k it/s, max (the run goes on)",
    ),
    (
        Binding("greater_than_sign", "pace(1)", "Faster", key_display=">", show=False),
        "Faster pace (past 10k: full speed)",
    ),
    (
        Binding("a", "pace(0)", "Auto", show=False),
        "Pace auto: a run in about 20 s, the same time for each decade of iterations",
    ),
    (
        Binding("left", "timeline('back')", "Back", show=False),
        "Timeline: one iteration back (every panel shows it; space or r continues from it)",
    ),
    (Binding("right", "timeline('forward')", "Forward", show=False), "Timeline: one iteration forward"),
    (
        Binding("shift+left", "timeline('back-share')", "Back 10%", show=False),
        "Timeline: a tenth of the run back",
    ),
    (
        Binding("shift+right", "timeline('forward-share')", "Forward 10%", show=False),
        "Timeline: a tenth of the run forward",
    ),
    (Binding("home", "timeline('first')", "First", show=False), "Timeline: the first iteration"),
    (Binding("end", "timeline('latest')", "Latest", show=False), "Timeline: back to the latest iteration"),
    (
        Binding("right_square_bracket", "alpha(10)", "α×10", key_display="]"),
        "Alpha x10 (next iteration, no reset)",
    ),
    (
        Binding("left_square_bracket", "alpha(0.1)", "α÷10", key_display="["),
        "Alpha /10 (next iteration, no reset)",
    ),
    (Binding("plus,equals_sign", "hidden(1)", "H+1", key_display="+"), "Hidden size +1 (re-initialises)"),
    (Binding("minus", "hidden(-1)", "H-1", key_display="-"), "Hidden size -1 (re-initialises)"),
    (Binding("0", "reset", "Reset"), "Reset to the same initial weights"),
    (Binding("s", "new_seed", "Seed"), "New seed (seed + 1, re-initialises)"),
    (Binding("p", "next_preset", "Preset"), "Next preset (its defaults)"),
    (Binding("l", "log('y')", "Log"), "Toggle log y on the error curve"),
    (Binding("L", "log('x')", "Log x", show=False), "Toggle log x on the error curve (as auto paces it)"),
    (Binding("d", "directions", "Flips"), "Show weights / direction-change counts"),
    (
        Binding("e", "view('explain')", "Explain"),
        "Walk through the step: every intermediate (replaces the curve)",
    ),
    (Binding("g", "view('landscape')", "Map"), "Error landscape over two weights (replaces the curve)"),
    (Binding("x", "map_next(0)", "Next x"), "Landscape: map the next weight on the x axis (X: previous)"),
    (Binding("y", "map_next(1)", "Next y"), "Landscape: map the next weight on the y axis (Y: previous)"),
    (Binding("m", "map_weights", "Weights"), "Landscape: type the two weights and the span"),
    (
        Binding("b", "view('boundary')", "Bound"),
        "Decision boundary: the output over the input plane, data on top (replaces the curve)",
    ),
    # j and k: in help, the palette and the network view's own hint line.
    (
        Binding("n", "view('network')", "Net"),
        "The network: nodes, edges, activations, maps (replaces the curve)",
    ),
    (Binding("j", "row(1)", "Next row", show=False), "Network view: next dataset row"),
    (Binding("k", "row(-1)", "Previous row", show=False), "Network view: previous dataset row"),
    (Binding("o", "settings", "Settings"), "Settings: every option of a custom network and its data"),
    (Binding("f", "open_csv", "CSV", show=False), "Open a CSV file and train the custom network on it"),
    (Binding("w", "view('sweep')", "Sweep"), "Alpha sweep: one run per tutorial alpha, curves and table"),
    (Binding("i", "predict", "Input", show=False), "Type an input vector: the output of the current weights"),
    # Sessions, screenshots, pace and timeline: in help and the palette (the status line's hint names
    # the pace and timeline keys); the footer is full at 120 columns.
    (
        Binding("ctrl+s", "save_session", "Save", show=False),
        "Save the session (weights, iteration, curve) to a file",
    ),
    (
        Binding("ctrl+o", "load_session", "Open", show=False),
        "Load a saved session in place of the current run",
    ),
    (
        Binding("f2", "screenshot_svg", "Shot", show=False),
        "Save the screen as an SVG file in the current folder",
    ),
    (Binding("question_mark", "help", "Help", key_display="?"), "This help"),
    (Binding("q", "quit", "Quit"), "Quit"),
]
BINDINGS: list[BindingType] = [
    *(binding for binding, _ in KEYS),
    Binding("escape", "leave_field", "Leave field", show=False),
    Binding("X", "map_next(0, -1)", "Previous x", show=False),
    Binding("Y", "map_next(1, -1)", "Previous y", show=False),
]
# Keys that act on one view only: hidden from the footer (and inactive) elsewhere.
# The log scales act on the curve: in the footer while it shows (which keeps the footer at two rows at
# 120 columns with the landscape's keys shown).
VIEW_ACTIONS = {"map_next": "landscape", "map_weights": "landscape", "row": "network", "log": "plot"}
# Keys for runs on two inputs only (the decision boundary): hidden from the footer (and inactive) for
# other data, which also keeps the footer at two rows at 120 columns with the landscape's keys shown.
PLANE_ACTIONS = {("view", ("boundary",))}


def key_table() -> list[tuple[str, str]]:
    """(key, what it does) for the help screen."""
    return [
        ("tab", "Next field (shift+tab: previous); enter applies, escape leaves"),
        *((binding.key_display or binding.key, words) for binding, words in KEYS),
        ("ctrl+p", "Command palette: every action by name"),
    ]


def palette_commands(run_action: Callable[[str], object]) -> Iterator[SystemCommand]:
    """One command palette entry per key, running the same action."""
    for binding, words in KEYS:
        action = binding.action
        yield SystemCommand(
            words, f"key: {binding.key_display or binding.key}", lambda a=action: run_action(a)
        )


MIN_CELL = 11  # columns a footer key needs (the longest, "space Step", plus a gap)


class KeysFooter(Footer):
    """Footer that lays its keys out on a two-row grid (three when very narrow) on a ``-narrow`` screen."""

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        narrow = self.screen.has_class("-narrow")
        self.set_class(narrow, "-wrapped")
        rows = 2
        if narrow:
            items = [item for item in items if not item.has_class("-command-palette")]
            if self.screen.size.width // math.ceil(len(items) / 2) < MIN_CELL:
                rows = 3  # "space Step" must fit its cell
            self.styles.grid_size_columns = math.ceil(len(items) / rows)
        self.set_class(rows == 3, "-three")
        yield from items

    def on_resize(self) -> None:
        if self.screen.has_class("-narrow") != self.has_class("-wrapped") or self._rows_changed():
            self.call_after_refresh(self.recompose)

    def _rows_changed(self) -> bool:
        if not self.has_class("-wrapped"):
            return False
        keys = sum(1 for b in self.screen.active_bindings.values() if b.binding.show)
        return (self.screen.size.width // math.ceil(keys / 2) < MIN_CELL) != self.has_class("-three")
