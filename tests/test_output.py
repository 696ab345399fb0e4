"""The screen cache between Textual and the terminal: repeats left out, nothing else changed."""

from tui_nn.app.output import ScreenCache, cached, compact_styles

RED, BLUE, RESET = "\x1b[31m", "\x1b[34m", "\x1b[0m"


def piece(row: int, column: int, text: str, style: str = RED) -> str:
    return f"\x1b[{row};{column}H{style}{text}{RESET}"


def test_a_piece_already_on_the_screen_is_left_out():
    cache = ScreenCache()
    frame = piece(1, 1, "hello") + piece(2, 1, "world")
    assert cache.filter(frame) == frame
    changed = piece(1, 1, "hello") + piece(2, 1, "there")
    assert cache.filter(changed) == piece(2, 1, "there")
    assert cache.filter(changed) == ""


def test_a_piece_written_over_is_sent_again():
    cache = ScreenCache()
    cache.filter(piece(3, 5, "abcdef"))
    cache.filter(piece(3, 1, "xxxxxx"))  # covers columns 1-6, so part of the first piece
    assert cache.filter(piece(3, 5, "abcdef")) == piece(3, 5, "abcdef")
    cache.filter(piece(4, 1, "ab"))
    cache.filter(piece(4, 3, "cd"))  # beside it, not over it
    assert cache.filter(piece(4, 1, "ab")) == ""


def test_wide_characters_count_two_cells():
    cache = ScreenCache()
    cache.filter(piece(1, 1, "日本"))  # four cells: 1-4
    cache.filter(piece(1, 4, "x"))
    assert cache.filter(piece(1, 1, "日本")) == piece(1, 1, "日本")


def test_anything_not_understood_forgets_the_screen():
    for other in ("\x1b[2J", "\x1b[?1049h", "\x1b]0;title\x07", "plain text"):
        cache = ScreenCache()
        cache.filter(piece(1, 1, "hello"))
        cache.filter(other)
        assert cache.filter(piece(1, 1, "hello")) == piece(1, 1, "hello"), other
    cache = ScreenCache()
    cache.filter(piece(1, 1, "hello"))
    cache.forget()  # a resize
    assert cache.filter(piece(1, 1, "hello")) == piece(1, 1, "hello")


def test_synchronized_output_and_the_cursor_change_nothing():
    cache = ScreenCache()
    cache.filter(piece(1, 1, "hello"))
    assert cache.filter("\x1b[?2026h") == "\x1b[?2026h"
    assert cache.filter(piece(1, 1, "hello") + "\x1b[1;2H") == "\x1b[1;2H"


def test_a_reset_followed_by_the_same_style_is_dropped():
    assert compact_styles(f"{RESET}{RED}a{RESET}{RED}b{RESET}{BLUE}c{RESET}") == (
        f"{RESET}{RED}ab{RESET}{BLUE}c{RESET}"
    )
    # Styles stacked on one another, or unknown at the start, are never merged.
    assert compact_styles(f"{RED}a{RESET}{RED}b") == f"{RED}a{RESET}{RED}b"
    stacked = f"{RESET}{RED}\x1b[1ma{RESET}\x1b[1mb"
    assert compact_styles(stacked) == stacked
    # A cursor move between them keeps the reset.
    moved = f"{RESET}{RED}a{RESET}\x1b[2;1H{RED}b"
    assert compact_styles(moved) == moved


def test_the_cached_driver_writes_what_the_cache_leaves():
    written = []

    class Recorder:
        def __init__(self):
            pass

        def write(self, data):
            written.append(data)

    driver = cached(Recorder)()  # type: ignore[arg-type]
    driver.write(piece(1, 1, "hi"))
    driver.write(piece(1, 1, "hi"))
    assert written == [piece(1, 1, "hi")]
