"""What the app writes to the terminal: rows already on the screen left out, style codes not repeated.

Every byte of a frame goes to the terminal, over SSH too. Textual repaints a
widget's whole region when it changes (the plot's 30 rows for one moved point,
every panel again when the layout settles at start), and writes each run of
text as ``ESC[<style>m text ESC[0m``, even between two runs of the same style.
``ScreenCache`` sits between Textual and the driver, the way curses keeps a
copy of the screen: it remembers what each piece of a row (a cursor move and
the text after it) last wrote, drops a piece that would write the same bytes
to the same cells again, and drops a reset that the very same style follows at
once. What the terminal shows is the same; only repeats are left out.

Anything it does not understand (a clear, a mode switch, a title, text with
its own line breaks) makes it forget the screen, so the next frame is sent
whole; so does a resize (the terminal may have moved the text about).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.driver import Driver

MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
STYLE = re.compile(r"\x1b\[([0-9;]*)m")
# Sequences that change nothing on the screen: synchronized output on / off, the cursor hidden / shown.
HARMLESS = re.compile(r"\x1b\[\?(?:2026|25)[hl]")


def _width(body: str) -> int | None:
    """Cells the text of a piece covers on its row; None when it holds anything but styled text."""
    text = HARMLESS.sub("", STYLE.sub("", body))
    if text.endswith("\n"):  # the row's end: the next piece moves the cursor itself
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    if "\x1b" in text or "\n" in text or "\r" in text:
        return None
    return cell_len(text)


def compact_styles(data: str) -> str:
    """``data`` with every ``ESC[0m`` dropped that is followed at once by the style it ended."""
    out: list[str] = []
    pos = 0
    current: str | None = None  # the style in force, when it is known to be exactly one code
    reset = False  # a reset is pending (written only when something but its own style follows)
    for match in STYLE.finditer(data):
        between = data[pos : match.start()]
        if between:
            if reset:
                out.append("\x1b[0m")
                reset, current = False, None
            out.append(between)
        code = match.group(1)
        if code in ("", "0"):
            if reset:
                current = None  # two resets in a row: the first one stands for both
            reset = True
        elif reset and code == current:
            reset = False  # the reset and this style cancel out: the same style stays in force
        else:
            # Only a style set right after a reset is known to be exactly this code (at the start of
            # ``data``, or on top of another style, what is in force is not known).
            current = code if reset else None
            if reset:
                out.append("\x1b[0m")
                reset = False
            out.append(match.group(0))
        pos = match.end()
    if reset:
        out.append("\x1b[0m")
    out.append(data[pos:])
    return "".join(out)


class ScreenCache:
    """A copy of what each row's pieces last wrote; ``filter`` leaves out what is on the screen."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, tuple[int, str]]] = {}  # row -> column -> (end column, bytes)

    def forget(self) -> None:
        """The screen is no longer known (a resize): the next frame goes out whole."""
        self.rows.clear()

    def filter(self, data: str) -> str:
        """``data`` as the terminal needs it, given what this cache saw written before."""
        moves = list(MOVE.finditer(data))
        head = data[: moves[0].start()] if moves else data
        if _width(head) != 0:
            self.forget()  # a clear, a mode, a title...: the screen may have changed under us
        out = [head]
        ends = [m.start() for m in moves[1:]] + [len(data)] if moves else []
        for move, end in zip(moves, ends, strict=True):
            piece = data[move.start() : end]
            body = data[move.end() : end]
            width = _width(body)
            if width is None:
                self.forget()
                out.append(piece)
                continue
            if width == 0:
                out.append(piece)  # styles and the cursor's place only: nothing to remember
                continue
            row, column = int(move.group(1)), int(move.group(2))
            pieces = self.rows.setdefault(row, {})
            if pieces.get(column) == (column + width, body):
                continue  # exactly these bytes over exactly these cells, and nothing since
            for start in [c for c, (stop, _) in pieces.items() if c < column + width and stop > column]:
                del pieces[start]  # partly or wholly written over
            pieces[column] = (column + width, body)
            out.append(piece)
        return compact_styles("".join(out))


def cached(driver: type[Driver]) -> type[Driver]:
    """``driver`` with a ``ScreenCache`` in front of its ``write`` (any Textual driver: the
    terminal's, or the web's when served)."""

    class Cached(driver):  # type: ignore[valid-type, misc]
        screen_cache = ScreenCache()  # one per app: each app makes its own class

        def write(self, data: str) -> None:
            try:
                data = self.screen_cache.filter(data)
            except Exception:  # never lose a frame to the cache: send it as it came, then start over
                self.screen_cache.forget()
            if data:
                super().write(data)

    Cached.__name__ = Cached.__qualname__ = f"Cached{driver.__name__}"
    return Cached
