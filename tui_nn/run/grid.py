"""A grid sweep: every alpha x hidden size x seed of one run, the runs of one shape batched.

Trask's part 2 argues that a bigger hidden layer searches more local minima; a
grid shows it across hidden sizes, alphas and seeds at once. Runs of one hidden
size on one dataset share their shapes, so each such group is one stack of
arrays, and the stacks of one dataset train together (``BatchedRuns.grouped``:
one matmul per product per stack, one call per elementwise step for all), each
run from its own seed's initial weights, bitwise equal to training it alone.
Nets the batched kernel does not run (online presets; custom nets with biases,
other activations or optimisers, test rows) train one Learner per run: the same
numbers, just not batched. A custom net's data may depend on the
seed (generated points, a test split): runs are batched only with runs on
equal data. Shared by ``python -m tui_nn sweep --hidden --seeds`` and the app's
sweep view. Numpy only.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.core.batched import BatchedRuns
from tui_nn.core.history import History
from tui_nn.core.learner import Learner
from tui_nn.core.validation import Invalid
from tui_nn.run.build import build, ready, spec_of
from tui_nn.run.config import RunConfig
from tui_nn.run.grid_values import check_grid_size, run_bytes
from tui_nn.run.sweep import checkpoints, walk

_STEP = 65536  # iterations between progress reports


@dataclass(frozen=True)
class GridRun:
    """One cell's one seed: its alpha, its hidden size (None: the config's own layers), its seed."""

    alpha: float
    hidden: int | None
    seed: int


def sized(config: RunConfig, hidden: int | None) -> RunConfig:
    """``config`` with hidden size ``hidden``: a preset's hidden layer; every hidden layer of a
    custom net (8,8 at 4 is 4,4). None keeps the config's own."""
    if hidden is None:
        return config
    if not config.layers:
        raise Invalid("hidden", f"{config.name} has no hidden layer to resize")
    return config.with_(hidden=hidden if not config.custom else (hidden,) * len(config.layers))


def _fingerprint(learner: Learner) -> str:
    """Equal data gives equal prints: runs are batched only with runs on the same rows."""
    digest = hashlib.sha256()
    for a in (learner.x, np.zeros(0) if learner.y is None else learner.y):
        digest.update(str(a.shape).encode())
        digest.update(np.ascontiguousarray(a).tobytes())
    return digest.hexdigest()


class GridSweep:
    """Runs of ``config`` at every (alpha, hidden, seed); ``advance(n)`` moves all of them n iterations.

    Run r is ``runs[r]``; they go alpha-major, then hidden, then seed, so the final
    errors reshape to (alphas, hiddens, seeds).
    """

    def __init__(
        self,
        config: RunConfig,
        alphas: Sequence[float],
        hiddens: Sequence[int | None] | None = None,
        seeds: Sequence[int] | None = None,
    ):
        config, data = ready(config)
        self.config = config
        self.alphas = [float(a) for a in alphas]
        self.hiddens: list[int | None] = list(hiddens) if hiddens else [None]
        self.seeds = list(seeds) if seeds else [config.seed]
        self.shape = (len(self.alphas), len(self.hiddens), len(self.seeds))
        self.runs = [GridRun(a, h, s) for a in self.alphas for h in self.hiddens for s in self.seeds]
        rows = len(data.x) + len(data.x_test)
        outputs = data.y.shape[1] if data.y is not None else 1
        per_alpha = sum(
            run_bytes(
                spec_of(sized(config, h), data.x.shape[1], outputs).sizes, rows, config.custom and config.bias
            )
            for h in self.hiddens
        )
        check_grid_size(len(self.runs), per_alpha * len(self.alphas) * len(self.seeds))
        self.iteration = 0
        self.histories = [History(512) for _ in self.runs]
        self.final = np.full(len(self.runs), np.nan)  # each run's latest error (NaN: diverged or none yet)
        self._batches: list[tuple[list[int], BatchedRuns, list[int]]] = []  # runs, stack, group sizes
        self._serial: list[tuple[int, Learner]] = []
        # Per dataset, per hidden size: the first learner, its runs, their initial weights.
        groups: dict[str, dict[int, tuple[Learner, list[int], list[list[np.ndarray]]]]] = {}
        a_count, h_count, s_count = self.shape
        for hi, hidden in enumerate(self.hiddens):
            for si, seed in enumerate(self.seeds):
                cfg, own = ready(sized(config, hidden).with_(seed=seed)) if config.custom else (None, data)
                cfg = cfg or sized(config, hidden).with_(seed=seed)
                first = build(cfg, own)
                if not first.trainable:
                    raise ValueError(f"{config.name} does not train")
                indices = [(ai * h_count + hi) * s_count + si for ai in range(a_count)]
                if first.fast and first.spec.batch == "full":
                    shapes = groups.setdefault(_fingerprint(first), {})
                    _, members, weights = shapes.setdefault(hi, (first, [], []))
                    members.extend(indices)
                    weights.extend([first.weights] * a_count)
                else:
                    self._serial += [(r, build(cfg.with_(alpha=self.runs[r].alpha), own)) for r in indices]
        for shapes in groups.values():
            stacks, runs, sizes = [], [], []
            first = next(iter(shapes.values()))[0]
            for _, members, weights in shapes.values():
                layers = [np.stack([w[k] for w in weights]) for k in range(len(weights[0]))]
                stacks.append((layers, [self.runs[r].alpha for r in members]))
                runs += members
                sizes.append(len(members))
            batch = BatchedRuns.grouped(first.x, first.y, stacks, metric=first.metric)
            self._batches.append((runs, batch, sizes))
        self.stacks = sum(len(s) for s in groups.values())  # one per hidden size and dataset

    @property
    def batched(self) -> bool:
        """True when every run is in a stack (none trains alone)."""
        return not self._serial

    @property
    def diverged_at(self) -> list[int | None]:
        """Per run, the iteration whose update made a weight NaN or infinite (None: it did not)."""
        out: list[int | None] = [None] * len(self.runs)
        for members, batch, _ in self._batches:
            for r, at in zip(members, batch.diverged_at):
                out[r] = at
        for r, learner in self._serial:
            out[r] = learner.diverged_at
        return out

    def weights(self, r: int) -> list[np.ndarray]:
        """Run r's current weights (copies)."""
        for members, batch, sizes in self._batches:
            if r in members:
                i = members.index(r)
                g = int(np.searchsorted(np.cumsum(sizes), i, side="right"))
                return [w[i - sum(sizes[:g])] for w in batch.group_weights(g)]
        return [w.copy() for w in dict(self._serial)[r].weights]

    def advance(self, n: int) -> np.ndarray:
        """Train every run n more iterations; errors (runs, n), NaN once a run diverged."""
        errors = np.full((len(self.runs), n), np.nan)
        for members, batch, _ in self._batches:
            errors[members] = batch.train(n)
        for r, learner in self._serial:
            got = learner.train(n)
            errors[r, : len(got)] = got
        for history, row in zip(self.histories, errors):
            finite = row[~np.isnan(row)]
            if len(finite) and history.end == self.iteration:
                history.extend(self.iteration, finite)
        self.final = errors[:, -1].copy() if n else self.final
        self.iteration += n
        return errors

    def state(self) -> GridState:
        """What the reports and the app's map need of the grid now (small, picklable copies)."""
        own = "-" if self.config.hidden is None else str(self.config.hidden)
        return GridState(
            list(self.alphas),
            [own if h is None else str(h) for h in self.hiddens],
            [h if h is not None else self.config.hidden for h in self.hiddens],
            list(self.seeds),
            self.final.copy(),
            self.diverged_at,
            self.iteration,
            self.batched,
        )


@dataclass(frozen=True)
class GridState:
    """A grid's axes, each run's latest error (NaN: diverged) and where it diverged, at ``iteration``.

    ``labels`` names the hidden columns ('4', or a custom net's own '8,8'); ``hidden``
    is each column's size as the JSON gives it.
    """

    alphas: list[float]
    labels: list[str]
    hidden: list[object]
    seeds: list[int]
    final: np.ndarray
    diverged_at: list[int | None]
    iteration: int
    batched: bool

    @property
    def shape(self) -> tuple[int, int, int]:
        return (len(self.alphas), len(self.labels), len(self.seeds))

    def run_index(self, a: int, h: int, s: int) -> int:
        return (a * len(self.labels) + h) * len(self.seeds) + s


@dataclass(frozen=True)
class Cells:
    """Each (alpha, hidden) cell over its seeds: median, min, max of the finite final errors, and
    how many seeds diverged (all NaN where every seed did). ``final`` is (alphas, hiddens, seeds)."""

    final: np.ndarray
    median: np.ndarray
    low: np.ndarray
    high: np.ndarray
    diverged: np.ndarray


def cells(final: np.ndarray, shape: tuple[int, int, int]) -> Cells:
    """The per-cell summary of runs' final errors (in ``GridSweep.runs`` order)."""
    grid = np.asarray(final, dtype=np.float64).reshape(shape)
    finite = np.isfinite(grid)
    clean = np.where(finite, grid, np.nan)
    with warnings.catch_warnings():  # a cell whose every seed diverged is NaN, and says so
        warnings.simplefilter("ignore", RuntimeWarning)
        median, low, high = (f(clean, axis=2) for f in (np.nanmedian, np.nanmin, np.nanmax))
    return Cells(grid, median, low, high, (~finite).sum(axis=2))


def live_grid(
    config: RunConfig,
    alphas: Sequence[float],
    hiddens: Sequence[int | None] | None,
    seeds: Sequence[int] | None,
    every: int,
    chunk: int = 2000,
) -> Iterator[tuple[GridSweep, list[int], np.ndarray]]:
    """Yield (grid, checkpoints reached so far, their table (runs, checkpoints)) after every chunk."""
    grid = GridSweep(config, alphas, hiddens, seeds)
    yield from walk(grid, checkpoints(config.iterations, every), config.iterations, chunk)


def run_grid(
    config: RunConfig,
    alphas: Sequence[float],
    hiddens: Sequence[int | None] | None,
    seeds: Sequence[int] | None,
    every: int,
    advance: Callable[[int], None] | None = None,
) -> tuple[GridSweep, list[int], np.ndarray]:
    """Train every run of the grid for config.iterations; ``advance(done)`` hears of progress."""
    for reached in live_grid(config, alphas, hiddens, seeds, every, _STEP):
        if advance is not None:
            advance(reached[0].iteration)
    return reached
