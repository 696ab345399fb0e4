"""The step walk-through shows the engine's own numbers."""

import numpy as np
import pytest

from tui_nn.core.explain import explain_step
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.presets import PRESETS


def by_label(stages):
    return {s.label: s.value for s in stages}


def test_annotated_tutorial_seed_123_first_step():
    training = build(make_config("trask-1layer", seed=123))
    stages = by_label(explain_step(training, "y - o"))
    np.testing.assert_allclose(
        stages["l1"].ravel(), [0.36672394, 0.27408027, 0.46173529, 0.35868411], atol=5e-9
    )
    np.testing.assert_array_equal(stages["error"], training.y - stages["l1"])
    np.testing.assert_array_equal(stages["slope l1"], stages["l1"] * (1 - stages["l1"]))
    np.testing.assert_array_equal(stages["l1 delta"], stages["error"] * stages["slope l1"])
    assert training.iteration == 0  # explaining does not train


@pytest.mark.parametrize(
    "preset", ["trask-1layer", "trask-xor", "neuron", "xor-online", "digits", "two-weights"]
)
def test_walk_through_ends_where_the_engine_steps(preset):
    training = build(make_config(preset, alpha=0.7))
    training.train(3)
    stages = explain_step(training, PRESETS[preset].error_form)
    training.train(1)
    values = by_label(stages)
    for name, w in zip(training.names, training.weights):
        np.testing.assert_array_equal(values[f"{name} after"], w)
    if preset != "xor-online":
        top = len(training.weights)
        np.testing.assert_array_equal(values[f"l{top}"], training.outputs)
        # The update shown is the tutorial's: -gradient where it writes y - o, else the gradient;
        # the last step taken is -gradient (unscaled, plain descent).
        sign = 1 if PRESETS[preset].error_form == "y - o" else -1
        for name, u in zip(training.names, training.last_updates):
            np.testing.assert_array_equal(values[f"update {name}"], sign * u)


def test_two_layer_walk_through_has_both_layers():
    labels = [s.label for s in explain_step(build(make_config("trask-xor")))]
    for label in [
        "l1",
        "l2",
        "slope l2",
        "l2 delta",
        "l1 error",
        "slope l1",
        "l1 delta",
        "update synapse_0",
        "update synapse_1",
    ]:
        assert label in labels
    assert all(s.caption for s in explain_step(build(make_config("trask-xor"))))


def test_forward_only_has_no_step():
    with pytest.raises(ValueError):
        explain_step(build(make_config("relu-forward")))


def test_each_slope_caption_names_its_layer_and_activation():
    deep = build(make_config(dataset="xor", layers="4,3", activation="tanh,relu"))
    captions = {s.label: s.caption for s in explain_step(deep)}
    assert "hidden layer 1's slope: tanh' at l1" in captions["slope l1"]
    assert "hidden layer 2's slope: relu' at l2" in captions["slope l2"]
    assert "the output layer's slope: sigmoid' at l3" in captions["slope l3"]
    single = {s.label: s.caption for s in explain_step(build(make_config("trask-1layer")), "y - o")}
    assert "the output layer's slope: sigmoid' at l1" in single["slope l1"]
