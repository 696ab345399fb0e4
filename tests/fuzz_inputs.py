"""The hostile inputs of the fuzz tests (``test_fuzz``): typed values, CSV files, session edits, argv.

Each strategy mixes random input with the classes of input a hostile trial of
the loaders found (``HOSTILE_*``, ``SESSION_EDITS``): sampled often, so every
run meets each of them, and in ``test_fuzz`` also given as explicit examples.
"""

import copy
import json
import re

from hypothesis import strategies as st

from tui_nn.io import session
from tui_nn.run.build import ready
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController

BIG = 10**400  # an integer JSON reads but no float holds
NAN = float("nan")
HUGE_DIGITS = 10**6  # a number of a million digits (JSON refuses over 4300)

# What a person might type in a field or a flag: numbers in every spelling, junk, unicode, huge.
HOSTILE_TYPED = [
    "", " ", "0x10", "1_000", "1e308", "-1e308", "1e309", "-0", "½", "٣", "١٢", "１", "1,5", "None",
    "--1", "abc", "nan", "inf", "-inf", "4096", "4097", str(2**63), str(10**18), "9" * 5000, "1e-320",
]  # fmt: skip
typed = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\s*[-+]?(\d{0,12}(\.\d{0,12})?([eE][-+]?\d{1,4})?|nan|inf|infinity)\s*", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(HOSTILE_TYPED),
)

# CSV cells and header names that look like numbers and are not, or are numbers at the float limit.
HOSTILE_CELLS = ["1_000", "١٢", "٣", "１", "1e308", "-1e308", "1e309", "nan", "inf", "", "x", "0x10", "½"]
HOSTILE_NAMES = ["nan", "inf", "-inf", "1", "x", "y", "a", "a", "1_000", "١٢", " a ", ""]
SEPARATORS = [",", ",", ",", ";", "\t", "|"]
numbers = st.one_of(
    st.integers(-3, 3).map(str),
    st.floats(-1e3, 1e3).map(lambda v: f"{v:.3g}"),
    st.sampled_from(["1e308", "-1e308", "0.5", "2"]),
)
cells = st.one_of(
    numbers, numbers, numbers, st.sampled_from(HOSTILE_CELLS), st.sampled_from(["red", "blue", "green"])
)


@st.composite
def csv_files(draw):
    """(text, separator, header): a table of numbers with hostile cells, names and separators."""
    width = draw(st.integers(1, 5))
    sep = draw(st.sampled_from(SEPARATORS))
    header = draw(st.none() | st.lists(st.sampled_from(HOSTILE_NAMES) | st.text(max_size=4), min_size=width,
                                       max_size=width))  # fmt: skip
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=14))
    if rows and draw(st.integers(0, 9)) == 0:
        rows[draw(st.integers(0, len(rows) - 1))].pop()  # a ragged row
    lines = ([header] if header is not None else []) + rows
    return "\n".join(sep.join(r) for r in lines) + draw(st.sampled_from(["", "\n", "\r\n"])), sep, header


raw_csv = st.one_of(
    st.lists(st.lists(st.one_of(st.floats().map(repr), st.text(max_size=6), st.just("")), max_size=5),
             max_size=8).map(lambda rows: "\n".join(",".join(r) for r in rows)),
    st.text(max_size=200),
    st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
)  # fmt: skip


def feature_specs(names):
    """--features of a CSV: names, positions and ranges of its columns, or junk."""
    part = st.one_of(st.sampled_from(names or ["a"]), st.integers(0, 6).map(str),
                     st.tuples(st.integers(0, 6), st.integers(0, 6)).map(lambda r: f"{r[0]}-{r[1]}"),
                     st.sampled_from(["", " ", "x1^2", "-1", "1-", "٣"]))  # fmt: skip
    return st.none() | st.lists(part, min_size=1, max_size=4).map(",".join)


csv_options = st.fixed_dictionaries(
    {
        "task": st.sampled_from([None, "auto", "classify", "regress", "junk"]),
        "test": st.sampled_from([None, "0", "0.2", "0.5", "0.9", "0.99", "0.9999", "1", "-0.1", "nan"]),
        "standardize": st.sampled_from([None, True, False, "on", "off", "auto", "maybe"]),
    }
)


@st.composite
def csv_cases(draw):
    """(text, separator, options): a generated CSV with the options ``--data`` takes with it."""
    text, sep, header = draw(csv_files())
    names = [n.strip() for n in header] if header else []
    options = draw(csv_options)
    options["target"] = draw(st.none() | st.sampled_from(names or ["y"]) | st.text(max_size=3))
    options["features"] = draw(feature_specs(names))
    return text, sep, options


def _rows(rows):
    return "\n".join(",".join(r) for r in rows) + "\n"


HOSTILE_CSV = {
    "numeric header": "nan,inf,y\n" + _rows([["1", "2", "0"], ["3", "4", "1"]]),
    "word over a number": "x,1,y\n" + _rows([["1", "2", "0"], ["3", "4", "1"]]),
    "duplicate names": "a,a,y\n1,2,0\n3,4,1\n",
    "underscore digits": "a,y\n1_000,0\n2,1\n3,0\n",
    "arabic-indic digits": "a,y\n\u0661\u0662,0\n2,1\n3,0\n",
    "semicolons": "a;b;y\n1;2;0\n3;4;1\n",
    "tabs": "a\tb\ty\n1\t2\t0\n3\t4\t1\n",
    "targets of 1e308": "a,y\n" + _rows([[str(i), "1e308" if i % 2 else "-1e308"] for i in range(8)]),
    "inputs of 1e308": "a,b,y\n"
    + _rows([["1e308" if i % 2 else "-1e308", str(i), str(i % 2)] for i in range(8)]),
}
NO_OPTIONS = {"task": None, "test": None, "standardize": None, "target": None, "features": None}
# (text, separator, options) of each class, and a --test that leaves no training row
CSV_CASES = [
    (text, ";" if ";" in text else "\t" if "\t" in text else ",", NO_OPTIONS) for text in HOSTILE_CSV.values()
]
CSV_CASES.append((HOSTILE_CSV["numeric header"], ",", {**NO_OPTIONS, "test": "0.9999"}))


# -- sessions ------------------------------------------------------------------------------------
def saved_document(config, iterations=20):
    """A real saved session, as the app saves it: the run trained a little, with its timeline."""
    controller = RunController(config)
    controller.step(iterations)
    return json.loads(session.session_json(controller.config, controller.training, controller.timeline))


PRESET = saved_document(make_config("trask-xor", hidden=2))
CUSTOM = saved_document(
    ready(make_config(dataset="circle", points="24", layers="3,2", batch="5", dropout="0.2"))[0], iterations=6
)


leaf_values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=5),
    st.lists(st.integers(-2, 2), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from([2**63, 10**18, BIG, -BIG, 2**62, float("nan"), float("inf"), 1e308, -1e308, [4096] * 30,
                     "nan", [[float("nan")]], 4096]),
)  # fmt: skip


def paths(node, prefix=()):
    """Every path into a JSON document (dict keys and list indices)."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*prefix, i))


# (path, value) edits the hostile trial made by hand: None deletes. A weight of NaN comes with
# ``diverged_at: null`` (see the one below it).
SESSION_EDITS = [
    (("state", "iteration"), 2**63),
    (("state", "history", "capacity"), 10**18),
    (("state", "weights", 0, 0, 0), NAN),
    (("state", "diverged_at"), None),
    (("state", "alpha"), BIG),
    (("state", "weights", 0, 0, 0), BIG),
    (("state", "rng", "cached"), BIG),
    (("config", "alpha"), BIG),
    (("config", "layers"), [4096] * 30),
    (("config", "iterations"), 2**63),
    (("timeline", "first"), 2**63),
    (("timeline", "alphas", 0, 1), BIG),
]
session_edits = st.sampled_from(SESSION_EDITS).map(lambda e: (e[0], e[1], False))
# each edit alone, a NaN weight in a run not marked diverged, and a number of a million digits
SESSION_CASES = [([(path, value, False)], 0, None) for path, value in SESSION_EDITS]
SESSION_CASES += [
    ([(("state", "weights", 0, 0, 0), NAN, False), (("state", "diverged_at"), None, False)], 0, None),
    ([], 0, (0, HUGE_DIGITS)),
]


def edits_of(document):
    """1-3 edits of ``document``: a random value at a random path, or one of ``SESSION_EDITS``."""
    where = [p for p in paths(document) if p and not ("keys" in p[:-1] and p[-1] > 3)]  # a few rng words
    random = st.tuples(st.sampled_from(where), leaf_values, st.booleans())
    return st.lists(st.one_of(random, random, session_edits), min_size=1, max_size=3)


def edited(base, edits, huge=None):
    """``base`` with the edits made (one whose parent is gone is skipped), as JSON text; ``huge``
    (index, digits) puts a number of that many digits in place of one of the text's numbers."""
    document = json.loads(json.dumps(base))
    for path, value, delete in edits:
        node = document
        try:
            for key in path[:-1]:
                node = node[key]
            if delete:
                del node[path[-1]]
            else:
                node[path[-1]] = copy.deepcopy(value)  # a sampled list is shared between cases
        except (KeyError, IndexError, TypeError):
            pass  # a parent already edited away
    text = json.dumps(document)
    if huge is not None:
        found = list(re.finditer(r"(?<![\w.])\d+(?![\w.])", text))
        if found:
            hit = found[huge[0] % len(found)]
            text = text[: hit.start()] + "9" * huge[1] + text[hit.end() :]
    return text


huge_numbers = st.none() | st.tuples(st.integers(0, 10**6), st.sampled_from([309, 4301, 5000, HUGE_DIGITS]))

# -- the command line ----------------------------------------------------------------------------
FLAG_VALUES = {
    "--preset": ["trask-xor", "digits", "relu-forward", "custom", "nope"],
    "--dataset": ["spiral", "circle", "iris", "cars", "csv", "plane", "nope"],
    "--layers": ["4", "3,2", "none", "0", ",".join(["4096"] * 30), "4096,4096,4096", "-1"],
    "--iterations": ["1e308", "1e309", "10", "0", str(2**63), "1e12", "nan"],
    "--test": ["0", "0.5", "0.9999", "0.999999", "1", "-1", "1e308", "nan"],
    "--points": ["4", "3", "1e308", "100001", "nan"],
    "--features": ["x1^2,x2^2", "1-2", "a", "2-1", "", "x1,x1"],
    "--alphas": ["0.1,1", "", "nan", "1e308,1e309", ","],
    "--pace": ["auto", "max", "20", "0", "-1", "nan", "1e308"],
}
FLAGS = [
    "--preset", "--alpha", "--hidden", "--seed", "--iterations", "--dataset", "--data", "--target",
    "--features", "--task", "--layers", "--activation", "--output", "--init", "--loss", "--optimizer",
    "--momentum", "--batch", "--l1", "--l2", "--dropout", "--schedule", "--decay", "--period", "--noise",
    "--test", "--points", "--error", "--every", "--alphas", "--pace", "--load", "--save",
]  # fmt: skip
SWITCHES = ["--bias", "--no-bias", "--standardize", "--no-standardize", "--json", "--help", "--version"]


def argvs(paths):
    """Command lines: a subcommand (or the app), flags with hostile values and files (``paths``)."""

    def value(flag):
        known = FLAG_VALUES.get(flag, [])
        files = paths if flag in ("--data", "--load", "--save") else []
        return st.sampled_from(known + files + HOSTILE_TYPED) | typed

    pair = st.sampled_from(FLAGS).flatmap(lambda f: value(f).map(lambda v: [f, v]))
    item = st.one_of(pair, pair, pair, st.sampled_from(SWITCHES).map(lambda s: [s]), typed.map(lambda t: [t]))
    head = st.sampled_from([[], [], ["train"], ["sweep"], ["export"], ["presets"], ["nope"]])
    return st.tuples(head, st.lists(item, max_size=6)).map(lambda t: t[0] + [w for i in t[1] for w in i])
