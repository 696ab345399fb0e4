"""Sessions: any run, preset or custom, saved to one JSON file and continued later, exactly.

One format and one parser for every run. The file holds the format version, the
run's config (checked on load by the validator the command line and the app use)
and the Learner's state: weights, biases, the optimiser's state (key "velocity":
momentum's velocity, RMSprop's and Adagrad's squared gradients, Adam's two moments,
each array checked against its parameter's shape), the random stream of shuffles
and dropout, direction counts, the last update's signs, the iteration and the
bounded error histories, as plain JSON lists. Python's JSON writes every float
with enough digits to read back the same bits, and NaN or Infinity for a diverged
run. No pickle anywhere. A custom run's data is
generated again from its seed or read again from its CSV (a moved or changed
file is a clear load error). Version-1 files (written before presets and custom
runs shared one engine) still load. Writes are atomic. Numpy only.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from tui_nn.core.learner import Learner, rng_document, rng_stream
from tui_nn.core.optimisers import SLOTS
from tui_nn.core.validation import MAX_ITERATIONS, Invalid
from tui_nn.data.reading import SESSION_LIMIT, named, read_regular
from tui_nn.io import checks
from tui_nn.io.files import write_atomic
from tui_nn.run.build import build, ready
from tui_nn.run.config import FIELDS, RunConfig, make_config
from tui_nn.run.timeline import Timeline, size_of

FORMAT = "tui_nn-session"
VERSION = 2
STATE_KEYS = (
    "iteration", "alpha", "diverged_at", "last_error", "weights", "biases", "velocity", "rng",
    "direction_changes", "prev_positive", "last_updates", "outputs", "history", "test_history",
)  # fmt: skip
PRESET_KEYS = ("preset", "alpha", "hidden", "seed", "iterations")
# The options every custom run's file holds; options added since take their defaults when absent.
CUSTOM_KEYS = (
    "preset", "dataset", "data", "target", "layers", "activation", "output", "bias", "init", "loss",
    "error", "optimizer", "momentum", "batch", "l1", "l2", "dropout", "schedule", "decay", "period",
    "noise", "test", "points", "seed", "alpha", "iterations",
)  # fmt: skip
SAVED_CHECKPOINTS = 16  # a session keeps at most this many of its timeline's checkpoints
SAVED_BYTES = 8 << 20  # and at most about this much of them
MAX_ALPHAS = 100_000  # alpha changes a session's timeline may list
# What a version-1 file lacks, by its kind; filled from the freshly built run (see ``_upgrade``).
V1_MISSING = {"preset": ("biases", "velocity", "rng", "test_history"), "custom": ("last_updates",)}


def plain(value: object) -> object:
    """Nested lists and Python numbers, as JSON writes them."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def config_document(config: RunConfig) -> dict:
    """A preset's five settings, or every option of a custom run."""
    if not config.custom:
        return {k: getattr(config, k) for k in PRESET_KEYS}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in config.values().items()}


def session_json(config: RunConfig, learner: Learner, timeline: Timeline | None = None) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "custom" if config.custom else "preset",
        "config": config_document(replace(config, alpha=learner.alpha)),
        "state": plain(learner.state()),
    }
    if timeline is not None:
        document["timeline"] = timeline_document(timeline)
    return json.dumps(document)


def timeline_document(timeline: Timeline) -> dict:
    """What a loaded run needs to rewind: where its timeline starts, its alphas, and a few
    checkpoints spread over it (iteration 0 is rebuilt from the config; replays fill in the rest)."""
    kept = [(k, c) for k, c in zip(timeline.iterations, timeline.checkpoints, strict=True) if k > 0]
    fit = max(1, min(SAVED_CHECKPOINTS, SAVED_BYTES // size_of(kept[0][1]))) if kept else 1
    chosen = kept[:: max(1, -(-len(kept) // fit))]  # from the first on: one the config cannot rebuild
    checkpoints = []
    for _, checkpoint in chosen:
        state = {k: v for k, v in checkpoint.items() if k != "shared_rng"}
        state["rng"] = rng_document(state["rng"])
        checkpoints.append(plain(state))
    return {"first": timeline.first, "alphas": plain(timeline.alphas), "checkpoints": checkpoints}


def save(path: str | Path, config: RunConfig, learner: Learner, timeline: Timeline | None = None) -> None:
    """Write the session atomically (with what rewinds it, given the timeline); raises
    Invalid('save', ...) when it cannot."""
    write_atomic(path, session_json(config, learner, timeline).encode("utf-8"))


def _document(text: str, source: str) -> tuple[dict, dict, dict, int]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:  # ValueError: also a number of over 4300 digits
        raise Invalid("load", f"{source} is not a session file (invalid JSON: {str(exc)[:120]})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Invalid("load", f"{source} is not a tui_nn session file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid("load", f"{source} has no valid format version")
    if version > VERSION:
        raise Invalid(
            "load", f"{source} is format version {version}, newer than this tui_nn reads ({VERSION})"
        )
    if version < 1:
        raise Invalid("load", f"{source} has an unknown format version {version}")
    raw, state = document.get("config"), document.get("state")
    if not isinstance(raw, dict) or not isinstance(state, dict):
        raise Invalid("load", f"{source} lacks its config or state")
    return document, raw, state, version


def _config(raw: dict, source: str, version: int, kind: str) -> RunConfig:
    custom = kind == "custom"
    if version > 1 and custom != (raw.get("preset") == "custom"):
        raise Invalid("load", f"{source} says it holds a {kind} run but its config does not match")
    needed = [k for k in CUSTOM_KEYS if k in FIELDS] if custom else PRESET_KEYS
    missing = [k for k in needed if k not in raw and not (version == 1 and k == "preset")]
    if missing:
        raise Invalid("load", f"{source} lacks {', '.join(missing)}")
    values = dict(raw)
    if version == 1 and kind == "custom":
        values["preset"] = "custom"
    try:
        return ready(make_config(**values))[0]
    except Invalid as exc:
        raise Invalid("load", f"{source}: config: {exc}") from None
    except TypeError as exc:  # an option this tui_nn does not know
        raise Invalid("load", f"{source}: config: {exc}") from None


def parse(text: str, source: str = "session") -> tuple[RunConfig, Learner]:
    """A config and its Learner continued from a session document, or Invalid saying why not."""
    config, learner, _ = parse_run(text, source)
    return config, learner


def parse_run(text: str, source: str = "session") -> tuple[RunConfig, Learner, dict]:
    """``parse``, and the state a ``RunController`` continues: the Learner's, with the checked
    timeline (key "timeline") when the file has one."""
    document, raw, state, version = _document(text, source)
    kind = document.get("kind", "preset")
    if not isinstance(kind, str) or kind not in V1_MISSING:
        raise Invalid("load", f"{source} holds a run of an unknown kind {str(kind)[:40]!r}")
    config = _config(raw, source, version, kind)
    learner = build(config)
    fresh = learner.state()
    missing_keys = V1_MISSING[kind] if version == 1 else ()
    state = {**{k: plain(fresh[k]) for k in missing_keys}, **state}
    missing = [f"state.{k}" for k in STATE_KEYS if k not in state]
    if missing:
        raise Invalid("load", f"{source} lacks {', '.join(missing)}")
    loaded = _checked_state(state, learner)
    try:
        learner.load_state(loaded)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise Invalid("load", f"{source}: the saved history is damaged ({exc})") from None
    for name, history in (("error", learner.history), ("test error", learner.test_history)):
        if (name == "error" or len(learner.x_test)) and history.end != learner.iteration:
            end = history.end
            raise Invalid(
                "load", f"{source}: the {name} history ends at {end}, not at iteration {learner.iteration}"
            )
    saved = learner.state()
    if "timeline" in document:
        saved["timeline"] = _checked_timeline(document["timeline"], learner, source)
    return replace(config, alpha=learner.alpha), learner, saved


def _checked_timeline(raw: object, learner: Learner, source: str) -> dict:
    """The timeline part of a session, every checkpoint checked as a state is."""
    if not isinstance(raw, dict) or not {"first", "alphas", "checkpoints"} <= set(raw):
        raise Invalid("load", f"{source}: timeline must hold first, alphas and checkpoints")
    checks.number("timeline.first", raw["first"], whole=True)
    first, alphas, saved = raw["first"], raw["alphas"], raw["checkpoints"]
    if first > learner.iteration or not isinstance(alphas, list) or not isinstance(saved, list):
        raise Invalid("load", f"{source}: timeline starts after its run or is not lists")
    if not alphas or len(alphas) > MAX_ALPHAS or len(saved) > SAVED_CHECKPOINTS + 1:
        raise Invalid("load", f"{source}: timeline has no alphas or too many entries")
    for entry in alphas:
        if not (isinstance(entry, list) and len(entry) == 2):
            raise Invalid("load", f"{source}: timeline.alphas must be [iteration, alpha] pairs")
        checks.number("timeline.alphas iteration", entry[0], whole=True)
        checks.number("timeline.alphas alpha", entry[1])
        if not (math.isfinite(entry[1]) and entry[1] > 0):
            raise Invalid("load", f"{source}: timeline alphas must be finite numbers > 0")
    checkpoints = []
    for state in saved:
        if not isinstance(state, dict) or any(k not in state for k in STATE_KEYS[:-2]):
            raise Invalid("load", f"{source}: a timeline checkpoint lacks part of its state")
        checked = _checked_state(state, learner, histories=False)
        if not first <= checked["iteration"] <= learner.iteration:
            raise Invalid("load", f"{source}: a timeline checkpoint lies outside its run")
        checked["rng"] = rng_stream(checked["rng"])
        checkpoints.append(checked)
    return {"first": first, "alphas": [(int(k), float(a)) for k, a in alphas], "checkpoints": checkpoints}


def _checked_state(state: dict, learner: Learner, histories: bool = True) -> dict:
    """The state with every matrix checked against the learner's shapes (Invalid on the first bad part)."""
    numbers = (("iteration", True, False), ("alpha", False, False), ("diverged_at", True, True))
    for key, whole, optional in (*numbers, ("last_error", False, True)):
        checks.number(f"state.{key}", state[key], whole=whole, optional=optional)
    if not (math.isfinite(state["alpha"]) and state["alpha"] > 0):
        raise Invalid("load", "state.alpha must be a finite number > 0")
    if not 0 <= state["iteration"] <= MAX_ITERATIONS:
        raise Invalid("load", f"state.iteration must be 0..{MAX_ITERATIONS:,}")
    net, loaded = learner.net, dict(state)
    shapes = [p.shape for p in learner.params]
    for key, group in (("weights", net.weights), ("biases", net.biases)):
        loaded[key] = checks.matrices(f"state.{key}", state[key], [p.shape for p in group], float)
    if state["diverged_at"] is None and not all(np.isfinite(w).all() for w in loaded["weights"]):
        raise Invalid("load", "state.weights hold NaN or infinity but the run is not marked diverged")
    loaded["velocity"] = _optimiser_state(state["velocity"], learner)
    loaded["direction_changes"] = checks.matrices(
        "state.direction_changes", state["direction_changes"], shapes, int
    )
    for key, kind in (("prev_positive", bool), ("last_updates", float)):
        if state[key] is not None:
            loaded[key] = checks.matrices(f"state.{key}", state[key], shapes, kind)
    if state["outputs"] is not None:
        shape = learner.outputs.shape
        (loaded["outputs"],) = checks.matrices("state.outputs", [state["outputs"]], [shape], float)
    checks.rng_state(state["rng"])
    for key in ("history", "test_history") if histories else ():
        if not isinstance(state[key], dict):
            raise Invalid("load", f"state.{key} must be an object")
    return loaded


def _optimiser_state(value: object, learner: Learner) -> list[np.ndarray]:
    """The optimiser's arrays: for each of its slots one per parameter, shaped like it (a bad one
    is refused with the layout the optimiser keeps)."""
    kind, names = learner.spec.optimizer, ", ".join(learner.names)
    shapes = [p.shape for _ in SLOTS[kind] for p in learner.params]
    try:
        return checks.matrices("state.velocity", value, shapes, float)
    except Invalid as exc:
        layout = "; then ".join(f"the {slot} of {names}" for slot in SLOTS[kind])
        raise Invalid("load", f"{exc} ({kind} keeps {layout})") from None


def load(path: str | Path) -> tuple[RunConfig, Learner]:
    config, learner, _ = load_run(path)
    return config, learner


def load_run(path: str | Path) -> tuple[RunConfig, Learner, dict]:
    """``load``, and the state a ``RunController`` continues (see ``parse_run``)."""
    path = Path(path)
    try:
        text = read_regular(path, "load", SESSION_LIMIT, "session file").decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("load", f"{named(path)} is not a tui_nn session file (not text)") from None
    return parse_run(text, named(path))
