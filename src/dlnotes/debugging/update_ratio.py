r"""The size of one optimizer step relative to the parameters, layer by layer.

For each parameter :math:`\boldsymbol\theta` the ratio
:math:`\lVert \Delta\boldsymbol\theta \rVert / \lVert \boldsymbol\theta \rVert` of one step
says whether learning is too slow (far below :math:`10^{-3}`) or unstable (a sizeable fraction
of 1). Bottou (2015), quoted in the book, suggests about 1 % per minibatch as a healthy size.
The measure is a heuristic, not a theorem: a layer initialised at zero has an undefined ratio
(reported as infinity) and a good ratio depends on the architecture.

Goodfellow et al., §11.5.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["update_ratios"]


def update_ratios(model: Any, loss_fn: Any, optimizer: Any, X: Any, y: Any) -> dict[str, float]:
    r"""Take one optimizer step on ``(X, y)``; return each parameter's relative change.

    The relative change is
    :math:`\lVert\Delta\boldsymbol\theta\rVert / \lVert\boldsymbol\theta\rVert`.

    Parameters
    ----------
    model : dlnotes.nn.Module
    loss_fn : loss module
    optimizer : optimizer
        Built on ``model.parameters()``; it really steps (the model changes).
    X, y : array_like
        The minibatch.

    Returns
    -------
    dict of str to float
        Ratio per parameter, by ``named_parameters`` name (``inf`` for an all-zero parameter
        that moved, 0 for one that did not).

    Shape
    -----
    - X: ``(N, ...)``; y as ``loss_fn`` expects

    Notes
    -----
    Goodfellow et al., §11.5.

    Examples
    --------
    >>> from dlnotes import nn
    >>> from dlnotes.optim import SGD
    >>> rng = np.random.default_rng(0)
    >>> model = nn.Linear(3, 2, rng=rng)
    >>> ratios = update_ratios(model, nn.CrossEntropyLoss(), SGD(model.parameters(), lr=0.1),
    ...                        rng.standard_normal((4, 3)), np.array([0, 1, 1, 0]))
    >>> sorted(ratios)
    ['bias', 'weight']
    """
    named = list(model.named_parameters())
    before = {name: p.data.copy() for name, p in named}
    optimizer.zero_grad()
    loss_fn(model(np.asarray(X)), np.asarray(y))
    model.backward(loss_fn.backward())
    optimizer.step()
    ratios = {}
    for name, p in named:
        step = float(np.linalg.norm(p.data - before[name]))
        size = float(np.linalg.norm(before[name]))
        ratios[name] = step / size if size > 0 else (np.inf if step > 0 else 0.0)
    return ratios
