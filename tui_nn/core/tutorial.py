"""The tutorials' loops, written the way the tutorials write them: read this one first.

If you have just read Trask's "A neural network in 11 lines of Python", this is
that loop, with his names: ``l0`` is the input layer (the rows of ``X``), ``l1``
(and ``l2``) the outputs of each layer, ``syn0`` (and ``syn1``) the weights
between them, ``l1_error`` how much we missed, ``l1_delta`` that miss weighted
by how unsure the guess was (the sigmoid's slope, ``nonlin(l1, deriv=True)``).

Everything else in ``tui_nn.core`` computes the same numbers faster or more
generally; the tests hold the engine to these loops bit for bit:
- ``Network.trace`` is the backward pass below for any depth, activation, bias
  and loss (it writes ``l1_delta`` as ``deltas[0]``, and ``-l1_delta`` with
  ``o - y``: gradient descent on the squared error is this update, signs flipped);
- the fast kernels run these loops with preallocated buffers.

The weights are updated in place, as in the tutorials; pass copies to keep yours.
"""

from __future__ import annotations

import numpy as np


def nonlin(x: np.ndarray, deriv: bool = False) -> np.ndarray:
    """The sigmoid; with ``deriv`` its slope, written from the sigmoid's output x."""
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def one_layer(X: np.ndarray, y: np.ndarray, syn0: np.ndarray, alpha: float, iterations: int) -> np.ndarray:
    """Trask part 1: one layer of weights learns y from X. Returns the last guess ``l1``."""
    l1 = nonlin(np.dot(X, syn0))
    for _ in range(iterations):
        l0 = X  # forward propagation
        l1 = nonlin(np.dot(l0, syn0))
        l1_error = y - l1  # how much did we miss?
        l1_delta = l1_error * nonlin(l1, True)  # multiply it by the slope of the sigmoid at l1
        syn0 += alpha * np.dot(l0.T, l1_delta)  # update the weights
    return l1


def two_layer(
    X: np.ndarray, y: np.ndarray, syn0: np.ndarray, syn1: np.ndarray, alpha: float, iterations: int
) -> tuple[np.ndarray, list[float]]:
    """Trask part 2: a hidden layer. Returns the last guess ``l2`` and each iteration's MAE."""
    errors = []
    l2 = nonlin(np.dot(nonlin(np.dot(X, syn0)), syn1))
    for _ in range(iterations):
        l0 = X
        l1 = nonlin(np.dot(l0, syn0))
        l2 = nonlin(np.dot(l1, syn1))
        l2_error = y - l2
        errors.append(np.mean(np.abs(l2_error)))  # Trask prints this every 10 000 iterations
        l2_delta = l2_error * nonlin(l2, deriv=True)
        l1_error = l2_delta.dot(syn1.T)  # how much did each l1 value contribute to the l2 error?
        l1_delta = l1_error * nonlin(l1, deriv=True)
        syn1 += alpha * l1.T.dot(l2_delta)
        syn0 += alpha * l0.T.dot(l1_delta)
    return l2, errors


def two_layer_online(
    X: np.ndarray, y: np.ndarray, syn0: np.ndarray, syn1: np.ndarray, alpha: float, epochs: int
) -> list[float]:
    """The same net learning one row at a time: an epoch updates after every row, in order.

    Returns each epoch's MSE, measured with the weights the epoch starts from.
    """
    errors = []
    for _ in range(epochs):
        errors.append(np.mean(np.square(y - nonlin(np.dot(nonlin(np.dot(X, syn0)), syn1)))))
        for r in range(len(X)):
            l0 = X[r : r + 1]
            l1 = nonlin(np.dot(l0, syn0))
            l2 = nonlin(np.dot(l1, syn1))
            l2_delta = (y[r : r + 1] - l2) * nonlin(l2, deriv=True)
            l1_delta = l2_delta.dot(syn1.T) * nonlin(l1, deriv=True)
            syn1 += alpha * l1.T.dot(l2_delta)
            syn0 += alpha * l0.T.dot(l1_delta)
    return errors
