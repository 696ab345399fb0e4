"""How fast a run moves on screen: a fixed number of iterations a second, full speed, or ``auto``.

``auto`` spreads a run over about ``AUTO_SECONDS`` with equal time per decade of
iterations (0-10, 10-100, 100-1k, ... each get the same share), so the fast early
fall of the error stays visible next to the slow tail. It is a rate that depends on
where the run is, not on a clock: at iteration i it runs at
``(i + 1) * ln(target + 1) / AUTO_SECONDS`` iterations a second, which is the speed
of the curve ``i(t) = (target + 1) ** (t / AUTO_SECONDS) - 1``. So a pause, a new
alpha or a change of pace continues from where the run is, and nothing resets.

The worker asks ``Pace.due(position, iteration, target, seconds)`` how far the run
may go after ``seconds`` more: a fraction of an iteration is carried in
``position``. No Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

AUTO_SECONDS = 20.0
# The ladder `<` and `>` move along (iterations a second); None is full speed.
LADDER: tuple[float | None, ...] = (1, 3, 10, 30, 100, 300, 1000, 3000, 10000, None)
MAX_PACE = 1e9


@dataclass(frozen=True)
class Pace:
    """``mode`` is "auto", "max" or "fixed" (then ``rate`` iterations a second)."""

    mode: str = "auto"
    rate: float = 0.0

    def __str__(self) -> str:
        if self.mode == "fixed":
            return f"{short_rate(self.rate)} it/s"
        return self.mode

    @property
    def text(self) -> str:
        """What ``--pace`` takes back (``parse_pace(pace.text) == pace``)."""
        return repr(self.rate) if self.mode == "fixed" else self.mode

    @property
    def full_speed(self) -> bool:
        return self.mode == "max"

    def speed(self, iteration: int, target: int) -> float | None:
        """Iterations a second at ``iteration`` (None: as fast as the machine goes)."""
        if self.mode == "max":
            return None
        if self.mode == "fixed":
            return self.rate
        return (iteration + 1) * math.log(max(target, 1) + 1) / AUTO_SECONDS

    def due(self, position: float, iteration: int, target: int, seconds: float) -> float:
        """The run's position after ``seconds`` more at this pace, from ``position`` (>= iteration).

        Auto follows its curve exactly over the interval (it compounds), so it reaches
        the target in ``AUTO_SECONDS`` however the interval is cut.
        """
        position = max(position, float(iteration))
        if self.mode == "max":
            return math.inf
        if self.mode == "fixed":
            return position + self.rate * seconds
        growth = math.log(max(target, 1) + 1) / AUTO_SECONDS
        return (position + 1) * math.exp(growth * seconds) - 1

    def wait(self, position: float, target: int) -> float:
        """Seconds from ``position`` until the next whole iteration is due (0 at full speed)."""
        if self.mode == "max":
            return 0.0
        nxt = math.floor(position) + 1
        if self.mode == "fixed":
            return (nxt - position) / self.rate
        growth = math.log(max(target, 1) + 1) / AUTO_SECONDS
        return math.log((nxt + 1) / (position + 1)) / growth

    def eta(self, iteration: int, target: int) -> float | None:
        """Seconds to the target at this pace (None at full speed: the machine decides)."""
        left = max(target - iteration, 0)
        if self.mode == "max":
            return None
        if self.mode == "fixed":
            return left / self.rate
        return AUTO_SECONDS * math.log((target + 1) / (iteration + 1)) / math.log(max(target, 1) + 1)

    def slower(self, iteration: int, target: int) -> Pace:
        """The next rung down the ladder from the speed at ``iteration`` (1 it/s stays)."""
        now = self.speed(iteration, target)
        rungs = [r for r in LADDER if r is not None and (now is None or r < now * 0.999)]
        return fixed(rungs[-1]) if rungs else fixed(LADDER[0] or 1)

    def faster(self, iteration: int, target: int) -> Pace:
        """The next rung up the ladder (past the last number: full speed)."""
        now = self.speed(iteration, target)
        if now is None:
            return self
        rungs = [r for r in LADDER if r is None or r > now * 1.001]
        return MAX if rungs[0] is None else fixed(rungs[0])


MAX = Pace("max")
AUTO = Pace("auto")


def fixed(rate: float) -> Pace:
    return Pace("fixed", float(rate))


def short_rate(rate: float) -> str:
    """3000 -> 3k, 2.5 -> 2.5."""
    if rate >= 1000 and rate % 1000 == 0:
        return f"{rate / 1000:g}k"
    return f"{rate:g}"


def parse_pace(text: str) -> Pace:
    """``auto``, ``max`` or a positive number of iterations a second (``20``, ``0.5``, ``3k``)."""
    word = text.strip().lower()
    if word in ("auto", "max"):
        return Pace(word)
    scale = 1000.0 if word.endswith("k") else 1.0
    try:
        rate = float(word[:-1] if scale > 1 else word) * scale
    except ValueError:
        raise ValueError(f"pace must be auto, max or iterations a second (e.g. 20), got {text!r}") from None
    if not math.isfinite(rate) or rate <= 0 or rate > MAX_PACE:
        raise ValueError(
            f"pace must be more than 0 and at most {MAX_PACE:g} iterations a second, got {text!r}"
        )
    return fixed(rate)
