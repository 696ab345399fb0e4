"""Every view's numbers for every run, preset or custom: headless, from the snapshots the app gets."""

import numpy as np
import pytest

from tui_nn.core.boundary import boundary
from tui_nn.core.landscape import error_grid, parse_view
from tui_nn.run.build import build, learner_from, ready
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.run.query import learner_at, walkthrough
from tui_nn.run.sweep import Sweep

# A custom net whose step depends on more than its weights: momentum, mini-batches, dropout.
STATEFUL = dict(dataset="circle", points="40", layers="5,3", activation="tanh,relu", batch="7", dropout="0.2",
                optimizer="nesterov", alpha="0.02", iterations="100")  # fmt: skip


def custom(**changes):
    return ready(make_config("custom", **{**STATEFUL, **changes}))[0]


@pytest.mark.parametrize(
    "config",
    [make_config("trask-xor"), make_config("xor-online"), make_config("digits", hidden=5), custom(),
     custom(batch="online", dropout="0", optimizer="gd", bias="off")],
    ids=["trask-xor", "xor-online", "digits", "custom-stateful", "custom-online"],
)  # fmt: skip
def test_the_walk_through_ends_where_the_worker_steps(config):
    run = RunController(config)
    run.step(3)
    before = run.snapshot()
    title, upcoming = walkthrough(before)  # the next step, from the snapshot alone
    run.step(1)
    after = run.snapshot()
    title_done, done = walkthrough(after)  # the step just taken
    assert (
        title == "the next step: iteration 3 -> 4" and title_done == "the step just taken: iteration 3 -> 4"
    )
    for stages in (upcoming, done):
        values = {s.label: s.value for s in stages}
        for name, p in zip(after.names, after.weights, strict=True):
            np.testing.assert_array_equal(values[f"{name} after"], p)
    labels = [s.label for s in done]
    layers = len(after.diagram.split("->")) - 1
    assert f"l{layers}" in labels or any(label.startswith(f"l{layers} (") for label in labels)


def test_a_custom_walk_through_is_labelled_per_layer_and_batch():
    snap = RunController(custom()).snapshot()
    labels = [s.label for s in walkthrough(snap)[1]]
    assert labels[:6] == ["W1 before", "W2 before", "W3 before", "b1 before", "b2 before", "b3 before"]
    assert any(label.startswith("l0.W1 (rows ") for label in labels)  # a mini-batch's rows
    assert any(label.startswith("slope l2 (rows ") for label in labels)
    assert any(label.startswith("update b3 (rows ") for label in labels)


def test_the_landscape_maps_biases_of_a_custom_net():
    config = custom(dropout="0", optimizer="gd", batch="full")
    run = RunController(config)
    run.step(5)
    snap = run.snapshot()
    learner = learner_at(snap)
    first, second, _ = parse_view("b1[0,2] W3[1,0]", snap.names, [p.shape for p in snap.weights], 3.0)
    grid = error_grid(learner, first, second, span=1.0, columns=5, rows=3)
    probe = learner_from(config, snap.weights)
    probe.params[first[0]][first[1:]] = grid.xs[4]
    probe.params[second[0]][second[1:]] = grid.ys[0]
    assert grid.errors[0, 4] == pytest.approx(probe.error(), rel=1e-12)
    assert grid.errors[1, 2] == pytest.approx(run.training.error(), rel=1e-12)  # the centre is now


@pytest.mark.parametrize("config", [make_config("two-weights"), make_config("relu-forward"), custom()])
def test_every_two_input_run_has_a_decision_boundary(config):
    run = RunController(config)
    run.step(2)
    snap = run.snapshot()
    learner = learner_from(config, snap.weights)
    picture = boundary(learner.predict, snap.x, columns=7, rows=5)
    for r, c in [(0, 0), (4, 6), (2, 3)]:
        assert picture.outputs[r, c] == pytest.approx(
            learner.predict([picture.xs[c], picture.ys[r]])[0], rel=1e-12
        )


def test_a_custom_sweep_runs_serially_and_equals_single_runs():
    config = custom(iterations="30")
    sweep = Sweep(config, [0.01, 0.1])
    assert not sweep.batched
    errors = sweep.advance(30)
    for row, alpha in zip(errors, [0.01, 0.1]):
        np.testing.assert_array_equal(row, build(config.with_(alpha=alpha)).train(30))


def test_a_tutorial_shaped_custom_net_sweeps_batched():
    config = ready(
        make_config("custom", dataset="xor", bias="off", optimizer="gd", init="tutorial", test="0")
    )[0]
    sweep = Sweep(config, [0.01, 0.1, 1.0])
    assert sweep.batched
    errors = sweep.advance(50)
    np.testing.assert_array_equal(errors[2], build(config.with_(alpha=1.0)).train(50))
