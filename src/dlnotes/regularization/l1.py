r"""L¹ regularisation: soft thresholding, and the lasso path by coordinate descent.

With the penalty :math:`\alpha\|w\|_1` and a quadratic approximation whose Hessian is
*diagonal*, :math:`H = \mathrm{diag}(H_{11}, \ldots, H_{dd})` with :math:`H_{ii} > 0`, the
regularised problem separates into one-dimensional problems solved by soft thresholding,

.. math:: w_i = \operatorname{sign}(w_i^\star)\,\max\!\big(|w_i^\star| - \alpha / H_{ii},\, 0\big),

which sets a weight *exactly* to zero when :math:`|w_i^\star| \le \alpha / H_{ii}`
(Goodfellow et al., §7.1.2). Without the diagonal assumption there is no closed form, but
coordinate descent applies the same thresholding to one coordinate at a time and converges to
the lasso solution, zeros included.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail
from dlnotes.regularization._checks import design, vector_of

__all__ = [
    "LassoPath",
    "soft_threshold",
    "l1_regularized_optimum",
    "lasso_coordinate_descent",
    "lasso_path",
]


class LassoPath(NamedTuple):
    """``alphas, coefs = lasso_path(...)``: the coefficients for every :math:`\\alpha`.

    ``alphas`` has shape ``(m,)`` (decreasing), ``coefs`` has shape ``(m, d)``.
    """

    alphas: np.ndarray
    coefs: np.ndarray


def soft_threshold(z: Any, threshold: float) -> np.ndarray:
    r"""Soft thresholding :math:`S_t(z) = \operatorname{sign}(z)\max(|z| - t, 0)`, elementwise.

    The minimiser of :math:`\tfrac12 (w - z)^2 + t|w|`; entries with :math:`|z| \le t` become
    exactly 0.

    Parameters
    ----------
    z : array_like
        Values to shrink.
    threshold : float
        :math:`t \ge 0`.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``.

    Shape
    -----
    - ``z``: any shape → the same shape and floating dtype

    Notes
    -----
    Goodfellow et al., §7.1.2, equation (7.22). The same map is the proximal step of sparse
    coding (§13.4, :func:`dlnotes.linear_factors.ista`).

    Examples
    --------
    >>> soft_threshold(np.array([-3.0, -0.5, 0.2, 2.0]), 1.0)
    array([-2.,  0.,  0.,  1.])
    """
    z = as_float_array("soft_threshold", z, "z")
    t = check_range("soft_threshold", "threshold", threshold, 0.0)
    # The threshold in z's dtype, so float32 input stays float32.
    return np.sign(z) * np.maximum(np.abs(z) - z.dtype.type(t), 0)


def l1_regularized_optimum(w_star: Any, hessian_diagonal: Any, alpha: float) -> np.ndarray:
    r"""Minimiser of :math:`\tfrac12 (w - w^\star)^\top H (w - w^\star) + \alpha\|w\|_1`.

    The quadratic approximation with a diagonal Hessian (``hessian_diagonal``).

    :math:`w_i = \operatorname{sign}(w^\star_i)\max(|w^\star_i| - \alpha / H_{ii}, 0)`.

    Parameters
    ----------
    w_star : array_like, shape (d,)
        Unregularised minimiser.
    hessian_diagonal : array_like, shape (d,)
        Positive diagonal :math:`H_{ii}` of the (assumed diagonal) Hessian.
    alpha : float
        :math:`\alpha \ge 0`.

    Returns
    -------
    numpy.ndarray, shape (d,)

    Notes
    -----
    Exact only when :math:`H` is diagonal — e.g. linear regression on decorrelated
    (whitened) features; otherwise see :func:`lasso_coordinate_descent`
    (Goodfellow et al., §7.1.2).

    Examples
    --------
    >>> l1_regularized_optimum([2.0, 0.3, -1.0], [1.0, 1.0, 4.0], 0.5)
    array([ 1.5  ,  0.   , -0.875])
    """
    owner = "l1_regularized_optimum"
    w = as_float_array(owner, w_star, "w_star")
    if w.ndim != 1:
        fail(owner, "w_star of shape (d,)", tuple(w.shape))
    h = vector_of(owner, hessian_diagonal, len(w), "hessian_diagonal")
    if np.any(h <= 0):
        fail(owner, "a positive Hessian diagonal", float(h.min()))
    a = check_range(owner, "alpha", alpha, 0.0)
    return np.sign(w) * np.maximum(np.abs(w) - a / h, 0.0)


def lasso_coordinate_descent(
    X: Any,
    y: Any,
    alpha: float,
    *,
    w0: Any = None,
    max_iter: int = 10_000,
    tol: float = 1e-10,
) -> np.ndarray:
    r"""Lasso by cyclic coordinate descent, with scikit-learn's scaling of the objective.

    Minimises

    .. math:: \frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1

    (no intercept), the objective of ``sklearn.linear_model.Lasso``. Each step minimises over
    one coordinate exactly, :math:`w_j \leftarrow S_\alpha(\rho_j) / (\|x_j\|^2 / n)` with
    :math:`\rho_j = x_j^\top (y - Xw + x_j w_j) / n` — soft thresholding with the
    one-dimensional curvature :math:`\|x_j\|^2/n`, the diagonal case of
    :func:`l1_regularized_optimum` applied coordinate by coordinate.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    alpha : float
        :math:`\alpha \ge 0`. In the book's scaling :math:`\tfrac12\|y - Xw\|^2 + \alpha'
        \|w\|_1` the same solution has :math:`\alpha' = n\alpha`.
    w0 : array_like, shape (d,), optional
        Starting point (warm start); zeros by default.
    max_iter : int, default 10000
        Maximum number of sweeps over the coordinates.
    tol : float, default 1e-10
        Stop when no coordinate moved by more than ``tol`` in a sweep.

    Returns
    -------
    numpy.ndarray, shape (d,)
        The lasso coefficients; the unselected ones are exactly 0.

    Notes
    -----
    Goodfellow et al., §7.1.2. Columns of ``X`` that are all zero keep weight 0.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> lasso_coordinate_descent(X, np.array([3.0, 0.1, 3.0]), 0.2).round(4)
    array([2.7, 0. ])
    """
    owner = "lasso_coordinate_descent"
    X, y = design(owner, X, y)
    a = check_range(owner, "alpha", alpha, 0.0)
    max_iter = check_positive_int(owner, "max_iter", max_iter)
    tol = check_range(owner, "tol", tol, 0.0)
    n, d = X.shape
    w = np.zeros(d) if w0 is None else vector_of(owner, w0, d, "w0").copy()
    curvature = (X * X).sum(axis=0) / n
    residual = y - X @ w
    for _ in range(max_iter):
        largest_step = 0.0
        for j in range(d):
            if curvature[j] == 0.0:
                continue
            old = w[j]
            rho = X[:, j] @ residual / n + curvature[j] * old
            new = np.sign(rho) * max(abs(rho) - a, 0.0) / curvature[j]
            if new != old:
                residual -= X[:, j] * (new - old)  # keep r = y - Xw without recomputing it
                w[j] = new
                largest_step = max(largest_step, abs(new - old))
        if largest_step <= tol:
            break
    return w


def lasso_path(
    X: Any,
    y: Any,
    alphas: Any = None,
    *,
    n_alphas: int = 50,
    eps: float = 1e-3,
    tol: float = 1e-10,
) -> LassoPath:
    r"""Lasso coefficients along a decreasing grid of :math:`\alpha`, warm-started.

    Same objective and default grid as ``sklearn.linear_model.lasso_path``: from
    :math:`\alpha_{\max} = \|X^\top y\|_\infty / n`, the smallest :math:`\alpha` at which every
    coefficient is zero, down to ``eps`` times it, geometrically spaced.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    alphas : array_like, shape (m,), optional
        The grid (sorted into decreasing order); ``None`` builds the default one.
    n_alphas : int, default 50
        Size of the default grid.
    eps : float, default 1e-3
        :math:`\alpha_{\min} / \alpha_{\max}` of the default grid.
    tol : float, default 1e-10
        Coordinate-descent tolerance for each :math:`\alpha`.

    Returns
    -------
    LassoPath
        ``(alphas, coefs)`` with ``coefs`` of shape ``(m, d)`` (scikit-learn returns the
        transpose, ``(d, m)``).

    Notes
    -----
    Goodfellow et al., §7.1.2.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> path = lasso_path(X, np.array([3.0, 0.1, 3.0]), n_alphas=3)
    >>> path.coefs[0]
    array([0., 0.])
    """
    owner = "lasso_path"
    X, y = design(owner, X, y)
    if alphas is None:
        n_alphas = check_positive_int(owner, "n_alphas", n_alphas)
        eps = check_range(owner, "eps", eps, 0.0, 1.0, low_inclusive=False)
        # Column by column, the very dot products of the first coordinate-descent sweep from
        # w = 0, so that at alpha_max the thresholding gives exact zeros despite round-off.
        alpha_max = max(abs(float(X[:, j] @ y)) for j in range(X.shape[1])) / len(y)
        grid = np.geomspace(alpha_max, alpha_max * eps, n_alphas)
    else:
        grid = np.sort(np.atleast_1d(as_float_array(owner, alphas, "alphas")))[::-1]
        if grid.ndim != 1 or np.any(grid < 0):
            fail(owner, "a 1-D array of non-negative alphas", tuple(np.shape(alphas)))
    coefs = np.empty((len(grid), X.shape[1]))
    w = np.zeros(X.shape[1])
    for i, a in enumerate(grid):
        w = lasso_coordinate_descent(X, y, float(a), w0=w, tol=tol)
        coefs[i] = w
    return LassoPath(grid, coefs)
