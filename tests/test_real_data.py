"""A learner's own data, below the command line: class labels and many classes, choosing columns,
ids pointed out, standardization from the training rows, engineered features of the plane, the
bundled Iris and cars files, and one clear line for each kind of bad data."""

import numpy as np
import pytest

from tui_nn.core.validation import Invalid
from tui_nn.data.classes import accuracy, class_of
from tui_nn.data.dataset import describe
from tui_nn.data.datasets import generate, load_csv
from tui_nn.data.examples import example_text, load_example
from tui_nn.data.features import FEATURES, engineer
from tui_nn.data.scaling import standardize_input

SPECIES = ("setosa", "versicolor", "virginica")


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def iris_rows():
    lines = example_text("iris").splitlines()
    return lines[0], [line.split(",") for line in lines[1:]]


def test_the_bundled_iris_is_fishers_150_flowers():
    header, rows = iris_rows()
    assert header == "sepal_length,sepal_width,petal_length,petal_width,species"
    assert len(rows) == 150 and [sum(r[4] == s for r in rows) for s in SPECIES] == [50, 50, 50]
    means = np.array([[float(v) for v in r[:4]] for r in rows]).mean(axis=0)
    np.testing.assert_allclose(means, [5.843, 3.057, 3.758, 1.199], atol=5e-4)
    assert rows[34][:4] == ["4.9", "3.1", "1.5", "0.2"]  # Fisher's row 35 (the UCI copy has 0.1)


def test_iris_is_three_named_classes_one_hot():
    data = load_example("iris")
    assert data.classes == SPECIES and not data.regression
    assert data.x.shape == (120, 4) and data.x_test.shape == (30, 4)  # a fifth held out
    assert data.y.shape == (120, 3) and data.y_test.shape == (30, 3)
    assert set(data.y.sum(axis=1)) == {1.0}
    both = np.concatenate([data.y, data.y_test])
    assert both.sum(axis=0).tolist() == [50, 50, 50]
    assert data.columns[-1] == "species" and data.input_names == data.columns[:4]
    assert describe(data)[0] == (
        "task: classification, as species is text: 3 classes (setosa 50, versicolor 50, virginica 50 rows)"
    )


def test_the_csv_of_iris_loads_as_the_bundled_dataset(tmp_path):
    path = write(tmp_path, example_text("iris"), "iris.csv")
    a, b = load_example("iris"), load_csv(path, target="species", test_fraction=None)
    for field in ("x", "y", "x_test", "y_test", "mean", "std"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.classes == b.classes and a.columns == b.columns and a.name == b.name == "iris"


def test_text_labels_are_sorted_and_two_classes_stay_one_column(tmp_path):
    text = "a,kind\n" + "".join(f"{i},{'dog' if i % 3 else 'cat'}\n" for i in range(12))
    data = load_csv(write(tmp_path, text), standardize="off")
    assert data.classes == ("cat", "dog") and data.y.shape == (12, 1)
    np.testing.assert_array_equal(data.y[:, 0], data.x[:, 0] % 3 != 0)  # rows shuffled, pairs kept
    assert class_of(data.classes, np.array([[0.2], [0.7]])) == ["cat", "dog"]


def test_zero_one_targets_are_classes_other_integers_regression_unless_told(tmp_path):
    binary = load_csv(write(tmp_path, "a,y\n1,0\n2,1\n3,0\n4,1\n", "b.csv"))
    assert binary.classes == ("0", "1") and not binary.regression
    codes = "a,y\n" + "".join(f"{i},{i % 3}\n" for i in range(12))
    path = write(tmp_path, codes, "codes.csv")
    numbers = load_csv(path)
    assert numbers.classes == () and numbers.regression and numbers.y.shape == (12, 1)
    assert "--task classify takes its 3 integer values as classes" in describe(numbers)[0]
    classes = load_csv(path, task="classify")
    assert classes.classes == ("0", "1", "2") and classes.y.shape == (12, 3)
    assert "(--task classify)" in describe(classes)[0]
    regress = load_csv(write(tmp_path, "a,y\n1,0\n2,1\n3,0\n", "r.csv"), task="regress")
    assert regress.regression and regress.classes == ()


def test_integer_classes_sort_by_value_not_text(tmp_path):
    text = "a,y\n" + "".join(f"{i},{(2, 10, 7)[i % 3]}\n" for i in range(9))
    data = load_csv(write(tmp_path, text), task="classify", standardize="off")
    assert data.classes == ("2", "7", "10")
    np.testing.assert_array_equal(np.argmax(data.y, axis=1), [(0, 2, 1)[int(i) % 3] for i in data.x[:, 0]])


def test_features_choose_columns_by_name_position_and_range(tmp_path):
    header, rows = iris_rows()
    text = "id," + header + "\n" + "".join(f"{i + 1}," + ",".join(r) + "\n" for i, r in enumerate(rows))
    path = write(tmp_path, text, "iris_id.csv")
    everything = load_csv(path, target="species")
    assert everything.x.shape[1] == 5
    assert "column 1 (id) looks like an id: leave it out with --features 2-5" in describe(everything)
    chosen = load_csv(path, target="species", features="2-5")
    assert chosen.columns == (*header.split(",")[:4], "species")
    assert not any("looks like an id" in line for line in describe(chosen))
    assert load_csv(path, target="species", features="petal_width, 2,4").columns == (
        "petal_width", "sepal_length", "petal_length", "species",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, options, field, message",
    [
        (
            "a,y\n1,x\n2,x\n3,y\n4,z\n5,z\n",
            {},
            "target",
            "class y of y has one row: a class needs two or more",
        ),
        (
            "a,b,y\n1,2,0\n2,3,1\n3,1,0\n4,4,1\n",
            {"features": "a,1"},
            "features",
            "column 1 (a) is named twice in --features",
        ),
        (
            "a,colour,y\n1,red,0\n2,blue,1\n3,red,1\n4,red,0\n",
            {},
            "features",
            "column 2 (colour) is text: choose --features without it (e.g. --features 1)",
        ),
        (
            "a,y\n" + "".join(f"{i},{'abc'[i % 3]}\n" for i in range(10)),
            {"test_fraction": 0.2},
            "test",
            "the test split has 2 rows for 3 classes: raise --test to 0.3 or more, or --test 0",
        ),
        ("a,y\n1,3\n2,3\n3,3\n", {}, "target", "the target y is 3 in every row: nothing to learn"),
        ("a,y\n1,k\n2,k\n", {}, "data", "row 2, column 2 (y): 'k' is not a number"),
        (
            "a,b,y\n1,2,0\n2,3,1\n3,1,0\n4,4,1\n",
            {"features": "c"},
            "features",
            "no column named c for --features",
        ),
        (
            "a,b,y\n1,2,0\n2,3,1\n3,1,0\n4,4,1\n",
            {"features": "4"},
            "features",
            "there is no column 4 (the file has columns 1-3)",
        ),
        (
            "a,b,y\n1,2,0\n2,3,1\n3,1,0\n4,4,1\n",
            {"features": "1-3"},
            "features",
            "column 3 (y) is the target",
        ),
        ("a,y\n1,2.5\n2,3\n", {"task": "classify"}, "task", "--task classify takes text or integer classes"),
        ("a,y\n1,k\n2,j\n", {"task": "regress"}, "task", "the target y is text"),
        (
            "a,y\n" + "".join(f"{i},c{i // 2}\n" for i in range(404)),
            {},
            "task",
            "202 different values: at most 100",
        ),
        (
            "a,y\n1,x\n2,x\n3,4\n4,y\n5,y\n",
            {},
            "data",
            "row 4, column 2 (y): '4' is a number in a column of text",
        ),
    ],
)
def test_bad_data_is_one_line_naming_its_field(tmp_path, text, options, field, message):
    with pytest.raises(Invalid) as info:
        load_csv(write(tmp_path, text), **options)
    assert info.value.field == field and message in str(info.value) and "\n" not in str(info.value)


def test_a_column_left_out_may_hold_anything(tmp_path):
    text = "name,a,b,y\n" + "".join(f"n{i},{i},{i * i},{i % 2}\n" for i in range(6))
    data = load_csv(write(tmp_path, text), features="2-3")
    assert data.columns == ("a", "b", "y") and data.x.shape == (6, 2)


def test_column_names_are_data_in_messages(tmp_path):
    with pytest.raises(Invalid) as info:
        load_csv(write(tmp_path, '"[bold]x\ny",b,y\nred,1,0\nblue,2,1\nred,3,0\nblue,4,1\n'))
    assert "\n" not in str(info.value) and "'[bold]x\\ny'" in str(info.value)


def test_standardization_uses_the_training_rows_only(tmp_path):
    rs = np.random.RandomState(0)
    rows = "".join(f"{i + 1},{rs.uniform(0, 1):.4f},{i % 2}\n" for i in range(60))
    path = write(tmp_path, "id,small,y\n" + rows)
    data = load_csv(path, test_fraction=0.25)
    raw = load_csv(path, test_fraction=0.25, standardize="off")
    np.testing.assert_allclose(data.x.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(data.x.std(axis=0), 1)
    np.testing.assert_allclose(data.mean, raw.x.mean(axis=0))
    np.testing.assert_allclose(data.x_test, (raw.x_test - raw.x.mean(axis=0)) / raw.x.std(axis=0))
    np.testing.assert_allclose(standardize_input(data, raw.x_test[0]), data.x_test[0])
    assert any("inputs standardized with the 45 training rows' mean and std" in n for n in describe(data))
    assert raw.mean is None and raw.std is None


def test_standardize_auto_leaves_alike_inputs_alone(tmp_path):
    data = load_csv(write(tmp_path, "a,b,y\n0,1,0\n1,0,1\n1,1,0\n0,0,1\n"))
    assert data.mean is None and sorted(data.x.tolist()) == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert load_example("iris").mean is not None  # sepal lengths 5.8 +- 0.8: far off-centre


@pytest.mark.parametrize("name", FEATURES)
def test_each_engineered_feature(name):
    plane = np.array([[0.5, -2.0], [3.0, 1.5]])
    a, b = plane.T
    expected = {"x1": a, "x2": b, "x1^2": a * a, "x2^2": b * b, "x1*x2": a * b,
                "sin(x1)": np.sin(a), "sin(x2)": np.sin(b)}[name]  # fmt: skip
    np.testing.assert_array_equal(engineer((name,), plane)[:, 0], expected)


def test_engineered_features_of_the_plane_in_any_order():
    plain = generate("circle", seed=3)
    data = generate("circle", seed=3, features="x2^2, x1*x2,x1", standardize="off")
    assert data.columns == ("x2^2", "x1*x2", "x1", "y") and data.features == ("x2^2", "x1*x2", "x1")
    np.testing.assert_array_equal(data.x, engineer(data.features, plain.x))
    np.testing.assert_array_equal(data.y, plain.y)
    assert data.input_names == ("x1", "x2")
    np.testing.assert_array_equal(data.plane, plain.x)  # each row's point, to draw on the plane
    np.testing.assert_array_equal(data.plane_test, plain.x_test)
    assert plain.plane is None
    point = plain.x_test[2]
    np.testing.assert_array_equal(standardize_input(data, point), data.x_test[2])
    auto = generate("circle", seed=3, features="x1^2,x2^2")  # 0..25: standardized by default
    np.testing.assert_allclose(standardize_input(auto, plain.x_test[:4]), auto.x_test[:4])
    assert generate("circle", seed=3, features="x1,x2").mean is None


def test_generated_datasets_name_their_task():
    assert generate("circle").classes == ("0", "1") and generate("plane").regression
    assert generate("plane").classes == ()
    with pytest.raises(Invalid) as info:
        generate("circle", features="x1,x3")
    assert info.value.field == "features" and "no feature 'x3'" in str(info.value)
    with pytest.raises(Invalid, match="x1 is named twice"):
        generate("circle", features="x1,X1")


def test_cars_is_a_small_regression():
    data = load_example("cars")
    assert data.regression and data.classes == () and data.columns == ("speed", "dist")
    both = np.concatenate([data.y, data.y_test])[:, 0]
    assert len(both) == 50 and both.mean() == pytest.approx(42.98)
    assert data.mean is not None  # speeds 4..25: standardized


def test_accuracy_of_two_and_of_many_classes():
    assert accuracy(np.array([[0.7], [0.2], [0.4]]), np.array([[1.0], [0.0], [1.0]])) == pytest.approx(2 / 3)
    one_hot = np.eye(3)[[0, 2, 1]]
    assert accuracy(np.eye(3)[[0, 2, 2]] * 0.9, one_hot) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "text, says",
    [
        ("a;b;y\n1;2;0\n3;4;1\n", "found 1: separated by ';'? use a comma-separated file"),
        ("a\tb\ty\n1\t2\t0\n3\t4\t1\n", "separated by '\\t'?"),
        ("a,a,y\n1,2,0\n3,4,1\n", "columns 1 and 2 are both named a: give each column its own name"),
        ("a,y\n1_000,0\n2,1\n", "row 2, column 1 (a): '1_000' is not a number"),
        ("a,y\n\u0661\u0662,0\n2,1\n", "is not a number"),  # Arabic-Indic digits
    ],
)
def test_a_csv_that_is_not_what_it_seems_gets_one_line(tmp_path, text, says):
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Invalid) as caught:
        load_csv(path)
    assert says in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("head", ["nan,inf,y", "x,1,y", "inf,b,y"])
def test_a_header_that_looks_numeric_names_the_columns(tmp_path, head):
    path = tmp_path / "head.csv"
    path.write_text(head + "\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(10)))
    data = load_csv(path)
    assert data.columns == tuple(head.split(",")) and len(data.x) + len(data.x_test) == 10


@pytest.mark.parametrize("standardize", ["auto", "on", "off"])
def test_inputs_and_targets_at_the_float_limit_load_and_diverge_without_a_warning(tmp_path, standardize):
    """Cells of 1e308 overflowed the standardization's sums with a RuntimeWarning; now they load
    (standardized to finite inputs, or raw) and the run goes to the diverged state, in silence."""
    import warnings

    from tui_nn.run.build import build, ready
    from tui_nn.run.config import make_config

    path = tmp_path / "huge.csv"
    path.write_text("a,b,y\n" + "".join(f"{1e308 if i % 2 else -1e308},{i},{-1e308 if i % 3 else 1e308}\n"
                                        for i in range(8)))  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        config, data = ready(make_config(data=str(path), standardize=standardize))
        assert np.isfinite(data.x).all() and (data.mean is None) == (standardize == "off")
        learner = build(config, data)
        learner.train(5)
    assert learner.diverged_at == 0


def test_the_separator_hint_names_the_one_the_row_holds_most_of(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text("a\tb\tc;d\ty\n1\t2\t3\t0\n")
    with pytest.raises(Invalid, match=r"separated by '\\t'\? use a comma-separated file"):
        load_csv(path)
