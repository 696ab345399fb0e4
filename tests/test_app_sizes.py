"""The app at every terminal size (issue 13, item 3): the footer fits, a too small terminal says so,
a very wide one gives the left column room, and the explain view never wraps a matrix row.

Each test reads what the screen shows (the compositor's text, as a screenshot has it), not the
widgets' state, so a key cut off at the edge or a stray letter fails. No timed assertions.
"""

import io

import pytest
from rich.console import Console

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.explain import WIDE_NOTE, ExplainPanel, matrix_lines
from tui_nn.app.widgets.keys import KeysFooter
from tui_nn.run.config import make_config
from tui_nn.run.query import walkthrough

WIDTHS = (80, 132, 140, 150, 200)  # the footer broke between 132 and ~169 columns


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
