"""A grid sweep (alphas x hidden sizes x seeds) equals serial runs bit for bit, batched per shape."""

import json

import numpy as np
import pytest
import tutorial

from tui_nn.cli import main
from tui_nn.core.batched import BatchedRuns
from tui_nn.core.validation import Invalid
from tui_nn.io.grid_report import cell_text
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.grid import GridSweep, cells
from tui_nn.run.grid_values import axis_text, check_hiddens, check_seeds


def _serial(config, run, n):
    learner = build(config.with_(alpha=run.alpha, hidden=run.hidden, seed=run.seed))
    return learner, learner.train(n)


def test_every_cell_equals_its_serial_run_and_the_tutorial_loop():
    config = make_config("trask-xor", iterations=400)
    grid = GridSweep(config, [0.1, 10.0, 1000.0], [1, 4, 32], [1, 2, 7])
    assert grid.batched and grid.stacks == 3 and len(grid.runs) == 27
    errors = np.concatenate([grid.advance(n) for n in (1, 150, 249)], axis=1)
    for r in (0, 4, 8, 13, 17, 22, 26):  # every alpha, every hidden size, every seed
        run = grid.runs[r]
        learner, want = _serial(config, run, 400)
        np.testing.assert_array_equal(errors[r], want)
        for got, w in zip(grid.weights(r), learner.weights, strict=True):
            np.testing.assert_array_equal(got, w)
        loop = tutorial.trask_xor(400, alpha=run.alpha, hidden=run.hidden, seed=run.seed, every=1)
        np.testing.assert_array_equal(errors[r], [e for _, e in loop["printed"]])
        for got, w in zip(grid.weights(r), loop["weights"], strict=True):
            np.testing.assert_array_equal(got, w)
    np.testing.assert_array_equal(grid.final, errors[:, -1])


def test_digits_grid_equals_the_tutorial_loop():
    config = make_config("digits", iterations=60)
    grid = GridSweep(config, [0.5, 100.0], [3, 20], [1, 4])
    grid.advance(60)
    for r, run in enumerate(grid.runs):
        weights, errors = tutorial.digits(60, alpha=run.alpha, hidden=run.hidden, seed=run.seed)
        for got, w in zip(grid.weights(r), weights, strict=True):
            np.testing.assert_array_equal(got, w)


class _Poisoned(BatchedRuns):
    """Run 2 of the stack turns infinite during iteration 120."""

    def _iterate(self, errors):
        for i in range(errors.shape[1]):
            super()._iterate(errors[:, i : i + 1])
            if self.iteration + i == 120:
                self.neg[0][2, 0, 0] = -np.inf


def test_a_diverging_run_is_marked_at_its_iteration_and_leaves_the_others_alone():
    config = make_config("trask-xor", iterations=300)
    grid = GridSweep(config, [1.0, 100.0], [2], [1, 2])
    members, batch, _ = grid._batches[0]
    batch.__class__ = _Poisoned
    errors = np.concatenate([grid.advance(100), grid.advance(200)], axis=1)
    r = members[2]
    assert grid.diverged_at == [120 if i == r else None for i in range(4)]
    assert np.isnan(errors[r, 121:]).all() and not np.isnan(errors[r, :121]).any()
    assert np.isnan(grid.final[r])
    for other in set(range(4)) - {r}:
        np.testing.assert_array_equal(errors[other], _serial(config, grid.runs[other], 300)[1])
    summary = cells(grid.final, grid.shape)
    assert summary.diverged.tolist() == [[int(r < 2)], [int(r >= 2)]] and np.isfinite(summary.median).all()


def test_serial_fallback_for_online_and_custom_nets_with_real_divergence():
    online = make_config("xor-online", iterations=30)
    grid = GridSweep(online, [0.1, 10.0], [2, 3], [1, 2])
    assert not grid.batched
    errors = grid.advance(30)
    for r, run in enumerate(grid.runs):
        np.testing.assert_array_equal(errors[r], _serial(online, run, 30)[1])
    cars = make_config("custom", dataset="cars", layers="4,4", iterations=150)
    grid = GridSweep(cars, [0.003, 1000.0], [2], [1, 2])
    errors = grid.advance(150)
    assert grid.diverged_at[:2] == [None, None] and all(at is not None for at in grid.diverged_at[2:])
    for r, run in enumerate(grid.runs):
        learner = build(cars.with_(alpha=run.alpha, hidden=(2, 2), seed=run.seed))
        want = learner.train(150)
        np.testing.assert_array_equal(errors[r, : len(want)], want)
        assert grid.diverged_at[r] == learner.diverged_at


def test_tutorial_shaped_custom_nets_batch_per_dataset():
    config = make_config(
        "custom", dataset="xor", layers="3", bias=False, optimizer="gd", output="sigmoid", test=0,
        init="tutorial", iterations=80,
    )  # fmt: skip
    grid = GridSweep(config, [0.1, 1.0], [2, 5], [1, 2])
    assert grid.batched and grid.stacks == 4  # the generated points depend on the seed
    errors = grid.advance(80)
    for r, run in enumerate(grid.runs):
        want = build(config.with_(alpha=run.alpha, hidden=run.hidden, seed=run.seed)).train(80)
        np.testing.assert_array_equal(errors[r], want)


def test_axes_parse_and_refuse_in_one_line():
    assert check_seeds("1-3,7,9-10") == [1, 2, 3, 7, 9, 10]
    assert check_hiddens("1, 2,32") == [1, 2, 32]
    assert axis_text([1, 2, 3, 7, 9, 10]) == "1-3,7,9,10"
    for bad, field in (("0,2", "hidden"), ("2,2", "hidden"), ("a", "hidden"), ("", "hidden")):
        with pytest.raises(Invalid) as exc:
            check_hiddens(bad)
        assert exc.value.field == field
    for bad in ("5-1", "1,1", "x-3", "1-", "1-100000"):
        with pytest.raises(Invalid) as exc:
            check_seeds(bad)
        assert exc.value.field == "seeds"
    assert (
        cell_text(0.5, 0.4, 0.6, 1, 3) == "0.5 (0.4-0.6) 1 div"
        and cell_text(np.nan, 0, 0, 3, 3) == "diverged"
    )


def test_cli_grid_table_and_json(capsys):
    flags = ["sweep", "--preset", "trask-xor", "--alphas", "0.1,10", "--hidden", "1,4", "--seeds", "1-3"]
    assert main([*flags, "--iterations", "500"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("final MAE (after 499 iterations) per alpha x hidden: trask-xor, seeds 1-3")
    assert out[1].split() == ["alpha", "\\", "hidden", "1", "4"] and len(out) == 4
    assert main([*flags, "--iterations", "500", "--every", "250", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["checkpoints"] == [0, 250] and len(report["runs"]) == 12 and len(report["cells"]) == 4
    run = report["runs"][5]  # alpha 0.1, hidden 4, seed 3
    assert (run["alpha"], run["hidden"], run["seed"]) == (0.1, 4, 3)
    want = build(make_config("trask-xor", alpha=0.1, hidden=4, seed=3)).train(500)
    assert run["errors"] == [want[0], want[250]] and run["final"] == want[-1]
    finals = [r["final"] for r in report["runs"][3:6]]
    assert report["cells"][1]["median"] == float(np.median(finals))


@pytest.mark.parametrize(
    "flags, field",
    [
        (["--hidden", "0,4"], "hidden"),
        (["--seeds", "3-1"], "seeds"),
        (["--seeds", "1-4000", "--hidden", "1,2"], "runs"),
        (["--preset", "two-weights", "--hidden", "1,2"], "hidden layer"),
        (["--hidden", "4096,4095", "--seeds", "1-100"], "GB"),
    ],
)
def test_cli_grid_refuses_bad_axes_before_training(flags, field, capsys):
    args = ["sweep", *flags] if "--preset" in flags else ["sweep", "--preset", "trask-xor", *flags]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and field in err


@pytest.mark.parametrize("dataset", ["xor", "spiral"])
def test_products_over_one_term_stay_exact_in_deep_nets(dataset):
    """Hidden size 1 makes the products inside a deep net run over one term (an elementwise multiply
    in the stack, a BLAS call per run alone): every run still equals its serial run bit for bit."""
    config = make_config(
        "custom", dataset=dataset, layers="3,3", bias=False, optimizer="gd", output="sigmoid", test=0,
        init="tutorial", iterations=60,
    )  # fmt: skip
    grid = GridSweep(config, [0.5, 10.0], [1, 2, 5], [1, 2])
    assert grid.batched
    errors = grid.advance(60)
    for r, run in enumerate(grid.runs):
        learner = build(config.with_(alpha=run.alpha, hidden=(run.hidden,) * 2, seed=run.seed))
        np.testing.assert_array_equal(errors[r], learner.train(60))
        for mine, theirs in zip(grid.weights(r), learner.weights):
            np.testing.assert_array_equal(mine, theirs)
