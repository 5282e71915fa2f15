r"""Activations and back-propagated gradients of every layer of a ``Sequential`` model.

Histograms of these two quantities are the book's window into a network that trains badly:
units that are always zero (dead ReLUs) or always at :math:`\pm 1` (saturated tanh), and
gradients that vanish or explode on the way back.

Goodfellow et al., §11.5 ("monitor histograms of activations and gradient").
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import fail
from dlnotes.nn.module import Sequential

__all__ = ["LayerRecord", "layer_statistics"]


class LayerRecord(NamedTuple):
    """One layer's ``name``, its output ``activation`` and the loss gradient ``gradient``
    with respect to that output (same shape)."""

    name: str
    activation: np.ndarray
    gradient: np.ndarray

    @property
    def zero_fraction(self) -> float:
        """Fraction of exactly zero activations (for ReLU: units inactive on the example)."""
        return float(np.mean(self.activation == 0))


def layer_statistics(model: Sequential, loss_fn: Any, X: Any, y: Any) -> list[LayerRecord]:
    r"""Run one forward and backward pass through ``model``, recording each child's output.

    Parameters
    ----------
    model : dlnotes.nn.Sequential
        The layers are its children, in order.
    loss_fn : loss module
    X, y : array_like
        A minibatch.

    Returns
    -------
    list of LayerRecord
        One per child; ``gradient`` is :math:`\partial L / \partial \boldsymbol h^{(k)}` for the
        child's output :math:`\boldsymbol h^{(k)}`. Parameter gradients accumulate as in any
        backward pass (call ``zero_grad()`` afterwards if they are not wanted).

    Shape
    -----
    - each record: activation and gradient of the child's output shape

    Notes
    -----
    Goodfellow et al., §11.5.

    Examples
    --------
    >>> from dlnotes import nn
    >>> rng = np.random.default_rng(0)
    >>> model = nn.Sequential(nn.Linear(3, 4, rng=rng), nn.ReLU(), nn.Linear(4, 2, rng=rng))
    >>> records = layer_statistics(model, nn.CrossEntropyLoss(), rng.standard_normal((5, 3)),
    ...                            np.array([0, 1, 1, 0, 1]))
    >>> [(r.name, r.activation.shape) for r in records]
    [('0', (5, 4)), ('1', (5, 4)), ('2', (5, 2))]
    """
    if not isinstance(model, Sequential):
        fail("layer_statistics", "a Sequential model", type(model).__name__, TypeError)
    children = list(model.named_children())
    h = np.asarray(X)
    activations = []
    for _, layer in children:
        h = layer(h)
        activations.append(h)
    loss_fn(h, y)
    grad = loss_fn.backward()
    gradients: list[np.ndarray] = [grad]
    # the gradient reaching child k is what child k + 1's backward returns
    for _, layer in reversed(children[1:]):
        grad = layer.backward(grad)
        gradients.append(grad)
    children[0][1].backward(grad)  # completes the parameter gradients of the first layer
    gradients.reverse()
    return [
        LayerRecord(name, np.asarray(a), np.asarray(g))
        for (name, _), a, g in zip(children, activations, gradients, strict=True)
    ]
