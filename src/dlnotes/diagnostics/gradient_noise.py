r"""How noisy a minibatch gradient is, as a function of the minibatch size.

The minibatch gradient :math:`\hat g = \frac1m\sum_{i\in\mathbb B}\nabla_\theta L_i` is an
average of :math:`m` per-example gradients. Drawn independently (with replacement) from the
training set, its covariance is :math:`\Sigma/m`, where :math:`\Sigma` is the covariance of one
example's gradient, so its root-mean-square error is

.. math:: \sqrt{\mathbb E\,\|\hat g - g\|^2} = \sqrt{\operatorname{tr}\Sigma/m},

falling only as :math:`1/\sqrt m`: a hundred times more examples buy a ten times smaller error.

Goodfellow et al., §8.1.3.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail

__all__ = ["GradientNoise", "loglog_slope", "minibatch_gradient_noise", "per_example_gradients"]


def per_example_gradients(model: Any, loss_fn: Any, X: Any, y: Any) -> np.ndarray:
    r"""The gradient of the loss of every example, flattened over all parameters.

    Runs a forward and backward pass per example (simple, and valid for any model without
    cross-example coupling such as batch norm in training mode).

    Parameters
    ----------
    model : dlnotes.nn.Module
    loss_fn : loss module with ``reduction="mean"``
    X : array_like, shape (N, ...)
    y : array_like, shape (N, ...)

    Returns
    -------
    numpy.ndarray, shape (N, P)
        Row ``i`` is :math:`\nabla_\theta L(f(x_i), y_i)`, ``P`` the number of parameters in
        the order of ``model.parameters()``.

    Examples
    --------
    >>> from dlnotes.nn import Linear, MSELoss
    >>> model = Linear(2, 1, rng=np.random.default_rng(0))
    >>> G = per_example_gradients(model, MSELoss(), np.ones((3, 2)), np.zeros((3, 1)))
    >>> G.shape
    (3, 3)
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or len(X) != len(y) or len(X) == 0:
        fail(
            "per_example_gradients",
            "X and y with the same number N >= 1 of samples",
            (X.shape, y.shape),
        )
    params = list(model.parameters())
    rows = []
    for i in range(len(X)):
        model.zero_grad()
        loss_fn(model(X[i : i + 1]), y[i : i + 1])
        model.backward(loss_fn.backward())
        rows.append(np.concatenate([p.grad.ravel() for p in params]))
    model.zero_grad()
    return np.stack(rows)


class GradientNoise(NamedTuple):
    """Measured and predicted RMS error of minibatch gradients, one entry per batch size.

    Fields:

    batch_sizes : numpy.ndarray of int
        The minibatch sizes :math:`m`.
    rms_error : numpy.ndarray
        :math:`\\sqrt{\\text{mean}\\,\\|\\hat g - g\\|^2}` over the drawn minibatches.
    predicted : numpy.ndarray
        :math:`\\sqrt{\\operatorname{tr}\\Sigma/m}`.
    """

    batch_sizes: np.ndarray
    rms_error: np.ndarray
    predicted: np.ndarray


def minibatch_gradient_noise(
    per_example: Any,
    batch_sizes: Any,
    *,
    num_draws: int = 200,
    rng: np.random.Generator | None = None,
) -> GradientNoise:
    r"""Draw ``num_draws`` minibatches of each size; measure how far their gradient strays.

    Minibatches are drawn with replacement, the i.i.d. setting in which the error is exactly
    :math:`\sqrt{\operatorname{tr}\Sigma/m}` in expectation (without replacement it is smaller
    by the factor :math:`\sqrt{(N-m)/(N-1)}`).

    Parameters
    ----------
    per_example : array_like, shape (N, P)
        Per-example gradients (:func:`per_example_gradients`).
    batch_sizes : sequence of int
    num_draws : int, default 200
    rng : numpy.random.Generator, optional

    Returns
    -------
    GradientNoise

    Shape
    -----
    ``per_example``: (N, P).

    Notes
    -----
    Goodfellow et al., §8.1.3.

    Examples
    --------
    >>> G = np.random.default_rng(0).standard_normal((500, 3))
    >>> noise = minibatch_gradient_noise(G, [1, 100], rng=np.random.default_rng(1))
    >>> bool(np.allclose(noise.rms_error, noise.predicted, rtol=0.15))
    True
    """
    owner = "minibatch_gradient_noise"
    G = as_float_array(owner, per_example, "per_example")
    if G.ndim != 2 or len(G) < 2:
        fail(owner, "per-example gradients of shape (N, P) with N >= 2", G.shape)
    sizes = np.array([check_positive_int(owner, "batch size", m) for m in batch_sizes])
    num_draws = check_positive_int(owner, "num_draws", num_draws)
    gen = as_generator(owner, rng)
    full = G.mean(axis=0)
    trace = float(((G - full) ** 2).sum(axis=1).mean())  # tr(Sigma), population covariance
    rms = []
    for m in sizes:
        # One draw at a time: a (num_draws, m, P) gather would not fit in memory for big m.
        squared = [
            float(np.sum((G[gen.integers(0, len(G), size=m)].mean(axis=0) - full) ** 2))
            for _ in range(num_draws)
        ]
        rms.append(np.sqrt(np.mean(squared)))
    return GradientNoise(sizes, np.array(rms), np.sqrt(trace / sizes))


def loglog_slope(x: Any, y: Any) -> float:
    r"""Least-squares slope of :math:`\log y` against :math:`\log x` (the exponent of a power law).

    Examples
    --------
    >>> round(loglog_slope([1, 4, 16], [1.0, 0.5, 0.25]), 6)
    -0.5
    """
    lx, ly = (
        np.log(as_float_array("loglog_slope", x, "x")),
        np.log(as_float_array("loglog_slope", y, "y")),
    )
    if lx.shape != ly.shape or lx.ndim != 1 or lx.size < 2:
        fail("loglog_slope", "x and y of the same shape (k,), k >= 2", (lx.shape, ly.shape))
    return float(np.polyfit(lx, ly, 1)[0])
