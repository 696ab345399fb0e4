"""How a gradient becomes a step: the update of every optimiser a spec names, and its state.

An optimiser's state is one flat list of arrays, each shaped like a parameter: for
each of its *slots* (``SLOTS``), one array per parameter in ``Network.params``
order (weights, then biases). Gradient descent, momentum and Nesterov keep one
slot, the velocity (gradient descent leaves it at zero); RMSprop and Adagrad keep
their running squares; Adam its first and second moments, so its list is twice as
long. Everything that copies, saves or sends the Learner's ``velocity`` therefore
carries any optimiser's state whole. Adam's step count is not state: it is the
number of updates made so far, which the caller knows from the iteration
(``Network.iterate``), so it is exact after a save, a load or a timeline replay.

With ``g`` the batch's gradient (the L1/L2 terms included), ``a`` the rate:

- gd: ``p -= a g``
- momentum: ``v = mu v - a g; p += v``; Nesterov the same with g taken at ``p + mu v``
- rmsprop: ``s = rho s + (1 - rho) g^2; p -= a g / (sqrt(s) + eps)``
- adagrad: ``s += g^2; p -= a g / (sqrt(s) + eps)``
- adam (step t = 1, 2, ...): ``m = b1 m + (1 - b1) g; s = b2 s + (1 - b2) g^2;
  p -= a (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)``

eps is added outside the square root in all three. This module imports numpy
only; an exported script carries its source beside the network's.
"""

from __future__ import annotations

import numpy as np

from tui_nn.core.spec import NetSpec

SLOTS = {
    "gd": ("velocity",),
    "momentum": ("velocity",),
    "nesterov": ("velocity",),
    "rmsprop": ("mean square",),
    "adagrad": ("sum of squares",),
    "adam": ("first moment", "second moment"),
}


def initial_state(spec: NetSpec, params: list[np.ndarray]) -> list[np.ndarray]:
    """The optimiser's state before the first update: zeros, slot by slot, one array per parameter."""
    return [np.zeros_like(p) for _ in SLOTS[spec.optimizer] for p in params]


def state_names(spec: NetSpec, names: list[str] | tuple[str, ...]) -> list[str]:
    """What each array of the state is, in its order ("velocity of W1", "second moment of b2")."""
    return [f"{slot} of {name}" for slot in SLOTS[spec.optimizer] for name in names]


def update(
    spec: NetSpec,
    params: list[np.ndarray],
    state: list[np.ndarray],
    grads: list[np.ndarray],
    rate: float,
    t: int,
    total: list[np.ndarray],
) -> None:
    """One update of ``params`` in place from ``grads``; ``t`` counts the updates, this one included.

    ``total`` gathers each parameter's direction: ``-g`` for gradient descent (unscaled, as
    the tutorials' update matrices are), the step itself for every other optimiser.
    """
    kind = spec.optimizer
    if len(state) != len(SLOTS[kind]) * len(params):
        raise ValueError(f"{kind} keeps {len(SLOTS[kind])} state array(s) per parameter")
    n = len(params)
    for i, (p, g, d) in enumerate(zip(params, grads, total, strict=True)):
        if kind == "gd":
            p -= rate * g
            d -= g
            continue
        s = state[i]
        if kind in ("momentum", "nesterov"):
            s *= spec.momentum
            s -= rate * g
            step = s
        elif kind == "rmsprop":
            s *= spec.rho
            s += (1 - spec.rho) * (g * g)
            step = -(rate * g / (np.sqrt(s) + spec.eps))
        elif kind == "adagrad":
            s += g * g
            step = -(rate * g / (np.sqrt(s) + spec.eps))
        else:  # adam: s is the first moment here, the second one sits n arrays on
            m, v = s, state[n + i]
            m *= spec.beta1
            m += (1 - spec.beta1) * g
            v *= spec.beta2
            v += (1 - spec.beta2) * (g * g)
            m_hat = m / (1 - spec.beta1**t)
            v_hat = v / (1 - spec.beta2**t)
            step = -(rate * m_hat / (np.sqrt(v_hat) + spec.eps))
        p += step
        d += step
