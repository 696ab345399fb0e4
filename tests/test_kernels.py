"""The fast kernels are bit for bit the plain path (Network.iterate) for every rule and metric they run.

A Learner takes a kernel when its spec is tutorial-shaped and it has no test rows;
the same spec given a test split (or ``_train_plain`` called directly) runs the
plain path. Every comparison is exact (assert_array_equal), never allclose.
"""

import warnings

import numpy as np
import pytest

from tui_nn.core.full_batch_kernel import FullBatchKernel
from tui_nn.core.learner import Learner
from tui_nn.core.network import measure
from tui_nn.core.online_kernel import OnlineKernel
from tui_nn.core.spec import NetSpec
from tui_nn.data.datasets import generate
from tui_nn.data.tutorial_data import X_A, Y_XOR
from tui_nn.run.build import build
from tui_nn.run.config import make_config

HIDDEN = {1: (), 2: (4,), 3: (5, 3)}  # weight layers -> hidden sizes
SPIRAL = generate("spiral", points=80, test_fraction=0.0, seed=3)
# Two outputs per row: the kernels reduce the error over every target of every row.
Y_TWO = np.column_stack([SPIRAL.y, 1 - SPIRAL.y])


def sigmoid_spec(inputs, depth, batch, outputs=1):
    sizes = (inputs, *HIDDEN[depth], outputs)
    return NetSpec(sizes, ("sigmoid",) * (len(sizes) - 1), batch=batch)


def pair(spec, x, y, **options):
    """The same run twice: on its kernel, and forced onto the plain path by a test split."""
    fast = Learner(spec, x, y, **options)
    plain = Learner(spec, x, y, x_test=x[:1], y_test=y[:1], **options)
    assert spec.tutorial_shaped and fast.fast and not plain.fast
    return fast, plain


def assert_same(a, errors_a, b, errors_b):
    np.testing.assert_array_equal(errors_a, errors_b)
    assert a.iteration == b.iteration and a.diverged_at == b.diverged_at and a.last_error == b.last_error
    for name in ("weights", "direction_changes", "last_updates"):
        got, want = getattr(a, name), getattr(b, name)
        assert len(got) == len(want), name
        for p, q in zip(got, want, strict=True):
            assert p.shape == q.shape, name
            np.testing.assert_array_equal(p, q, err_msg=name)
    np.testing.assert_array_equal(a.outputs, b.outputs)
    for got, want in zip(a.history.envelope(), b.history.envelope(), strict=True):
        np.testing.assert_array_equal(got, want)


# alpha 1.0 is special-cased by the kernels (no scaling call); 1e5 saturates units, so
# updates hit exact zeros and the two direction signs count differently.
ALPHAS_SEEDS = [(1.0, 1), (10.0, 7), (0.3, 2024), (1e5, 3)]


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("alpha, seed", ALPHAS_SEEDS)
@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("metric", ["mae", "mse"])
@pytest.mark.parametrize("batch", ["full", "online"])
def test_kernel_equals_plain_path(batch, metric, depth, alpha, seed, sign):
    spec = sigmoid_spec(3, depth, batch)
    fast, plain = pair(spec, X_A, Y_XOR, alpha=alpha, seed=seed, metric=metric, direction_sign=sign)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow in exp at large alpha stays silent on both paths
        errors_fast, errors_plain = fast.train(150), plain.train(150)
    kind = OnlineKernel if batch == "online" else FullBatchKernel
    assert type(fast._fast.kernel) is kind and plain._fast is None  # the plain path made no kernel
    assert len(errors_fast) == 150
    assert_same(fast, errors_fast, plain, errors_plain)


@pytest.mark.parametrize("batch", ["full", "online"])
@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("metric", ["mae", "mse"])
def test_kernel_equals_plain_path_on_many_rows_and_two_outputs(batch, metric, depth):
    # 80 rows of two targets: numpy's pairwise summation splits a mean of more than 128 numbers
    spec = sigmoid_spec(2, depth, batch, outputs=2)
    fast, plain = pair(spec, SPIRAL.x, Y_TWO, alpha=0.5, seed=5, metric=metric)
    n = 25 if batch == "online" else 120
    assert_same(fast, fast.train(n), plain, plain.train(n))


@pytest.mark.parametrize("batch", ["full", "online"])
def test_train_plain_called_directly_equals_the_kernel(batch):
    spec = sigmoid_spec(3, 2, batch)
    fast = Learner(spec, X_A, Y_XOR, alpha=2.0, seed=4, metric="mae")
    plain = Learner(spec, X_A, Y_XOR, alpha=2.0, seed=4, metric="mae")
    assert fast.fast and plain.fast  # the same Learner; only the path taken differs
    errors = np.empty(200)
    with np.errstate(all="ignore"):
        assert plain._train_plain(errors) == 200
    assert plain._fast is None
    np.testing.assert_array_equal(fast.train(200), errors)
    for name in ("weights", "direction_changes", "last_updates"):
        for p, q in zip(getattr(fast, name), getattr(plain, name), strict=True):
            np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(fast.outputs, plain.outputs)
    assert fast.iteration == plain.iteration == 200


@pytest.mark.parametrize("batch", ["full", "online"])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_direction_signs_differ_at_exact_zeros_on_both_paths(batch, depth):
    # At alpha 1e5 units saturate: some updates are exactly 0, which counts as "positive"
    # for neither sign, so the two direction rules really are different rules here.
    spec = sigmoid_spec(3, depth, batch)
    totals = {}
    for sign in (1, -1):
        fast, plain = pair(spec, X_A, Y_XOR, alpha=1e5, seed=1, direction_sign=sign)
        assert_same(fast, fast.train(400), plain, plain.train(400))
        totals[sign] = sum(int(c.sum()) for c in fast.direction_changes)
    assert totals[1] != totals[-1]


@pytest.mark.parametrize("batch", ["full", "online"])
def test_the_kernel_reports_the_metric_asked_for(batch):
    # The online kernel used to report MSE whatever the metric: error 0 must be the MAE
    # of the initial weights when MAE is asked for, and the MSE otherwise.
    spec = sigmoid_spec(3, 2, batch)
    errors = {}
    for metric in ("mae", "mse"):
        learner = Learner(spec, X_A, Y_XOR, alpha=1.0, seed=1, metric=metric)
        guess = learner.outputs_now()
        errors[metric] = learner.train(3)
        assert learner.fast
        assert errors[metric][0] == measure(metric, Y_XOR - guess)
    assert errors["mae"][0] == np.mean(np.abs(Y_XOR - guess))
    assert errors["mse"][0] == np.mean(np.square(Y_XOR - guess))
    assert not np.array_equal(errors["mae"], errors["mse"])  # the same weights, two measures


def test_online_kernel_mae_each_epoch_by_hand():
    spec = sigmoid_spec(3, 2, "online")
    learner = Learner(spec, X_A, Y_XOR, alpha=0.5, seed=9, metric="mae")
    for _ in range(5):
        expected = np.mean(np.abs(Y_XOR - learner.outputs_now()))
        assert learner.train(1)[0] == expected


# Nets whose updates keep flipping sign (a lone unit on xor; contradicting rows online), so
# the direction counts must carry across every chunk boundary.
X_CONTRA = np.vstack([X_A, X_A])
Y_CONTRA = np.vstack([Y_XOR, 1 - Y_XOR])
OSCILLATING = {"full": (X_A, Y_XOR, 10.0), "online": (X_CONTRA, Y_CONTRA, 30.0)}


@pytest.mark.parametrize("batch", ["full", "online"])
@pytest.mark.parametrize("pieces", [[1, 513, 486], [1000], [511, 1, 1, 487], [512, 512]])
def test_chunk_boundaries_change_nothing(batch, pieces):
    x, y, alpha = OSCILLATING[batch]
    spec = sigmoid_spec(3, 1, batch)
    n = sum(pieces)
    whole = Learner(spec, x, y, alpha=alpha, seed=2, metric="mae")
    errors_whole = whole.train(n)
    assert whole._fast.chunk == 512  # a small net runs 512 iterations per chunk
    parts = Learner(spec, x, y, alpha=alpha, seed=2, metric="mae")
    errors_parts = np.concatenate([parts.train(k) for k in pieces])
    assert_same(parts, errors_parts, whole, errors_whole)
    first_chunk = Learner(spec, x, y, alpha=alpha, seed=2, metric="mae")
    first_chunk.train(512)
    flips = [sum(int(c.sum()) for c in learner.direction_changes) for learner in (first_chunk, whole)]
    assert flips[1] > flips[0] + 100  # the signs keep flipping after the first chunk
    _, plain = pair(spec, x, y, alpha=alpha, seed=2, metric="mae")
    assert_same(whole, errors_whole, plain, plain.train(n))


@pytest.mark.parametrize("batch", ["full", "online"])
def test_one_iteration_at_a_time_equals_one_call(batch):
    spec = sigmoid_spec(3, 2, batch)
    whole = Learner(spec, X_A, Y_XOR, alpha=3.0, seed=2)
    errors = whole.train(600)
    stepped = Learner(spec, X_A, Y_XOR, alpha=3.0, seed=2)
    assert_same(stepped, np.array([stepped.step() for _ in range(600)]), whole, errors)


# A sigmoid net's weights stay finite however large alpha is (saturation zeroes the
# slopes) unless its targets are huge too: then one update leaves the output weights
# finite but enormous, and the next sends inf * 0 = NaN into the hidden weights.
X_HUGE = np.array([[-2.3e60, 9.3e60], [7.1e60, -4.1e59], [2.0e60, -1.5e60]])
Y_HUGE = np.array([[-2.4e144], [3.9e145], [-5.1e145]])


@pytest.mark.parametrize("batch, seed", [("full", 7), ("online", 1)])
def test_divergence_found_at_the_same_iteration_mid_chunk(batch, seed):
    spec = NetSpec((2, 3, 1), ("sigmoid", "sigmoid"), batch=batch)
    fast, plain = pair(spec, X_HUGE, Y_HUGE, alpha=1e-220, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = (fast.train(700), plain.train(700))
        assert fast.diverged_at is None and plain.diverged_at is None
        fast.alpha = plain.alpha = 2e128
        # the kernel runs a chunk of 512 from iteration 700, sees NaN, and replays it
        errors_fast, errors_plain = fast.train(1000), plain.train(1000)
    np.testing.assert_array_equal(*first)
    assert fast.diverged_at == plain.diverged_at == 701  # the chunk's second iteration
    assert fast.iteration == plain.iteration == 702 and len(errors_fast) == 2
    assert not all(np.isfinite(w).all() for w in fast.weights)
    assert_same(fast, errors_fast, plain, errors_plain)
    assert len(fast.train(10)) == len(plain.train(10)) == 0  # a diverged run stays stopped


@pytest.mark.parametrize("batch, diverged_at", [("full", 0), ("online", None)])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_divergence_at_the_first_iteration(batch, diverged_at, depth):
    # full batch: the first update overflows; online: the first row's update saturates the
    # net and the rest of the run stays finite (its squared error overflows instead)
    spec = sigmoid_spec(3, depth, batch)
    fast, plain = pair(spec, X_A, Y_XOR * 1e300, alpha=1e300, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        errors_fast, errors_plain = fast.train(50), plain.train(50)
    assert fast.diverged_at == diverged_at
    assert len(errors_fast) == (1 if diverged_at == 0 else 50)
    assert_same(fast, errors_fast, plain, errors_plain)


def test_huge_alpha_saturates_without_diverging_on_both_paths():
    spec = sigmoid_spec(3, 2, "full")
    fast, plain = pair(spec, X_A, Y_XOR, alpha=1e300, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        errors_fast, errors_plain = fast.train(600), plain.train(600)
    assert fast.diverged_at is None and len(errors_fast) == 600
    assert_same(fast, errors_fast, plain, errors_plain)


def test_state_continues_a_kernel_run_exactly():
    spec = sigmoid_spec(3, 3, "online")
    whole = Learner(spec, X_A, Y_XOR, alpha=4.0, seed=8, metric="mae")
    errors = whole.train(700)
    first = Learner(spec, X_A, Y_XOR, alpha=4.0, seed=8, metric="mae")
    head = first.train(300)
    second = Learner(spec, X_A, Y_XOR, alpha=1.0, seed=0, metric="mae")
    second.load_state(first.state())
    tail = second.train(400)
    assert second.fast
    assert_same(second, np.concatenate([head, tail]), whole, errors)


@pytest.mark.parametrize(
    "preset", ["trask-1layer", "trask-xor", "neuron", "xor-online", "digits", "two-weights"]
)
def test_every_trainable_preset_runs_on_a_kernel_equal_to_the_plain_path(preset):
    learner = build(make_config(preset, alpha=2.0))
    assert learner.fast
    plain = Learner(
        learner.spec,
        learner.x,
        learner.y,
        alpha=2.0,
        seed=learner.seed,
        metric=learner.metric,
        x_test=learner.x[:1],
        y_test=learner.y[:1],
        direction_sign=learner.direction_sign,
    )
    assert not plain.fast
    n = 40 if preset == "xor-online" else 120
    assert_same(learner, learner.train(n), plain, plain.train(n))


def test_a_custom_run_of_tutorial_shape_takes_the_kernel_only_without_test_rows():
    values = dict(dataset="circle", points=40, layers="4", activation="sigmoid", bias=False, init="tutorial")
    values.update(optimizer="gd", alpha=0.05, error="mae")
    learner = build(make_config("custom", test=0, **values))
    assert learner.spec.tutorial_shaped and learner.fast
    assert not build(make_config("custom", test=0.25, **values)).fast
    assert not build(make_config("custom", test=0, **{**values, "bias": True})).fast
    plain = Learner(learner.spec, learner.x, learner.y, alpha=0.05, seed=1, metric="mae")
    errors = np.empty(150)
    with np.errstate(all="ignore"):
        plain._train_plain(errors)
    np.testing.assert_array_equal(learner.train(150), errors)
    for p, q in zip(learner.weights, plain.weights, strict=True):
        np.testing.assert_array_equal(p, q)
