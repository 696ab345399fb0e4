"""The app's keys in one table (footer, help screen and command palette read it),
and the footer that shows them: it wraps onto as many rows as the keys shown need."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from rich.cells import cell_len
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui_nn.app.glyphs import prose

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
    (
        Binding("u", "undo", "Undo", show=False),
        "Bring back the run that p, s, 0, +, -, settings or a load replaced (u again: the other)",
    ),
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
    (
        Binding("c", "view('confusion')", "Classes"),
        "Confusion matrix of a classifier: true class by the class picked, train and test (replaces the "
        "curve; in the footer for runs with classes)",
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
    (Binding("w", "view('sweep')", "Sweep"), "Sweep: a run per alpha (or alpha x hidden x seed grid)"),
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
    # Tab moves the focus before the next key is read: Textual hands a key to the widget focused when
    # it is read, so "tab 0.5" arriving in one read (a paste, a fast typist, tmux) would put 0.5 into
    # the field tab leaves unless tab acts at once, as an app-level priority binding does.
    Binding("tab", "focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    Binding("ctrl+c", "quit", "Quit", show=False, priority=True),  # as q: save to --save, then quit
    # A view's key where its view cannot be drawn (c without classes, b without a plane): it says why
    # on the status line. Textual tries these when the view's own binding is not allowed (check_action).
    Binding("c", "why('confusion')", "Why no confusion matrix", show=False),
    Binding("b", "why('boundary')", "Why no decision boundary", show=False),
    Binding("X", "map_next(0, -1)", "Previous x", show=False),
    Binding("Y", "map_next(1, -1)", "Previous y", show=False),
]
# Keys that act on one view only: hidden from the footer (and inactive) elsewhere.
# The log scales act on the curve: in the footer while it shows (which keeps the footer at two rows at
# 120 columns with the landscape's keys shown).
VIEW_ACTIONS = {"map_next": "landscape", "map_weights": "landscape", "row": "network", "log": "plot"}
# Keys for runs on two inputs only (the decision boundary; a 2-D dataset's engineered features count as
# its plane): hidden from the footer for other data, which also keeps the footer at two rows at 120
# columns with the landscape's keys shown. Pressed there, they say why (``why`` above).
PLANE_ACTIONS = {("view", ("boundary",))}
# Keys for classification runs only (the confusion matrix): hidden from the footer for the others.
CLASS_ACTIONS = {("view", ("confusion",))}


def key_table() -> list[tuple[str, str]]:
    """(key, what it does) for the help screen."""
    return [
        ("tab", "Next field (shift+tab: previous); enter applies, escape cancels the edit"),
        *((binding.key_display or binding.key, words) for binding, words in KEYS),
        ("ctrl+p", "Command palette: every action by name"),
    ]


# Textual's own palette entries that ours already are (each action is listed once).
OURS = frozenset({"Quit", "Screenshot"})


def palette_commands(run_action: Callable[[str], object]) -> Iterator[SystemCommand]:
    """One command palette entry per key, running the same action."""
    for binding, words in KEYS:
        action = binding.action
        yield SystemCommand(
            words, f"key: {binding.key_display or binding.key}", lambda a=action: run_action(a)
        )


MIN_GAP = 1  # columns after each key (Footer's compact margin, kept in a grid cell too)


def key_width(item: Widget) -> int:
    """Columns a footer item needs: its key, a space and its description (compact style)."""
    if isinstance(item, FooterKey):
        words = f" {item.description}" if item.description else ""
        return cell_len(item.key_display + words)
    return 0


def footer_rows(width: int, widths: list[int], palette: int) -> int:
    """Rows the footer needs at ``width`` columns for items of ``widths``: 1 when they all fit on one
    line beside the palette key (``palette`` columns), else the fewest grid rows whose equal cells
    each hold the widest item and its gap."""
    if sum(w + MIN_GAP for w in widths) + palette <= width:
        return 1
    widest = max(widths, default=1) + MIN_GAP
    for rows in range(2, len(widths) + 1):
        if width // math.ceil(len(widths) / rows) >= widest:
            return rows
    return max(1, len(widths))


class KeysFooter(Footer):
    """Footer whose keys always fit: one row when the screen's width holds them all, else a grid of
    as many rows as it takes for each key to fit its cell (the command palette key then goes; it is
    in the help screen). The widths are measured from the keys shown, so a view that adds keys (the
    landscape's x, y, m) gets the rows it needs at every width."""

    layout_key: tuple[int, int] = (1, 0)  # (rows, columns) of the last compose

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._floors: dict[tuple, int] = {}  # the most rows used at each (width, view)

    VIEWS = ("-explain", "-landscape", "-boundary", "-sweep", "-network", "-confusion")

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        for item in items:  # the labels' arrows and signs as ASCII where the font has no more
            if isinstance(item, FooterKey):
                item.key_display, item.description = prose(item.key_display), prose(item.description)
        rows, columns = self._layout_for(items, self.app.size.width)
        # A focused field hides some keys: the footer keeps its rows for this width and view, so
        # the panels above do not resize (and redo their work) each time a field takes the focus.
        where = (self.app.size.width, tuple(c for c in self.VIEWS if self.screen.has_class(c)))
        floor = self._floors.setdefault(where, rows)
        if rows < floor:
            rows, columns = (
                floor,
                math.ceil(sum(1 for i in items if not i.has_class("-command-palette")) / floor),
            )
        self._floors[where] = rows
        if rows > 1:
            items = [item for item in items if not item.has_class("-command-palette")]
            self.styles.grid_size_columns = columns
        self.layout_key = (rows, columns)
        self.set_class(rows > 1, "-wrapped")
        yield from items

    def on_resize(self) -> None:
        if self._layout_for(list(self.query(FooterKey)), self.app.size.width) != self.layout_key:
            self.call_after_refresh(self.recompose)

    @staticmethod
    def _layout_for(items: list[Widget], width: int) -> tuple[int, int]:
        """(rows, grid columns) for ``items`` at ``width``; columns is 0 on one row."""
        keys = [key_width(item) for item in items if not item.has_class("-command-palette")]
        palette = sum(key_width(item) + 2 for item in items if item.has_class("-command-palette"))
        rows = footer_rows(width, keys, palette)
        return (rows, math.ceil(len(keys) / rows) if rows > 1 else 0)
