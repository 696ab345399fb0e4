"""The checks of one typed value each: a number in a range, a choice, layer sizes, a flag.

Shared by ``make_config`` for every field of a custom run: each takes a value
or the text a user typed and returns the clean value, or raises ``Invalid``
naming its field with what is allowed. Numpy-free.
"""

from __future__ import annotations

import math

from tui_nn.core.spec import ACTIVATIONS
from tui_nn.core.validation import Invalid, check_hidden

NO_HIDDEN = "none"  # how --layers says "no hidden layer" (0 stays an error: a layer of no units)


def text_of(value: object) -> str:
    return str(value).strip()


def number(
    field: str, value: object, default: float, low: float, high: float, *, below: bool = False
) -> float:
    """A finite number in [low, high] (or [low, high) with ``below``), from a value or text."""
    if value is None:
        return default
    try:
        result = float(text_of(value)) if not isinstance(value, bool) else math.nan
    except ValueError:
        result = math.nan
    if not (math.isfinite(result) and low <= result and (result < high if below else result <= high)):
        bound = f"below {high:g}" if below else f"at most {high:g}"
        raise Invalid(field, f"{field} must be a number from {low:g}, {bound}, got {text_of(value)[:40]!r}")
    return result


def choice(field: str, value: object, default: str, allowed: tuple[str, ...]) -> str:
    if value is None:
        return default
    if text_of(value) not in allowed:
        raise Invalid(field, f"{field} must be one of {', '.join(allowed)}, got {text_of(value)[:40]!r}")
    return text_of(value)


def layer_sizes(value: object) -> tuple[int, ...]:
    """Hidden layer sizes: '8,8', 4, (8, 8); 'none' (or an empty tuple): no hidden layer."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, tuple | list):
        parts = list(value)
    else:
        parts = [p for p in text_of(value).split(",") if p.strip()]
    if isinstance(value, tuple | list) and not parts:
        return ()  # no hidden layer, as a config holds it
    if len(parts) == 1 and text_of(parts[0]).lower() == NO_HIDDEN:
        return ()
    try:
        if not parts:
            raise Invalid("layers", "")
        return tuple(check_hidden(p) for p in parts)
    except Invalid:
        shown = ",".join(str(p) for p in parts) if isinstance(value, tuple | list) else text_of(value)
        raise Invalid(
            "layers",
            f"layers must be sizes 1..4096 separated by commas (or none), got {shown[:40]!r}",
        ) from None


def batch_size(value: object) -> int | str:
    if value is None or text_of(value) in ("full", "online"):
        return "full" if value is None else text_of(value)
    return int(number("batch", value, 1, 1, 10**9))


def activations(value: object, layers: tuple[int, ...]) -> str:
    """One hidden activation for all layers ('tanh') or one per hidden layer ('tanh,relu')."""
    if value is None:
        return "sigmoid"
    names = [part.strip().lower() for part in text_of(value).split(",")]
    if any(name not in ACTIVATIONS for name in names):
        allowed = ", ".join(ACTIVATIONS)
        raise Invalid(
            "activation", f"activation must be {allowed} (or one per layer), got {text_of(value)[:40]!r}"
        )
    if len(names) not in (1, len(layers)):
        raise Invalid(
            "activation",
            f"{len(names)} activations for {len(layers)} hidden layers: give one, or one per layer",
        )
    return ",".join(names)


def flag(field: str, value: object) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = text_of(value).lower()
    if text in ("on", "yes", "true", "1"):
        return True
    if text in ("off", "no", "false", "0", ""):
        return False
    raise Invalid(field, f"{field} must be on or off, got {text_of(value)[:40]!r}")
