"""Which error landscape the app shows, and when it is worth recomputing (numpy only).

The panel keeps one view: two weights, a centre and a span. The pair is the
user's choice (``choose``) or, by default, the two weights the next step moves
most; a choice holds until the net's shapes change. The grid is redone only when
the current point leaves the middle of the view, the other weights moved by more
than ``drift`` of the span, the net, the pair, the span or the grid's size
changed; otherwise the point and its path move over the same picture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from tui_nn.core.landscape import Landscape, Weight, busiest_pair, error_grid, next_weight
from tui_nn.run.query import learner_at

MAX_PATH = 1000  # points of the path kept (one per panel redraw: minutes at full speed)


@dataclass
class LandscapeView:
    """The view the panel shows and the path of (first, second) values seen in it."""

    span: float = 10.0
    margin: float = 0.6  # recompute when the point leaves this middle fraction of the view
    drift: float = 0.05  # ... or another weight moved by this fraction of the span
    key: tuple | None = None  # (preset, hidden, seed, pair, span, columns, rows) of the grid in hand
    pair: tuple[Weight, Weight] | None = None
    chosen: tuple[Weight, Weight] | None = None  # the user's pair, kept while the shapes stay
    shapes: tuple[tuple[int, ...], ...] = ()
    centre: tuple[float, float] = (0.0, 0.0)
    others: list[np.ndarray] = field(default_factory=list)
    path: list[tuple[float, float]] = field(default_factory=list)
    iteration: int = -1

    @staticmethod
    def available(snapshot) -> str:
        """Why there is no landscape for this snapshot ('' when there is one)."""
        if snapshot.y is None or snapshot.error is None:
            return f"{snapshot.config.name} has no error to map"
        if sum(w.size for w in snapshot.weights) < 2:
            return "the landscape needs two weights"
        return ""

    def point(self, snapshot) -> tuple[float, float]:
        assert self.pair is not None
        (a, *ia), (b, *ib) = self.pair
        return float(snapshot.weights[a][tuple(ia)]), float(snapshot.weights[b][tuple(ib)])

    def follow(self, snapshot, columns: int, rows: int) -> bool:
        """Record the point's path; True when the grid should be recomputed for this snapshot."""
        config = snapshot.config
        net = _net_of(config)
        shapes = tuple(w.shape for w in snapshot.weights)
        if shapes != self.shapes:
            self.chosen = None  # another net: the chosen weights may not exist in it
            self.shapes = shapes
        if self.pair is None or net != (self.key or (None,))[:1] or snapshot.iteration < self.iteration:
            self.pair = self._chosen_or_busiest(snapshot)
            self.path = []
        self.iteration = snapshot.iteration
        x, y = self.point(snapshot)
        if not self.path or self.path[-1] != (x, y):
            self.path.append((x, y))
            del self.path[:-MAX_PATH]  # a long run keeps its recent trail, in bounded memory
        if self._key(snapshot, columns, rows) != self.key:
            return True
        cx, cy = self.centre
        limit = self.span * self.margin
        outside = abs(x - cx) > limit or abs(y - cy) > limit
        moved = any(
            np.max(np.abs(self._masked(w, k) - o), initial=0.0) > self.drift * self.span
            for k, (w, o) in enumerate(zip(snapshot.weights, self.others))
        )
        return bool(outside or moved)

    def plan(self, snapshot, columns: int, rows: int) -> Callable[[], Landscape]:
        """Make the grid around the current point the view in hand; returns the computation.

        The view changes here (on the caller's thread); the returned function only
        runs the one vectorised pass, so it can run on another thread.
        """
        training = learner_at(snapshot)
        if self.pair is None:
            self.pair = self._chosen_or_busiest(snapshot)
        self.key = self._key(snapshot, columns, rows)
        self.centre = self.point(snapshot)
        self.others = [self._masked(w, k) for k, w in enumerate(snapshot.weights)]
        pair, span = self.pair, self.span
        return lambda: error_grid(training, *pair, span=span, columns=columns, rows=rows)

    def choose(self, first: Weight, second: Weight, span: float | None = None) -> None:
        """Map these two weights from now on (the next ``follow`` asks for a new grid)."""
        self.chosen = self.pair = (first, second)
        if span is not None:
            self.span = span
        self.path = []

    def cycle(self, axis: int, step: int = 1) -> None:
        """Move the first (axis 0) or second (axis 1) mapped weight to the next weight of the net."""
        if self.pair is None or not self.shapes:
            return
        pair = list(self.pair)
        pair[axis] = next_weight(self.shapes, pair[axis], pair[1 - axis], step)
        self.choose(pair[0], pair[1])

    def _chosen_or_busiest(self, snapshot) -> tuple[Weight, Weight]:
        """The user's pair, else the two weights the next step moves most (from a copy of the net)."""
        return self.chosen or busiest_pair(learner_at(snapshot))

    def _key(self, snapshot, columns: int, rows: int) -> tuple:
        return (*_net_of(snapshot.config), self.pair, self.span, columns, rows)

    def _masked(self, w: np.ndarray, k: int) -> np.ndarray:
        """Weight matrix k with the two mapped weights zeroed (they move freely in the view)."""
        out = np.array(w, dtype=np.float64)
        for m, *index in self.pair or ():
            if m == k:
                out[tuple(index)] = 0.0
        return out


def _net_of(config) -> tuple:
    """What names one net: the config but for alpha and the target (which keep the weights)."""
    return (replace(config, alpha=0.0, iterations=1),)
