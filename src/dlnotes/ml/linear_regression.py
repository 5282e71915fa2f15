r"""Linear regression by least squares and with weight decay (Goodfellow et al., §5.1.4, §5.2.2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = ["mean_squared_error", "fit_least_squares", "fit_ridge"]


def _design(owner: str, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(owner, X, "X")
    y = as_float_array(owner, y, "y")
    if X.ndim != 2 or y.shape != (X.shape[0],):
        fail(owner, "X of shape (N, p) and y of shape (N,)", f"{X.shape} and {y.shape}")
    return X, y


def mean_squared_error(y_hat: Any, y: Any) -> float:
    r""":math:`\mathrm{MSE}=\frac1m\sum_i(\hat y_i-y_i)^2`.

    Parameters
    ----------
    y_hat, y : array_like
        Predictions and targets of the same shape.

    Returns
    -------
    float

    Shape
    -----
    ``y_hat``, ``y``: same shape → float.

    References
    ----------
    Goodfellow et al., §5.1.4.

    Examples
    --------
    >>> mean_squared_error(np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    2.0
    """
    y_hat = as_float_array("mean_squared_error", y_hat, "y_hat")
    y = as_float_array("mean_squared_error", y, "y")
    if y_hat.shape != y.shape:
        fail("mean_squared_error", "y_hat and y of the same shape", f"{y_hat.shape} and {y.shape}")
    return float(np.mean((y_hat - y) ** 2))


def fit_least_squares(X: Any, y: Any) -> np.ndarray:
    r"""Weights minimising :math:`\|Xw-y\|^2`: the normal equations :math:`X^\top Xw=X^\top y`.

    Solved with an SVD-based least-squares routine (the minimum-norm solution when
    :math:`X^\top X` is singular). This is also the maximum-likelihood estimate under
    Gaussian noise (Goodfellow et al., §5.1.4, §5.5.1).

    Parameters
    ----------
    X : array_like, shape (N, p)
        Design matrix.
    y : array_like, shape (N,)

    Returns
    -------
    numpy.ndarray, shape (p,)

    Shape
    -----
    ``X``: (N, p), ``y``: (N,) → (p,).

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> np.round(fit_least_squares(X, np.array([1.0, 3.0, 5.0])), 10)
    array([1., 2.])
    """
    X, y = _design("fit_least_squares", X, y)
    return np.linalg.lstsq(X, y, rcond=None)[0]


def fit_ridge(X: Any, y: Any, alpha: float) -> np.ndarray:
    r"""Weight-decay (ridge) solution :math:`w=(X^\top X+\alpha I)^{-1}X^\top y`.

    Minimises :math:`\|Xw-y\|^2+\alpha\,w^\top w`. The book's form
    :math:`J(w)=\mathrm{MSE}_{\text{train}}+\lambda w^\top w` is the same with
    :math:`\alpha=m\lambda` for :math:`m` training examples (Goodfellow et al., §5.2.2). It is
    also the MAP estimate under a Gaussian prior on :math:`w` (§5.6.1). Every weight,
    including the one of a constant feature, is penalised.

    Parameters
    ----------
    X : array_like, shape (N, p)
    y : array_like, shape (N,)
    alpha : float
        Penalty :math:`\alpha \ge 0`.

    Returns
    -------
    numpy.ndarray, shape (p,)

    Shape
    -----
    ``X``: (N, p), ``y``: (N,) → (p,).

    Examples
    --------
    >>> fit_ridge(np.eye(2), np.array([2.0, 4.0]), alpha=1.0)
    array([1., 2.])
    """
    X, y = _design("fit_ridge", X, y)
    alpha = check_range("fit_ridge", "alpha", alpha, 0.0)
    p = X.shape[1]
    return np.linalg.solve(X.T @ X + alpha * np.eye(p, dtype=X.dtype), X.T @ y)
