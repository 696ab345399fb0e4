"""Write ``three_classes.csv``: 300 points of the plane in three labelled blobs, for a 3-class run.

Three round clouds of 100 points each, centred at distance 2 from the origin at 90, 210
and 330 degrees (above, lower left and lower right) with a spread of 0.9, so
that they touch: a net draws curved seams between them and gets nearly all of
the training points right but not all, and about 95% of the held-out fifth.
The label is a word (``top``, ``left``, ``right``), so tui_nn reads the column
as classes and trains a 3-unit softmax output:

    python examples/three_classes.py
    python -m tui_nn --data examples/three_classes.csv --layers 8

then ``b`` draws each class's region in its colour and ``c`` counts the points
of each class the net puts in each region. Seeded: the file is the same on every run.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

CLASSES = {"top": 90.0, "left": 210.0, "right": 330.0}  # label: its cloud's direction in degrees
PER_CLASS = 100
RADIUS, SPREAD, SEED = 2.0, 0.9, 7
HERE = Path(__file__).resolve().parent


def points(seed: int = SEED) -> list[tuple[float, float, str]]:
    """The rows (x1, x2, label), shuffled so no class comes first."""
    rs = np.random.RandomState(seed)
    rows = []
    for label, degrees in CLASSES.items():
        centre = RADIUS * np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])
        for x1, x2 in centre + SPREAD * rs.randn(PER_CLASS, 2):
            rows.append((round(float(x1), 4), round(float(x2), 4), label))
    return [rows[i] for i in rs.permutation(len(rows))]


def write(path: Path) -> None:
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["x1", "x2", "label"])
        out.writerows(points())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "three_classes.csv"
    write(target)
    print(f"wrote {len(CLASSES) * PER_CLASS} rows to {target}")
