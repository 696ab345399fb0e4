"""The headless loop of one run, driven by the app's worker and by ``train`` alike: no Textual.

A ``RunController`` owns one ``Learner`` and the run's state (paused, running,
done, diverged). It steps, runs in chunks towards the iteration target, applies
changes (alpha takes effect on the next iteration with no reset; hidden size,
preset and seed re-initialise from the seed; reset rebuilds the same config,
which gives exactly the same initial weights) and hands out ``Snapshot``s:
copies, so the UI never shares an array with the loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from tui_nn.core.learner import Learner, mt_state
from tui_nn.run.build import build
from tui_nn.run.config import RunConfig, make_config
from tui_nn.run.presets import PRESETS

STATES = ("paused", "running", "done", "diverged")
# A snapshot carries at most this many rows of a dataset (the errors use them all): a big CSV
# would otherwise be pickled to the app 20 times a second for a panel that shows a screenful.
SNAPSHOT_ROWS = 2000


@dataclass(frozen=True)
class Snapshot:
    """What the UI shows, copied out of the loop at one moment.

    ``error`` and ``outputs`` come from the current weights, so they belong to
    ``iteration`` (the error after N iterations: measured before update N); ``history`` is
    the bounded envelope ``(starts, lo, hi)`` of errors 0..N-1. ``ack`` is the id
    of the last command the loop applied, so a caller can wait for its effect.
    A run with held-out rows adds its test error and history; ``x``, ``y`` and ``outputs``
    hold at most ``SNAPSHOT_ROWS`` of its ``rows`` training rows, from row
    ``first_row`` on (the window the dataset panel scrolls through).
    """

    config: RunConfig
    iteration: int
    state: str
    error: float | None
    metric: str
    names: tuple[str, ...]
    weights: tuple[np.ndarray, ...]
    direction_changes: tuple[np.ndarray, ...]
    x: np.ndarray
    y: np.ndarray | None
    outputs: np.ndarray
    history: tuple[np.ndarray, np.ndarray, np.ndarray]
    diverged_at: int | None
    rate: float | None = None
    ack: int = 0
    note: str = ""
    previous: tuple[np.ndarray, ...] | None = None  # weights before the last step, if it was one iteration
    diagram: str = ""  # '2 -> 8 tanh -> 8 tanh -> 1 sigmoid'
    rows: int = 0  # training rows in all (x may hold fewer)
    first_row: int = 0  # x[0] is this training row
    test_error: float | None = None
    test_history: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    x_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    eta: float | None = None  # seconds to the target at this run's mean rate (None: not known)
    # The optimiser's velocity and the random stream (MT19937 state), for nets whose next step
    # depends on them (momentum, mini-batches, dropout): the walk-through replays that step.
    velocity: tuple[np.ndarray, ...] | None = None
    rng: tuple | None = None
    last_updates: tuple[np.ndarray, ...] | None = None  # the last step's direction (the busiest pair)
    previous_optimiser: tuple | None = None  # (velocity, random stream, iteration) before ``previous``

    @property
    def target(self) -> int:
        return self.config.iterations

    def __repr__(self) -> str:
        return (
            f"Snapshot({self.config.preset}, iteration={self.iteration}, state={self.state}, ack={self.ack})"
        )


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
        if saved is not None:  # a session's Learner.state(): continue it
            self.training.load_state(saved)
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
        """Up to n iterations, never past the target; pauses a run. Returns how many ran."""
        if self.state == "running":
            self.state = "paused"
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
        """Run at full speed (if there is anything left to do)."""
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
        self.last_errors = t.train(min(n, left))
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
        if keeps:
            self.training.alpha = config.alpha
        else:
            self._rebuild()
        self._settle()

    def reset(self) -> None:
        """Back to iteration 0 with exactly the same initial weights (same config, same seed)."""
        self._rebuild()
        self._settle()

    def restore(self, config: RunConfig, saved: dict) -> None:
        """Continue a saved run (a session's ``Learner.state()``), paused."""
        self.config = config
        self._rebuild()
        self.training.load_state(saved)
        self._settle()

    def _rebuild(self) -> None:
        self.training = build(self.config)
        self.state = "paused"
        self.previous = None
        self.first_row = 0

    def show_rows(self, start: int) -> None:
        """Snapshots carry the training rows from ``start`` on (a big CSV scrolled in the app)."""
        self.first_row = max(0, min(int(start), len(self.training.x) - SNAPSHOT_ROWS))

    # -- reading -----------------------------------------------------------
    def snapshot(self, *, rate: float | None = None, ack: int = 0, eta: float | None = None) -> Snapshot:
        t = self.training
        outputs = np.array(t.outputs_now() if t.trainable else t.outputs, dtype=np.float64)
        error = t.error(outputs) if t.trainable else None
        first = self.first_row
        shown = slice(first, first + SNAPSHOT_ROWS)
        spec = t.spec
        stateful = spec.optimizer != "gd" or spec.dropout > 0 or spec.batch not in ("full", "online")
        tested = len(t.x_test) > 0
        return Snapshot(
            config=self.config,
            iteration=t.iteration,
            state=self.state,
            error=error,
            metric=t.metric,
            names=t.names,
            weights=tuple(p.copy() for p in t.params),
            direction_changes=tuple(c.copy() for c in t.direction_changes),
            x=t.x[shown].copy(),
            y=None if t.y is None else t.y[shown].copy(),
            outputs=outputs[shown],
            history=t.history.envelope(),
            diverged_at=t.diverged_at,
            rate=rate,
            ack=ack,
            note=self.note,
            previous=None if self.previous is None else tuple(w.copy() for w in self.previous),
            diagram=spec.diagram(),
            rows=len(t.x),
            first_row=first,
            test_error=t.test_error(),
            test_history=t.test_history.envelope() if tested else None,
            x_test=t.x_test[:SNAPSHOT_ROWS].copy() if tested else None,
            y_test=t.y_test[:SNAPSHOT_ROWS].copy() if tested else None,
            eta=eta,
            velocity=tuple(v.copy() for v in t.velocity) if stateful else None,
            rng=mt_state(t.rs) if stateful else None,
            previous_optimiser=self.previous_optimiser if stateful else None,
            last_updates=None if t.last_updates is None else tuple(u.copy() for u in t.last_updates),
        )


def next_preset_config(config: RunConfig) -> RunConfig:
    """The next preset (in listed order, wrapping; the first after a custom run), keeping the seed."""
    names = list(PRESETS)
    name = names[(names.index(config.preset) + 1) % len(names)] if config.preset in names else names[0]
    return make_config(preset=name, seed=config.seed)
