"""What the network view draws, from a snapshot's copies: nodes, edges, biases, activations, maps.

The net is drawn as columns of nodes, inputs first. Every node holds its
activation for one dataset row (that row fed forward through copies of the
snapshot's weights) and, in a net with biases, its bias; the edges of weight
matrix k (layer k to layer k + 1) hold their value, their direction-change count
and a strength class: how big they are next to the largest weight of their
matrix, so each layer's pattern shows whatever its scale (a bias is classed
against the weights into its node's layer). For data with a plane (two inputs, or
engineered features of a 2-D dataset: ``tui_nn.run.plane``) every node after the
inputs also gets a map: its activation over a small grid spanning that plane
(one forward pass of the grid through the data's features and scaling, as the
decision boundary does), which shows the feature each hidden unit computes, as
TensorFlow Playground does.

Only the nodes the panel has room for are computed (``tui_nn.run.network_layout``
chooses them: the first of each layer; the rest are counted, "+N more").
``describe`` says one item in words with its exact value. Numpy only, no Textual.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui_nn.core.boundary import plane
from tui_nn.core.learner import Learner
from tui_nn.run.build import learner_from, load_data
from tui_nn.run.plane import InputPlane, plane_of

NOT_FINITE, WEAK, MEDIUM, STRONG = -1, 0, 1, 2
STRONG_ABOVE, MEDIUM_ABOVE = 2 / 3, 1 / 3  # of the largest |weight| into the layer
MAP_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # relu, linear: each map's own extent


def strength(values: np.ndarray, scale: float) -> np.ndarray:
    """Each value's class (WEAK, MEDIUM, STRONG) by |value| / scale; NaN and inf: NOT_FINITE."""
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(all="ignore"):
        ratio = np.abs(values) / scale if scale > 0 else np.zeros_like(values)
    classes = np.where(ratio > STRONG_ABOVE, STRONG, np.where(ratio > MEDIUM_ABOVE, MEDIUM, WEAK))
    return np.where(np.isfinite(values), classes, NOT_FINITE)


@dataclass(frozen=True)
class Layer:
    """One column of nodes: the first ``len(names)`` of ``size`` (the rest are not computed)."""

    title: str  # 'inputs', 'hidden 1 tanh', 'output sigmoid'
    kind: str  # the activation ('' for the inputs)
    size: int
    names: tuple[str, ...]
    values: np.ndarray  # the shown nodes' activations for the row (the inputs: the row itself)
    bias: np.ndarray | None = None  # the shown nodes' biases, in a net with biases
    bias_name: str = ""  # the bias row's matrix name ('b1')
    bias_strength: np.ndarray | None = None
    bias_changes: np.ndarray | None = None
    maps: np.ndarray | None = None  # (shown, rows, columns): row 0 is the top (highest second input)
    map_range: np.ndarray | None = None  # (shown, 2): the low and high end of each map's scale

    @property
    def more(self) -> int:
        """Nodes of the layer not shown."""
        return self.size - len(self.names)


@dataclass(frozen=True)
class Edges:
    """Weight matrix ``name`` between the shown nodes of two layers: ``values[source, target]``."""

    name: str
    values: np.ndarray
    strength: np.ndarray
    changes: np.ndarray
    scale: float  # the matrix's largest finite |weight|: what the classes (and its biases') are relative to


@dataclass(frozen=True)
class NetworkPicture:
    layers: tuple[Layer, ...]
    edges: tuple[Edges, ...]  # edges[k] joins layers[k] and layers[k + 1]
    row: int  # the dataset row shown, counted in the training rows
    mark: tuple[int, int] | None = None  # the row's point on the maps: (grid row from the top, column)

    def __repr__(self) -> str:
        sizes = " -> ".join(str(layer.size) for layer in self.layers)
        return f"NetworkPicture({sizes}, row={self.row})"


def node_names(layer: int, size: int, layers: int, columns: Sequence[str]) -> tuple[str, ...]:
    """x1.. (or the data's column names) for the inputs, h1.. (h2.1.. with several hidden layers), out."""
    if layer == 0:
        return tuple(columns[:size]) if len(columns) >= size else tuple(f"x{i + 1}" for i in range(size))
    if layer == layers - 1:
        return ("out",) if size == 1 else tuple(f"out{i + 1}" for i in range(size))
    prefix = "h" if layers == 3 else f"h{layer}."
    return tuple(f"{prefix}{i + 1}" for i in range(size))


_made: dict[tuple, tuple[Learner, tuple[str, ...]]] = {}


def made(snapshot) -> tuple[Learner, tuple[str, ...]]:
    """A Learner holding copies of the snapshot's parameters, and the names of its input columns.

    One is kept per run (the app redraws the same run at 5 Hz) and given each snapshot's values.
    """
    key = (snapshot.config, tuple(p.shape for p in snapshot.weights))
    if key not in _made:
        _made.clear()
        learner = learner_from(snapshot.config, snapshot.weights)
        _made[key] = learner, tuple(load_data(snapshot.config).columns[:-1])
    learner, columns = _made[key]
    for p, saved in zip(learner.params, snapshot.weights, strict=True):
        p[...] = saved
    return learner, columns


def has_maps(snapshot) -> bool:
    """Whether the nodes get maps: the data has a plane to draw them over."""
    return plane_of(snapshot.config) is not None


def shape_of(snapshot) -> tuple[tuple[int, ...], bool]:
    """(layer sizes, whether the net has biases) of the snapshot's net."""
    spec = made(snapshot)[0].spec
    return spec.sizes, spec.bias


def picture(
    snapshot, row: int, shown: Sequence[int] | None = None, map_size: tuple[int, int] | None = None
) -> NetworkPicture:
    """The view of ``snapshot`` for row ``row`` of ``snapshot.x``; ``shown[k]`` nodes of layer k.

    ``map_size`` (columns, rows) asks for the maps, which need data with a plane (``has_maps``).
    """
    learner, columns = made(snapshot)
    spec, net = learner.spec, learner.net
    sizes, count = spec.sizes, len(spec.sizes)
    shown = [min(n, s) for n, s in zip(shown or sizes, sizes)]
    row = min(max(int(row), 0), len(snapshot.x) - 1)
    with np.errstate(all="ignore"):
        values = net.forward(snapshot.x[row : row + 1])
        where = None if map_size is None else plane_of(snapshot.config)
        grid = None if where is None or map_size is None else _grid(snapshot, where, *map_size)
        fed = None if grid is None or where is None else net.forward(where.inputs(grid[0]))
    names = {n: i for i, n in enumerate(snapshot.names)}
    edges, layers = [], []
    for k in range(count):
        n = shown[k]
        layer = dict(
            title="inputs" if k == 0 else _title(k, count, spec.activations[k - 1]),
            kind="" if k == 0 else spec.activations[k - 1],
            size=sizes[k],
            names=node_names(k, sizes[k], count, columns)[:n],
            values=values[k][0, :n].copy(),
        )
        if k:
            w = net.weights[k - 1]
            b = net.biases[k - 1] if spec.bias else None
            scale = _largest(w)
            name = snapshot.names[k - 1]
            part = w[: shown[k - 1], :n]
            changes = snapshot.direction_changes[names[name]][: shown[k - 1], :n]
            edges.append(Edges(name, part.copy(), strength(part, scale), changes.copy(), scale))
            if b is not None:
                bias_name = snapshot.names[count - 2 + k]
                layer.update(
                    bias=b[0, :n].copy(),
                    bias_name=bias_name,
                    bias_strength=strength(b[0, :n], scale),
                    bias_changes=snapshot.direction_changes[names[bias_name]][0, :n].copy(),
                )
            if fed is not None and grid is not None:
                maps = fed[k][:, :n].T.reshape(n, grid[1], grid[2])[:, ::-1]
                layer.update(maps=maps, map_range=_ranges(maps, spec.activations[k - 1]))
        layers.append(Layer(**layer))  # type: ignore[arg-type]
    mark = None if grid is None or where is None else _cell(where.points(snapshot)[0][row], *grid[1:])
    return NetworkPicture(tuple(layers), tuple(edges), snapshot.first_row + row, mark)


def _title(k: int, count: int, kind: str) -> str:
    if k == count - 1:
        return f"output {kind}"
    return f"hidden {kind}" if count == 3 else f"hidden {k} {kind}"


def _largest(w: np.ndarray) -> float:
    finite = np.abs(w[np.isfinite(w)])
    return float(finite.max()) if finite.size else 0.0


def _grid(
    snapshot, where: InputPlane, columns: int, rows: int
) -> tuple[np.ndarray, int, int, tuple[float, ...]]:
    """(points, rows, columns, its extent): a grid over the plane of the training and test rows, lowest
    row first (the boundary panel's plane)."""
    x0, x1, y0, y1 = plane(where.extent_points(snapshot))
    gx, gy = np.meshgrid(np.linspace(x0, x1, columns), np.linspace(y0, y1, rows))
    return np.column_stack([gx.ravel(), gy.ravel()]), rows, columns, (x0, x1, y0, y1)


def _cell(point: np.ndarray, rows: int, columns: int, extent: tuple[float, ...]) -> tuple[int, int] | None:
    """The grid cell nearest to a 2-input point: (row from the top, column); None off the grid."""
    x0, x1, y0, y1 = extent
    with np.errstate(all="ignore"):
        c = np.rint((point[0] - x0) / (x1 - x0) * (columns - 1))
        r = np.rint((point[1] - y0) / (y1 - y0) * (rows - 1))
    if not (np.isfinite(c) and np.isfinite(r) and 0 <= c < columns and 0 <= r < rows):
        return None
    return rows - 1 - int(r), int(c)


def _ranges(maps: np.ndarray, kind: str) -> np.ndarray:
    """Each map's colour scale: its activation's range (sigmoid, tanh), else its own extent."""
    if kind in MAP_RANGES:
        return np.tile(np.array(MAP_RANGES[kind]), (len(maps), 1))
    flat = np.where(np.isfinite(maps), maps, np.nan).reshape(len(maps), -1)
    with warnings.catch_warnings():  # an all-NaN map (a diverged run) has no extent
        warnings.simplefilter("ignore", RuntimeWarning)
        hi = np.nanmax(flat if kind == "relu" else np.abs(flat), axis=1)
    lo = np.zeros(len(maps)) if kind == "relu" else -hi
    good = np.isfinite(hi) & (hi > lo)
    return np.column_stack([np.where(good, lo, 0.0), np.where(good, hi, 1.0)])


def describe(picture: NetworkPicture, item: tuple, short: bool = False) -> str:
    """An item's exact value in words: ("node", layer, i), ("bias", layer, i), ("edge", k, source, target).

    ``short`` words it for a narrow panel (direction changes as "flips", as the weights panel's key says).
    """
    kind, k, *rest = item
    word = "flip" if short else "direction change"

    def count(n) -> str:
        return f"{int(n)} {word}{'' if n == 1 else 's'}"

    if kind == "edge":
        s, t = rest
        edges = picture.edges[k]
        source, target = picture.layers[k].names[s], picture.layers[k + 1].names[t]
        value, changes = float(edges.values[s, t]), count(edges.changes[s, t])
        return f"{edges.name}[{s},{t}] = {value!r} · {changes} · {source} → {target}"
    layer, i = picture.layers[k], rest[0]
    if kind == "bias" and layer.bias is not None and layer.bias_changes is not None:
        value, changes = float(layer.bias[i]), count(layer.bias_changes[i])
        return f"{layer.bias_name}[0,{i}] = {value!r} · {changes} · bias of {layer.names[i]}"
    value, row = float(layer.values[i]), f"row {picture.row:,}"
    if short:
        return f"{layer.names[i]} = {value!r} ({layer.kind or 'input'}, {row})"
    what = "input" if k == 0 else f"{layer.kind} activation"
    return f"{layer.names[i]} = {value!r}: {what} of {row}"
