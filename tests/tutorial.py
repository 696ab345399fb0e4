"""The tutorial scripts, written out literally: the oracle the engine must equal.

These loops use the global legacy ``np.random.seed`` / ``np.random.random`` exactly
as the originals do (the engine uses a local RandomState instead), integer input
arrays as the originals declare them, and the originals' operation order.
"""

import numpy as np


def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def trask_1layer(iterations, alpha=1.0, seed=1):
    """Trask part 1 (the 11 lines), with the learning rate written in."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0, 0, 1, 1]]).T
    np.random.seed(seed)
    syn0 = 2 * np.random.random((3, 1)) - 1
    for _ in range(iterations):
        l0 = X
        l1 = nonlin(np.dot(l0, syn0))
        l1_error = y - l1
        l1_delta = l1_error * nonlin(l1, True)
        syn0 += alpha * np.dot(l0.T, l1_delta)
    return [syn0], l1


def trask_xor(iterations, alpha=1.0, hidden=4, seed=1, every=10000):
    """Trask part 2 (gradient descent), with its direction counts."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0, 1, 1, 0]]).T
    np.random.seed(seed)
    synapse_0 = 2 * np.random.random((3, hidden)) - 1
    synapse_1 = 2 * np.random.random((hidden, 1)) - 1
    prev_synapse_0_weight_update = np.zeros_like(synapse_0)
    prev_synapse_1_weight_update = np.zeros_like(synapse_1)
    synapse_0_direction_count = np.zeros_like(synapse_0)
    synapse_1_direction_count = np.zeros_like(synapse_1)
    printed = []
    with np.errstate(over="ignore"):
        for j in range(iterations):
            layer_0 = X
            layer_1 = nonlin(np.dot(layer_0, synapse_0))
            layer_2 = nonlin(np.dot(layer_1, synapse_1))
            layer_2_error = layer_2 - y
            if (j % every) == 0:
                printed.append((j, np.mean(np.abs(layer_2_error))))
            layer_2_delta = layer_2_error * nonlin(layer_2, True)
            layer_1_error = layer_2_delta.dot(synapse_1.T)
            layer_1_delta = layer_1_error * nonlin(layer_1, True)
            synapse_1_weight_update = layer_1.T.dot(layer_2_delta)
            synapse_0_weight_update = layer_0.T.dot(layer_1_delta)
            if j > 0:
                synapse_0_direction_count += np.abs(
                    ((synapse_0_weight_update > 0) + 0) - ((prev_synapse_0_weight_update > 0) + 0)
                )
                synapse_1_direction_count += np.abs(
                    ((synapse_1_weight_update > 0) + 0) - ((prev_synapse_1_weight_update > 0) + 0)
                )
            synapse_1 -= alpha * synapse_1_weight_update
            synapse_0 -= alpha * synapse_0_weight_update
            prev_synapse_0_weight_update = synapse_0_weight_update
            prev_synapse_1_weight_update = synapse_1_weight_update
    return {
        "weights": [synapse_0, synapse_1],
        "outputs": layer_2,
        "printed": printed,
        "direction_changes": [synapse_0_direction_count, synapse_1_direction_count],
    }


def neuron(iterations, alpha=1.0, seed=1):
    """The single neuron: rows reordered, then asked about [1, 0, 0]."""
    training_set_inputs = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    training_set_outputs = np.array([[0, 1, 1, 0]]).T
    np.random.seed(seed)
    synaptic_weights = 2 * np.random.random((3, 1)) - 1
    for _ in range(iterations):
        output = 1 / (1 + np.exp(-(np.dot(training_set_inputs, synaptic_weights))))
        synaptic_weights += alpha * np.dot(
            training_set_inputs.T, (training_set_outputs - output) * (output * (1 - output))
        )
    answer = 1 / (1 + np.exp(-(np.dot(np.array([1, 0, 0]), synaptic_weights))))
    return [synaptic_weights], output, answer


def xor_online(epochs, alpha=0.1, hidden=4, seed=1):
    """3->H->1 trained one row at a time; MSE of a full pass before each epoch."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0, 1, 1, 0]]).T
    np.random.seed(seed)
    W1 = np.random.normal(0.0, hidden**-0.5, (3, hidden))
    W2 = np.random.normal(0.0, 1**-0.5, (hidden, 1))
    errors = []
    for _ in range(epochs):
        out = nonlin(np.dot(nonlin(np.dot(X, W1)), W2))
        errors.append(np.mean(np.square(y - out)))
        for r in range(len(X)):
            row = X[r : r + 1]
            l1 = nonlin(np.dot(row, W1))
            l2 = nonlin(np.dot(l1, W2))
            d2 = (y[r : r + 1] - l2) * (l2 * (1 - l2))
            d1 = d2.dot(W2.T) * (l1 * (1 - l1))
            W2 += alpha * l1.T.dot(d2)
            W1 += alpha * row.T.dot(d1)
    return [W1, W2], errors


def digits(iterations, alpha=1.0, hidden=20, seed=1):
    """20->H->1 on four 5x4 bitmaps, targets digit/3, MSE."""
    X = np.array(
        [
            [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0],
            [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0],
            [0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1],
            [1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1],
        ]
    )
    y = np.array([[0, 1, 2, 3]]).T / 3
    np.random.seed(seed)
    W1 = np.random.randn(20, hidden)
    W2 = np.random.randn(hidden, 1)
    errors = []
    for _ in range(iterations):
        h = nonlin(np.dot(X, W1))
        o = nonlin(np.dot(h, W2))
        o_err = y - o
        errors.append(np.mean(np.square(o_err)))
        od = o_err * nonlin(o, True)
        hd = od.dot(W2.T) * nonlin(h, True)
        W1 += alpha * X.T.dot(hd)
        W2 += alpha * h.T.dot(od)
    return [W1, W2], errors


def two_weights(iterations, alpha=1.0, seed=1):
    """Two inputs, two weights, error o - y with -= (the landscape example)."""
    X = np.array([[0, 1], [0, 1], [1, 0], [1, 0]])
    y = np.array([[0, 0, 1, 1]]).T
    np.random.seed(seed)
    synapse_0 = 2 * np.random.random((2, 1)) - 1
    errors = []
    for _ in range(iterations):
        layer_1 = nonlin(np.dot(X, synapse_0))
        layer_1_error = layer_1 - y
        errors.append(np.mean(np.abs(layer_1_error)))
        layer_1_delta = layer_1_error * nonlin(layer_1, True)
        synapse_0 -= alpha * X.T.dot(layer_1_delta)
    return [synapse_0], errors
