"""Hostile input, generated: every field, the CSV loader, the session loader and the command line.

Each case must either give a clean value or raise ``Invalid`` with a one-line
message (a command: exit 0, or 2 with one line on stderr); nothing else may
escape, no RuntimeWarning either, and a rejected change leaves the config as it
was. The classes of input a hostile trial found (``fuzz_inputs``: CSV_CASES,
SESSION_CASES, the hostile values) are sampled by the strategies and given as
explicit examples, so every run meets each of them. ``fuzz_runs`` runs a case.
Derandomized, so CI runs the same cases every time.
"""

import contextlib
import json
import math
import os
import tempfile
from pathlib import Path

import fuzz_inputs as inputs
import numpy as np
import pytest
from fuzz_inputs import CUSTOM, PRESET, typed
from fuzz_runs import (
    PATHS,
    ascii_numbers,
    damaged_session_loads_or_says_why,
    no_runtime_warning,
    one_line,
    run_main,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui_nn.core import validation as valid
from tui_nn.core.validation import Invalid
from tui_nn.data.datasets import load_csv
from tui_nn.io import session
from tui_nn.run.build import build, ready
from tui_nn.run.config import make_config
from tui_nn.run.pace import parse_pace

# CI runs the same cases every time; TUI_NN_FUZZ_EXAMPLES=20000 TUI_NN_FUZZ_RANDOM=1 hunts wider.
EXAMPLES = int(os.environ.get("TUI_NN_FUZZ_EXAMPLES", "250"))
HUNT = "TUI_NN_FUZZ_EXAMPLES" in os.environ  # a hunt runs every test that many times
FIXED = os.environ.get("TUI_NN_FUZZ_RANDOM") != "1"
FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=FIXED, database=None)
SLOW = settings(FAST, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fewer(count: int) -> settings:
    """SLOW with ``count`` cases on CI (a test whose case trains a net or runs a command; its
    explicit examples run every time), and EXAMPLES in a hunt."""
    return settings(SLOW, max_examples=EXAMPLES if HUNT else min(count, EXAMPLES))


# -- typed fields ----------------------------------------------------------------------------------
@FAST
@given(typed)
def test_alpha_field(text):
    try:
        alpha = valid.check_alpha(text)
    except Invalid as exc:
        one_line(exc)
    else:
        assert math.isfinite(alpha) and alpha > 0


@FAST
@given(typed)
def test_hidden_field(text):
    try:
        hidden = valid.check_hidden(text)
    except Invalid as exc:
        one_line(exc)
    else:
        assert isinstance(hidden, int) and 1 <= hidden <= 4096


@FAST
@given(typed, st.sampled_from([valid.check_iterations, valid.check_every, valid.check_seed]))
def test_integer_fields(text, check):
    try:
        value = check(text)
    except Invalid as exc:
        one_line(exc)
    else:
        assert isinstance(value, int) and value >= 0


@FAST
@given(typed, st.sampled_from(["alpha", "hidden", "seed", "iterations"]))
def test_a_rejected_change_leaves_the_config(text, field):
    config = make_config("trask-xor")
    try:
        changed = config.with_(**{field: text})
    except Invalid as exc:
        one_line(exc)
        assert config == make_config("trask-xor")
    else:
        assert changed.preset == "trask-xor"


CUSTOM_FIELDS = (
    "dataset",
    "target",
    "features",
    "task",
    "standardize",
    "layers",
    "activation",
    "output",
    "bias",
    "init",
    "loss",
    "error",
    "optimizer",
    "momentum",
    "batch",
    "l1",
    "l2",
    "dropout",
    "schedule",
    "decay",
    "period",
    "noise",
    "test",
    "points",
    "seed",
    "alpha",
    "iterations",
)


@fewer(500)
@given(st.one_of(typed, st.sampled_from(inputs.HOSTILE_TYPED)), st.sampled_from(CUSTOM_FIELDS))
def test_custom_fields(text, field):
    try:
        config = make_config("custom", **{field: text})
    except Invalid as exc:
        one_line(exc)
    else:
        assert config.custom and math.isfinite(config.alpha)


@fewer(300)
@given(st.one_of(typed, st.lists(typed, max_size=4).map(",".join)))
def test_alphas_and_pace(text):
    with contextlib.suppress(Invalid):
        assert all(math.isfinite(a) and a > 0 for a in valid.check_alphas(text))
    try:
        parse_pace(text)
    except ValueError as exc:
        assert "\n" not in str(exc)


@FAST
@given(st.one_of(typed, st.lists(st.floats(), max_size=5).map(lambda v: ",".join(map(str, v)))))
def test_predict_input(text):
    try:
        values = valid.check_vector(text, 3)
    except Invalid as exc:
        one_line(exc)
    else:
        assert len(values) == 3 and all(math.isfinite(v) for v in values)


# -- CSV files -------------------------------------------------------------------------------------
@SLOW
@given(inputs.raw_csv)
@example("nan,inf\n1,2\n")
@example("a;b;y\n1;2;0\n3;4;1\n")
@example("\ufeffa\tb\n1\t2\n")
def test_csv_loader(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        try:
            data = load_csv(path)
        except Invalid as exc:
            one_line(exc)
        else:
            assert np.isfinite(data.x).all() and np.isfinite(data.y).all()
            assert len(data.x) == len(data.y) >= 1


def each_of(cases):
    """Every case of ``cases`` as an explicit example: run every time, whatever the seed."""

    def given_each(test):
        for case in cases:
            test = example(*case)(test)
        return test

    return given_each


@fewer(300)
@given(inputs.csv_cases())
@each_of([(case,) for case in inputs.CSV_CASES])
def test_csv_through_a_run(case):
    """A CSV as ``--data`` takes it (target, features, task, test, standardize), then trained."""
    text, sep, options = case
    given_options = {k: v for k, v in options.items() if v is not None}
    with tempfile.TemporaryDirectory() as folder, no_runtime_warning():
        path = Path(folder) / "data.csv"
        path.write_text(text, encoding="utf-8")
        try:
            config, data = ready(make_config(data=str(path), **given_options))
        except Invalid as exc:
            one_line(exc)
            first = next((line for line in text.splitlines() if line.strip()), "")
            if "at least two columns" in str(exc) and sep != "," and sep in first and "," not in first:
                most = max((";", "\t", "|"), key=first.count)
                assert f"separated by {most!r}? use a comma-separated file" in str(exc)
            return
        assert np.isfinite(data.x).all() and np.isfinite(data.y).all() and len(data.x) >= 1
        if data.mean is None:  # raw inputs: each one a cell that reads as an ASCII number
            assert np.isin(data.x, list(ascii_numbers(text))).all()
        if data.regression:
            assert np.isin(data.y, list(ascii_numbers(text))).all()
        learner = build(config, data)
        errors = learner.train(3)
        if not np.isfinite(errors).all():
            assert learner.diverged_at is not None


# -- session files ---------------------------------------------------------------------------------
@fewer(800)
@given(inputs.edits_of(PRESET), st.integers(0, 4000), inputs.huge_numbers)
@each_of(inputs.SESSION_CASES)
def test_session_loader(edits, cut, huge):
    damaged_session_loads_or_says_why(PRESET, edits, cut, huge)


@fewer(800)
@given(inputs.edits_of(CUSTOM), st.integers(0, 30000), inputs.huge_numbers)
@each_of(inputs.SESSION_CASES)
def test_custom_session_loader(edits, cut, huge):
    damaged_session_loads_or_says_why(CUSTOM, edits, cut, huge)


@fewer(300)
@given(
    st.sampled_from([PRESET, CUSTOM]),
    st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=3)), max_size=4),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff"]),
)
@example(PRESET, [], b"\xef\xbb\xbf")
def test_session_file_bytes(base, patches, prefix):
    """A session file damaged byte by byte (bad UTF-8, a BOM, bytes in a number) is loaded or refused."""
    data = bytearray(json.dumps(base).encode())
    for at, patch in patches:
        at %= len(data)
        data[at : at + len(patch)] = patch
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        path.write_bytes(prefix + bytes(data))
        try:
            session.load_run(path)
        except Invalid as exc:
            one_line(exc)


# -- the command line ------------------------------------------------------------------------------
@fewer(300)
@given(inputs.argvs(PATHS))
@example(["--preset", "trask-xor", "--iterations", "1e308"])
@example(["train", "--dataset", "spiral", "--layers", ",".join(["4096"] * 30)])
@example(["train", "--dataset", "circle", "--points", "4", "--test", "0.9999"])
@example(["train", "--data", PATHS[1]])  # separated by ;
@example(["train", "--data", PATHS[2], "--iterations", "5"])  # targets of 1e308
@example(["train", "--load", PATHS[3], "--iterations", "3"])
def test_command_line(argv):
    """Any command line exits 0, or 2 with one line on stderr; never a traceback."""
    if "serve" in argv:
        return  # it would serve; its flags are those of the app, fuzzed without it
    code, out, err = run_main(argv)
    assert code in (0, 2), (code, err)
    if code == 2:
        assert len(err.splitlines()) == 1 and err.startswith("tui-nn"), err


@pytest.mark.parametrize("word", ["nan\n", "a\x85b", "x\ry", "\u2028"])
def test_a_bad_argument_with_a_line_break_is_one_line(word):
    code, _, err = run_main(["train", word])
    assert code == 2 and len(err.splitlines()) == 1, err
