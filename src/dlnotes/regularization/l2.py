r"""L² parameter regularisation (weight decay) seen through the quadratic approximation.

Near a minimum :math:`w^\star` of the unregularised cost, :math:`J` is approximated by
:math:`\hat J(w) = J(w^\star) + \tfrac12 (w - w^\star)^\top H (w - w^\star)`. Adding
:math:`\tfrac\alpha2 w^\top w` moves the minimum to

.. math::

   \tilde w = (H + \alpha I)^{-1} H w^\star
   = Q (\Lambda + \alpha I)^{-1} \Lambda Q^\top w^\star,

so the component of :math:`w^\star` along the eigenvector :math:`q_i` of :math:`H` is
multiplied by :math:`\lambda_i / (\lambda_i + \alpha)`: directions of high curvature keep their
value, flat directions are shrunk towards zero (Goodfellow et al., §7.1.1). For linear
regression the approximation is exact and :math:`\tilde w` is the ridge solution
:func:`dlnotes.ml.fit_ridge` (with :math:`H = X^\top X`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail
from dlnotes.regularization._checks import symmetric_psd, vector_of

__all__ = [
    "L2Shrinkage",
    "l2_shrinkage_factors",
    "l2_regularized_optimum",
    "l2_shrinkage",
    "ridge_path",
]


class L2Shrinkage(NamedTuple):
    r"""Result of :func:`l2_shrinkage`, with the fields

    * ``eigenvalues`` (d,): :math:`\lambda_i` of :math:`H`, ascending;
    * ``eigenvectors`` (d, d): the columns :math:`q_i`;
    * ``factors`` (d,): :math:`\lambda_i / (\lambda_i + \alpha)`;
    * ``w_star_coords`` and ``w_tilde_coords`` (d,): :math:`Q^\top w^\star` and
      :math:`Q^\top \tilde w`;
    * ``w_tilde`` (d,): the regularised optimum.
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    factors: np.ndarray
    w_star_coords: np.ndarray
    w_tilde_coords: np.ndarray
    w_tilde: np.ndarray


def l2_shrinkage_factors(eigenvalues: Any, alpha: float) -> np.ndarray:
    r"""Per-eigendirection shrinkage :math:`\lambda_i / (\lambda_i + \alpha)` of weight decay.

    Parameters
    ----------
    eigenvalues : array_like, shape (d,)
        Eigenvalues :math:`\lambda_i \ge 0` of the Hessian.
    alpha : float
        Weight-decay coefficient :math:`\alpha \ge 0`.

    Returns
    -------
    numpy.ndarray, shape (d,)
        Factors in [0, 1]; 1 when :math:`\alpha = 0` (a zero eigenvalue with :math:`\alpha = 0`
        gives 1, the limit as :math:`\alpha \to 0`).

    Notes
    -----
    Goodfellow et al., §7.1.1, equation (7.13).

    Examples
    --------
    >>> l2_shrinkage_factors([1.0, 9.0], 1.0)
    array([0.5, 0.9])
    """
    lam = np.atleast_1d(as_float_array("l2_shrinkage_factors", eigenvalues, "eigenvalues"))
    a = check_range("l2_shrinkage_factors", "alpha", alpha, 0.0)
    if np.any(lam < 0):
        fail("l2_shrinkage_factors", "eigenvalues >= 0 (a positive semi-definite H)", lam.min())
    if a == 0:
        return np.ones_like(lam)
    return lam / (lam + a)


def l2_shrinkage(H: Any, w_star: Any, alpha: float) -> L2Shrinkage:
    r"""The weight-decay optimum computed in the eigenbasis of the Hessian.

    :math:`\tilde w = Q (\Lambda + \alpha I)^{-1} \Lambda Q^\top w^\star` with
    :math:`H = Q \Lambda Q^\top`.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric positive semi-definite Hessian of the unregularised cost at :math:`w^\star`.
    w_star : array_like, shape (d,)
        Unregularised minimiser.
    alpha : float
        Weight-decay coefficient :math:`\alpha \ge 0` of the penalty
        :math:`\tfrac\alpha2 w^\top w`.

    Returns
    -------
    L2Shrinkage
        Eigenvalues, eigenvectors, factors and the coordinates of both optima.

    Notes
    -----
    Exact for a quadratic cost; for a general cost it describes the optimum of the
    second-order Taylor approximation around :math:`w^\star` (Goodfellow et al., §7.1.1).

    Examples
    --------
    >>> res = l2_shrinkage(np.diag([1.0, 9.0]), np.array([1.0, 1.0]), 1.0)
    >>> res.factors, res.w_tilde
    (array([0.5, 0.9]), array([0.5, 0.9]))
    """
    owner = "l2_shrinkage"
    H = symmetric_psd(owner, H)
    w = vector_of(owner, w_star, H.shape[0], "w_star")
    lam, Q = np.linalg.eigh(H)
    lam = np.clip(lam, 0.0, None)  # round-off can make a zero eigenvalue slightly negative
    factors = l2_shrinkage_factors(lam, alpha)
    coords = Q.T @ w
    shrunk = factors * coords
    return L2Shrinkage(lam, Q, factors, coords, shrunk, Q @ shrunk)


def l2_regularized_optimum(H: Any, w_star: Any, alpha: float) -> np.ndarray:
    r"""Minimiser :math:`\tilde w = (H + \alpha I)^{-1} H w^\star` of the penalised quadratic.

    Solves the linear system directly (no eigendecomposition); :func:`l2_shrinkage` gives the
    same point through the eigenbasis.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric positive semi-definite Hessian.
    w_star : array_like, shape (d,)
        Unregularised minimiser.
    alpha : float
        :math:`\alpha > 0`, or 0 when ``H`` is invertible.

    Returns
    -------
    numpy.ndarray, shape (d,)

    Notes
    -----
    Goodfellow et al., §7.1.1, equation (7.10).

    Examples
    --------
    >>> l2_regularized_optimum(np.diag([1.0, 9.0]), np.array([1.0, 1.0]), 1.0)
    array([0.5, 0.9])
    """
    owner = "l2_regularized_optimum"
    H = symmetric_psd(owner, H)
    w = vector_of(owner, w_star, H.shape[0], "w_star")
    a = check_range(owner, "alpha", alpha, 0.0)
    return np.linalg.solve(H + a * np.eye(len(w)), H @ w)


def ridge_path(H: Any, w_star: Any, alphas: Any) -> np.ndarray:
    r"""The regularised optimum :math:`\tilde w(\alpha)` for each :math:`\alpha` in ``alphas``.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric positive semi-definite Hessian.
    w_star : array_like, shape (d,)
        Unregularised minimiser.
    alphas : array_like, shape (m,)
        Non-negative coefficients.

    Returns
    -------
    numpy.ndarray, shape (m, d)
        Row ``j`` is :math:`\tilde w(\alpha_j)`.

    Notes
    -----
    Goodfellow et al., §7.1.1 (the path from :math:`w^\star` at :math:`\alpha = 0` to the origin
    as :math:`\alpha \to \infty`).

    Examples
    --------
    >>> ridge_path(np.diag([1.0, 9.0]), [1.0, 1.0], [0.0, 1.0]).round(2)
    array([[1. , 1. ],
           [0.5, 0.9]])
    """
    a = np.atleast_1d(np.asarray(alphas, dtype=np.float64))
    return np.stack([l2_shrinkage(H, w_star, float(x)).w_tilde for x in a])
