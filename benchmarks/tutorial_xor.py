"""Trask's part 2 (gradient descent) as published, for timing: python tutorial_xor.py N H.

The literal loop the engine is measured against (Python 3 spelling, nothing else
changed): 60000 iterations print six errors.
"""

import sys

import numpy as np

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
hiddenSize = int(sys.argv[2]) if len(sys.argv) > 2 else 4
alpha = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0


def sigmoid(x):
    output = 1 / (1 + np.exp(-x))
    return output


def sigmoid_output_to_derivative(output):
    return output * (1 - output)


X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
y = np.array([[0], [1], [1], [0]])

np.random.seed(1)
synapse_0 = 2 * np.random.random((3, hiddenSize)) - 1
synapse_1 = 2 * np.random.random((hiddenSize, 1)) - 1

for j in range(iterations):
    layer_0 = X
    layer_1 = sigmoid(np.dot(layer_0, synapse_0))
    layer_2 = sigmoid(np.dot(layer_1, synapse_1))
    layer_2_error = layer_2 - y
    if (j % 10000) == 0:
        print("Error after " + str(j) + " iterations:" + str(np.mean(np.abs(layer_2_error))))
    layer_2_delta = layer_2_error * sigmoid_output_to_derivative(layer_2)
    layer_1_error = layer_2_delta.dot(synapse_1.T)
    layer_1_delta = layer_1_error * sigmoid_output_to_derivative(layer_1)
    synapse_1 -= alpha * (layer_1.T.dot(layer_2_delta))
    synapse_0 -= alpha * (layer_0.T.dot(layer_1_delta))
