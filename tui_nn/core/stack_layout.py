"""Where a stack of runs keeps its arrays, and which groups' first layer can sit side by side.

``BatchedRuns`` keeps every layer of every run in flat buffers, one per kind
(weights, activations, slopes, ...), laid out alike so that one ufunc call covers
a layer, or everything. Layer k of a group is a (runs, rows, cols) block. All runs
share layer 0's rows (the inputs, or the data rows), so the first groups' layer 0
can instead be one (rows, width) matrix, each run's columns beside the previous
run's: then the shared data times all those runs' weights is one product (one
BLAS call for the forward pass, one for the update), not one per run. That is
exact only where BLAS sums each column of the wide product as it sums the narrow
product alone, which depends on the kernel (OpenBLAS gives a one-column product
to its matrix-vector kernel, and picks kernels by CPU): ``side_by_side`` checks it
here, on random values, before a stack relies on it. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import as_strided

Shapes = Sequence[Sequence[tuple[int, int]]]  # per group, per layer: (rows, cols) of one run


def blocks(
    flat: np.ndarray, runs: Sequence[int], shapes: Shapes, wide: int = 0
) -> tuple[list[list[np.ndarray]], list[np.ndarray]]:
    """Layer-major blocks of a flat buffer: block [g][k] is group g's (runs, rows, cols) array of
    layer k, and layer k of every group is one contiguous stretch (the second list).

    Contiguous blocks keep matmul on BLAS and ufuncs on their fast loops. With ``wide``,
    the first ``wide`` groups' layer 0 starts its stretch as one (rows, width) matrix
    (``first_layer``); their blocks are then strided views of their columns.
    """
    out: list[list[np.ndarray]] = [[] for _ in runs]
    layers, start = [], 0
    for k in range(len(shapes[0])):
        first, groups = start, range(len(runs))
        if k == 0 and wide:
            rows, width = shapes[0][0][0], first_width(runs[:wide], shapes[:wide])
            matrix = flat[start : start + rows * width].reshape(rows, width)
            col = 0
            for g in groups[:wide]:
                cols = shapes[g][0][1]
                strides = (cols * flat.itemsize, matrix.strides[0], flat.itemsize)
                out[g].append(as_strided(matrix[:, col:], (runs[g], rows, cols), strides))
                col += runs[g] * cols
            start, groups = start + rows * width, groups[wide:]
        for g in groups:
            rows, cols = shapes[g][k]
            size = runs[g] * rows * cols
            out[g].append(flat[start : start + size].reshape(runs[g], rows, cols))
            start += size
        layers.append(flat[first:start])
    return out, layers


def first_width(runs: Sequence[int], shapes: Shapes) -> int:
    """Columns of the side-by-side layer 0 of these groups."""
    return sum(count * s[0][1] for count, s in zip(runs, shapes))


def first_layer(layer: np.ndarray, rows: int, width: int) -> np.ndarray:
    """The side-by-side (rows, width) matrix at the start of a layer-0 stretch."""
    return layer[: rows * width].reshape(rows, width)


def side_by_side(x: np.ndarray, runs: Sequence[int], shapes: Shapes) -> list[int]:
    """The groups whose layer 0 may sit side by side: its two products with the data, one call
    for all of them, give each run's own products bit for bit, and so do layer 1's
    products on its strided views. None for a net of one layer (its layer 0 is the
    output, which stays run by run)."""
    if len(shapes[0]) < 2:
        return []
    rows = x.shape[0]
    alone = [
        g
        for g in range(len(runs))
        if _wide_exact(x, [runs[g]], [shapes[g]]) and _strided_exact(rows, [runs[g]], [shapes[g]])
    ]
    together = [runs[g] for g in alone], [shapes[g] for g in alone]
    return alone if alone and _wide_exact(x, *together) and _strided_exact(rows, *together) else []


def _random(rng: np.random.Generator, *shape: int) -> np.ndarray:
    """Random values of mixed sizes, so that any change in the order of a sum shows."""
    return rng.standard_normal(shape) * np.exp2(rng.integers(-8, 9, shape))


def _wide_exact(x: np.ndarray, runs: Sequence[int], shapes: Shapes) -> bool:
    """Whether ``x`` (and ``x.T``) times all these groups' layer 0 side by side, one product,
    gives in each run's columns what ``np.dot`` (the call a run alone makes) gives."""
    rng, width = np.random.default_rng(0), first_width(runs, shapes)
    for _ in range(3):
        for a in (x, x.T):
            b = _random(rng, a.shape[1], width)
            wide, col = np.matmul(a, b), 0
            for count, s in zip(runs, shapes):
                cols = s[0][1]
                for c in range(col, col + count * cols, cols):
                    if not np.array_equal(wide[:, c : c + cols], np.dot(a, b[:, c : c + cols].copy())):
                        return False
                col += count * cols
    return True


def _strided_exact(rows: int, runs: Sequence[int], shapes: Shapes) -> bool:
    """Whether layer 1's products reading these groups' side-by-side layer 0 through strided
    views (the forward product and the update), and the back product writing into them,
    give what they give on contiguous copies."""
    rng, t = np.random.default_rng(0), (0, 2, 1)
    act_shapes = [[(rows, s[0][1]), (rows, s[1][1])] for s in shapes]
    size = rows * sum(count * (s[0][1] + s[1][1]) for count, s in zip(runs, shapes))
    for _ in range(3):
        views, backs = (blocks(_random(rng, size), runs, act_shapes, len(runs))[0] for _ in range(2))
        for g, s in enumerate(shapes):
            view, back = views[g][0], backs[g][0]
            own = view.copy()
            weights, delta = _random(rng, runs[g], *s[1]), _random(rng, runs[g], rows, s[1][1])
            np.matmul(delta, weights.transpose(t), back)
            pairs = (
                (np.matmul(view, weights), np.matmul(own, weights)),
                (np.matmul(view.transpose(t), delta), np.matmul(own.transpose(t), delta)),
                (back, np.matmul(delta, weights.transpose(t))),
            )
            if not all(np.array_equal(mine, theirs) for mine, theirs in pairs):
                return False
    return True
