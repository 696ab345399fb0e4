"""Sessions of custom runs: the same file format as the presets', with ``"kind": "custom"``.

The config is every option of the run (``CustomConfig``), checked on load by the
validator the command line and the settings screen use; the data is generated
again from its seed or read again from its CSV (a moved or changed file is a
clear load error). The state adds what a general network needs to continue
exactly: biases, the optimiser's velocity, the random stream of mini-batch
shuffles and dropout, and the test error history. Numpy only, no pickle.
"""

from __future__ import annotations

import math
from dataclasses import asdict

import numpy as np

from tui_nn.model_training import ModelTraining
from tui_nn.options import CustomConfig, custom_config, ready
from tui_nn.validation import Invalid

KIND = "custom"
STATE_KEYS = (
    "iteration", "alpha", "diverged_at", "last_error", "weights", "biases", "velocity", "rng",
    "direction_changes", "prev_positive", "outputs", "history", "test_history",
)  # fmt: skip
MT_KEYS = 624  # words of numpy's Mersenne Twister state


def config_document(config: CustomConfig) -> dict:
    return {name: list(v) if isinstance(v, tuple) else v for name, v in asdict(config).items()}


def parse_custom(
    raw: object, state: dict, source: str, matrices, check_number
) -> tuple[CustomConfig, ModelTraining]:
    """A custom config and its training continued from a session's parts, or Invalid saying why not.

    ``matrices`` and ``check_number`` are the session module's shape and number checks.
    """
    if not isinstance(raw, dict):
        raise Invalid("load", f"{source} lacks its config")
    missing = [f"state.{k}" for k in STATE_KEYS if k not in state]
    if missing:
        raise Invalid("load", f"{source} lacks {', '.join(missing)}")
    try:
        config, data = ready(custom_config(**raw))
        training = ModelTraining(config, data)
    except Invalid as exc:
        raise Invalid("load", f"{source}: config: {exc}") from None
    except TypeError as exc:  # an option this tui_nn does not know
        raise Invalid("load", f"{source}: config: {exc}") from None
    numbers = (("iteration", True, False), ("alpha", False, False), ("diverged_at", True, True))
    for key, whole, optional in (*numbers, ("last_error", False, True)):
        check_number(f"state.{key}", state[key], whole=whole, optional=optional)
    if not (math.isfinite(state["alpha"]) and state["alpha"] > 0):
        raise Invalid("load", "state.alpha must be a finite number > 0")
    model = training.model
    loaded = dict(state)
    shapes = [p.shape for p in training.weights]
    for key, group in (("weights", model.weights), ("biases", model.biases), ("velocity", model.velocity)):
        loaded[key] = matrices(f"state.{key}", state[key], [p.shape for p in group], float)
    loaded["direction_changes"] = matrices("state.direction_changes", state["direction_changes"], shapes, int)
    if state["prev_positive"] is not None:
        loaded["prev_positive"] = matrices("state.prev_positive", state["prev_positive"], shapes, bool)
    if state["outputs"] is not None:
        (loaded["outputs"],) = matrices("state.outputs", [state["outputs"]], [model.y.shape], float)
    _check_rng(state["rng"])
    for key in ("history", "test_history"):
        if not isinstance(state[key], dict):
            raise Invalid("load", f"state.{key} must be an object")
    try:
        training.load_state(loaded)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise Invalid("load", f"{source}: the state is damaged ({exc})") from None
    for name, history in (("error", training.history), ("test error", training.test_history)):
        if (name == "error" or len(training.x_test)) and history.end != training.iteration:
            raise Invalid(
                "load",
                f"{source}: the {name} history ends at {history.end}, not at iteration {training.iteration}",
            )
    return config, training


def _check_rng(rng: object) -> None:
    if not isinstance(rng, dict) or not {"keys", "pos", "has_gauss", "cached"} <= set(rng):
        raise Invalid("load", "state.rng must hold keys, pos, has_gauss and cached")
    keys = rng["keys"]
    if not (
        isinstance(keys, list)
        and len(keys) == MT_KEYS
        and all(isinstance(k, int) and not isinstance(k, bool) and 0 <= k < 2**32 for k in keys)
    ):
        raise Invalid("load", f"state.rng.keys must be {MT_KEYS} whole numbers from 0 to 2**32-1")
    pos, gauss, cached = rng["pos"], rng["has_gauss"], rng["cached"]
    if not (isinstance(pos, int) and 0 <= pos <= MT_KEYS and gauss in (0, 1)):
        raise Invalid("load", "state.rng.pos must be 0..624 and has_gauss 0 or 1")
    if isinstance(cached, bool) or not isinstance(cached, int | float) or not np.isfinite(cached):
        raise Invalid("load", "state.rng.cached must be a finite number")
