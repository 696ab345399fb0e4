"""Classification scores: the metrics (picked class, probability, accuracy, confusion), the
snapshot's fields over all training rows and the test rows, and predictions of a typed row
through the data's standardization and engineered features, with its class and probability."""

import numpy as np
import pytest

from tui_nn.core import metrics
from tui_nn.data import classes as data_classes
from tui_nn.data.scaling import raw_inputs
from tui_nn.run.build import build, ready
from tui_nn.run.config import make_config
from tui_nn.run.controller import SNAPSHOT_ROWS, RunController
from tui_nn.run.query import input_size, net_input, predict_layers, predicted_class, prediction


def custom(**values):
    return make_config(preset="custom", **values)


def trained(config, iterations):
    config, data = ready(config)
    learner = build(config, data)
    learner.train(iterations)
    return config, data, learner


def true_and_picked(outputs, y):
    """The oracle: each row's true and picked class, written out here, not taken from metrics."""
    if y.shape[1] == 1:
        return (y[:, 0] >= 0.5).astype(int), (outputs[:, 0] >= 0.5).astype(int)
    return y.argmax(axis=1), outputs.argmax(axis=1)


def counts_of(outputs, y, k):
    true, picked = true_and_picked(outputs, y)
    return np.array([[np.sum((true == i) & (picked == j)) for j in range(k)] for i in range(k)])


# -- the metrics ------------------------------------------------------------
def test_two_classes_split_at_one_half_and_many_take_the_largest():
    sigmoid = np.array([[0.2], [0.5], [0.9], [0.49]])
    assert metrics.picked(sigmoid).tolist() == [0, 1, 1, 0]
    np.testing.assert_allclose(metrics.probability(sigmoid), [0.8, 0.5, 0.9, 0.51])
    softmax = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    assert metrics.picked(softmax).tolist() == [1, 0]
    np.testing.assert_allclose(metrics.probability(softmax), [0.7, 0.5])
    assert metrics.class_of(("a", "b", "c"), softmax) == ["b", "a"]


def test_confusion_rows_are_the_true_class_and_columns_the_predicted():
    y = np.eye(3)[[0, 0, 1, 2, 2, 2]]
    outputs = np.eye(3)[[0, 1, 1, 2, 0, 2]] * 0.8
    counts = metrics.confusion(outputs, y, 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert metrics.share_right(counts) == pytest.approx(4 / 6) == metrics.accuracy(outputs, y)
    two = metrics.confusion(np.array([[0.9], [0.1], [0.6]]), np.array([[1.0], [1.0], [0.0]]), 2)
    assert two.tolist() == [[0, 1], [1, 1]]
    assert metrics.confusion(np.zeros((0, 1)), np.zeros((0, 1)), 2).tolist() == [[0, 0], [0, 0]]
    assert metrics.share_right(np.zeros((2, 2), dtype=int)) is None


def test_the_data_module_names_the_one_definition():
    assert data_classes.accuracy is metrics.accuracy and data_classes.class_of is metrics.class_of


# -- the snapshot -----------------------------------------------------------
def test_snapshot_scores_every_training_row_not_only_its_window():
    config = custom(dataset="circle", points=5000, test=0.2, layers=(4,), activation="tanh")
    controller = RunController(config)
    controller.run_chunk(0)
    controller.start()
    controller.run_chunk(60)
    snap = controller.snapshot()
    learner = controller.training
    assert len(learner.x) == 4000 > SNAPSHOT_ROWS and len(snap.x) == SNAPSHOT_ROWS
    assert snap.classes == ("0", "1")
    train_out, test_out = learner.predict(learner.x), learner.predict(learner.x_test)
    true, picked = true_and_picked(train_out, learner.y)
    assert snap.accuracy == pytest.approx(np.mean(true == picked))
    np.testing.assert_array_equal(snap.confusion, counts_of(train_out, learner.y, 2))
    assert snap.confusion.sum() == 4000 and snap.test_confusion.sum() == 1000
    true, picked = true_and_picked(test_out, learner.y_test)
    assert snap.test_accuracy == pytest.approx(np.mean(true == picked))
    np.testing.assert_array_equal(snap.test_confusion, counts_of(test_out, learner.y_test, 2))


def test_snapshot_of_three_classes_and_of_runs_without_classes(tmp_path):
    controller = RunController(custom(dataset="iris", layers=(8,), iterations=300))
    controller.start()
    controller.run_chunk(300)
    snap, learner = controller.snapshot(), controller.training
    assert snap.classes == ("setosa", "versicolor", "virginica") and snap.confusion.shape == (3, 3)
    np.testing.assert_array_equal(
        snap.test_confusion, counts_of(learner.predict(learner.x_test), learner.y_test, 3)
    )
    for config in (custom(dataset="cars"), make_config(preset="trask-xor")):
        snap = RunController(config).snapshot()
        assert snap.classes == () and snap.accuracy is snap.test_accuracy is None
        assert snap.confusion is snap.test_confusion is None
    path = tmp_path / "small.csv"
    path.write_text("a,b,label\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n")
    snap = RunController(custom(dataset="csv", data=str(path), target="label")).snapshot()
    assert snap.classes == ("no", "yes") and snap.confusion.sum() == 4
    assert snap.test_accuracy is None and snap.test_confusion is None  # no rows held out


# -- predictions ------------------------------------------------------------
def test_a_standardized_run_predicts_a_row_typed_in_the_data_units():
    config, data, learner = trained(custom(dataset="iris", layers=(8,)), 300)
    assert data.mean is not None
    for i in (0, 50, 100):
        typed = raw_inputs(data, data.x[i])  # the flower's measurements in cm
        output, hidden = prediction(config, learner.params, typed.tolist())
        np.testing.assert_allclose(output, learner.predict(data.x[i]), rtol=1e-12)
        np.testing.assert_allclose(predict_layers(config, learner.params, typed.tolist())[0], data.x[i])
        name, p = predicted_class(config, learner.params, typed.tolist())
        expected = learner.predict(data.x[i])
        assert name == data.classes[int(np.argmax(expected))] and p == pytest.approx(expected.max())


def test_engineered_features_take_the_point_x1_x2():
    config = custom(dataset="circle", layers=(), features="x1,x2,x1^2", standardize="on")
    config, data, learner = trained(config, 200)
    assert learner.spec.inputs == 3 and input_size(config, learner.params) == 2
    for i in (0, 7):
        point = data.plane[i].tolist()
        np.testing.assert_allclose(net_input(config, point), data.x[i])
        output, _ = prediction(config, learner.params, point)
        np.testing.assert_allclose(output, learner.predict(data.x[i]), rtol=1e-12)
        o = float(learner.predict(data.x[i])[0])
        assert predicted_class(config, learner.params, point) == (
            data.classes[int(o >= 0.5)],
            pytest.approx(o if o >= 0.5 else 1 - o),
        )
    assert prediction(config, learner.params, [1.0, 2.0, 3.0]) is None  # the net's width, not a point


def test_no_class_for_regression_presets_or_a_row_that_does_not_fit():
    config, _, learner = trained(custom(dataset="cars"), 10)
    assert prediction(config, learner.params, [10.0]) is not None
    assert predicted_class(config, learner.params, [10.0]) is None
    xor = make_config(preset="trask-xor")
    assert predicted_class(xor, build(xor).params, [1, 0, 1]) is None
    config, _, learner = trained(custom(dataset="iris", layers=(4,)), 5)
    assert predicted_class(config, learner.params, [5.0, 3.0]) is None
    assert predicted_class(config, learner.params, None) is None
