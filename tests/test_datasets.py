"""2-D generators are deterministic per seed; the CSV loader names what is wrong (classes, columns,
features and the bundled files: test_real_data.py)."""

import numpy as np
import pytest

from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import GENERATORS, generate, load_csv


@pytest.mark.parametrize("name", GENERATORS)
def test_generators_are_deterministic_per_seed(name):
    a = generate(name, points=100, noise=0.2, seed=7)
    b = generate(name, points=100, noise=0.2, seed=7)
    c = generate(name, points=100, noise=0.2, seed=8)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.x, c.x)
    assert a.x.shape == (50, 2) and a.x_test.shape == (50, 2) and a.y.shape == (50, 1)
    assert np.isfinite(a.x).all() and ((a.y >= 0) & (a.y <= 1)).all()


def test_classes_are_balanced():
    for name in ("circle", "xor", "gaussian", "spiral"):
        d = generate(name, points=400, test_fraction=0.0)
        assert 0.35 < d.y.mean() < 0.65, name


def test_generator_rejects_bad_options():
    for kwargs, field in [
        ({"noise": 2}, "noise"),
        ({"test_fraction": 1.0}, "test"),
        ({"points": 1}, "points"),
    ]:
        with pytest.raises(Invalid) as exc:
            generate("xor", **kwargs)
        assert exc.value.field == field
    with pytest.raises(Invalid, match="unknown dataset"):
        generate("moons")


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_csv_with_header_and_named_target(tmp_path):
    path = write(tmp_path, "a,label,b\n0,1,0.5\n1,0,2\n0,0,1\n1,1,2\n")
    d = load_csv(path, target="label")
    assert sorted(np.column_stack([d.x, d.y]).tolist()) == [[0, 0.5, 1], [0, 1, 0], [1, 2, 0], [1, 2, 1]]
    assert d.columns == ("a", "b", "label") and not d.regression and d.classes == ("0", "1")


def test_csv_without_header_takes_the_last_column(tmp_path):
    d = load_csv(write(tmp_path, "0,0,1,0\n0,1,1,1\n\n1,0,1,1\n1,1,1,0\n"))
    assert d.x.shape == (4, 3) and sorted(d.y.ravel().tolist()) == [0, 0, 1, 1]
    assert d.columns == ("c1", "c2", "c3", "c4")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        ("a,b\n", "no rows of numbers"),
        ("1,2\n3\n", "row 2 has 1 columns, expected 2"),
        ("x,y\n1,2\n3,abc\n", "row 3, column 2 (y): 'abc' is not a number"),
        ("1,2\n3,nan\n", "row 2, column 2 (c2): 'nan' is not finite"),
        ("1\n2\n", "at least two columns"),
        ("1,2\n3,a\n", "row 2, column 2"),  # a word over a number would be a header (x,1)
    ],
)
def test_csv_errors_name_row_and_column(tmp_path, text, message):
    with pytest.raises(Invalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_csv(write(tmp_path, text))


def test_csv_unknown_target_and_missing_file(tmp_path):
    with pytest.raises(Invalid, match="no column named 'z'"):
        load_csv(write(tmp_path, "a,b\n1,2\n"), target="z")
    with pytest.raises(Invalid, match="cannot read"):
        load_csv(tmp_path / "missing.csv")
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(Invalid):
        load_csv(path)
