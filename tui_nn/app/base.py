"""The app's base: three things Textual does by default, done otherwise.

A toast's message is plain text unless asked (messages quote paths, cells and
typed values: ``tui_nn.app.plain``). An exception that escapes a handler is
kept in ``crash`` and handed to ``crashed`` before Textual closes the app (the
app saves to ``--save`` there); Textual's own screenful of traceback is not
printed, because ``tui_nn.app.launch`` tells the crash in one line and logs the
traceback (``tui_nn.app.crash``). The command palette's page keys wait until its
list is laid out (``widgets.palette``), and its placeholder is ASCII where the font
needs it (``tui_nn.app.glyphs``). The theme is the one chosen last time (or
``--theme``), and one chosen in the palette is kept for the next start
(``tui_nn.app.preferences``). What it writes to the terminal leaves out what the
screen already shows (``tui_nn.app.output``). A served app (``tui-nn serve``) quits, as
``q`` does, once its server is gone: nothing else would ever tell it (its input
just ends), and it would train on for no one.
"""

from __future__ import annotations

import os

from textual import events, on
from textual.app import App
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.theme import Theme

from tui_nn.app import preferences
from tui_nn.app.glyphs import prose
from tui_nn.app.output import cached
from tui_nn.app.widgets.palette import Palette


class BaseApp(App[int]):
    """``App`` with plain-text toasts and a crash kept for the launcher to report."""

    crash: BaseException | None = None  # the first exception that escaped the app
    _server = 0  # a served app's parent: the server
    theme_override: str | None = None  # --theme: this start's theme, not remembered unless changed
    _start_theme = ""
    _theme_moved = False

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal (or the web), writing only what the screen lacks
        (``tui_nn.app.output``)."""
        return cached(super().get_driver_class())

    @on(events.Resize)
    def _screen_moved(self) -> None:
        cache = getattr(self._driver, "screen_cache", None)
        if cache is not None:
            cache.forget()  # the terminal may have moved its text: the next frame goes out whole

    @on(events.Mount)
    def _start_with_the_theme(self) -> None:
        start = self.theme_override or preferences.saved_theme()
        if start in self.available_themes:
            self.theme = start
        self._start_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        """Remember a theme the user chose (the start's own is not a choice)."""
        if theme.name == self._start_theme and not self._theme_moved:
            return
        self._theme_moved = True
        why = preferences.save_theme(theme.name)
        if why:
            self.notify(f"the theme is not remembered: {why}", severity="warning")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; ``message`` shows as written unless ``markup``."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    @on(events.Mount)
    def _watch_the_server(self) -> None:
        if self.is_web:
            self._server = os.getppid()
            self.set_interval(1.0, self._quit_if_orphaned)

    async def _quit_if_orphaned(self) -> None:
        if os.getppid() != self._server:  # the server died: this process was handed to another parent
            await self.run_action("quit")

    def action_command_palette(self) -> None:
        """Textual's palette, its page keys guarded, with an ASCII placeholder where needed."""
        if self.use_command_palette and not isinstance(self.screen, Palette):
            self.push_screen(Palette(placeholder=prose("Search for commands…"), id="--command-palette"))

    def crashed(self, error: BaseException) -> None:
        """Called once, with the exception, before the app closes (the app saves here)."""

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception nothing caught: keep it, let ``crashed`` act, then close."""
        if self.crash is None:
            self.crash = error
            try:
                self.crashed(error)
            except Exception as inner:  # the crash is still the one to tell
                error.add_note(f"while handling it, {type(inner).__name__}: {inner}")
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """Textual prints the traceback at exit; a crash kept here is told by the launcher instead."""
        if self.crash is None:
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()
