"""The tutorials' datasets (rows are examples), as float arrays.

- ``X_A``: three inputs, the third always 1 (Trask's bias trick); ``Y_FIRST_COLUMN``
  copies the first input, ``Y_XOR`` is the xor of the first two.
- ``X_B``/``Y_B``: the single neuron's rows, reordered.
- ``X_C``/``Y_C``: two inputs, two weights (the error landscape example).
- ``X_D``/``Y_D``: four 5x4 pixel digits, targets 0..3 scaled into 0..1 (shown x3).
"""

from __future__ import annotations

import numpy as np

X_A = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
Y_FIRST_COLUMN = np.array([[0, 0, 1, 1]], dtype=np.float64).T
Y_XOR = np.array([[0, 1, 1, 0]], dtype=np.float64).T
X_B = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
Y_B = np.array([[0, 1, 1, 0]], dtype=np.float64).T
X_C = np.array([[0, 1], [0, 1], [1, 0], [1, 0]], dtype=np.float64)
Y_C = np.array([[0, 0, 1, 1]], dtype=np.float64).T

DIGIT_BITMAPS = {
    "zero": "0110 1001 1001 1001 0110",
    "one": "0010 0010 0010 0010 0010",
    "two": "0110 1001 0010 0100 1111",
    "three": "1111 0001 0111 0001 1111",
}


def bitmap(text: str) -> np.ndarray:
    """A 5x4 digit written as '0110 1001 ...' as 20 row-major pixels."""
    return np.array([int(c) for c in text if c in "01"], dtype=np.float64)


X_D = np.array([bitmap(b) for b in DIGIT_BITMAPS.values()])
Y_D = np.array([[0, 1, 2, 3]], dtype=np.float64).T / 3
