"""Changes to the run's config: typed in the controls, chosen on the settings screen or a CSV picked.

Every change goes through ``RunConfig.with_`` or ``make_config`` (the validator
the command line uses) before the worker hears of it: a bad value gets its
message by its field, the field shows the value in force again, and the run
goes on untouched. A good change becomes the app's ``config`` and is sent to
the worker as ``config``; a new network re-initialises from its seed there.

``ConfigChanges`` is held by the app, which routes the keys and the controls'
messages to it; ``ChangesHost`` declares what it uses of the app.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Protocol

from tui_nn.app.host import Host
from tui_nn.app.widgets.controls import FIELDS, Controls, field_value
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.app.widgets.predict import PredictPanel
from tui_nn.app.widgets.settings import SettingsScreen
from tui_nn.core.validation import Invalid
from tui_nn.run.build import ready
from tui_nn.run.config import RunConfig, make_config
from tui_nn.run.snapshot import Snapshot


class ChangesHost(Host, Protocol):
    """What ``ConfigChanges`` uses of the app besides Textual's side."""

    config: RunConfig  # the config in force: what the worker was last sent
    snapshot: Snapshot  # the snapshot shown (its iteration: where a lowered target is checked)

    def send(self, command: str, argument: object = None) -> int: ...

    def say(self, message: str) -> None: ...

    def simulate_key(self, key: str) -> None: ...


class ConfigChanges:
    """Check, show and send the changes the app is asked for."""

    def __init__(self, app: ChangesHost) -> None:
        self.app = app
        self._picked: RunConfig | None = None  # the picker's checked config, until it closes

    def apply(self, field: str, **changes: object) -> bool:
        """Validate a change; on success send it, on failure show why by the field."""
        app = self.app
        controls = app.query_one(Controls)
        try:
            config = app.config.with_(**changes)
        except Invalid as exc:
            controls.clear_errors()  # one message at a time: the others were about earlier edits
            controls.show(app.config)
            # A custom net's hidden field holds its layers: the message goes under the field typed in.
            controls.reject(exc.field if exc.field in FIELDS else field, str(exc))
            return False
        controls.clear_errors()
        app.say("")
        old = app.config
        if config != old:
            app.config = config
            app.send("config", config)
        controls.show(config)
        self.note_past_target(old, config)
        return True

    def note_past_target(self, old: RunConfig, config: RunConfig) -> None:
        """A lowered target the run has already reached is taken (the run is done there), and the
        iterations field says why space and r now do nothing. A change that re-initialises starts
        again from iteration 0, so only a change the worker keeps the weights for can be past."""
        iteration = self.app.snapshot.iteration
        kept = replace(old, alpha=config.alpha, iterations=config.iterations) == config
        if not kept or config.iterations == old.iterations or iteration < config.iterations:
            return
        where = "past" if iteration > config.iterations else "at"
        self.app.query_one(Controls).show_error(
            "iterations",
            f"iteration {iteration:,} is already {where} the target {config.iterations:,}: "
            "space or r does nothing until it is raised",
        )

    def edited(self, message: Controls.Edited) -> None:
        """A field or the preset list was submitted; ``then`` is a key pressed in the field."""
        config = self.app.config
        if message.field != "preset":
            if message.text.strip() != field_value(config, message.field):  # else: nothing new
                self.apply(message.field, **{message.field: message.text})
        elif message.text == "custom" and config.preset != "custom":
            self.open_settings()
        elif message.text != config.preset:
            self.switch(make_config(preset=message.text, seed=config.seed))
        if message.then:
            self.app.simulate_key(message.then)

    def switch(self, config: RunConfig) -> None:
        """Run ``config`` instead (already checked): show it and tell the worker."""
        self.adopt(config)
        self.app.send("config", config)

    def adopt(self, config: RunConfig) -> None:
        """Show a new config in the fields (the caller tells the worker)."""
        app = self.app
        app.query_one(Controls).clear_errors()
        app.query_one(PredictPanel).reset(config)
        app.config = config
        app.query_one(Controls).show(config)
        app.refresh_bindings()  # a custom run's keys come and go with it

    def follow(self, snapshot: Snapshot, sent: int) -> None:
        """Take the worker's config once it has answered every command and still differs: the
        worker changed it itself (undo brought back another run; a run continued from an iteration
        of its timeline that trained with another alpha)."""
        if snapshot.ack == sent and snapshot.config != self.app.config:
            self.adopt(snapshot.config)

    def custom_config(self) -> RunConfig:
        """The run as a custom config (from a preset: the default custom run, its seed carried over)."""
        config = self.app.config
        if config.custom:
            return config
        return make_config(preset="custom", seed=config.seed)

    def open_settings(self) -> None:
        if not isinstance(self.app.screen, SettingsScreen):
            self.app.push_screen(SettingsScreen(self.custom_config()), self.settled)

    def open_csv(self) -> None:
        """Pick a CSV file and train the current custom network (or the default one) on it."""
        base = self.custom_config()

        test = base.test if base.data else None  # None: the file's own split, as with --data

        def check(path: str) -> str | None:
            try:
                self._picked = ready(base.with_(dataset="csv", data=path, test=test))[0]
            except Invalid as exc:
                return str(exc)
            return None

        picker = FilePicker(base.data or os.getcwd(), check)
        self.app.push_screen(picker, lambda path: self.settled(self._picked if path else None))

    def settled(self, config: RunConfig | None) -> None:
        """A settings screen or picker closed: apply what it chose (None: nothing changes)."""
        if config is None:
            self.app.query_one(Controls).show(self.app.config)
        elif config != self.app.config:
            old = self.app.config
            self.switch(config)
            self.note_past_target(old, config)
