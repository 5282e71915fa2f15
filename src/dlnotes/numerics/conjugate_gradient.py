r"""Conjugate gradients: the linear method on a quadratic and the nonlinear method with restarts.

On :math:`f(x)=\tfrac12x^\top Ax-b^\top x` with :math:`A` symmetric positive definite, each new
search direction is the negative gradient plus a multiple of the previous direction,

.. math:: d_t = -\nabla f(x_t) + \beta_t d_{t-1},

with :math:`\beta_t` chosen so that :math:`d_t^\top A d_{t-1} = 0`: the directions are
*conjugate* (:math:`A`-orthogonal), an exact line search along one never undoes the progress
made along the others, and in exact arithmetic the minimum is reached in at most :math:`n`
steps. On a non-quadratic objective the same recursion, with a line search and the
Fletcher–Reeves or Polak–Ribière :math:`\beta_t`, is **nonlinear conjugate gradients**;
restarting with :math:`\beta_t = 0` now and then discards directions that have stopped being
conjugate.

Goodfellow et al., §8.6.2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail
from dlnotes.numerics.line_search import wolfe_line_search

__all__ = [
    "LinearCGResult",
    "MinimizeResult",
    "linear_conjugate_gradient",
    "nonlinear_conjugate_gradient",
]


class LinearCGResult(NamedTuple):
    """Outcome of :func:`linear_conjugate_gradient`.

    Fields:

    x : numpy.ndarray, shape (n,)
        The last iterate.
    num_iter : int
        Steps taken.
    converged : bool
        Whether the residual fell below the tolerance.
    path : numpy.ndarray, shape (num_iter + 1, n)
        Every iterate, starting point first.
    directions : numpy.ndarray, shape (num_iter, n)
        The search directions :math:`d_0, d_1, \\ldots`, mutually :math:`A`-conjugate in exact
        arithmetic.
    residual_norms : numpy.ndarray, shape (num_iter + 1,)
        :math:`\\|b - Ax_t\\|_2` at every iterate.
    """

    x: np.ndarray
    num_iter: int
    converged: bool
    path: np.ndarray
    directions: np.ndarray
    residual_norms: np.ndarray


class MinimizeResult(NamedTuple):
    """Outcome of the nonlinear optimisers of :mod:`dlnotes.numerics` (CG, BFGS, L-BFGS).

    The fields mirror ``scipy.optimize.OptimizeResult`` (``x``, ``fun``, ``jac``, ``nit``) under
    descriptive names.

    Fields:

    x : numpy.ndarray, shape (n,)
        The last iterate.
    fun : float
        :math:`f(x)`.
    grad : numpy.ndarray, shape (n,)
        :math:`\\nabla f(x)`.
    num_iter : int
        Iterations (line searches) taken.
    num_evals : int
        Evaluations of ``f`` and ``grad`` together (each call of the pair counts once).
    converged : bool
        Whether :math:`\\|\\nabla f(x)\\|_\\infty \\le` ``gtol``.
    path : numpy.ndarray, shape (num_iter + 1, n)
        Every iterate, starting point first.
    """

    x: np.ndarray
    fun: float
    grad: np.ndarray
    num_iter: int
    num_evals: int
    converged: bool
    path: np.ndarray


def linear_conjugate_gradient(
    A: Any, b: Any, x0: Any = None, *, tol: float = 1e-10, max_iter: int | None = None
) -> LinearCGResult:
    r"""Minimise :math:`\tfrac12x^\top Ax-b^\top x` (solve :math:`Ax=b`) by conjugate gradients.

    With residual :math:`r_t = b - Ax_t = -\nabla f(x_t)`:

    .. math::

        \alpha_t = \frac{r_t^\top r_t}{d_t^\top A d_t},\quad
        x_{t+1} = x_t + \alpha_t d_t,\quad
        \beta_{t+1} = \frac{r_{t+1}^\top r_{t+1}}{r_t^\top r_t},\quad
        d_{t+1} = r_{t+1} + \beta_{t+1} d_t .

    :math:`\alpha_t` is the exact line search along :math:`d_t`; on a quadratic the
    Fletcher–Reeves and Polak–Ribière formulas both reduce to this :math:`\beta`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite.
    b : array_like, shape (n,)
    x0 : array_like, shape (n,), optional
        Start (zeros by default).
    tol : float, default 1e-10
        Stop when :math:`\|r_t\| \le \mathrm{tol}\cdot\|b\|`.
    max_iter : int, optional
        Default :math:`10n`: in exact arithmetic :math:`n` steps suffice; rounding may need a
        few more on ill-conditioned problems.

    Returns
    -------
    LinearCGResult

    Shape
    -----
    ``A``: (n, n), ``b`` and ``x0``: (n,).

    Notes
    -----
    Goodfellow et al., §8.6.2.

    Examples
    --------
    >>> A = np.array([[4.0, 1.0], [1.0, 3.0]])
    >>> res = linear_conjugate_gradient(A, np.array([1.0, 2.0]))
    >>> res.num_iter, np.allclose(A @ res.x, [1.0, 2.0])
    (2, True)
    """
    owner = "linear_conjugate_gradient"
    A = as_float_array(owner, A, "A")
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        fail(owner, "a square matrix A", A.shape)
    n = A.shape[0]
    if not np.allclose(A, A.T):
        fail(owner, "a symmetric matrix A", "a non-symmetric matrix")
    b = as_float_array(owner, b, "b")
    if b.shape != (n,):
        fail(owner, f"b of shape ({n},)", b.shape)
    x = np.zeros(n, dtype=np.result_type(A, b)) if x0 is None else as_float_array(owner, x0, "x0")
    if x.shape != (n,):
        fail(owner, f"x0 of shape ({n},)", x.shape)
    x = np.array(x, dtype=np.result_type(A, b, x), copy=True)
    tol = check_range(owner, "tol", tol, 0.0)
    max_iter = 10 * n if max_iter is None else check_positive_int(owner, "max_iter", max_iter)

    r = b - A @ x
    d = r.copy()
    rr = float(r @ r)
    target = tol * float(np.linalg.norm(b))
    path, residuals = [x.copy()], [np.sqrt(rr)]
    directions: list[np.ndarray] = []
    converged = np.sqrt(rr) <= target
    while not converged and len(directions) < max_iter:
        Ad = A @ d
        curvature = float(d @ Ad)
        if curvature <= 0:
            fail(owner, "a positive definite A", f"d^T A d = {curvature:.3g} along a direction")
        alpha = rr / curvature
        x = x + alpha * d
        r = r - alpha * Ad
        directions.append(d)
        path.append(x.copy())
        rr_new = float(r @ r)
        residuals.append(np.sqrt(rr_new))
        converged = np.sqrt(rr_new) <= target
        d = r + (rr_new / rr) * d
        rr = rr_new
    return LinearCGResult(
        x,
        len(directions),
        bool(converged),
        np.stack(path),
        np.stack(directions) if directions else np.zeros((0, n), x.dtype),
        np.array(residuals),
    )


def _check_problem(
    owner: str, f: Any, grad: Any, x0: Any, gtol: float, max_iter: int | None
) -> tuple[np.ndarray, float, int]:
    if not callable(f) or not callable(grad):
        fail(owner, "f and grad to be callable", (type(f).__name__, type(grad).__name__), TypeError)
    x = np.array(as_float_array(owner, x0, "x0"), dtype=np.float64, copy=True)
    if x.ndim != 1 or x.size == 0:
        fail(owner, "x0 of shape (n,)", x.shape)
    gtol = check_range(owner, "gtol", gtol, 0.0)
    max_iter = 200 * x.size if max_iter is None else check_positive_int(owner, "max_iter", max_iter)
    return x, gtol, max_iter


def nonlinear_conjugate_gradient(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x0: Any,
    *,
    beta: str = "polak-ribiere",
    restart_every: int | None = None,
    gtol: float = 1e-5,
    max_iter: int | None = None,
    c2: float = 0.2,
) -> MinimizeResult:
    r"""Minimise ``f`` by nonlinear conjugate gradients with a strong Wolfe line search.

    Directions :math:`d_t = -g_t + \beta_t d_{t-1}` (:math:`g_t = \nabla f(x_t)`) with

    .. math::

        \beta_t^{\mathrm{FR}} = \frac{g_t^\top g_t}{g_{t-1}^\top g_{t-1}}, \qquad
        \beta_t^{\mathrm{PR}} = \frac{(g_t - g_{t-1})^\top g_t}{g_{t-1}^\top g_{t-1}} .

    Polak–Ribière is used in its non-negative form :math:`\max(\beta^{\mathrm{PR}}, 0)`, which
    restarts by itself when successive gradients stop being near-orthogonal. In addition the
    method restarts (:math:`\beta_t = 0`, steepest descent) every ``restart_every`` iterations
    and whenever :math:`d_t` fails to be a descent direction.

    Parameters
    ----------
    f, grad : callable
        :math:`x \mapsto f(x)` (a float) and :math:`x \mapsto \nabla f(x)`, shape (n,).
    x0 : array_like, shape (n,)
    beta : {"polak-ribiere", "fletcher-reeves"}
    restart_every : int, optional
        Default :math:`n`, the number of steps after which conjugacy is exhausted on a
        quadratic.
    gtol : float, default 1e-5
        Stop when :math:`\|\nabla f(x_t)\|_\infty \le` ``gtol`` (scipy's criterion).
    max_iter : int, optional
        Default :math:`200n`.
    c2 : float, default 0.2
        Curvature constant of the line search.

    Returns
    -------
    MinimizeResult

    Shape
    -----
    ``x0``: (n,).

    Notes
    -----
    Goodfellow et al., §8.6.2 (Algorithm 8.9).

    Examples
    --------
    >>> A = np.diag([1.0, 10.0, 100.0])
    >>> res = nonlinear_conjugate_gradient(lambda x: 0.5 * x @ A @ x, lambda x: A @ x,
    ...                                    np.ones(3), gtol=1e-8)
    >>> res.converged, bool(np.abs(res.x).max() < 1e-7)
    (True, True)
    """
    owner = "nonlinear_conjugate_gradient"
    x, gtol, max_iter = _check_problem(owner, f, grad, x0, gtol, max_iter)
    if beta not in ("polak-ribiere", "fletcher-reeves"):
        fail(owner, "beta 'polak-ribiere' or 'fletcher-reeves'", repr(beta))
    restart_every = (
        x.size
        if restart_every is None
        else check_positive_int(owner, "restart_every", restart_every)
    )
    fx, g = float(f(x)), np.asarray(grad(x), dtype=np.float64)
    evals, path = 1, [x.copy()]
    d = -g
    alpha0 = min(1.0, 1.0 / max(float(np.abs(g).max()), 1e-300))
    since_restart = 0
    iterations = 0
    while float(np.abs(g).max()) > gtol and iterations < max_iter:
        ls = wolfe_line_search(f, grad, x, d, fun0=fx, grad0=g, alpha0=alpha0, c2=c2)
        evals += ls.num_evals
        x_new = x + ls.alpha * d
        if not (ls.alpha > 0 and ls.fun < fx):  # no progress possible along d
            break
        g_new = np.asarray(ls.grad, dtype=np.float64)
        iterations += 1
        since_restart += 1
        gg = float(g @ g)
        if beta == "fletcher-reeves":
            b = float(g_new @ g_new) / gg
        else:
            b = max(float((g_new - g) @ g_new) / gg, 0.0)
        if since_restart >= restart_every:
            b, since_restart = 0.0, 0
        d_new = -g_new + b * d
        if float(g_new @ d_new) >= 0:  # not a descent direction: restart
            d_new, since_restart = -g_new, 0
        # Next first trial step: the one that would repeat this step's first-order decrease
        # (Nocedal & Wright, eq. 3.60); CG steps have no natural length 1.
        alpha0 = ls.alpha * float(g @ d) / float(g_new @ d_new)
        x, fx, g, d = x_new, ls.fun, g_new, d_new
        path.append(x.copy())
    return MinimizeResult(
        x, fx, g, iterations, evals, bool(float(np.abs(g).max()) <= gtol), np.stack(path)
    )
