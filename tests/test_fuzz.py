"""Hostile input, generated: every field, the CSV loader and the session loader.

Each case must either give a clean value or raise ``Invalid`` with a one-line
message; nothing else may escape, and a rejected change leaves the config as it
was. Derandomized, so CI runs the same ~13 000 cases every time.
"""

import contextlib
import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_nn.core.validation import (
    Invalid,
    check_alpha,
    check_every,
    check_hidden,
    check_iterations,
    check_seed,
    check_vector,
)
from tui_nn.data.datasets import load_csv
from tui_nn.io import session
from tui_nn.run.build import build
from tui_nn.run.config import make_config

# CI runs the same cases every time; TUI_NN_FUZZ_EXAMPLES=20000 TUI_NN_FUZZ_RANDOM=1 hunts wider.
EXAMPLES = int(os.environ.get("TUI_NN_FUZZ_EXAMPLES", "1500"))
FIXED = os.environ.get("TUI_NN_FUZZ_RANDOM") != "1"
FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=FIXED, database=None)
SLOW = settings(FAST, suppress_health_check=[HealthCheck.too_slow])

# What a person might type: numbers in every spelling, junk, unicode, huge and empty text.
typed = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\s*[-+]?(\d{0,12}(\.\d{0,12})?([eE][-+]?\d{1,4})?|nan|inf|infinity)\s*", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "0x10", "1_000", "1e309", "-0", "½", "٣", "1,5", "None", "--1", "abc"]),
)


def one_line(exc: Invalid) -> None:
    text = str(exc)
    assert text and "\n" not in text and exc.field


@FAST
@given(typed)
def test_alpha_field(text):
    try:
        alpha = check_alpha(text)
    except Invalid as exc:
        one_line(exc)
    else:
        assert math.isfinite(alpha) and alpha > 0


@FAST
@given(typed)
def test_hidden_field(text):
    try:
        hidden = check_hidden(text)
    except Invalid as exc:
        one_line(exc)
    else:
        assert isinstance(hidden, int) and 1 <= hidden <= 4096


@FAST
@given(typed, st.sampled_from([check_iterations, check_every, check_seed]))
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


@FAST
@given(st.one_of(typed, st.lists(st.floats(), max_size=5).map(lambda v: ",".join(map(str, v)))))
def test_predict_input(text):
    try:
        values = check_vector(text, 3)
    except Invalid as exc:
        one_line(exc)
    else:
        assert len(values) == 3 and all(math.isfinite(v) for v in values)


cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-1000, 1000).map(str),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=6),
    st.just(""),
)
csv_text = st.one_of(
    st.lists(st.lists(cells, min_size=0, max_size=5), max_size=8).map(
        lambda rows: "\n".join(",".join(r) for r in rows)
    ),
    st.text(max_size=200),
    st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
)


@SLOW
@given(csv_text)
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


def _session_document():
    config = make_config("trask-xor", hidden=2)
    training = build(config)
    training.train(20)
    return json.loads(session.session_json(config, training))


BASE = _session_document()
leaf_values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=5),
    st.lists(st.integers(-2, 2), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


PATHS = [p for p in _paths(BASE) if p]


def _edit(document, path, value, delete):
    node = document
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@SLOW
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), leaf_values, st.booleans()), min_size=1, max_size=3),
    st.integers(0, 2000),
)
def test_session_loader(edits, cut):
    damaged_session_loads_or_says_why(BASE, edits, cut)


def damaged_session_loads_or_says_why(base, edits, cut):
    """Edit ``base`` and cut it short: it loads (and trains on) or it is one clear message."""
    document = json.loads(json.dumps(base))
    for path, value, delete in edits:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # a parent already edited away
            _edit(document, path, value, delete)
    text = json.dumps(document)
    for candidate in (text, text[:cut]):
        try:
            config, training = session.parse(candidate)
        except Invalid as exc:
            one_line(exc)
        else:
            assert training.iteration >= 0
            training.train(2)  # a loaded session must also run


def _custom_document():
    from tui_nn.run.build import ready

    config, data = ready(make_config(dataset="circle", points="24", layers="3,2", batch="5", dropout="0.2"))
    training = build(config, data)
    training.train(6)
    return json.loads(session.session_json(config, training))


CUSTOM = _custom_document()
# Every path but the 600-odd words of the random state, which would drown the rest; a few of them stay.
CUSTOM_PATHS = [p for p in _paths(CUSTOM) if p and not (len(p) == 4 and p[2] == "keys" and p[3] > 3)]


@SLOW
@given(
    st.lists(st.tuples(st.sampled_from(CUSTOM_PATHS), leaf_values, st.booleans()), min_size=1, max_size=3),
    st.integers(0, 20000),
)
def test_custom_session_loader(edits, cut):
    damaged_session_loads_or_says_why(CUSTOM, edits, cut)
