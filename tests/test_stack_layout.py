"""A stack's first layer side by side: the views, the check against BLAS, the callers' numbering."""

import numpy as np
import pytest

from tui_nn.core import batched, stack_layout
from tui_nn.core.stack_layout import blocks, first_layer, side_by_side
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.grid import GridSweep

XOR = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)


def test_side_by_side_blocks_are_views_of_their_columns():
    shapes = [[(3, 2), (2, 1)], [(3, 4), (4, 1)]]
    flat = np.arange(2 * 3 * 2 + 3 * 3 * 4 + 2 * 2 + 3 * 4, dtype=float)
    out, layers = blocks(flat, [2, 3], shapes, wide=2)
    matrix = first_layer(layers[0], 3, 2 * 2 + 3 * 4)
    assert matrix.base is not None and np.shares_memory(matrix, flat)
    for g, (count, cols, start) in enumerate([(2, 2, 0), (3, 4, 4)]):
        assert out[g][0].shape == (count, 3, cols)
        for r in range(count):
            np.testing.assert_array_equal(out[g][0][r], matrix[:, start + r * cols : start + (r + 1) * cols])
    out[1][0][2, 1, 3] = -1.0  # a write through a view lands in the flat buffer
    assert matrix[1, 4 + 2 * 4 + 3] == -1.0 and (flat == -1.0).sum() == 1
    assert [len(layer) for layer in layers] == [3 * 16, 2 * 2 + 3 * 4]
    np.testing.assert_array_equal(out[0][1].reshape(-1), layers[1][:4])  # layer 1 stays run by run


def test_a_net_of_one_layer_keeps_its_layer_run_by_run():
    assert side_by_side(XOR, [3], [[(3, 1)]]) == []


class _OffByOneBit:
    """numpy, except that ``dot`` rounds its result one step up: BLAS summing in another order."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def dot(a, b):
        return np.nextafter(np.dot(a, b), np.inf)


def test_products_that_would_change_a_bit_keep_the_runs_apart(monkeypatch):
    shapes = [[(3, h), (h, 1)] for h in (4, 8)]
    first = build(make_config("trask-xor", hidden=8))
    monkeypatch.setattr(stack_layout, "np", _OffByOneBit())
    assert side_by_side(XOR, [3, 3], shapes) == []
    runs = batched.BatchedRuns(first.x, first.y, first.weights, [1.0, 10.0], metric=first.metric)
    monkeypatch.undo()
    assert runs._wide == 0 and runs.beside == 0
    errors = runs.train(300)
    for r, alpha in enumerate([1.0, 10.0]):
        np.testing.assert_array_equal(
            errors[r], build(make_config("trask-xor", hidden=8, alpha=alpha)).train(300)
        )


@pytest.mark.parametrize("reverse", [False, True])
def test_runs_keep_their_numbers_whatever_order_the_stack_keeps(monkeypatch, reverse):
    """The stack puts side-by-side groups first (here also in reverse); every run still reads back
    as the caller numbered it, bit for bit its serial run."""
    verdict = stack_layout.side_by_side

    def reordered(x, runs, shapes):
        found = verdict(x, runs, shapes)
        return found[::-1] if reverse else found

    monkeypatch.setattr(batched, "side_by_side", reordered)
    config = make_config("trask-xor", iterations=200)
    grid = GridSweep(config, [0.5, 10.0], [1, 2, 4, 8], [1, 2])
    errors = np.concatenate([grid.advance(50), grid.advance(150)], axis=1)
    for r, run in enumerate(grid.runs):
        learner = build(config.with_(alpha=run.alpha, hidden=run.hidden, seed=run.seed))
        np.testing.assert_array_equal(errors[r], learner.train(200))
        for mine, theirs in zip(grid.weights(r), learner.weights, strict=True):
            np.testing.assert_array_equal(mine, theirs)
    assert grid.diverged_at == [None] * len(grid.runs)


def test_deep_nets_side_by_side_equal_their_serial_runs():
    """Three layers on a few rows (so the first layer can sit side by side): every run of the grid
    equals its serial run bit for bit, weights included."""
    config = make_config(
        "custom", dataset="xor", points=8, layers="4,4", bias=False, optimizer="gd", output="sigmoid",
        test=0, init="tutorial", iterations=120,
    )  # fmt: skip
    grid = GridSweep(config, [0.5, 5.0], [3, 6], [1, 2])
    assert grid.batched
    errors = grid.advance(120)
    for r, run in enumerate(grid.runs):
        learner = build(config.with_(alpha=run.alpha, hidden=(run.hidden,) * 2, seed=run.seed))
        np.testing.assert_array_equal(errors[r], learner.train(120))
        for mine, theirs in zip(grid.weights(r), learner.weights, strict=True):
            np.testing.assert_array_equal(mine, theirs)
