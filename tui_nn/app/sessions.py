"""The app's side of sessions and screenshots (keys ctrl+s, ctrl+o, f2).

Saving happens in the worker, where the Learner lives, between two chunks (so
it works while running): the app sends ``save`` with an absolute path and tells
the user what the worker's ``Reply`` says. With the worker gone (killed, stuck),
the app writes the newest checkpoint the worker sent itself. Loading is checked here first, off
the UI thread (``session.load``), and only a good file reaches the worker as
``load``: a missing, truncated, hand-edited or newer file shows its one message
in the dialog and changes nothing. Quit waits for saves in flight (``saves``):
the worker finishes them before it quits.

``SessionController`` keeps this state apart from the app, which holds one and
routes its keys and the worker's replies to it; ``SessionHost`` declares what
the controller uses of the app.
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import replace
from typing import Protocol

from tui_nn.app.changes import ConfigChanges
from tui_nn.app.host import Host
from tui_nn.app.recovery import Recovery
from tui_nn.app.widgets.session_dialog import PathDialog
from tui_nn.core.validation import Invalid
from tui_nn.io import session
from tui_nn.run.build import build
from tui_nn.run.config import RunConfig
from tui_nn.run.controller import Snapshot
from tui_nn.worker.client import WorkerClient
from tui_nn.worker.loop import Reply

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


class SessionHost(Host, Protocol):
    """What ``SessionController`` uses of the app besides Textual's side."""

    config: RunConfig
    snapshot: Snapshot
    client: WorkerClient  # its ``replies`` tell how the save at exit went
    changes: ConfigChanges  # a loaded session's config is adopted as a change
    recovery: Recovery  # a session loaded while the worker is gone starts a new one

    def send(self, command: str, argument: object = None) -> int: ...

    def say(self, message: str) -> None: ...

    def save_screenshot(self, filename: str | None = None, path: str | None = None) -> str: ...


class SessionController:
    """Save, load, save at exit and screenshots for the app."""

    def __init__(self, app: SessionHost, session_path: str | None = None, save_at_exit: str | None = None):
        """``session_path``: a session loaded at start (--load); ``save_at_exit``: --save PATH."""
        self.app = app
        self.saves: dict[int, str] = {}  # saves sent, not answered yet: id -> path
        self.save_at_exit = os.path.abspath(save_at_exit) if save_at_exit else None
        # the last path saved or loaded: the dialogs' default
        self.path = self.save_at_exit or (os.path.abspath(session_path) if session_path else None)
        self.exit_save: int | None = None  # the id of the save at exit, once sent
        self.answers: dict[int, Reply] = {}  # how each save went, by id
        self.shot_folder = "."

    def dialog_path(self) -> str:
        """The remembered path, relative when it is under the current folder (shorter to edit)."""
        path = self.path or default_session_path(self.app.config.preset)
        relative = os.path.relpath(path)
        return path if relative.startswith("..") else relative

    # -- save --------------------------------------------------------------
    def ask_save(self) -> None:
        """Ask for a path, then save there (the dialog is not stacked twice)."""
        if not isinstance(self.app.screen, PathDialog):
            dialog = PathDialog("Save session", self.dialog_path(), "saves", warn_exists=True)
            self.app.push_screen(dialog, callback=self.chosen)

    def chosen(self, path: str | None) -> None:
        """The save dialog closed: save to the path typed (None: escape, nothing to do)."""
        if path is not None:
            self.save(path)

    def save(self, path: str) -> int:
        """Ask the worker to save to ``path`` (absolute); the reply is told when it comes."""
        self.path = path
        ident = self.app.send("save", path)
        if self.app.client.stopped is not None:
            self.replied(self.save_here(ident, path))
            return ident
        self.saves[ident] = path
        self.app.say(f"saving {path}...")
        return ident

    def save_here(self, ident: int, path: str) -> Reply:
        """Save the newest checkpoint of a worker that is gone (in this process: there is no other)."""
        config, state = self.app.client.resume_point()
        try:
            learner = build(config)
            if state is not None:
                learner.load_state(state)
            session.save(path, config, learner)
        except (Invalid, OSError, ValueError) as exc:
            return Reply(ident, "save", False, str(exc))
        return Reply(ident, "save", True, f"saved {path} (iteration {learner.iteration:,})")

    def worker_gone(self) -> None:
        """Saves the worker took and never answered: write them here."""
        for ident, path in list(self.saves.items()):
            self.replied(self.save_here(ident, path))

    def replied(self, reply: Reply) -> None:
        """The worker answered a save (or the app made it): tell how it went."""
        self.saves.pop(reply.ident, None)
        self.answers[reply.ident] = reply
        if reply.ok:
            self.app.notify(reply.text, title="Session saved")
            self.app.say(reply.text)
        else:
            self.app.notify(reply.text, title="Not saved", severity="error", timeout=8)
            self.app.say(f"not saved: {reply.text}")

    # -- load --------------------------------------------------------------
    def ask_load(self) -> None:
        """Ask for a path; the dialog stays open with the reason while the file cannot be loaded."""
        if not isinstance(self.app.screen, PathDialog):
            self.app.push_screen(PathDialog("Load session", self.dialog_path(), "loads", check=self.load))

    async def load(self, path: str) -> str | None:
        """Load ``path`` in place of the current run; None, or the reason nothing changed."""
        try:
            config, training, saved = await asyncio.to_thread(session.load_run, path)
        except Invalid as exc:
            return str(exc)
        self.path = path
        self.app.changes.adopt(config)
        if self.app.client.stopped is not None:
            self.app.recovery.restart(config, saved, run=False)  # no worker to load it: a new one does
        else:
            self.app.send("load", (config, saved))
        message = f"loaded {path} (iteration {training.iteration:,})"
        self.app.say(message)
        self.app.notify(message, title="Session loaded")
        return None

    # -- quit and screenshots --------------------------------------------------
    def save_on_quit(self) -> None:
        """``--save PATH``: one last save, sent before the worker is told to quit."""
        if self.save_at_exit is not None and self.exit_save is None:
            self.exit_save = self.save(self.save_at_exit)

    def quit_wait(self) -> float:
        """Seconds to give the worker at quit: long enough to finish saves in flight."""
        return SAVE_WAIT if self.saves else 0.5

    def exit_save_status(self) -> int:
        """After the app closed: say how the save at quit went; 1 if it failed."""
        if self.exit_save is None:
            return 0
        reply = self.answers.get(self.exit_save) or next(
            (r for r in self.app.client.replies if r.ident == self.exit_save), None
        )
        if reply is None and self.save_at_exit is not None:  # the worker did not answer in time
            reply = self.save_here(self.exit_save, self.save_at_exit)
            if reply.ok:
                reply = replace(reply, text=f"{reply.text}: its last checkpoint (the worker was busy)")
        if reply is None or not reply.ok:
            why = reply.text if reply else "the session was not saved (the worker did not answer)"
            print(f"tui-nn: {why}", file=sys.stderr)
            return 1
        print(reply.text)
        return 0

    def screenshot(self) -> None:
        """Save the screen as ``<shot_folder>/tui_nn-<preset>-<iteration>.svg`` and say where."""
        folder = os.path.abspath(self.shot_folder)
        name = screenshot_name(folder, self.app.config.preset, self.app.snapshot.iteration)
        try:
            path = self.app.save_screenshot(name, folder)
        except OSError as exc:
            self.app.notify(
                f"cannot write {os.path.join(folder, name)}: {exc.strerror or exc}", severity="error"
            )
            return
        self.app.notify(path, title="Screenshot saved")
