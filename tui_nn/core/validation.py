"""Checks for the values a user gives: CLI flags and the app's fields alike.

Each check takes a number or the text typed and returns the clean value, or
raises ``Invalid`` whose message names the field and says what is allowed.
"""

from __future__ import annotations

import math

MAX_HIDDEN = 4096
MAX_SEED = 2**32 - 1
MAX_ITERATIONS = 10**12  # a run's target: at 10^6 it/s, eleven days


class Invalid(ValueError):
    """A bad value for one field; ``str()`` is the one line to show the user."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _to_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an integer beyond 1.8e308 (a session's JSON may hold one)
            return None
    try:
        return float(str(value).strip())
    except (ValueError, OverflowError):
        return None


def _to_int(value: object) -> int | None:
    """An integer from an int or integral text ('60000', '60_000', '6e4'); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    number = _to_float(text)
    if number is not None and math.isfinite(number) and number.is_integer():
        return int(number)
    return None


def check_alpha(value: object) -> float:
    alpha = _to_float(value)
    if alpha is None or not math.isfinite(alpha) or alpha <= 0:
        raise Invalid("alpha", f"alpha must be a finite number > 0, got {_shown(value)}")
    return alpha


def _check_int(field: str, value: object, low: int, high: int | None) -> int:
    number = _to_int(value)
    if number is None or number < low or (high is not None and number > high):
        allowed = f"from {low} to {high}" if high is not None else f">= {low}"
        raise Invalid(field, f"{field} must be an integer {allowed}, got {_shown(value)}")
    return number


def check_hidden(value: object) -> int:
    return _check_int("hidden", value, 1, MAX_HIDDEN)


def check_iterations(value: object) -> int:
    return _check_int("iterations", value, 1, MAX_ITERATIONS)


def check_every(value: object) -> int:
    return _check_int("every", value, 1, None)


def check_seed(value: object) -> int:
    return _check_int("seed", value, 0, MAX_SEED)


def check_alphas(value: object) -> list[float]:
    """A comma-separated list of alphas, for sweeps."""
    parts = [p for p in str(value).split(",") if p.strip()]
    if not parts:
        raise Invalid("alphas", f"alphas must be a comma-separated list of numbers > 0, got {_shown(value)}")
    try:
        return [check_alpha(p) for p in parts]
    except Invalid as exc:
        raise Invalid("alphas", f"alphas: {exc}") from None


def check_vector(value: object, size: int) -> list[float]:
    """An input vector typed as '1,0,0' (or '1 0 0'): exactly ``size`` finite numbers."""
    text = str(value).strip().strip("[]()")
    parts = [p.strip() for p in text.split(",")] if "," in text else text.split()
    numbers = [_to_float(p) for p in parts]
    if len(parts) != size or any(n is None or not math.isfinite(n) for n in numbers):
        message = f"input must be {size} finite numbers separated by commas, got {_shown(value)}"
        raise Invalid("input", message)
    return [float(n) for n in numbers]  # type: ignore[arg-type]
