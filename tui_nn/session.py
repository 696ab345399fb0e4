"""Sessions: a run saved to one JSON file and continued later, exactly.

The file holds the config, the format version and the Training's state (weights,
direction counts, the last update signs, iteration, the bounded error history)
as plain JSON lists; Python's JSON writes every float with enough digits to read
back the same bits, and NaN or Infinity for a diverged run. No pickle anywhere.
Writes are atomic (a temporary file in the same folder, then a rename), so a
crash mid-save leaves the previous file intact. Loading checks the version, the
keys, the shapes and the types and says exactly what is wrong. Numpy only.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from tui_nn import custom_session
from tui_nn.engine import Training
from tui_nn.model_training import ModelTraining
from tui_nn.options import CustomConfig
from tui_nn.presets import Config, build, make_config
from tui_nn.validation import Invalid

FORMAT = "tui_nn-session"
VERSION = 1
_STATE_KEYS = (
    "iteration", "alpha", "diverged_at", "last_error", "weights", "direction_changes",
    "prev_positive", "last_updates", "outputs", "history",
)  # fmt: skip


def _plain(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def session_json(config: Config | CustomConfig, training: Training | ModelTraining) -> str:
    if isinstance(config, CustomConfig):
        document = {
            "format": FORMAT,
            "version": VERSION,
            "kind": custom_session.KIND,
            "config": custom_session.config_document(replace(config, alpha=training.alpha)),
            "state": _plain(training.state()),
        }
        return json.dumps(document)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "config": {
            "preset": config.preset,
            "alpha": training.alpha,
            "hidden": config.hidden,
            "seed": config.seed,
            "iterations": config.iterations,
        },
        "state": _plain(training.state()),
    }
    return json.dumps(document)


def save(path: str | Path, config: Config | CustomConfig, training: Training | ModelTraining) -> None:
    """Write the session atomically; raises Invalid('save', ...) when it cannot."""
    write_atomic(path, session_json(config, training).encode("utf-8"))


def write_atomic(path: str | Path, data: bytes, field: str = "save") -> None:
    """A temporary file in the same folder, flushed, then renamed over ``path``.

    A crash or a full disk mid-write leaves the previous file as it was.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise Invalid(field, f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.chmod(temporary, _file_mode(path))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise Invalid(field, f"cannot write {path}: {exc.strerror or exc}") from None


def _file_mode(path: Path) -> int:
    """The mode the file keeps (or a new file's, after the umask): mkstemp makes it 0600."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _matrices(where: str, value: object, shapes: list[tuple[int, ...]], dtype: type) -> list[np.ndarray]:
    if not isinstance(value, list) or len(value) != len(shapes):
        raise Invalid("load", f"{where} must be a list of {len(shapes)} matrices")
    out = []
    for i, (item, shape) in enumerate(zip(value, shapes)):
        try:
            array = np.array(item, dtype=object if dtype is bool else np.float64)
        except (ValueError, TypeError):
            raise Invalid("load", f"{where}[{i}] is not a matrix of numbers") from None
        if array.shape != shape:
            raise Invalid("load", f"{where}[{i}] has shape {array.shape}, expected {shape}")
        if dtype is bool:
            if not all(isinstance(v, bool) for v in array.ravel()):
                raise Invalid("load", f"{where}[{i}] must hold true/false values")
            array = array.astype(bool)
        elif dtype is int:
            whole = np.isfinite(array).all() and (array == np.round(array)).all()
            if not (whole and (array >= 0).all() and (array < 2**62).all()):  # 2**62: fits an int64
                raise Invalid("load", f"{where}[{i}] must hold whole numbers from 0 to 2**62")
            array = array.astype(np.int64)
        out.append(array)
    return out


def _check_number(where: str, value: object, *, whole: bool = False, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid("load", f"{where} must be a number, got {type(value).__name__}")
    if whole and (not isinstance(value, int) or value < 0):
        raise Invalid("load", f"{where} must be a whole number >= 0")


def parse(text: str, source: str = "session") -> tuple[Config | CustomConfig, Training | ModelTraining]:
    """A Config and a Training continued from a session document, or Invalid saying why not."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise Invalid("load", f"{source} is not a session file (invalid JSON: {exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Invalid("load", f"{source} is not a tui_nn session file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid("load", f"{source} has no valid format version")
    if version > VERSION:
        newer = f"{source} is format version {version}, newer than this tui_nn reads ({VERSION})"
        raise Invalid("load", newer)
    if version < 1:
        raise Invalid("load", f"{source} has an unknown format version {version}")
    raw, state = document.get("config"), document.get("state")
    if not isinstance(raw, dict) or not isinstance(state, dict):
        raise Invalid("load", f"{source} lacks its config or state")
    if document.get("kind", "preset") == custom_session.KIND:
        return custom_session.parse_custom(raw, state, source, _matrices, _check_number)
    if document.get("kind", "preset") != "preset":
        raise Invalid("load", f"{source} holds a run of an unknown kind {str(document.get('kind'))[:40]!r}")
    missing = [k for k in ("preset", "alpha", "hidden", "seed", "iterations") if k not in raw]
    missing += [f"state.{k}" for k in _STATE_KEYS if k not in state]
    if missing:
        raise Invalid("load", f"{source} lacks {', '.join(missing)}")
    try:
        config = make_config(raw["preset"], raw["alpha"], raw["hidden"], raw["seed"], raw["iterations"])
    except Invalid as exc:
        raise Invalid("load", f"{source}: config: {exc}") from None
    training = build(config)
    shapes = [w.shape for w in training.weights]
    numbers = (("iteration", True, False), ("alpha", False, False), ("diverged_at", True, True))
    for key, whole, optional in (*numbers, ("last_error", False, True)):
        _check_number(f"state.{key}", state[key], whole=whole, optional=optional)
    if not (isinstance(state["alpha"], float | int) and math.isfinite(state["alpha"]) and state["alpha"] > 0):
        raise Invalid("load", "state.alpha must be a finite number > 0")
    loaded = dict(state)
    loaded["weights"] = _matrices("state.weights", state["weights"], shapes, float)
    counts = state["direction_changes"]
    loaded["direction_changes"] = _matrices("state.direction_changes", counts, shapes, int)
    for key, kind in (("prev_positive", bool), ("last_updates", float)):
        if state[key] is not None:
            loaded[key] = _matrices(f"state.{key}", state[key], shapes, kind)
    if state["outputs"] is not None:
        (loaded["outputs"],) = _matrices("state.outputs", [state["outputs"]], [training.outputs.shape], float)
    history = state["history"]
    if not isinstance(history, dict):
        raise Invalid("load", "state.history must be an object")
    try:
        training.load_state(loaded)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise Invalid("load", f"{source}: state.history is damaged ({exc})") from None
    if training.history.end != training.iteration:
        end = training.history.end
        raise Invalid(
            "load", f"{source}: the error history ends at {end}, not at iteration {training.iteration}"
        )
    return config.with_(alpha=training.alpha), training


def load(path: str | Path) -> tuple[Config | CustomConfig, Training | ModelTraining]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise Invalid("load", f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise Invalid("load", f"{path} is not a tui_nn session file (not text)") from None
    return parse(text, str(path))
