r"""Gradient check of a whole model and loss: back-propagation against central differences.

For every parameter :math:`\boldsymbol\theta` the analytic gradient of
:math:`L(\boldsymbol\theta) = \text{loss}(f(\boldsymbol X; \boldsymbol\theta), \boldsymbol y)`
from ``model.backward`` is compared with

.. math:: \frac{L(\theta_i + \epsilon) - L(\theta_i - \epsilon)}{2\epsilon},

whose error is :math:`O(\epsilon^2)`. In float64 with :math:`\epsilon = 10^{-6}` a correct
backward pass agrees to a relative error of about :math:`10^{-7}` or better; a bug shows up as
an error of order 1. (Kinks such as ReLU at 0 can spoil single entries when an input lies
within :math:`\epsilon` of the kink; with random data this is rare.) Module-level checks with
a random upstream gradient are :func:`dlnotes.gradcheck.check_module`; this one checks the
model and its loss together, as the book recommends for debugging a pipeline.

Goodfellow et al., §11.5 ("compare back-propagated derivatives to numerical derivatives").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.gradcheck import numerical_gradient_in_place, relative_error

__all__ = ["gradient_check"]


def gradient_check(
    model: Any,
    loss_fn: Any,
    X: Any,
    y: Any,
    *,
    eps: float = 1e-6,
    max_entries: int | None = None,
    rng: np.random.Generator | None = None,
) -> dict[str, float]:
    """Relative error between back-propagated and numerical gradients, per parameter.

    The model is evaluated in its current mode; put it in ``eval()`` first if it has dropout
    (random masks make the loss a different function at each call).

    Parameters
    ----------
    model : dlnotes.nn.Module
        In float64, so that rounding does not swamp the differences.
    loss_fn : loss module
    X, y : array_like
        A small batch.
    eps : float, default 1e-6
        Finite-difference step.
    max_entries : int, optional
        Check at most this many randomly chosen entries of each parameter (all when ``None``).
    rng : numpy.random.Generator, optional
        Chooses the entries when ``max_entries`` is set.

    Returns
    -------
    dict of str to float
        :func:`dlnotes.gradcheck.relative_error` of each parameter, by ``named_parameters``
        name. The parameters' ``.grad`` are left zero.

    Shape
    -----
    - X: ``(N, ...)``; y as ``loss_fn`` expects

    Notes
    -----
    Goodfellow et al., §11.5.

    Examples
    --------
    >>> from dlnotes import nn
    >>> rng = np.random.default_rng(0)
    >>> model = nn.Sequential(nn.Linear(3, 4, rng=rng), nn.Tanh(), nn.Linear(4, 2, rng=rng))
    >>> errors = gradient_check(model, nn.CrossEntropyLoss(), rng.standard_normal((5, 3)),
    ...                         np.array([0, 1, 1, 0, 1]))
    >>> max(errors.values()) < 1e-6
    True
    """
    if max_entries is not None:
        max_entries = check_positive_int("gradient_check", "max_entries", max_entries)
    gen = as_generator("gradient_check", rng)
    X, y = np.asarray(X), np.asarray(y)
    named = list(model.named_parameters())
    if not named:
        fail("gradient_check", "a model with parameters", type(model).__name__, TypeError)
    for name, p in named:
        if p.data.dtype != np.float64:
            fail("gradient_check", f"float64 parameters ({name})", p.data.dtype, TypeError)
    model.zero_grad()
    loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    errors = {}
    for name, p in named:
        analytic = p.grad.copy()

        def loss_value() -> float:
            return float(loss_fn(model(X), y))

        if max_entries is None or max_entries >= p.data.size:
            numeric = numerical_gradient_in_place(loss_value, p.data, eps)
            errors[name] = relative_error(analytic, numeric)
            continue
        flat = p.data.reshape(-1)  # a view: perturbing it perturbs the parameter
        picks = gen.choice(p.data.size, size=max_entries, replace=False)
        numeric_picks = np.empty(max_entries)
        for k, i in enumerate(picks):
            numeric_picks[k] = numerical_gradient_in_place(loss_value, flat[i : i + 1], eps)[0]
        errors[name] = relative_error(analytic.reshape(-1)[picks], numeric_picks)
    model.zero_grad()
    return errors
