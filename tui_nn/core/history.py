"""Bounded error history: exact while short, a min/max envelope once long.

A plot of 10^6 raw points costs seconds to draw; a list of 10^7 floats costs
memory. The history keeps at most ``capacity`` buckets; each covers ``stride``
consecutive iterations and keeps its minimum and maximum, so spikes and
divergence stay visible. When full, neighbouring buckets merge and the stride
doubles. Numpy only.
"""

from __future__ import annotations

import numpy as np

MAX_CAPACITY = 1 << 16  # buckets a history may hold (a saved file's is checked against it)


class History:
    def __init__(self, capacity: int = 2048):  # at most MAX_CAPACITY
        if capacity < 2:
            raise ValueError("capacity must be >= 2")
        self.capacity = capacity
        self.stride = 1
        self._start = np.empty(0, dtype=np.int64)
        self._lo = np.empty(0)
        self._hi = np.empty(0)
        # The bucket being filled: first iteration, count, min, max.
        self._pending: tuple[int, int, float, float] | None = None
        self.end = 0  # one past the last iteration recorded

    def __len__(self) -> int:
        return len(self._start) + (self._pending is not None)

    def extend(self, start: int, errors: np.ndarray) -> None:
        """Record errors of iterations start, start+1, ... (continuing the history)."""
        n = len(errors)
        if not n:
            return
        if start != self.end:
            raise ValueError(f"history ends at {self.end}, cannot extend from {start}")
        self.end = start + n
        i = 0
        if self._pending is not None:
            first, count, lo, hi = self._pending
            take = min(self.stride - count, n)
            part = errors[:take]
            lo, hi = min(lo, float(part.min())), max(hi, float(part.max()))
            count += take
            i = take
            self._pending = None
            if count == self.stride:
                self._append(np.array([first]), np.array([lo]), np.array([hi]))
            else:
                self._pending = (first, count, lo, hi)
                return
        full = (n - i) // self.stride
        if full:
            block = errors[i : i + full * self.stride].reshape(full, self.stride)
            starts = start + i + self.stride * np.arange(full, dtype=np.int64)
            self._append(starts, block.min(axis=1), block.max(axis=1))
            i += full * self.stride
        if i < n:
            rest = errors[i:]
            self._pending = (start + i, len(rest), float(rest.min()), float(rest.max()))
        self._compact()

    def _append(self, starts: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        self._start = np.concatenate([self._start, starts])
        self._lo = np.concatenate([self._lo, lo])
        self._hi = np.concatenate([self._hi, hi])

    def _compact(self) -> None:
        while len(self) > self.capacity:
            stride = self.stride
            starts, lo, hi = self._start, self._lo, self._hi
            if len(starts) % 2:
                # The odd bucket out joins the pending one (or starts it).
                first, count, plo, phi = starts[-1], stride, lo[-1], hi[-1]
                if self._pending is not None:
                    _, pcount, p_lo, p_hi = self._pending
                    count, plo, phi = count + pcount, min(plo, p_lo), max(phi, p_hi)
                self._pending = (int(first), count, float(plo), float(phi))
                starts, lo, hi = starts[:-1], lo[:-1], hi[:-1]
            self._start = starts[::2].copy()
            self._lo = np.minimum(lo[::2], lo[1::2])
            self._hi = np.maximum(hi[::2], hi[1::2])
            self.stride = stride * 2

    def envelope(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Copies of (first iteration, min, max) per bucket, oldest first."""
        starts, lo, hi = self._start, self._lo, self._hi
        if self._pending is not None:
            first, _, plo, phi = self._pending
            starts = np.append(starts, first)
            lo, hi = np.append(lo, plo), np.append(hi, phi)
        return starts.copy(), lo.copy(), hi.copy()

    def state(self) -> dict:
        """Plain values (lists and numbers) that ``from_state`` turns back into this history."""
        return {
            "capacity": self.capacity,
            "stride": self.stride,
            "end": self.end,
            "start": self._start.tolist(),
            "lo": self._lo.tolist(),
            "hi": self._hi.tolist(),
            "pending": None if self._pending is None else list(self._pending),
        }

    @classmethod
    def from_state(cls, state: dict) -> History:
        capacity = int(state["capacity"])
        if not 2 <= capacity <= MAX_CAPACITY:  # a saved file's number: checked before it sizes anything
            raise ValueError(f"history capacity must be 2..{MAX_CAPACITY}, got {capacity}")
        history = cls(capacity)
        history.stride, history.end = int(state["stride"]), int(state["end"])
        history._start = np.array(state["start"], dtype=np.int64)
        history._lo = np.array(state["lo"], dtype=np.float64)
        history._hi = np.array(state["hi"], dtype=np.float64)
        if not len(history._start) == len(history._lo) == len(history._hi):
            raise ValueError("history start, lo and hi differ in length")
        if history.stride < 1 or len(history._start) > history.capacity:
            raise ValueError("history stride or length out of range")
        if len(history._start) and (history._start[0] < 0 or (np.diff(history._start) <= 0).any()):
            raise ValueError("history iterations must increase from 0")
        pending = state["pending"]
        if pending is not None:
            first, count, lo, hi = pending
            history._pending = (int(first), int(count), float(lo), float(hi))
            if not 1 <= history._pending[1] <= history.stride:
                raise ValueError("history's last bucket has a bad size")
        return history

    def cut(self, at: int) -> int:
        """Forget every bucket that reaches ``at`` or beyond; returns where the history now ends
        (at or before ``at``: the caller extends it again from there, with the same errors)."""
        if self.end <= at:
            return self.end
        starts, pending = self._start, self._pending
        first = int(starts[0]) if len(starts) else pending[0] if pending is not None else self.end
        keep = int(np.searchsorted(starts + self.stride, at, side="right"))
        self._start, self._lo, self._hi = starts[:keep], self._lo[:keep], self._hi[:keep]
        self._pending = None
        self.end = int(starts[keep - 1] + self.stride) if keep else first
        return self.end

    def clear(self) -> None:
        fresh = History(self.capacity)
        self.__dict__.update(fresh.__dict__)

    def __repr__(self) -> str:
        return f"History({len(self)} buckets of {self.stride}, end={self.end})"
