"""The app at every terminal size: the footer fits, a too small terminal says so, a very wide one
gives the left column room, the explain view never wraps a matrix row, and at 80x24 the weights
title, legends, every matrix, the status line's ETA and a custom dataset's columns all fit.

Each test reads what the screen shows (the compositor's text, as a screenshot has it), not the
widgets' state, so a key cut off at the edge or a stray letter fails. No timed assertions.
"""

import io
import re

import numpy as np
import pytest
from helpers import until
from rich.console import Console

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.dataset import WEIGHTS_ROOM
from tui_nn.app.widgets.dataset_cells import GRADES
from tui_nn.app.widgets.explain import WIDE_NOTE, ExplainPanel, matrix_lines
from tui_nn.app.widgets.keys import KeysFooter
from tui_nn.run.build import ready
from tui_nn.run.config import make_config
from tui_nn.run.pace import fixed
from tui_nn.run.query import walkthrough

WIDTHS = (80, 132, 150, 200)  # the footer broke between 132 and ~169 columns


def screen_lines(app) -> list[str]:
    """The screen's text, one string per terminal row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().split("\n")[:height]


def footer_text(app) -> list[str]:
    footer = app.query_one(KeysFooter)
    return screen_lines(app)[footer.region.y : footer.region.bottom]


def shown_keys(app) -> list[str]:
    """``key description`` of every binding the footer should show (one per action)."""
    seen: dict[str, str] = {}
    for _, binding, _, _ in app.screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen[binding.action] = f"{app.get_key_display(binding)} {binding.description}"
    return list(seen.values())


@pytest.mark.parametrize("preset", ["trask-xor", "two-weights"])
async def test_footer_shows_every_key_whole_at_every_width_and_view(preset):
    app = TrainerApp(make_config(preset=preset))
    async with app.run_test(size=(WIDTHS[0], 40)) as pilot:
        await app.until_answered()
        views = ["", "g", "n"] + (["b"] if preset == "two-weights" else [])  # e and w show n's keys
        for view in views:
            if view:
                await pilot.press(view)
            for width in WIDTHS:
                await pilot.resize_terminal(width, 40)
                await pilot.pause()
                rows = footer_text(app)
                wanted = shown_keys(app)
                assert "? Help" in wanted and "q Quit" in wanted
                if view == "g":
                    assert "x Next x" in wanted and "m Weights" in wanted
                joined = "\n".join(rows)
                for words in wanted:
                    assert words in joined, f"{words!r} cut at {width} columns, view {view!r}: {rows}"
                rest = joined.replace("^p palette", "").replace("▏", "")
                for words in wanted:
                    rest = rest.replace(words, "")
                assert not rest.strip(), f"stray text {rest.strip()!r} at {width}, view {view!r}"
            if view:
                await pilot.press(view)  # back to the curve


async def test_too_small_terminal_shows_one_centred_line():
    app = TrainerApp(make_config())
    async with app.run_test(size=(59, 19)) as pilot:
        await app.until_answered()
        await pilot.pause()
        text = [line for line in screen_lines(app) if line.strip()]
        assert [line.strip() for line in text] == ["terminal too small: 60x20 needed"]
        line = text[0]
        left, right = len(line) - len(line.lstrip()), len(line) - len(line.rstrip())
        assert abs(left - right) <= 1
        assert screen_lines(app).index(line) in (9, 10)  # the middle row of 19
        for size in ((60, 19), (59, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert "terminal too small" in "\n".join(screen_lines(app))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "terminal too small" not in shown and "Controls" in shown and "q Quit" in shown


async def test_left_column_grows_at_200x60():
    """digits' 20x20 W1 shows 16 columns: cut at 150 columns, whole in the wider column at 200."""
    app = TrainerApp(make_config(preset="digits"))
    async with app.run_test(size=(150, 40)) as pilot:
        await app.until_answered()
        await pilot.pause()
        side, weights = app.query_one("#side"), app.query_one("#weights")

        def matrices_fit() -> bool:
            return all(view.region.right <= weights.content_region.right for view in weights.query(".matrix"))

        narrow = side.size.width
        assert not matrices_fit()
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert side.size.width >= 100 > narrow
        assert matrices_fit()
        assert app.query_one("#dataset").size.width > narrow


async def test_explain_scrolls_a_wide_row_sideways_never_wraps():
    """digits' W1 rows are 20 numbers of eight decimals: each stays one screen line, cut at the
    panel's edge, the border says they scroll, and scrolling shows the row's end."""
    app = TrainerApp(make_config(preset="digits"))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.until_answered()
        await pilot.press("e")
        await pilot.pause()
        panel = app.query_one(ExplainPanel)
        _, stages = walkthrough(app.snapshot)
        rows = ["  " + line for line in matrix_lines(stages[0].value)]
        area = panel.scrollable_content_region
        shown = [line[area.x : area.right].rstrip() for line in screen_lines(app)[area.y : area.bottom]]
        start = next(i for i, line in enumerate(shown) if line.startswith(stages[0].label)) + 1
        visible = shown[start : start + 5]
        assert len(rows[0]) > area.width
        assert visible == [row[: area.width].rstrip() for row in rows[:5]]
        assert WIDE_NOTE in "\n".join(screen_lines(app))
        panel.scroll_to(x=len(rows[0]), animate=False)
        await pilot.pause()
        shown = [line[area.x : area.right].rstrip() for line in screen_lines(app)[area.y : area.bottom]]
        assert rows[1].rstrip().endswith(shown[start + 1].strip())  # the end of the second row


def panel_lines(app, selector: str, screen: list[str] | None = None) -> list[str]:
    """The panel's rows on screen (``screen``: as read already), its border included."""
    region = app.query_one(selector).region
    lines = screen_lines(app) if screen is None else screen
    return [line[region.x : region.right] for line in lines[region.y : region.bottom]]


async def test_80x24_weights_title_fits_every_matrix_is_reached_and_the_eta_stays():
    """trask-xor at 80x24: the weights title in a form that fits, the legends (the dataset's from
    GRADES), synapse_1 below the fold reached by tab and the keys, the explain caption naming the
    layer, and while running the status line keeps its ETA (an alpha change too)."""
    app = TrainerApp(make_config(), pace=fixed(20))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until_answered()
        await pilot.pause()
        screen = screen_lines(app)
        weights = panel_lines(app, "#weights", screen)
        assert "Weights  3-4-1 sigmoid" in weights[0] and "…" not in weights[0]
        assert "↓ 1 more" in weights[-1] and "-blue +red" in weights[-1]
        assert "synapse_1" not in "\n".join(weights)
        marks = "  ".join(
            f"{m} <{lim:g}" if np.isfinite(lim) else f"{m} ≥{GRADES[-2][0]:g}" for lim, _, m in GRADES
        )
        assert marks in panel_lines(app, "#dataset", screen)[-1]
        panel = app.query_one("#weights")
        # shift+tab: the first field, then back round the chain's end (..., weights, predict's input).
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.focused is panel
        await pilot.press("pagedown", "pagedown")
        await pilot.wait_for_scheduled_animations()  # the scroll may glide
        await pilot.pause()
        weights = panel_lines(app, "#weights")
        assert "+0.34" in "\n".join(weights)  # synapse_1's last weight
        assert "↑ 1" in weights[-1] and "more" not in weights[-1]
        await pilot.press("e")
        await pilot.pause()
        assert "hidden layer 1's slope: sigmoid' at l1" in str(app.query_one("#explain-text").render())
        await pilot.press("r")
        eta = re.compile(r"\d+% ETA \d+(s|m\d\ds|h\d\dm)\b")
        # The longest line: a measured rate drawn, the pace, the hint, a two-digit iteration.
        drawn = app.query_one("#status")
        await until(app, lambda _: re.search(r"iteration \d\d+/.*\d it/s.*ETA", str(drawn.render())))
        status = panel_lines(app, "#status")[0]
        assert eta.search(status), status
        await pilot.press("right_square_bracket")  # alpha x10: the run goes on, its ETA too
        sent = app.sent
        await until(app, lambda s: s.ack >= sent and re.search(r"\d it/s.*ETA", str(drawn.render())))
        status = panel_lines(app, "#status")[0]
        assert eta.search(status), status
        await pilot.resize_terminal(150, 40)  # wider: the title is redone, in full
        await pilot.pause()
        assert "Weights  3 -> 4 sigmoid -> 1 sigmoid" in panel_lines(app, "#weights")[0]


def token_ends(line: str) -> list[int]:
    return [m.end() for m in re.finditer(r"\S+", line)]


async def test_custom_dataset_columns_line_up_and_the_weights_keep_their_room(tmp_path):
    """Mixed widths (negatives, 0.5 and 0.25, 100) in aligned columns at 80x24: every row's cells
    end at the same offsets, the header's inside them, no row wraps, and the page leaves the
    weights panel its lines."""
    path = tmp_path / "mixed.csv"
    rows = [(0.5, -1, 10), (0.25, 2, -3.5), (-0.125, 0.75, 100), (1, 1, 1), (0, -2.5, 0.001), (3, 0.5, 7)]
    path.write_text("a,b,c,y\n" + "".join(f"{a},{b},{c},{i % 2}\n" for i, (a, b, c) in enumerate(rows * 3)))
    config, _ = ready(make_config("custom", data=str(path), test=0.0))
    app = TrainerApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until_answered()
        await pilot.pause()
        lines = panel_lines(app, "#dataset")[1:-1]
        body = [line.strip("│") for line in lines if not line.strip("│ ").startswith("rows")]
        header, cells = body[0], body[1:]
        assert len(cells) == app.query_one("#dataset").page >= 3
        assert [line.split()[0] for line in cells] == [str(k) for k in range(len(cells))]  # one line a row
        ends = {tuple(token_ends(line)[:-1]) for line in cells}  # the last cell: the mark, left-aligned
        assert len(ends) == 1, cells
        assert set(token_ends(header)) <= set(next(iter(ends))), (header, cells)
        weights = panel_lines(app, "#weights")
        assert len(weights) >= WEIGHTS_ROOM and "…" not in weights[0]
