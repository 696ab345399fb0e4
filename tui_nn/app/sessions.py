"""The app's side of sessions and screenshots (keys ctrl+s, ctrl+o, f2), as a mixin.

Saving happens in the worker, where the Training lives, between two chunks (so
it works while running): the app sends ``save`` with an absolute path and tells
the user what the worker's ``Reply`` says. Loading is checked here first, off
the UI thread (``session.load``), and only a good file reaches the worker as
``load``: a missing, truncated, hand-edited or newer file shows its one message
in the dialog and changes nothing. Quit waits for saves in flight (``saves``):
the worker finishes them before it quits. The mixin keeps ``app.py`` a
coordinator; it uses the app's ``config``, ``snapshot``, ``send``, ``adopt`` and
``_message``.
"""

from __future__ import annotations

import asyncio
import os
import sys

from tui_nn.io import session
from tui_nn.app.messages import WorkerReplied
from tui_nn.core.validation import Invalid
from tui_nn.app.widgets.session_dialog import PathDialog

SAVE_WAIT = 10.0  # seconds quit waits for saves in flight before it abandons them (atomic: no harm)


def default_session_path(preset: str) -> str:
    return os.path.abspath(f"tui_nn-{preset}.json")


def screenshot_name(folder: str, preset: str, iteration: int) -> str:
    """``tui_nn-<preset>-<iteration>.svg``, with -2, -3... if that file exists already."""
    stem = f"tui_nn-{preset}-{iteration}"
    name, n = f"{stem}.svg", 1
    while os.path.exists(os.path.join(folder, name)):
        n += 1
        name = f"{stem}-{n}.svg"
    return name


class SessionActions:
    """Save, load, save at exit and screenshots for ``TrainerApp``."""

    session_path: str | None = None  # the last path saved or loaded: the dialogs' default
    save_at_exit: str | None = None  # --save PATH: saved on quit
    exit_save: int | None = None  # the id of that save, once sent
    shot_folder: str = "."

    def init_sessions(self, session_path: str | None, save_at_exit: str | None) -> None:
        self.saves: dict[int, str] = {}  # saves sent, not answered yet
        self.save_at_exit = save_at_exit and os.path.abspath(save_at_exit)
        self.session_path = self.save_at_exit or (session_path and os.path.abspath(session_path))

    def _dialog_path(self) -> str:
        """The remembered path, relative when it is under the current folder (shorter to edit)."""
        path = self.session_path or default_session_path(self.config.preset)
        relative = os.path.relpath(path)
        return path if relative.startswith("..") else relative

    # -- save --------------------------------------------------------------
    def action_save_session(self) -> None:
        if not isinstance(self.screen, PathDialog):
            dialog = PathDialog("Save session", self._dialog_path(), "saves", warn_exists=True)
            self.push_screen(dialog, callback=self.save_session)

    def save_session(self, path: str | None) -> int | None:
        """Ask the worker to save to ``path`` (absolute); the reply is told when it comes."""
        if path is None:
            return None
        self.session_path = path
        ident = self.send("save", path)
        self.saves[ident] = path
        self._message = f"saving {path}..."
        self._dirty = True
        return ident

    def on_worker_replied(self, message: WorkerReplied) -> None:
        reply = message.reply
        self.saves.pop(reply.ident, None)
        if reply.ok:
            self.notify(reply.text, title="Session saved")
            self._message = reply.text
        else:
            self.notify(reply.text, title="Not saved", severity="error", timeout=8)
            self._message = f"not saved: {reply.text}"
        self._dirty = True

    # -- load --------------------------------------------------------------
    def action_load_session(self) -> None:
        if not isinstance(self.screen, PathDialog):
            dialog = PathDialog("Load session", self._dialog_path(), "loads", check=self.load_session)
            self.push_screen(dialog)

    async def load_session(self, path: str) -> str | None:
        """Load ``path`` in place of the current run; None, or the reason nothing changed."""
        try:
            config, training = await asyncio.to_thread(session.load, path)
        except Invalid as exc:
            return str(exc)
        self.session_path = path
        self.adopt(config)
        self.send("load", (config, training.state()))
        self._message = f"loaded {path} (iteration {training.iteration:,})"
        self.notify(self._message, title="Session loaded")
        return None

    # -- quit and screenshots --------------------------------------------------
    def save_on_quit(self) -> None:
        """``--save PATH``: one last save, sent before the worker is told to quit."""
        if self.save_at_exit is not None and self.exit_save is None:
            self.exit_save = self.save_session(self.save_at_exit)

    def quit_wait(self) -> float:
        """Seconds to give the worker at quit: long enough to finish saves in flight."""
        return SAVE_WAIT if self.saves else 0.5

    def exit_save_status(self) -> int:
        """After the app closed: say how the save at quit went; 1 if it failed."""
        if self.exit_save is None:
            return 0
        reply = next((r for r in self.client.replies if r.ident == self.exit_save), None)
        if reply is None or not reply.ok:
            why = reply.text if reply else "the session was not saved (the worker did not answer)"
            print(f"tui-nn: {why}", file=sys.stderr)
            return 1
        print(reply.text)
        return 0

    def action_screenshot_svg(self) -> None:
        folder = os.path.abspath(self.shot_folder)
        name = screenshot_name(folder, self.config.preset, self.snapshot.iteration)
        try:
            path = self.save_screenshot(name, folder)
        except OSError as exc:
            self.notify(f"cannot write {os.path.join(folder, name)}: {exc.strerror or exc}", severity="error")
            return
        self.notify(path, title="Screenshot saved")
