"""The batched alpha sweep equals serial runs bit for bit, and finds divergence exactly."""

import numpy as np
import pytest

from tui_nn.core.batched import BatchedRuns
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.sweep import TUTORIAL_ALPHAS, Sweep


@pytest.mark.parametrize(
    "preset, hidden", [("trask-xor", 4), ("trask-xor", 32), ("digits", 7), ("two-weights", None)]
)
def test_batched_sweep_equals_serial_runs(preset, hidden):
    config = make_config(preset, hidden=hidden, seed=5)
    sweep = Sweep(config, TUTORIAL_ALPHAS)
    errors = np.concatenate([sweep.advance(n) for n in (1, 300, 999)], axis=1)
    for r, alpha in enumerate(TUTORIAL_ALPHAS):
        serial = build(config.with_(alpha=alpha))
        np.testing.assert_array_equal(errors[r], serial.train(1300))
        for got, want in zip(sweep._batched.weights, serial.weights, strict=True):
            np.testing.assert_array_equal(got[r], want)
    assert sweep.iteration == 1300 and sweep.diverged_at == [None] * 7


def test_online_sweep_runs_serially():
    config = make_config("xor-online", iterations=50)
    sweep = Sweep(config, [0.1, 1.0])
    errors = sweep.advance(50)
    np.testing.assert_array_equal(errors[1], build(config.with_(alpha=1.0)).train(50))
    starts, lo, _ = sweep.histories[1].envelope()
    np.testing.assert_array_equal(lo, errors[1])


class _Poisoned(BatchedRuns):
    """Run 1's weights turn infinite during iteration 300."""

    def _iterate(self, errors):
        for i in range(errors.shape[1]):
            super()._iterate(errors[:, i : i + 1])
            if self.iteration + i == 300:
                self.neg[0][1, 0, 0] = -np.inf


def test_batched_divergence_is_found_at_the_exact_iteration():
    first = build(make_config("trask-xor"))
    runs = _Poisoned(first.x, first.y, first.weights, [1.0, 1.0, 10.0], metric="mae")
    errors = np.concatenate([runs.train(250), runs.train(250)], axis=1)
    assert runs.diverged_at == [None, 300, None]
    assert np.isnan(errors[1, 301:]).all() and not np.isnan(errors[1, :301]).any()
    np.testing.assert_array_equal(errors[0], build(make_config("trask-xor")).train(500))
