r"""Early stopping as L² regularisation on a quadratic cost.

Gradient descent with step :math:`\epsilon` from :math:`w^{(0)} = 0` on
:math:`\hat J(w) = \tfrac12 (w - w^\star)^\top H (w - w^\star)`, :math:`H = Q\Lambda Q^\top`,
gives after :math:`\tau` steps

.. math:: Q^\top w^{(\tau)} = \big[I - (I - \epsilon\Lambda)^\tau\big] Q^\top w^\star,

while weight decay gives :math:`Q^\top \tilde w = [I - (\Lambda + \alpha I)^{-1}\alpha]
Q^\top w^\star`. The two coincide exactly when
:math:`(1 - \epsilon\lambda_i)^\tau = \alpha / (\lambda_i + \alpha)` for every :math:`i`, and
when :math:`\epsilon\lambda_i \ll 1` and :math:`\lambda_i \ll \alpha` both sides are
:math:`\approx 1 - \tau\epsilon\lambda_i \approx 1 - \lambda_i/\alpha`, so
:math:`\alpha \approx 1/(\tau\epsilon)`: the number of steps plays the role of an inverse
weight-decay coefficient (Goodfellow et al., §7.8).

The *training-loop* form of early stopping (Algorithm 7.1: patience, return the best
parameters) is :func:`dlnotes.training.fit` with ``patience=``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_nonnegative_int,
    check_range,
    fail,
)
from dlnotes.numerics.gradient_descent import gradient_descent
from dlnotes.regularization._checks import symmetric_psd, vector_of

__all__ = [
    "gradient_descent_iterates",
    "gradient_descent_factors",
    "early_stopping_alpha",
    "equivalent_alphas",
]


def gradient_descent_iterates(
    H: Any, w_star: Any, *, lr: float, num_steps: int, w0: Any = None
) -> np.ndarray:
    r"""Iterates of gradient descent on :math:`\tfrac12 (w - w^\star)^\top H (w - w^\star)`.

    The steps are :func:`dlnotes.numerics.gradient_descent` with gradient
    :math:`H(w - w^\star)`.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric positive semi-definite.
    w_star : array_like, shape (d,)
    lr : float
        Step size :math:`\epsilon > 0` (the iteration contracts for
        :math:`\epsilon < 2/\lambda_{\max}`).
    num_steps : int
        :math:`\tau_{\max}`.
    w0 : array_like, shape (d,), optional
        Start; zeros (the book's assumption) by default.

    Returns
    -------
    numpy.ndarray, shape (num_steps + 1, d)
        Row :math:`\tau` is :math:`w^{(\tau)}`.

    Notes
    -----
    Goodfellow et al., §7.8, equations (7.35)-(7.40).

    Examples
    --------
    >>> gradient_descent_iterates(np.diag([1.0, 0.1]), [1.0, 1.0], lr=0.5, num_steps=2)
    array([[0.    , 0.    ],
           [0.5   , 0.05  ],
           [0.75  , 0.0975]])
    """
    owner = "gradient_descent_iterates"
    H = symmetric_psd(owner, H)
    target = vector_of(owner, w_star, H.shape[0], "w_star")
    steps = check_nonnegative_int(owner, "num_steps", num_steps)
    eta = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    start = np.zeros_like(target) if w0 is None else vector_of(owner, w0, len(target), "w0")
    return gradient_descent(lambda w: H @ (w - target), start, eta, steps)


def gradient_descent_factors(eigenvalues: Any, lr: float, num_steps: Any) -> np.ndarray:
    r"""Fraction :math:`1 - (1 - \epsilon\lambda_i)^\tau` of :math:`w^\star` per eigenvector.

    Parameters
    ----------
    eigenvalues : array_like, shape (d,)
        :math:`\lambda_i \ge 0`.
    lr : float
        :math:`\epsilon > 0`.
    num_steps : int or array_like of int, shape (m,)
        :math:`\tau`.

    Returns
    -------
    numpy.ndarray, shape (d,) or (m, d)
        Compare with :func:`~dlnotes.regularization.l2_shrinkage_factors`.

    Notes
    -----
    Goodfellow et al., §7.8, equation (7.40).

    Examples
    --------
    >>> gradient_descent_factors([1.0, 0.1], 0.5, 2)
    array([0.75  , 0.0975])
    """
    owner = "gradient_descent_factors"
    lam = np.atleast_1d(as_float_array(owner, eigenvalues, "eigenvalues"))
    eta = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    tau = np.asarray(num_steps)
    if tau.dtype.kind not in "iu" or np.any(tau < 0):
        fail(owner, "num_steps as non-negative integers", repr(num_steps))
    if tau.ndim > 1:
        fail(owner, "num_steps as an int or a 1-D array", tau.shape)
    return 1.0 - (1.0 - eta * lam) ** (tau if tau.ndim == 0 else tau[:, None])


def early_stopping_alpha(lr: float, num_steps: int) -> float:
    r"""The weight decay :math:`1/(\tau\epsilon)` that :math:`\tau` early-stopped steps mimic.

    Valid for the eigen-directions with :math:`\epsilon\lambda_i \ll 1` and
    :math:`\lambda_i \ll \alpha` (equivalently :math:`\tau\epsilon\lambda_i \ll 1`); see
    :func:`equivalent_alphas` for the exact per-direction value.

    Parameters
    ----------
    lr : float
        :math:`\epsilon > 0`.
    num_steps : int
        :math:`\tau \ge 1`.

    Returns
    -------
    float

    Notes
    -----
    Goodfellow et al., §7.8, equation (7.44).

    Examples
    --------
    >>> early_stopping_alpha(0.01, 50)
    2.0
    """
    eta = check_range("early_stopping_alpha", "lr", lr, 0.0, low_inclusive=False)
    tau = check_nonnegative_int("early_stopping_alpha", "num_steps", num_steps)
    if tau == 0:
        fail("early_stopping_alpha", "num_steps >= 1", 0)
    return 1.0 / (tau * eta)


def equivalent_alphas(eigenvalues: Any, lr: float, num_steps: int) -> np.ndarray:
    r"""Per-direction weight decay matching :math:`\tau` steps exactly.

    Solving :math:`(1 - \epsilon\lambda_i)^\tau = \alpha_i / (\lambda_i + \alpha_i)` gives
    :math:`\alpha_i = \lambda_i q_i / (1 - q_i)` with :math:`q_i = (1 - \epsilon\lambda_i)^\tau`.
    A single :math:`\alpha` reproduces early stopping only if all :math:`\alpha_i` agree; they
    approach :math:`1/(\tau\epsilon)` as :math:`\tau\epsilon\lambda_i \to 0`.

    Parameters
    ----------
    eigenvalues : array_like, shape (d,)
        :math:`0 < \lambda_i < 1/\epsilon` (so that :math:`0 < q_i < 1`).
    lr : float
        :math:`\epsilon > 0`.
    num_steps : int
        :math:`\tau \ge 1`.

    Returns
    -------
    numpy.ndarray, shape (d,)

    Notes
    -----
    Goodfellow et al., §7.8, equations (7.41)-(7.45).

    Examples
    --------
    >>> equivalent_alphas([1e-4, 1.0], 0.01, 100).round(3)
    array([1.   , 0.577])
    """
    owner = "equivalent_alphas"
    lam = np.atleast_1d(as_float_array(owner, eigenvalues, "eigenvalues"))
    eta = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    tau = check_nonnegative_int(owner, "num_steps", num_steps)
    if tau == 0:
        fail(owner, "num_steps >= 1", 0)
    if np.any(lam <= 0) or np.any(eta * lam >= 1):
        fail(owner, f"eigenvalues in (0, 1/lr) = (0, {1 / eta:g})", lam)
    q = (1.0 - eta * lam) ** tau
    return lam * q / (1.0 - q)
