"""What the worker hands the UI: a ``Snapshot``, copies of one moment of a run, and how one is
taken from a ``Learner``. No Textual."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_nn.core.learner import Learner, mt_state
from tui_nn.run.classify import scores
from tui_nn.run.config import RunConfig
from tui_nn.run.loaded import classes_of

STATES = ("paused", "running", "done", "diverged", "stopped")  # stopped: the training process is gone
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
    # The timeline: ``latest`` is the run's own iteration while an earlier one is viewed (else None);
    # ``first`` is the earliest iteration it can show; ``pace`` is how fast it runs ("auto", "20 it/s").
    latest: int | None = None
    first: int = 0
    pace: str = ""
    # Classification (empty / None for regression and presets): the data's class names, the
    # accuracy on all training rows and on the test rows (None without any), and K x K confusion
    # counts (rows: true class, columns: predicted; K = 2 for a 0/1 target).
    classes: tuple[str, ...] = ()
    accuracy: float | None = None
    test_accuracy: float | None = None
    confusion: np.ndarray | None = None
    test_confusion: np.ndarray | None = None

    @property
    def viewing(self) -> bool:
        """True when this shows an earlier iteration than the run's latest (the timeline)."""
        return self.latest is not None

    @property
    def target(self) -> int:
        return self.config.iterations

    def __repr__(self) -> str:
        return (
            f"Snapshot({self.config.preset}, iteration={self.iteration}, state={self.state}, ack={self.ack})"
        )


SATURATED = 1e-6  # a sigmoid output this close to 0 or 1 has a slope of about this: it cannot learn


def saturation(output: str, outputs: np.ndarray, error: float | None) -> str:
    """What the status line says of a sigmoid net whose every output is pinned at 0 or 1 while the
    error stays large (alpha too big: the updates overshoot and the slopes vanish); else ''."""
    if output != "sigmoid" or error is None or not error >= 0.1 or not len(outputs):
        return ""
    pinned = np.minimum(np.abs(outputs), np.abs(1 - outputs)) < SATURATED
    return "sigmoids saturated: outputs stuck at 0 or 1 (try a smaller alpha)" if pinned.all() else ""


def snapshot_of(
    live: Learner,
    shown: Learner,
    *,
    config: RunConfig,
    state: str,
    note: str,
    previous: list[np.ndarray] | None,
    previous_optimiser: tuple | None,
    first_row: int,
    first: int,
    latest: int | None,
    rate: float | None,
    ack: int,
    eta: float | None,
    pace: str,
) -> Snapshot:
    """Copies of ``shown`` (the run ``live``, or an earlier iteration of it) with ``live``'s curves.

    The optimiser's velocity and the random stream travel only for nets whose next step depends
    on them (momentum, mini-batches, dropout), for the walk-through's replay.
    """
    t = shown
    outputs = np.array(t.outputs_now() if t.trainable else t.outputs, dtype=np.float64)
    window = slice(first_row, first_row + SNAPSHOT_ROWS)
    spec = t.spec
    stateful = spec.optimizer != "gd" or spec.dropout > 0 or spec.batch not in ("full", "online")
    tested = len(t.x_test) > 0
    error = t.error(outputs) if t.trainable else None
    test_outputs = t.predict(t.x_test) if tested else None  # one pass for the test error and scores
    classes = classes_of(config)
    scored = scores(t, classes, outputs, test_outputs)
    return Snapshot(
        config=config,
        iteration=t.iteration,
        state=state,
        error=error,
        metric=t.metric,
        names=t.names,
        weights=tuple(p.copy() for p in t.params),
        direction_changes=tuple(c.copy() for c in t.direction_changes),
        x=t.x[window].copy(),
        y=None if t.y is None else t.y[window].copy(),
        outputs=outputs[window],
        history=live.history.envelope(),
        diverged_at=t.diverged_at,
        rate=rate,
        ack=ack,
        note=note or saturation(spec.activations[-1], outputs, error),
        previous=None if previous is None else tuple(w.copy() for w in previous),
        diagram=spec.diagram(),
        rows=len(t.x),
        first_row=first_row,
        test_error=t.test_error(test_outputs),
        test_history=live.test_history.envelope() if tested else None,
        x_test=t.x_test[:SNAPSHOT_ROWS].copy() if tested else None,
        y_test=t.y_test[:SNAPSHOT_ROWS].copy() if tested else None,
        eta=eta,
        velocity=tuple(v.copy() for v in t.velocity) if stateful else None,
        rng=mt_state(t.rs) if stateful else None,
        previous_optimiser=previous_optimiser if stateful else None,
        last_updates=None if t.last_updates is None else tuple(u.copy() for u in t.last_updates),
        latest=latest,
        first=first,
        pace=pace,
        classes=classes,
        accuracy=scored.accuracy,
        test_accuracy=scored.test_accuracy,
        confusion=scored.confusion,
        test_confusion=scored.test_confusion,
    )
