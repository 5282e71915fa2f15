r"""Sparse coding: MAP inference under a Laplace prior, by ISTA or FISTA (Goodfellow et al., §13.4).

The model is :math:`x = W h + \varepsilon` with Gaussian noise of precision :math:`\beta` and
independent Laplace factors :math:`p(h_i) \propto \exp(-|h_i| / s)`. The most probable code
given :math:`x` minimises the negative log-posterior; dividing it by :math:`\beta` gives

.. math:: h^* = \arg\min_h \tfrac12 \|x - W h\|_2^2 + \lambda \|h\|_1,
          \qquad \lambda = \frac{1}{\beta s}.

This is the lasso: convex but not differentiable at 0. The iterative shrinkage-thresholding
algorithm (ISTA) takes a gradient step on the smooth term and then applies the proximal map of
the :math:`L^1` term, soft thresholding:

.. math:: h \leftarrow \mathcal S_{\lambda/L}\!\big(h - \tfrac1L W^\top (W h - x)\big),
          \qquad \mathcal S_\tau(u) = \operatorname{sign}(u) \max(|u| - \tau, 0),

with :math:`L = \|W\|_2^2` (the Lipschitz constant of the gradient). Each step cannot
increase the objective. FISTA (Beck and Teboulle 2009) adds a momentum step and improves the
rate from :math:`O(1/t)` to :math:`O(1/t^2)`. The soft threshold sets small coordinates
exactly to zero: that is where the sparsity comes from.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_bool,
    check_ndim,
    check_nonnegative_int,
    check_range,
    fail,
)
from dlnotes.regularization.l1 import soft_threshold  # the L1 proximal map (§7.1.2)

__all__ = [
    "ISTAResult",
    "SparsityTradeoff",
    "ista",
    "sparse_coding_objective",
    "sparsity_tradeoff",
]


def _check_problem(owner: str, X: Any, dictionary: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(owner, X, "X")
    W = as_float_array(owner, dictionary, "dictionary").astype(X.dtype, copy=False)
    check_ndim(owner, W, 2, "dictionary of shape (n, k)")
    check_ndim(owner, X, 2, f"X of shape (N, {W.shape[0]})")
    if X.shape[1] != W.shape[0]:
        fail(owner, f"X of shape (N, {W.shape[0]})", tuple(X.shape))
    return X, W


def sparse_coding_objective(X: Any, dictionary: Any, codes: Any, lam: float) -> float:
    r"""Mean over examples of :math:`\tfrac12\|x - W h\|_2^2 + \lambda\|h\|_1`.

    Shape
    -----
    - ``X``: ``(N, n)``
    - ``dictionary``: ``(n, k)``
    - ``codes``: ``(N, k)``

    References
    ----------
    Goodfellow et al., §13.4.

    Examples
    --------
    >>> sparse_coding_objective([[1.0, 0.0]], np.eye(2), [[0.5, 0.0]], 0.1)
    0.175
    """
    X, W = _check_problem("sparse_coding_objective", X, dictionary)
    H = as_float_array("sparse_coding_objective", codes, "codes")
    if H.shape != (X.shape[0], W.shape[1]):
        fail("sparse_coding_objective", f"codes of shape {(X.shape[0], W.shape[1])}", H.shape)
    lam = check_range("sparse_coding_objective", "lam", lam, 0.0)
    residual = X - H @ W.T
    per_example = 0.5 * np.sum(residual**2, axis=1) + lam * np.sum(np.abs(H), axis=1)
    return float(np.mean(per_example))


class ISTAResult(NamedTuple):
    """The result of :func:`ista`."""

    codes: np.ndarray
    """Sparse codes, shape ``(N, k)``."""
    objective: np.ndarray
    """Mean objective after each iteration, shape ``(num_iter,)`` (empty if not tracked)."""


def ista(
    X: Any,
    dictionary: Any,
    lam: float,
    *,
    num_iter: int = 200,
    fast: bool = False,
    codes: Any = None,
    track_objective: bool = True,
) -> ISTAResult:
    r"""Sparse codes of the rows of ``X`` by ISTA (or FISTA with ``fast=True``).

    Minimises :math:`\tfrac12\|x - W h\|_2^2 + \lambda\|h\|_1` for every example at once with
    the step :math:`1/L`, :math:`L = \|W\|_2^2`.

    Parameters
    ----------
    X : array_like
        Examples, one per row.
    dictionary : array_like
        :math:`W`, one atom per column.
    lam : float
        :math:`\lambda \ge 0`.
    num_iter : int, default 200
        Iterations.
    fast : bool, default False
        FISTA's momentum (faster, but the objective need not fall at every step).
    codes : array_like, optional
        Starting codes (a warm start); zeros by default.
    track_objective : bool, default True
        Record the objective after every iteration (costs one more matrix product each).

    Returns
    -------
    ISTAResult
        ``(codes, objective)``.

    Shape
    -----
    - ``X``: ``(N, n)``
    - ``dictionary``: ``(n, k)``
    - ``codes``: ``(N, k)``

    References
    ----------
    Goodfellow et al., §13.4; Beck and Teboulle (2009).

    Examples
    --------
    >>> W = np.eye(2)            # orthonormal atoms: the answer is one soft threshold
    >>> ista([[1.0, 0.2]], W, 0.5, num_iter=5).codes
    array([[0.5, 0. ]])
    """
    X, W = _check_problem("ista", X, dictionary)
    lam = check_range("ista", "lam", lam, 0.0)
    num_iter = check_nonnegative_int("ista", "num_iter", num_iter)
    fast = check_bool("ista", "fast", fast)
    track_objective = check_bool("ista", "track_objective", track_objective)
    k = W.shape[1]
    if codes is None:
        H = np.zeros((X.shape[0], k), dtype=X.dtype)
    else:
        H = as_float_array("ista", codes, "codes").astype(X.dtype)
        if H.shape != (X.shape[0], k):
            fail("ista", f"codes of shape {(X.shape[0], k)}", H.shape)
    L = float(np.linalg.norm(W, 2) ** 2)
    objective = np.empty(num_iter if track_objective else 0)
    if L == 0:  # an all-zero dictionary: every code is 0
        objective[:] = 0.5 * np.mean(np.sum(X**2, axis=1))
        return ISTAResult(np.zeros_like(H), objective)
    gram, XW = W.T @ W, X @ W  # the gradient of the smooth term is H W^T W - X W
    Y, t = H, 1.0
    for i in range(num_iter):
        H_new = soft_threshold(Y - (Y @ gram - XW) / L, lam / L)
        if fast:
            t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            Y = H_new + ((t - 1.0) / t_new) * (H_new - H)
            t = t_new
        else:
            Y = H_new
        H = H_new
        if track_objective:
            objective[i] = sparse_coding_objective(X, W, H, lam)
    return ISTAResult(H, objective)


class SparsityTradeoff(NamedTuple):
    """The result of :func:`sparsity_tradeoff`."""

    lams: np.ndarray
    """The penalties, shape ``(m,)``."""
    zero_fraction: np.ndarray
    """Fraction of code entries exactly zero, shape ``(m,)``."""
    reconstruction_error: np.ndarray
    """Mean over examples of :math:`\\|x - W h\\|_2^2`, shape ``(m,)``."""


def sparsity_tradeoff(
    X: Any, dictionary: Any, lams: Any, *, num_iter: int = 300, warm_start: bool = True
) -> SparsityTradeoff:
    r"""Sparsity and reconstruction error of the codes for each penalty :math:`\lambda`.

    Codes come from FISTA with the fixed ``dictionary``. A larger :math:`\lambda` buys more
    zeros with a larger error: at the exact minimisers the error is non-decreasing in
    :math:`\lambda` (compare the optimality of :math:`h^*(\lambda_1)` and
    :math:`h^*(\lambda_2)` in each other's objective).

    With ``warm_start`` the penalties are visited from the largest to the smallest and each
    solve starts from the previous codes (a continuation path): neighbouring minimisers are
    close, so far fewer iterations reach the same accuracy than from zero.

    Shape
    -----
    - ``X``: ``(N, n)``
    - ``dictionary``: ``(n, k)``
    - ``lams``: ``(m,)``

    References
    ----------
    Goodfellow et al., §13.4.

    Examples
    --------
    >>> out = sparsity_tradeoff([[1.0, 0.2]], np.eye(2), [0.0, 0.5, 2.0], num_iter=5)
    >>> out.zero_fraction.tolist(), np.round(out.reconstruction_error, 2).tolist()
    ([0.0, 0.5, 1.0], [0.0, 0.29, 1.04])
    """
    X, W = _check_problem("sparsity_tradeoff", X, dictionary)
    lams = as_float_array("sparsity_tradeoff", lams, "lams").astype(np.float64)
    if lams.ndim != 1 or np.any(lams < 0):
        fail("sparsity_tradeoff", "a 1-D array of non-negative penalties", repr(lams))
    warm_start = check_bool("sparsity_tradeoff", "warm_start", warm_start)
    zeros, errors = np.empty(lams.size), np.empty(lams.size)
    H = None
    for i in np.argsort(-lams, kind="stable") if warm_start else range(lams.size):
        H = ista(
            X,
            W,
            float(lams[i]),
            num_iter=num_iter,
            fast=True,
            codes=H if warm_start else None,
            track_objective=False,
        ).codes
        zeros[i] = np.mean(H == 0)
        errors[i] = np.mean(np.sum((X - H @ W.T) ** 2, axis=1))
    return SparsityTradeoff(lams, zeros, errors)
