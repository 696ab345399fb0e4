"""Checks of the parts of a session file: matrices of the right shapes, numbers, a random stream.

Each raises ``Invalid("load", ...)`` saying exactly which part is wrong, so a
hand-edited or damaged file gets one clear line and never a traceback.
"""

from __future__ import annotations

import numpy as np

from tui_nn.core.validation import Invalid

MT_KEYS = 624  # words of numpy's Mersenne Twister state


def matrices(where: str, value: object, shapes: list[tuple[int, ...]], dtype: type) -> list[np.ndarray]:
    """A list of matrices of exactly these shapes, of floats, whole counts (int) or true/false (bool)."""
    if not isinstance(value, list) or len(value) != len(shapes):
        raise Invalid("load", f"{where} must be a list of {len(shapes)} matrices")
    out = []
    for i, (item, shape) in enumerate(zip(value, shapes)):
        try:
            array = np.array(item, dtype=object if dtype is bool else np.float64)
        except (ValueError, TypeError, OverflowError):  # OverflowError: an integer beyond any float
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


def number(where: str, value: object, *, whole: bool = False, optional: bool = False) -> None:
    """A JSON number (not a boolean); ``whole``: an integer >= 0; else one a float can hold."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid("load", f"{where} must be a number, got {type(value).__name__}")
    if whole and (not isinstance(value, int) or value < 0):
        raise Invalid("load", f"{where} must be a whole number >= 0")
    if not whole and not _floats(value):
        raise Invalid("load", f"{where} is a number beyond the range of a float")


def _floats(value: int | float) -> bool:
    """The number has a float (JSON reads integers of up to 4300 digits; a float ends at 1.8e308)."""
    try:
        float(value)
    except OverflowError:
        return False
    return True


def rng_state(rng: object) -> None:
    """A Mersenne Twister state as ``Learner.state()`` writes it."""
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
    if (
        isinstance(cached, bool)
        or not isinstance(cached, int | float)
        or not (_floats(cached) and np.isfinite(cached))
    ):
        raise Invalid("load", "state.rng.cached must be a finite number")
