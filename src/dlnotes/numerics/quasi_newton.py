r"""Quasi-Newton methods: BFGS and limited-memory BFGS, with a strong Wolfe line search.

Newton's method needs the inverse Hessian; quasi-Newton methods build an approximation
:math:`M_t \approx H^{-1}` from the gradients they have already seen. After a step
:math:`s_t = x_{t+1}-x_t` with gradient change :math:`y_t = g_{t+1}-g_t`, the BFGS update is
the smallest change (in a weighted norm) that keeps :math:`M` symmetric and satisfies the
*secant equation* :math:`M_{t+1}y_t = s_t`:

.. math::

    M_{t+1} = (I-\rho_t s_t y_t^\top)\,M_t\,(I-\rho_t y_t s_t^\top) + \rho_t s_t s_t^\top,
    \qquad \rho_t = \frac{1}{y_t^\top s_t}.

It stays positive definite whenever :math:`y_t^\top s_t > 0`, which the Wolfe curvature
condition guarantees. Storing :math:`M` costs :math:`O(n^2)` memory; L-BFGS keeps only the last
:math:`m` pairs :math:`(s, y)` and applies the same update implicitly (the two-loop recursion),
in :math:`O(mn)` memory and time per step.

Goodfellow et al., §8.6.3.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int
from dlnotes.numerics.conjugate_gradient import MinimizeResult, _check_problem
from dlnotes.numerics.line_search import wolfe_line_search

__all__ = ["bfgs", "bfgs_inverse_update", "lbfgs", "lbfgs_direction"]


def bfgs_inverse_update(M: Any, s: Any, y: Any) -> np.ndarray:
    r"""One BFGS update of the inverse-Hessian approximation :math:`M`.

    Returns :math:`(I-\rho sy^\top)M(I-\rho ys^\top)+\rho ss^\top` with
    :math:`\rho = 1/(y^\top s)`; the result satisfies the secant equation :math:`M_{+}y = s`.

    Parameters
    ----------
    M : array_like, shape (n, n)
        Current symmetric positive definite approximation of :math:`H^{-1}`.
    s, y : array_like, shape (n,)
        Step and change of gradient, with :math:`y^\top s > 0`.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Notes
    -----
    Goodfellow et al., §8.6.3.

    Examples
    --------
    >>> s, y = np.array([1.0, 0.0]), np.array([2.0, 1.0])
    >>> M = bfgs_inverse_update(np.eye(2), s, y)
    >>> np.allclose(M @ y, s), np.allclose(M, M.T)
    (True, True)
    """
    M, s, y = np.asarray(M, float), np.asarray(s, float), np.asarray(y, float)
    rho = 1.0 / float(y @ s)
    My = M @ y
    # Expanded product form: M - rho (s My^T + My s^T) + (rho^2 y^T M y + rho) s s^T.
    return (
        M
        - rho * (np.outer(s, My) + np.outer(My, s))
        + (rho**2 * float(y @ My) + rho) * np.outer(s, s)
    )


def bfgs(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x0: Any,
    *,
    gtol: float = 1e-5,
    max_iter: int | None = None,
) -> MinimizeResult:
    r"""Minimise ``f`` by BFGS: :math:`x_{t+1} = x_t - \alpha_t M_t g_t` with a Wolfe step.

    :math:`M_0 = I`, updated by :func:`bfgs_inverse_update` after every step; the line search
    tries :math:`\alpha = 1` first (the quasi-Newton step), except on the first iteration,
    where the step is scaled to move at most a unit distance.

    Parameters
    ----------
    f, grad : callable
    x0 : array_like, shape (n,)
    gtol : float, default 1e-5
        Stop when :math:`\|\nabla f\|_\infty \le` ``gtol``.
    max_iter : int, optional
        Default :math:`200n`.

    Returns
    -------
    MinimizeResult

    Shape
    -----
    ``x0``: (n,).

    Notes
    -----
    Goodfellow et al., §8.6.3.

    Examples
    --------
    >>> A = np.diag([1.0, 10.0, 100.0])
    >>> res = bfgs(lambda x: 0.5 * x @ A @ x, lambda x: A @ x, np.ones(3), gtol=1e-8)
    >>> res.converged, bool(np.abs(res.x).max() < 1e-7)
    (True, True)
    """
    x, gtol, max_iter = _check_problem("bfgs", f, grad, x0, gtol, max_iter)
    n = x.size
    fx, g = float(f(x)), np.asarray(grad(x), dtype=np.float64)
    M = np.eye(n)
    evals, path, iterations = 1, [x.copy()], 0
    alpha0 = min(1.0, 1.0 / max(float(np.linalg.norm(g)), 1e-300))
    while float(np.abs(g).max()) > gtol and iterations < max_iter:
        d = -M @ g
        if float(g @ d) >= 0:  # rounding destroyed positive definiteness: reset
            M, d = np.eye(n), -g
        ls = wolfe_line_search(f, grad, x, d, fun0=fx, grad0=g, alpha0=alpha0, c2=0.9)
        evals += ls.num_evals
        if not (ls.alpha > 0 and ls.fun < fx):
            break
        s = ls.alpha * d
        g_new = np.asarray(ls.grad, dtype=np.float64)
        y = g_new - g
        if float(y @ s) > 1e-12 * float(np.linalg.norm(y) * np.linalg.norm(s)):
            M = bfgs_inverse_update(M, s, y)
        x, fx, g = x + s, ls.fun, g_new
        iterations += 1
        alpha0 = 1.0
        path.append(x.copy())
    return MinimizeResult(
        x, fx, g, iterations, evals, bool(float(np.abs(g).max()) <= gtol), np.stack(path)
    )


def lbfgs_direction(g: Any, pairs: Any) -> np.ndarray:
    r"""The L-BFGS direction :math:`-M g` by the two-loop recursion over stored ``(s, y)`` pairs.

    :math:`M` is the BFGS update applied to :math:`M_0=\gamma I`,
    :math:`\gamma = s^\top y / y^\top y` of the newest pair, once for every pair, oldest
    first; it is never formed.

    Parameters
    ----------
    g : array_like, shape (n,)
    pairs : sequence of (s, y)
        Oldest first.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    With all pairs kept, the recursion equals the explicit BFGS matrix:

    >>> rng = np.random.default_rng(0)
    >>> A = np.diag([1.0, 3.0, 9.0])
    >>> pairs = [(s, A @ s) for s in rng.standard_normal((3, 3))]
    >>> s, y = pairs[-1]
    >>> M = (s @ y) / (y @ y) * np.eye(3)
    >>> for s, y in pairs:
    ...     M = bfgs_inverse_update(M, s, y)
    >>> g = np.array([1.0, -2.0, 0.5])
    >>> np.allclose(lbfgs_direction(g, pairs), -M @ g)
    True
    """
    q = np.array(g, dtype=np.float64, copy=True)
    pairs = list(pairs)
    if not pairs:
        return -q
    rhos = [1.0 / float(y @ s) for s, y in pairs]
    alphas = []
    for (s, y), rho in zip(reversed(pairs), reversed(rhos), strict=True):
        a = rho * float(s @ q)
        alphas.append(a)
        q -= a * y
    s, y = pairs[-1]
    r = (float(s @ y) / float(y @ y)) * q
    for (s, y), rho, a in zip(pairs, rhos, reversed(alphas), strict=True):
        r += (a - rho * float(y @ r)) * s
    return -r


def lbfgs(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x0: Any,
    *,
    history_size: int = 10,
    gtol: float = 1e-5,
    max_iter: int | None = None,
) -> MinimizeResult:
    r"""Minimise ``f`` by limited-memory BFGS, keeping the last ``history_size`` pairs.

    Each direction is :func:`lbfgs_direction`; the step is found by a strong Wolfe line
    search starting from :math:`\alpha = 1` (scaled on the first iteration as in :func:`bfgs`).

    Parameters
    ----------
    f, grad : callable
    x0 : array_like, shape (n,)
    history_size : int, default 10
        :math:`m`, as ``torch.optim.LBFGS(history_size=...)`` (scipy's ``maxcor``).
    gtol : float, default 1e-5
    max_iter : int, optional
        Default :math:`200n`.

    Returns
    -------
    MinimizeResult

    Shape
    -----
    ``x0``: (n,).

    Notes
    -----
    Goodfellow et al., §8.6.3.

    Examples
    --------
    >>> A = np.diag([1.0, 10.0, 100.0])
    >>> res = lbfgs(lambda x: 0.5 * x @ A @ x, lambda x: A @ x, np.ones(3), gtol=1e-8)
    >>> res.converged, bool(np.abs(res.x).max() < 1e-7)
    (True, True)
    """
    x, gtol, max_iter = _check_problem("lbfgs", f, grad, x0, gtol, max_iter)
    history_size = check_positive_int("lbfgs", "history_size", history_size)
    fx, g = float(f(x)), np.asarray(grad(x), dtype=np.float64)
    pairs: deque[tuple[np.ndarray, np.ndarray]] = deque(maxlen=history_size)
    evals, path, iterations = 1, [x.copy()], 0
    alpha0 = min(1.0, 1.0 / max(float(np.linalg.norm(g)), 1e-300))
    while float(np.abs(g).max()) > gtol and iterations < max_iter:
        d = lbfgs_direction(g, pairs)
        if float(g @ d) >= 0:
            pairs.clear()
            d = -g
        ls = wolfe_line_search(f, grad, x, d, fun0=fx, grad0=g, alpha0=alpha0, c2=0.9)
        evals += ls.num_evals
        if not (ls.alpha > 0 and ls.fun < fx):
            break
        s = ls.alpha * d
        g_new = np.asarray(ls.grad, dtype=np.float64)
        y = g_new - g
        if float(y @ s) > 1e-12 * float(np.linalg.norm(y) * np.linalg.norm(s)):
            pairs.append((s, y))
        x, fx, g = x + s, ls.fun, g_new
        iterations += 1
        alpha0 = 1.0
        path.append(x.copy())
    return MinimizeResult(
        x, fx, g, iterations, evals, bool(float(np.abs(g).max()) <= gtol), np.stack(path)
    )
