"""The headless loop of one run, driven by the app's worker and by ``train`` alike: no Textual.

A ``RunController`` owns one ``Learner`` and the run's state (paused, running,
done, diverged). It steps, runs in chunks towards the iteration target, applies
changes (alpha takes effect on the next iteration with no reset; hidden size,
preset and seed re-initialise from the seed; reset rebuilds the same config,
which gives exactly the same initial weights) and hands out ``Snapshot``s:
copies, so the UI never shares an array with the loop. Its ``Timeline``
(``tui_nn.run.timeline``) rebuilds any earlier iteration for viewing; stepping or
running from one continues the run there and drops what came after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tui_nn.core.learner import Learner, mt_state
from tui_nn.run.build import build
from tui_nn.run.config import RunConfig, make_config
from tui_nn.run.presets import PRESETS
from tui_nn.run.snapshot import SNAPSHOT_ROWS, STATES, Snapshot, snapshot_of
from tui_nn.run.timeline import Timeline

__all__ = ["SNAPSHOT_ROWS", "STATES", "RunController", "Snapshot", "next_preset_config"]


class RunController:
    """One run: a Learner, its config and its state; all changes go through here."""

    def __init__(self, config: RunConfig, saved: dict | None = None):
        self.config = config
        self.training: Learner = build(config)
        self.state = "paused"
        self.note = ""
        self.previous: list[np.ndarray] | None = None
        self.first_row = 0
        self.last_errors = np.empty(0)  # the errors of the last chunk or step trained
        self.previous_optimiser: tuple | None = None  # (velocity, random stream, iteration) before it
        self.event = ""  # what the last command did that the status line should tell
        self.viewed: Learner | None = None  # the timeline's iteration on screen, if not the latest
        self.replaced: tuple[RunConfig, Learner, Timeline] | None = None  # what ``undo`` brings back
        if saved is not None:  # a session's Learner.state(): continue it
            self.training.load_state(saved)
        self.timeline = Timeline.resumed(self.training, None if saved is None else saved.get("timeline"))
        self._settle()

    def __repr__(self) -> str:
        return f"RunController({self.config}, iteration={self.training.iteration}, state={self.state})"

    @property
    def iteration(self) -> int:
        return self.training.iteration

    @property
    def running(self) -> bool:
        return self.state == "running"

    # -- training ----------------------------------------------------------
    def step(self, n: int = 1) -> int:
        """Up to n iterations, never past the target; pauses a run. Returns how many ran.

        At an earlier iteration of the timeline, the run continues from there."""
        if self.state == "running":
            self.state = "paused"
        self._continue_from_view()
        t = self.training
        before = [w.copy() for w in t.params]
        optimiser = (tuple(v.copy() for v in t.velocity), mt_state(t.rs), t.iteration)
        done = self._train(n)
        # The explain panel walks through the iteration just done: it needs the state it started from.
        self.previous = before if done == 1 else None
        self.previous_optimiser = optimiser if done == 1 else None
        return done

    def run_chunk(self, n: int) -> int:
        """Up to n iterations of a run; the state leaves running at the target or divergence."""
        if self.state != "running":
            return 0
        self.previous = None
        return self._train(n)

    def run_to_target(self, chunk: int, heard: Callable[[int, np.ndarray], None] | None = None) -> None:
        """Run to the target or divergence, as the worker does, without one; ``heard(first, errors)``
        gets the errors of every chunk (the command line prints some of them)."""
        self.start()
        while self.running:
            first = self.iteration
            self.run_chunk(chunk)
            if heard is not None and len(self.last_errors):
                heard(first, self.last_errors)

    def start(self) -> None:
        """Run (if there is anything left to do), from the iteration viewed if it is an earlier one."""
        self._continue_from_view()
        self._settle()
        if self.state == "paused":
            self.state = "running"

    def pause(self) -> None:
        if self.state == "running":
            self.state = "paused"

    def _train(self, n: int) -> int:
        t = self.training
        left = self.config.iterations - t.iteration
        if not t.trainable:
            if t.iteration == 0 and n > 0:
                t.train(1)  # records the forward pass; the ReLU example has nothing to learn
            self._settle()
            return 0
        if t.diverged_at is not None or left <= 0:
            self._settle()
            return 0
        started = time.perf_counter()
        self.last_errors = t.train(min(n, left))
        self.timeline.trained(t, len(self.last_errors), time.perf_counter() - started)
        self._settle()
        return len(self.last_errors)

    def _settle(self) -> None:
        """Derive done / diverged from the training; a finished run stops."""
        t = self.training
        self.note = ""
        if not t.trainable:
            self.state = "done"
            self.note = f"{self.config.name} has fixed weights: nothing to train"
        elif t.diverged_at is not None:
            self.state = "diverged"
            self.note = f"weights became NaN or infinite at iteration {t.diverged_at}"
        elif t.iteration >= self.config.iterations:
            self.state = "done"
        elif self.state in ("done", "diverged"):
            self.state = "paused"

    # -- changes -----------------------------------------------------------
    def apply(self, config: RunConfig) -> None:
        """Take a new config: alpha and the target keep the weights, the rest re-initialise."""
        old = self.config
        keeps = replace(old, alpha=config.alpha, iterations=config.iterations) == config
        self.config = config
        self.previous = None  # a new alpha would not explain the step already taken
        self.viewed, self.event = None, ""
        if keeps:
            self.training.alpha = config.alpha
            self.timeline.alpha_changed(self.training.iteration, config.alpha)
        else:
            self._rebuild(old, change_words(old, config))
        self._settle()

    def reset(self) -> None:
        """Back to iteration 0 with exactly the same initial weights (same config, same seed)."""
        self._rebuild(self.config, "reset to iteration 0")
        self._settle()

    def restore(self, config: RunConfig, saved: dict) -> None:
        """Continue a saved run (a session's ``Learner.state()``), paused."""
        old, self.config = self.config, config
        self._rebuild(old, f"loaded a session at iteration {int(saved['iteration']):,}")
        self.training.load_state(saved)
        self.timeline = Timeline.resumed(self.training, saved.get("timeline"))
        self._settle()

    def undo(self) -> None:
        """Bring back the run the last change replaced (again: the one it replaced), paused."""
        self.pause()
        if self.replaced is None:
            self.event = "no replaced run to bring back"
            return
        here = (self.config, self.training, self.timeline)
        (self.config, self.training, self.timeline), self.replaced = self.replaced, here
        self.viewed, self.previous, self.first_row = None, None, 0
        self._settle()
        self.event = f"brought back the run at iteration {self.iteration:,} (u: the other one again)"

    def _rebuild(self, old: RunConfig | None = None, words: str = "") -> None:
        """A new Learner of the config; a trained run it replaces is kept for ``undo``, and said."""
        t = self.training
        trained = old is not None and t.iteration > 0
        if old is not None and trained:
            self.replaced = (old, t, self.timeline)
        self.training = build(self.config)
        self.timeline = Timeline(self.training)
        self.state = "paused"
        self.previous = None
        self.viewed, self.event = None, ""
        self.first_row = 0
        if trained:
            self.event = f"{words}: u brings back the run at iteration {t.iteration:,}"

    # -- the timeline ------------------------------------------------------
    def view(self, iteration: int | None) -> None:
        """Show ``iteration`` of this run (None or the latest: the run itself); pauses a run."""
        t = self.training
        self.pause()
        self.event = ""
        if iteration is None or iteration >= t.iteration:
            self.viewed = None
            return
        self.viewed = self.timeline.reach(t, iteration, near=self.viewed)[0]

    def move(self, kind: str, amount: object) -> None:
        """A timeline move: ("by", n iterations), ("by-share", a fraction of the run), or ("to", an
        iteration, "first" or "latest"), from the iteration on screen."""
        t = self.training
        here = t.iteration if self.viewed is None else self.viewed.iteration
        if kind == "by":
            target: int | None = here + int(amount)  # type: ignore[call-overload]
        elif kind == "by-share":
            share = float(amount)  # type: ignore[arg-type]
            target = here + (round(share * t.iteration) or (1 if share > 0 else -1))
        elif amount == "first":
            target = self.timeline.first
        elif amount == "latest":
            target = None
        else:
            target = int(amount)  # type: ignore[call-overload]
        self.view(None if target is None else max(target, self.timeline.first))

    def _continue_from_view(self) -> None:
        """Make the viewed iteration the run's latest: what came after it is dropped, and told."""
        viewed, t = self.viewed, self.training
        self.event = ""
        if viewed is None:
            return
        k, latest = viewed.iteration, t.iteration
        ends = [t.history.cut(k)] + ([t.test_history.cut(k)] if len(t.x_test) else [])
        start = max(min(ends), self.timeline.first)
        learner, errors, tests = self.timeline.reach(t, k, errors_from=start)
        learner.history, learner.test_history = t.history, t.test_history
        for history, record in ((learner.history, errors), (learner.test_history, tests)):
            if history.end < start:  # a loaded session's record starts later than its history
                history.end = start
            if len(record):
                history.extend(history.end, record[history.end - start :])
        self.timeline.cut(k)
        self.training, self.viewed = learner, None
        self.config = replace(self.config, alpha=learner.alpha)
        self.previous = None
        self.event = f"continued from iteration {k:,}: iterations {k + 1:,}-{latest:,} dropped"

    def show_rows(self, start: int) -> None:
        """Snapshots carry the training rows from ``start`` on (a big CSV scrolled in the app)."""
        self.first_row = max(0, min(int(start), len(self.training.x) - SNAPSHOT_ROWS))

    # -- reading -----------------------------------------------------------
    def snapshot(
        self, *, rate: float | None = None, ack: int = 0, eta: float | None = None, pace: str = ""
    ) -> Snapshot:
        """A copy of what the UI shows: the run, or the iteration the timeline views (with the run's
        curves, so the whole of it stays in sight)."""
        live, viewed = self.training, self.viewed
        return snapshot_of(
            live, live if viewed is None else viewed, config=self.config, state=self.state,
            note=self.note or self.event, previous=None if viewed else self.previous,
            previous_optimiser=self.previous_optimiser, first_row=self.first_row, first=self.timeline.first,
            latest=None if viewed is None else live.iteration, rate=rate, ack=ack, eta=eta, pace=pace,
        )  # fmt: skip


def next_preset_config(config: RunConfig) -> RunConfig:
    """The next preset (in listed order, wrapping; the first after a custom run), with its defaults."""
    names = list(PRESETS)
    name = names[(names.index(config.preset) + 1) % len(names)] if config.preset in names else names[0]
    return make_config(preset=name)


def change_words(old: RunConfig, new: RunConfig) -> str:
    """What a change of config did, for the status line: 'new seed 2', 'preset digits', 'H 5'."""
    if old.preset != new.preset:
        return f"preset {new.name}"
    if old.seed != new.seed:
        return f"new seed {new.seed}"
    if old.hidden != new.hidden:
        return f"hidden {new.hidden}"
    return "new settings"
