r"""A line search satisfying the strong Wolfe conditions, shared by CG, BFGS and L-BFGS.

Given a point :math:`x`, a descent direction :math:`d` and
:math:`\phi(\alpha) = f(x + \alpha d)`, a step :math:`\alpha` satisfies the **strong Wolfe
conditions** with :math:`0 < c_1 < c_2 < 1` when

.. math::

    \phi(\alpha) \le \phi(0) + c_1\alpha\phi'(0) \quad\text{(sufficient decrease)},\qquad
    |\phi'(\alpha)| \le c_2|\phi'(0)| \quad\text{(curvature)}.

The search brackets such a step by expanding trial steps, then shrinks the bracket
("zoom") with safeguarded quadratic interpolation — the scheme of Nocedal & Wright,
*Numerical Optimization* (2006), Algorithms 3.5 and 3.6, written here from its description.

Goodfellow et al., §8.6.2 (conjugate gradients need a line search along each direction) and
§8.6.3 (BFGS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from dlnotes._validation import check_range, fail

Objective = Callable[[np.ndarray], float]
Gradient = Callable[[np.ndarray], np.ndarray]

__all__ = ["LineSearchResult", "satisfies_wolfe", "wolfe_line_search"]


class LineSearchResult(NamedTuple):
    """Outcome of :func:`wolfe_line_search`.

    Fields:

    alpha : float
        The step length.
    fun : float
        :math:`f(x + \\alpha d)`.
    grad : numpy.ndarray
        :math:`\\nabla f(x + \\alpha d)`.
    num_evals : int
        Evaluations of ``f`` and ``grad`` (one each per trial step).
    success : bool
        Whether both strong Wolfe conditions hold at ``alpha``. When the search runs out of
        trials it returns the best step with sufficient decrease found, and ``False``.
    """

    alpha: float
    fun: float
    grad: np.ndarray
    num_evals: int
    success: bool


def satisfies_wolfe(
    f: Objective,
    grad: Gradient,
    x: np.ndarray,
    d: np.ndarray,
    alpha: float,
    *,
    c1: float = 1e-4,
    c2: float = 0.9,
) -> bool:
    r"""Whether ``alpha`` satisfies the strong Wolfe conditions along ``d`` from ``x``.

    Examples
    --------
    >>> f, g = lambda x: float(x @ x), lambda x: 2 * x
    >>> x, d = np.array([1.0]), np.array([-1.0])
    >>> satisfies_wolfe(f, g, x, d, 1.0), satisfies_wolfe(f, g, x, d, 2.0)
    (True, False)
    """
    slope0 = float(grad(x) @ d)
    point = x + alpha * d
    decrease = f(point) <= f(x) + c1 * alpha * slope0
    curvature = abs(float(grad(point) @ d)) <= c2 * abs(slope0)
    return bool(decrease and curvature)


def wolfe_line_search(
    f: Objective,
    grad: Gradient,
    x: np.ndarray,
    d: np.ndarray,
    *,
    fun0: float | None = None,
    grad0: np.ndarray | None = None,
    alpha0: float = 1.0,
    c1: float = 1e-4,
    c2: float = 0.9,
    alpha_max: float = 1e10,
    max_evals: int = 40,
) -> LineSearchResult:
    r"""Find a step along ``d`` that satisfies the strong Wolfe conditions.

    Parameters
    ----------
    f, grad : callable
        The objective and its gradient.
    x : numpy.ndarray, shape (n,)
        Current point.
    d : numpy.ndarray, shape (n,)
        Search direction; must be a descent direction, :math:`\nabla f(x)^\top d < 0`.
    fun0, grad0 : optional
        :math:`f(x)` and :math:`\nabla f(x)` if already known.
    alpha0 : float, default 1
        First trial step (1 is the natural step of Newton-like methods).
    c1, c2 : float
        Wolfe constants, :math:`0 < c_1 < c_2 < 1`. Quasi-Newton methods use
        :math:`c_2 = 0.9`; nonlinear conjugate gradients a smaller value (0.1–0.4), so that
        consecutive directions stay close to conjugate.
    alpha_max : float
        Largest step tried.
    max_evals : int
        Budget of function-and-gradient evaluations.

    Returns
    -------
    LineSearchResult

    Shape
    -----
    ``x``, ``d``, ``grad0``: (n,).

    Notes
    -----
    Goodfellow et al., §8.6.2–8.6.3; Nocedal & Wright (2006), §3.5.

    Examples
    --------
    >>> A = np.diag([1.0, 10.0])
    >>> f, g = (lambda x: 0.5 * float(x @ A @ x)), (lambda x: A @ x)
    >>> x = np.array([1.0, 1.0])
    >>> res = wolfe_line_search(f, g, x, -g(x))
    >>> res.success, satisfies_wolfe(f, g, x, -g(x), res.alpha)
    (True, True)
    """
    owner = "wolfe_line_search"
    c1 = check_range(owner, "c1", c1, 0.0, 1.0, low_inclusive=False, high_inclusive=False)
    c2 = check_range(owner, "c2", c2, c1, 1.0, low_inclusive=False, high_inclusive=False)
    phi0 = float(f(x)) if fun0 is None else float(fun0)
    g0 = np.asarray(grad(x)) if grad0 is None else np.asarray(grad0)
    slope0 = float(g0 @ d)
    if not slope0 < 0:
        fail(owner, "a descent direction (grad @ d < 0)", f"grad @ d = {slope0:.3g}")
    evals = 0

    def evaluate(alpha: float) -> tuple[float, np.ndarray, float]:
        nonlocal evals
        evals += 1
        point = x + alpha * d
        g = np.asarray(grad(point))
        return float(f(point)), g, float(g @ d)

    def zoom(
        lo: tuple[float, float, float, np.ndarray], hi: tuple[float, float, float, np.ndarray]
    ) -> LineSearchResult:
        # Invariant: lo has sufficient decrease and the lowest value so far; the bracket
        # [lo, hi] (in either order) contains a strong Wolfe step.
        while evals < max_evals:
            a_lo, phi_lo, dphi_lo, _ = lo
            a_hi, phi_hi, _, _ = hi
            width = a_hi - a_lo
            # Minimiser of the quadratic through phi(lo), phi'(lo) and phi(hi) ...
            denom = 2.0 * (phi_hi - phi_lo - dphi_lo * width)
            a = a_lo - dphi_lo * width**2 / denom if denom > 0 else np.nan
            # ... unless it falls outside the middle 80 % of the bracket: then bisect.
            low_end, high_end = sorted((a_lo, a_hi))
            margin = 0.1 * abs(width)
            if not (low_end + margin <= a <= high_end - margin):
                a = a_lo + 0.5 * width
            phi, g, dphi = evaluate(a)
            if phi > phi0 + c1 * a * slope0 or phi >= phi_lo:
                hi = (a, phi, dphi, g)
            else:
                if abs(dphi) <= -c2 * slope0:
                    return LineSearchResult(a, phi, g, evals, True)
                if dphi * (a_hi - a_lo) >= 0:
                    hi = lo
                lo = (a, phi, dphi, g)
            if abs(hi[0] - lo[0]) <= 1e-16 * max(1.0, abs(lo[0])):
                break
        a_lo, phi_lo, _, g_lo = lo
        return LineSearchResult(a_lo, phi_lo, g_lo, evals, False)

    previous = (0.0, phi0, slope0, g0)
    alpha = min(float(alpha0), alpha_max)
    first = True
    while evals < max_evals:
        phi, g, dphi = evaluate(alpha)
        current = (alpha, phi, dphi, g)
        if (
            not np.isfinite(phi)
            or phi > phi0 + c1 * alpha * slope0
            or (not first and phi >= previous[1])
        ):
            if not np.isfinite(phi):  # overshot into overflow: shrink the bracket's far end
                current = (alpha, np.inf, np.inf, g)
            return zoom(previous, current)
        if abs(dphi) <= -c2 * slope0:
            return LineSearchResult(alpha, phi, g, evals, True)
        if dphi >= 0:
            return zoom(current, previous)
        previous, first = current, False
        alpha = min(2.0 * alpha, alpha_max)
    a, phi, _, g = previous
    return LineSearchResult(a, phi, g, evals, False)
