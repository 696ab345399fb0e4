"""``train`` on classes: the data's notes under the first line, the accuracy after each error line,
the confusion matrices with class names, and the JSON fields, each figure recomputed here from a
Learner trained in one go (so the chunks ``train`` runs in change nothing)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tui_nn
from tui_nn.cli import main
from tui_nn.cli.flags import config_from_args
from tui_nn.cli.parser import build_parser
from tui_nn.data.dataset import describe
from tui_nn.run.build import build, ready

IRIS = ["--dataset", "iris", "--layers", "8", "--iterations", "2000"]
IRIS_CSV = str(Path(tui_nn.__file__).parent / "data" / "files" / "iris.csv")
CIRCLE = ["--dataset", "circle", "--layers", "none", "--features", "x1^2,x2^2"]


def engine(flags, iterations=None):
    """The run of ``train``'s flags on its own Learner, trained to ``iterations`` in one call."""
    config, data = ready(config_from_args(build_parser().parse_args(["train", *flags])))
    learner = build(config, data)
    learner.train(config.iterations if iterations is None else iterations)
    return config, data, learner


def picks(outputs, y):
    if y.shape[1] == 1:
        return (y[:, 0] >= 0.5).astype(int), (outputs[:, 0] >= 0.5).astype(int)
    return y.argmax(axis=1), outputs.argmax(axis=1)


def confusion(outputs, y, k):
    true, picked = picks(outputs, y)
    return [[int(np.sum((true == i) & (picked == j))) for j in range(k)] for i in range(k)]


def share(outputs, y):
    true, picked = picks(outputs, y)
    return f"{np.mean(true == picked):.4f} ({int(np.sum(true == picked))}/{len(y)})"


def text_of(capsys, *flags):
    assert main(["train", *flags]) == 0
    return capsys.readouterr().out.splitlines()


def matrix(lines, heading):
    """The names across and the rows (name, counts) of the matrix under ``heading``."""
    at = lines.index(heading)
    names = lines[at + 1].split()
    rows = [lines[at + 2 + i].split() for i in range(len(names))]
    return names, [(row[0], [int(c) for c in row[1:]]) for row in rows]


def test_iris_prints_accuracy_beside_each_error_and_its_confusion_with_names(capsys):
    lines = text_of(capsys, *IRIS, "--every", "1000")
    config, data, learner = engine(IRIS)
    assert lines[1:3] == describe(data) and lines[1].startswith("task: classification, as species is text")
    train_out, test_out = learner.predict(data.x), learner.predict(data.x_test)
    at = lines.index(f"MSE after 2000 iterations: {learner.error():.12g}  test {learner.test_error():.12g}")
    assert lines[at + 1] == (
        f"accuracy after 2000 iterations: {share(train_out, data.y)}  test {share(test_out, data.y_test)}"
    )
    true, picked = picks(test_out, data.y_test)
    assert np.mean(true == picked) >= 0.9
    names = ["setosa", "versicolor", "virginica"]
    for heading, out, y in (
        ("Confusion on the 120 training rows (rows: true class, columns: predicted):", train_out, data.y),
        ("Confusion on the 30 test rows (rows: true class, columns: predicted):", test_out, data.y_test),
    ):
        across, rows = matrix(lines, heading)
        assert across == names and [r[0] for r in rows] == names
        assert [r[1] for r in rows] == confusion(out, y, 3)
    at = lines.index("Confusion on the 30 test rows (rows: true class, columns: predicted):")
    header = lines[at + 1]
    for name in names:  # each column of counts ends where its name ends
        end = header.index(name) + len(name)
        assert all(line[end - 1].isdigit() and (len(line) == end or line[end] == " ")
                   for line in lines[at + 2 : at + 5])  # fmt: skip
    # an earlier line: the weights after 1000 updates, which that error was measured with
    _, _, halfway = engine(IRIS, 1000)
    at = lines.index(next(line for line in lines if line.startswith("MSE after 1000 iterations: ")))
    assert lines[at + 1] == (
        f"accuracy after 1000 iterations: {share(halfway.predict(data.x), data.y)}"
        f"  test {share(halfway.predict(data.x_test), data.y_test)}"
    )


def test_the_iris_csv_prints_what_the_bundled_dataset_prints(capsys):
    bundled = text_of(capsys, *IRIS)
    own = text_of(capsys, "--data", IRIS_CSV, "--target", "species", *IRIS[2:])
    assert own[0].startswith("csv: 120 train / 30 test rows") and own[1:] == bundled[1:]


def test_the_circle_on_squares_prints_test_accuracy_095():
    done = subprocess.run(
        [sys.executable, "-m", "tui_nn", "train", *CIRCLE], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    config, data, learner = engine(CIRCLE)
    last = [line for line in lines if line.startswith("accuracy after ")][-1]
    test_out = learner.predict(data.x_test)
    assert last == (
        f"accuracy after {config.iterations} iterations: {share(learner.predict(data.x), data.y)}"
        f"  test {share(test_out, data.y_test)}"
    )
    true, picked = picks(test_out, data.y_test)
    assert np.mean(true == picked) >= 0.95
    across, rows = matrix(lines, "Confusion on the 100 test rows (rows: true class, columns: predicted):")
    assert across == ["0", "1"] and rows == [("0", confusion(test_out, data.y_test, 2)[0]),
                                             ("1", confusion(test_out, data.y_test, 2)[1])]  # fmt: skip


def test_json_gains_classes_accuracy_and_confusion(capsys):
    assert main(["train", *IRIS, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    _, data, learner = engine(IRIS)
    train_out, test_out = learner.predict(data.x), learner.predict(data.x_test)
    assert report["classes"] == ["setosa", "versicolor", "virginica"]
    true, picked = picks(train_out, data.y)
    assert report["accuracy"] == pytest.approx(np.mean(true == picked))
    true, picked = picks(test_out, data.y_test)
    assert (
        report["test_accuracy"] == pytest.approx(np.mean(true == picked)) and report["test_accuracy"] >= 0.9
    )
    assert report["confusion"] == confusion(train_out, data.y, 3)
    assert report["test_confusion"] == confusion(test_out, data.y_test, 3)


def test_regression_and_presets_print_no_scores(capsys):
    lines = text_of(capsys, "--dataset", "cars", "--iterations", "300")
    _, data, _ = engine(["--dataset", "cars"])
    assert lines[1:3] == describe(data) and lines[1].startswith("task: regression of dist")
    assert not any(line.startswith(("accuracy", "Confusion")) for line in lines)
    assert main(["train", "--dataset", "cars", "--iterations", "300", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert not {"classes", "accuracy", "test_accuracy", "confusion"} & set(report)
    lines = text_of(capsys, "--preset", "trask-xor", "--iterations", "200", "--every", "100")
    assert lines[0] == "Error after 0 iterations: 0.496410031903" and lines[2] == "Weights:"


def test_a_diverged_classifier_scores_only_the_lines_before_it(capsys):
    flags = ["--dataset", "spiral", "--layers", "8", "--activation", "relu", "--output", "linear",
             "--alpha", "100", "--iterations", "500"]  # fmt: skip
    lines = text_of(capsys, *flags)
    assert "diverged at iteration 4" in lines and not any(line.startswith("Confusion") for line in lines)
    _, data, start = engine(flags, 0)
    at = lines.index("diverged at iteration 4")
    assert lines[at - 1].startswith(
        f"accuracy after 0 iterations: {share(start.predict(data.x), data.y)}  test "
    )
    assert main(["train", *flags, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["diverged"] == 4 and report["classes"] == ["0", "1"]
    assert report["accuracy"] is report["confusion"] is None


def test_a_loaded_run_scores_the_iterations_it_prints(tmp_path, capsys):
    path = str(tmp_path / "s.json")
    flags = ["--dataset", "spiral", "--layers", "6", "--activation", "tanh"]
    assert main(["train", *flags, "--iterations", "1200", "--every", "500", "--save", path]) == 0
    capsys.readouterr()
    lines = text_of(capsys, "--load", path, "--iterations", "800", "--every", "500")
    scored = [line.split(":")[0] for line in lines if line.startswith("accuracy after ")]
    assert scored == ["accuracy after 1500 iterations", "accuracy after 2000 iterations"]
    _, data, whole = engine(flags, 1500)
    line = next(line for line in lines if line.startswith("accuracy after 1500 iterations: "))
    assert line == (
        f"accuracy after 1500 iterations: {share(whole.predict(data.x), data.y)}"
        f"  test {share(whole.predict(data.x_test), data.y_test)}"
    )
