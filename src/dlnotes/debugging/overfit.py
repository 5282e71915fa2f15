"""Overfit one minibatch: the first test of a training pipeline.

A network with enough capacity must drive the training loss on a handful of examples to
nearly zero. If it cannot, the fault is in the code (a wrong gradient, a loss applied to the
wrong targets, an optimizer that never steps), not in the amount of data or regularisation.

Goodfellow et al., §11.5 ("fit a tiny dataset").
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_positive_int, fail

__all__ = ["OverfitRun", "overfit_minibatch"]


class OverfitRun(NamedTuple):
    """``losses`` (one per step, before the step) and the final ``loss`` and ``accuracy``."""

    losses: np.ndarray
    loss: float
    accuracy: float


def overfit_minibatch(
    model: Any, loss_fn: Any, optimizer: Any, X: Any, y: Any, *, num_steps: int = 200
) -> OverfitRun:
    """Take ``num_steps`` optimizer steps on the same minibatch ``(X, y)``.

    Parameters
    ----------
    model : dlnotes.nn.Module
        Maps ``X`` to logits ``(N, C)``; trained in place (in training mode).
    loss_fn : loss module
        ``loss_fn(output, y)`` then ``loss_fn.backward()``.
    optimizer : optimizer
        Built on ``model.parameters()``.
    X : array_like, shape (N, ...)
    y : array_like of int, shape (N,)
    num_steps : int, default 200

    Returns
    -------
    OverfitRun
        The loss before every step, and the loss and accuracy after the last one (measured in
        evaluation mode).

    Shape
    -----
    - X: ``(N, ...)``, y: ``(N,)``; ``losses``: ``(num_steps,)``

    Notes
    -----
    Goodfellow et al., §11.5.

    Examples
    --------
    >>> from dlnotes import nn
    >>> from dlnotes.optim import Adam
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.standard_normal((8, 4)), np.arange(8) % 2
    >>> model = nn.Sequential(nn.Linear(4, 16, rng=rng), nn.ReLU(), nn.Linear(16, 2, rng=rng))
    >>> run = overfit_minibatch(model, nn.CrossEntropyLoss(), Adam(model.parameters(), lr=0.05),
    ...                         X, y, num_steps=100)
    >>> run.accuracy
    1.0
    """
    num_steps = check_positive_int("overfit_minibatch", "num_steps", num_steps)
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim != 1 or len(X) != len(y):
        fail("overfit_minibatch", "X (N, ...) and y (N,)", f"{X.shape} and {y.shape}")
    model.train()
    losses = np.empty(num_steps)
    for step in range(num_steps):
        optimizer.zero_grad()
        losses[step] = float(loss_fn(model(X), y))
        model.backward(loss_fn.backward())
        optimizer.step()
    model.eval()
    try:
        out = np.asarray(model(X))
        loss = float(loss_fn(out, y))
    finally:
        model.train()
    return OverfitRun(losses, loss, float(np.mean(np.argmax(out, axis=1) == y)))
