r"""Constrained least squares through the generalised Lagrangian, and a KKT check.

Goodfellow et al., §4.4–4.5. Minimise :math:`f(x)=\tfrac12\|Ax-b\|^2` subject to
:math:`x^\top x\le r^2`. The generalised Lagrangian is

.. math:: L(x,\lambda)=f(x)+\lambda\,(x^\top x-r^2),\qquad \lambda\ge 0.

For fixed :math:`\lambda`, :math:`\nabla_x L=0` gives
:math:`x(\lambda)=(A^\top A+2\lambda I)^{-1}A^\top b`, whose norm decreases as :math:`\lambda`
grows; :math:`\lambda` is then raised (gradient ascent on
:math:`\partial L/\partial\lambda=x^\top x-r^2`) until the constraint holds.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail
from dlnotes.ml.linear_regression import fit_least_squares, fit_ridge
from dlnotes.numerics.least_squares import _system

__all__ = [
    "ConstrainedSolution",
    "lagrangian_minimizer",
    "constrained_least_squares",
    "kkt_residuals",
    "satisfies_kkt",
]


class ConstrainedSolution(NamedTuple):
    """Primal solution ``x`` and Lagrange multiplier ``lam`` (with their paths, if any).

    References
    ----------
    Goodfellow et al., §4.5.

    Examples
    --------
    >>> ConstrainedSolution(np.zeros(2), 0.0, np.zeros(1), np.zeros((1, 2))).lam
    0.0
    """

    x: np.ndarray
    lam: float
    lam_path: np.ndarray
    x_path: np.ndarray


def lagrangian_minimizer(A: Any, b: Any, lam: float) -> np.ndarray:
    r""":math:`x(\lambda)=\arg\min_x L(x,\lambda)=(A^\top A+2\lambda I)^{-1}A^\top b`.

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    lam : float
        Multiplier :math:`\lambda \ge 0`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Shape
    -----
    ``A``: (m, n), ``b``: (m,) → (n,).

    References
    ----------
    Goodfellow et al., §4.5.

    Examples
    --------
    >>> lagrangian_minimizer(np.eye(2), np.array([2.0, 0.0]), 0.5)
    array([1., 0.])
    """
    A, b = _system("lagrangian_minimizer", A, b)
    lam = check_range("lagrangian_minimizer", "lam", lam, 0.0)
    # The ridge solution with penalty alpha = 2 lambda: one home for the closed form.
    return fit_ridge(A, b, alpha=2.0 * lam)


def constrained_least_squares(
    A: Any, b: Any, radius: float = 1.0, *, lr: float = 0.5, num_steps: int = 500
) -> ConstrainedSolution:
    r"""Solve :math:`\min\tfrac12\|Ax-b\|^2` s.t. :math:`\|x\|\le r` via the Lagrangian.

    Follows the book's recipe: for the current :math:`\lambda` take the exact minimiser
    :math:`x(\lambda)` of :math:`L`, then ascend in :math:`\lambda` with
    :math:`\lambda\leftarrow\max(0,\lambda+\alpha(x^\top x-r^2))`. The recorded paths show the
    ascent; the returned ``x``/``lam`` are then polished by bisection on the monotone
    function :math:`\|x(\lambda)\|`, so they satisfy the KKT conditions to round-off
    (Goodfellow et al., §4.4–4.5).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    radius : float
        :math:`r > 0`.
    lr : float
        Ascent step :math:`\alpha` on :math:`\lambda`.
    num_steps : int
        Number of ascent steps recorded.

    Returns
    -------
    ConstrainedSolution
        ``x`` (n,), ``lam`` (float), ``lam_path`` (k + 1,), ``x_path`` (k + 1, n).

    Shape
    -----
    ``A``: (m, n), ``b``: (m,) → ``x`` (n,), ``lam_path`` (num_steps + 1,),
    ``x_path`` (num_steps + 1, n).

    Examples
    --------
    >>> sol = constrained_least_squares(np.eye(2), np.array([3.0, 4.0]))
    >>> np.round(sol.x, 6), round(sol.lam, 6)
    (array([0.6, 0.8]), 2.0)
    """
    owner = "constrained_least_squares"
    A, b = _system(owner, A, b)
    r2 = check_range(owner, "radius", radius, 0.0, low_inclusive=False) ** 2
    lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    lam, lams, xs = 0.0, [0.0], [lagrangian_minimizer(A, b, 0.0)]
    for _ in range(num_steps):
        lam = max(0.0, lam + lr * (float(xs[-1] @ xs[-1]) - r2))
        lams.append(lam)
        xs.append(lagrangian_minimizer(A, b, lam))
    x0 = fit_least_squares(A, b)
    if float(x0 @ x0) <= r2:
        # Constraint inactive: the unconstrained least-squares solution, lambda = 0.
        return ConstrainedSolution(x0, 0.0, np.array(lams), np.stack(xs))
    lo, hi = 0.0, max(lam, 1.0)
    while float(np.sum(lagrangian_minimizer(A, b, hi) ** 2)) > r2:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if float(np.sum(lagrangian_minimizer(A, b, mid) ** 2)) > r2:
            lo = mid
        else:
            hi = mid
    lam = 0.5 * (lo + hi)
    return ConstrainedSolution(lagrangian_minimizer(A, b, lam), lam, np.array(lams), np.stack(xs))


def kkt_residuals(A: Any, b: Any, x: Any, lam: float, radius: float = 1.0) -> dict[str, float]:
    r"""How far ``(x, lam)`` is from satisfying each KKT condition (0 means exactly).

    For :math:`\min f(x)` s.t. :math:`h(x)=x^\top x-r^2\le0`:

    * ``stationarity``: :math:`\|\nabla f(x)+\lambda\nabla h(x)\|=\|A^\top(Ax-b)+2\lambda x\|`;
    * ``primal_feasibility``: :math:`\max(0,h(x))`;
    * ``dual_feasibility``: :math:`\max(0,-\lambda)`;
    * ``complementary_slackness``: :math:`|\lambda\,h(x)|`
      (Goodfellow et al., §4.4).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    x : array_like, shape (n,)
        Candidate solution.
    lam : float
        Candidate multiplier.
    radius : float
        :math:`r`.

    Returns
    -------
    dict of str to float

    Shape
    -----
    ``A``: (m, n), ``b``: (m,), ``x``: (n,).

    Examples
    --------
    >>> res = kkt_residuals(np.eye(2), np.array([3.0, 4.0]), np.array([0.6, 0.8]), 2.0)
    >>> max(res.values()) < 1e-12
    True
    """
    owner = "kkt_residuals"
    A, b = _system(owner, A, b)
    x = as_float_array(owner, x, "x")
    if x.shape != (A.shape[1],):
        fail(owner, f"x of shape ({A.shape[1]},)", x.shape)
    lam = check_range(owner, "lam", lam)
    r2 = check_range(owner, "radius", radius, 0.0, low_inclusive=False) ** 2
    h = float(x @ x) - r2
    return {
        "stationarity": float(np.linalg.norm(A.T @ (A @ x - b) + 2.0 * lam * x)),
        "primal_feasibility": max(0.0, h),
        "dual_feasibility": max(0.0, -lam),
        "complementary_slackness": abs(lam * h),
    }


def satisfies_kkt(
    A: Any, b: Any, x: Any, lam: float, radius: float = 1.0, tol: float = 1e-8
) -> bool:
    """True when every :func:`kkt_residuals` entry is at most ``tol``.

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    x : array_like, shape (n,)
    lam : float
    radius : float
    tol : float
        Largest residual accepted.

    Returns
    -------
    bool

    Shape
    -----
    ``A``: (m, n), ``b``: (m,), ``x``: (n,).

    References
    ----------
    Goodfellow et al., §4.4.

    Examples
    --------
    >>> satisfies_kkt(np.eye(2), np.array([3.0, 4.0]), np.array([3.0, 4.0]), 0.0)
    False
    """
    return max(kkt_residuals(A, b, x, lam, radius).values()) <= tol
