"""The axes of a grid sweep as typed (hidden sizes ``1,2,4``, seeds ``1-10``) and its size bound.

The CLI's flags and the app's fields read the lists with the same functions, so a bad
list gets the same one-line message in both (``Invalid``, naming its field). A grid
is refused before anything of its size is allocated: at most ``MAX_RUNS`` runs and
an estimate of their arrays under ``MAX_BYTES``. Numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_nn.core.validation import Invalid, check_hidden, check_seed

MAX_RUNS = 4096
MAX_BYTES = 1 << 30  # the runs' arrays (weights, activations, buffers, curves) together
_CURVE_BYTES = 512 * 3 * 8  # a run's error curve: at most 512 buckets of (start, min, max)


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _parts(field: str, value: object, what: str) -> list[str]:
    parts = [p.strip() for p in str(value).split(",")]
    if not any(parts) or not all(parts):
        raise Invalid(field, f"{field} must be a comma-separated list of {what}, got {_shown(value)}")
    return parts


def _unique(field: str, values: list[int]) -> list[int]:
    if len(set(values)) != len(values):
        twice = next(v for v in values if values.count(v) > 1)
        raise Invalid(field, f"{field}: {twice} is listed twice")
    return values


def check_hiddens(value: object) -> list[int]:
    """Hidden sizes for a grid, ``1,2,4,8``: each 1..4096, none twice."""
    parts = _parts("hidden", value, "hidden sizes")
    try:
        sizes = [check_hidden(p) for p in parts]
    except Invalid as exc:
        raise Invalid("hidden", f"hidden sizes: {exc}") from None
    return _unique("hidden", sizes)


def check_seeds(value: object) -> list[int]:
    """Seeds for a grid: a list and ranges, ``1-10`` or ``1,5,7-9``; none twice."""
    seeds: list[int] = []
    for part in _parts("seeds", value, "seeds or ranges A-B"):
        low, dash, high = part.partition("-")
        try:
            if not dash:
                seeds.append(check_seed(part))
                continue
            a, b = check_seed(low), check_seed(high)
        except Invalid as exc:
            raise Invalid("seeds", f"seeds: {exc}") from None
        if b < a:
            raise Invalid("seeds", f"seeds: the range {part} runs backwards (write {b}-{a})")
        if b - a >= MAX_RUNS:
            raise Invalid("seeds", f"seeds: the range {part} holds {b - a + 1:,} seeds: at most {MAX_RUNS:,}")
        seeds.extend(range(a, b + 1))
    return _unique("seeds", seeds)


def run_bytes(sizes: Sequence[int], rows: int, bias: bool = False) -> int:
    """About how many bytes one run of a net of layer ``sizes`` on ``rows`` rows holds while it
    trains (weights and their copies, activations, slopes, deltas, a chunk of errors, its curve)."""
    weights = sum(a * b + (b if bias else 0) for a, b in zip(sizes[:-1], sizes[1:]))
    units = sum(sizes[1:])
    return 8 * (12 * weights + 5 * rows * units + 256 * rows * sizes[-1]) + _CURVE_BYTES


def check_grid_size(runs: int, total_bytes: int) -> None:
    """Refuse a grid of too many runs, or whose arrays would not fit the budget, in one line."""
    if runs > MAX_RUNS:
        raise Invalid(
            "seeds", f"the grid has {runs:,} runs (alphas x hidden sizes x seeds): at most {MAX_RUNS:,}"
        )
    if total_bytes > MAX_BYTES:
        raise Invalid(
            "hidden",
            f"the grid's {runs:,} runs would hold about {total_bytes / 2**30:.1f} GB: "
            f"at most {MAX_BYTES / 2**30:.0f} GB (fewer seeds or smaller hidden sizes)",
        )


def axis_text(values: Sequence[int]) -> str:
    """A list of sizes or seeds as typed back: runs of three or more consecutive ones as A-B."""
    out, i = [], 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        out.append(f"{values[i]}-{values[j]}" if j - i >= 2 else ",".join(map(str, values[i : j + 1])))
        i = j + 1
    return ",".join(out)
