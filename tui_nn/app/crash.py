"""What a crash leaves behind: one line for the terminal, the traceback in a log file.

An exception that escapes the app ends it (Textual closes the screen and gives
the terminal back); ``tui_nn.app.launch`` then writes the traceback here and
prints one line naming the file, so a crash is never silent and never buries
the shell in a screenful of traceback. The log goes in the user's state folder
(``platformdirs.user_state_dir("tui_nn")``: ``~/.local/state/tui_nn`` on
Linux), or the temp folder when that cannot be written.
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback

EXIT_CRASHED = 1  # the status a crash exits with


def log_folder() -> str:
    """The user's state folder for tui_nn (platformdirs, which Textual installs)."""
    try:
        from platformdirs import user_state_dir
    except ImportError:  # pragma: no cover - Textual depends on platformdirs
        return tempfile.gettempdir()
    return user_state_dir("tui_nn")


def write_log(error: BaseException) -> str:
    """Write ``error``'s traceback to a new ``crash-<time>.log``; its path."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (log_folder(), tempfile.gettempdir()):
        try:
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, f"crash-{stamp}-{os.getpid()}.log")
            with open(path, "w", encoding="utf-8") as log:
                log.write(text)
            return path
        except OSError:
            continue
    return "(no log: neither the state folder nor the temp folder could be written)"


def crash_line(error: BaseException, log: str) -> str:
    """``tui_nn crashed: <Type>: <message>; traceback in <log>``, on one line whatever the message."""
    message = " ".join(str(error).split()) or "(no message)"
    return f"tui_nn crashed: {type(error).__name__}: {message}; traceback in {log}"
