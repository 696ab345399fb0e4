"""A classification run's scores: the accuracy and confusion counts of a
``Learner``'s current weights on all its training rows and its test rows (the math is
``tui_nn.core.metrics``). The worker's snapshots and ``train``'s report both take them from
here. Class names come from ``tui_nn.run.loaded.classes_of``. Numpy only, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_nn.core import metrics
from tui_nn.core.learner import Learner


@dataclass(frozen=True)
class Scores:
    """A classifier's accuracy and confusion counts on the training and the test rows."""

    accuracy: float | None = None
    test_accuracy: float | None = None
    confusion: np.ndarray | None = None
    test_confusion: np.ndarray | None = None


def scores(
    learner: Learner,
    classes: tuple[str, ...],
    outputs: np.ndarray | None = None,
    test_outputs: np.ndarray | None = None,
) -> Scores:
    """Accuracy and confusion of ``learner``'s current weights over all its training rows and its
    test rows (``outputs``, ``test_outputs``: their forward passes, if already made); empty without
    classes."""
    if not classes or learner.y is None:
        return Scores()
    out = learner.outputs_now() if outputs is None else outputs
    if not metrics.fits(classes, out):
        return Scores()
    k = len(classes)
    counts = metrics.confusion(out, learner.y, k)
    if not len(learner.x_test):
        return Scores(metrics.share_right(counts), None, counts)
    tested = learner.predict(learner.x_test) if test_outputs is None else test_outputs
    test_counts = metrics.confusion(tested, learner.y_test, k)
    return Scores(metrics.share_right(counts), metrics.share_right(test_counts), counts, test_counts)
