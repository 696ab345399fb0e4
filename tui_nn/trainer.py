"""The headless training loop the app's worker runs: no Textual, unit-testable.

A ``Trainer`` owns one ``Training`` and the run's state (paused, running, done,
diverged). It steps, runs in chunks towards the iteration target, applies
changes the way SPEC section 3 asks (alpha takes effect on the next iteration
with no reset; hidden size, preset and seed re-initialise from the seed; reset
rebuilds the same config, which gives exactly the same initial weights) and
hands out ``Snapshot``s: copies, so the UI never shares an array with the loop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from tui_nn.engine import Training
from tui_nn.model_training import ModelTraining, build_any
from tui_nn.options import CustomConfig
from tui_nn.presets import PRESETS, Config, make_config

STATES = ("paused", "running", "done", "diverged")
# A snapshot carries at most this many rows of a dataset (the errors use them all): a big CSV
# would otherwise be pickled to the app 20 times a second for a panel that shows a screenful.
SNAPSHOT_ROWS = 2000


@dataclass(frozen=True)
class Snapshot:
    """What the UI shows, copied out of the loop at one moment.

    ``error`` and ``outputs`` come from the current weights, so they belong to
    ``iteration`` (the error after N iterations, SPEC section 1); ``history`` is
    the bounded envelope ``(starts, lo, hi)`` of errors 0..N-1. ``ack`` is the id
    of the last command the loop applied, so a caller can wait for its effect.
    A custom run adds its test error and history; ``x``, ``y`` and ``outputs``
    hold at most ``SNAPSHOT_ROWS`` of its ``rows`` training rows, from row
    ``first_row`` on (the window the dataset panel scrolls through).
    """

    config: Config | CustomConfig
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

    @property
    def target(self) -> int:
        return self.config.iterations

    def __repr__(self) -> str:
        return (
            f"Snapshot({self.config.preset}, iteration={self.iteration}, state={self.state}, ack={self.ack})"
        )


class Trainer:
    """One run: a Training, its config and its state; all changes go through here."""

    def __init__(self, config: Config | CustomConfig, saved: dict | None = None):
        self.config = config
        self.training: Training | ModelTraining = build_any(config)
        self.state = "paused"
        self.note = ""
        self.previous: list[np.ndarray] | None = None
        self.first_row = 0
        if saved is not None:  # a session's Training.state(): continue it
            self.training.load_state(saved)
        self._settle()

    def __repr__(self) -> str:
        return f"Trainer({self.config}, iteration={self.training.iteration}, state={self.state})"

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
        before = [w.copy() for w in self.training.weights]
        done = self._train(n)
        # The explain panel walks through the iteration just done: it needs the weights it started from.
        self.previous = before if done == 1 else None
        return done

    def run_chunk(self, n: int) -> int:
        """Up to n iterations of a run; the state leaves running at the target or divergence."""
        if self.state != "running":
            return 0
        self.previous = None
        return self._train(n)

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
        done = len(t.train(min(n, left)))
        self._settle()
        return done

    def _settle(self) -> None:
        """Derive done / diverged from the training; a finished run stops."""
        t = self.training
        self.note = ""
        if not t.trainable:
            self.state = "done"
            self.note = f"{self.config.preset} has fixed weights: nothing to train"
        elif t.diverged_at is not None:
            self.state = "diverged"
            self.note = f"weights became NaN or infinite at iteration {t.diverged_at}"
        elif t.iteration >= self.config.iterations:
            self.state = "done"
        elif self.state in ("done", "diverged"):
            self.state = "paused"

    # -- changes -----------------------------------------------------------
    def apply(self, config: Config | CustomConfig) -> None:
        """Take a new config: alpha and the target keep the weights, the rest re-initialise."""
        old = self.config
        keeps = (
            type(old) is type(config)
            and replace(old, alpha=config.alpha, iterations=config.iterations) == config
        )
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

    def restore(self, config: Config, saved: dict) -> None:
        """Continue a saved run (a session's ``Training.state()``), paused."""
        self.config = config
        self._rebuild()
        self.training.load_state(saved)
        self._settle()

    def _rebuild(self) -> None:
        self.training = build_any(self.config)
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
        changes = tuple(c.copy() for c in t.direction_changes)
        first = self.first_row
        shown = slice(first, first + SNAPSHOT_ROWS)
        custom = isinstance(t, ModelTraining)
        return Snapshot(
            config=self.config,
            iteration=t.iteration,
            state=self.state,
            error=error,
            metric=t.metric,
            names=tuple(t.names if custom else t.net.names),
            weights=tuple(w.copy() for w in t.weights),
            direction_changes=changes,
            x=t.x[shown].copy(),
            y=None if t.y is None else t.y[shown].copy(),
            outputs=outputs[shown],
            history=t.history.envelope(),
            diverged_at=t.diverged_at,
            rate=rate,
            ack=ack,
            note=self.note,
            previous=None if self.previous is None else tuple(w.copy() for w in self.previous),
            diagram=t.diagram() if custom else t.net.diagram(),
            rows=len(t.x),
            first_row=first,
            test_error=t.test_error() if custom else None,
            test_history=t.test_history.envelope() if custom and len(t.x_test) else None,
            x_test=t.x_test[:SNAPSHOT_ROWS].copy() if custom else None,
            y_test=t.y_test[:SNAPSHOT_ROWS].copy() if custom else None,
            eta=eta,
        )


def next_preset_config(config: Config | CustomConfig) -> Config:
    """The next preset (in listed order, wrapping; the first after a custom run), keeping the seed."""
    names = list(PRESETS)
    name = names[(names.index(config.preset) + 1) % len(names)] if config.preset in names else names[0]
    return make_config(name, seed=config.seed)
