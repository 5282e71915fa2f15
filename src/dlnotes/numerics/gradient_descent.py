r"""Gradient descent with a recorded path, and the step-size facts of Goodfellow et al., §4.3."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail

__all__ = ["gradient_descent", "optimal_step_size", "steps_to_tolerance"]

Gradient = Callable[[np.ndarray], np.ndarray]


def gradient_descent(
    grad: Gradient, x0: Any, lr: float, num_steps: int, *, tol: float | None = None
) -> np.ndarray:
    r"""Run :math:`x_{t+1}=x_t-\epsilon\nabla f(x_t)` and return every iterate.

    Stops early when the gradient norm falls below ``tol`` or an iterate stops being finite
    (a diverging run), so the path shows exactly what happened (Goodfellow et al., §4.3).

    Parameters
    ----------
    grad : callable
        :math:`x\mapsto\nabla f(x)`, shape (n,) to (n,).
    x0 : array_like, shape (n,)
    lr : float
        Step size :math:`\epsilon > 0`.
    num_steps : int
    tol : float, optional

    Returns
    -------
    numpy.ndarray
        The path, shape ``(k + 1, n)`` with ``k <= num_steps`` steps taken; row 0 is ``x0``.

    Shape
    -----
    ``x0``: (n,) → path (k + 1, n).

    Examples
    --------
    >>> path = gradient_descent(lambda x: 2 * x, np.array([1.0]), lr=0.25, num_steps=3)
    >>> path[:, 0]
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    owner = "gradient_descent"
    if not callable(grad):
        fail(owner, "grad to be callable", type(grad).__name__, TypeError)
    x = np.array(as_float_array(owner, x0, "x0"), copy=True)
    if x.ndim != 1:
        fail(owner, "x0 of shape (n,)", x.shape)
    lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(num_steps):
            g = np.asarray(grad(x))
            if tol is not None and np.linalg.norm(g) < tol:
                break
            x = x - lr * g
            path.append(x.copy())
            if not np.all(np.isfinite(x)):
                break
    return np.stack(path)


def optimal_step_size(g: Any, H: Any) -> float:
    r"""Step along :math:`-g` that minimises the second-order Taylor model of :math:`f`.

    :math:`\epsilon^*=\dfrac{g^\top g}{g^\top Hg}` (exact line search on a quadratic,
    Goodfellow et al., eq. 4.10). Undefined (``inf``) when :math:`g^\top Hg\le 0`: the model
    then keeps decreasing along :math:`-g`.

    Parameters
    ----------
    g : array_like, shape (n,)
        Gradient.
    H : array_like, shape (n, n)
        Hessian.

    Returns
    -------
    float

    Shape
    -----
    ``g``: (n,), ``H``: (n, n).

    Examples
    --------
    >>> optimal_step_size(np.array([1.0, 0.0]), np.diag([4.0, 1.0]))
    0.25
    """
    g = as_float_array("optimal_step_size", g, "g")
    H = as_float_array("optimal_step_size", H, "H")
    if g.ndim != 1 or H.shape != (g.size, g.size):
        fail("optimal_step_size", f"g (n,) and H (n, n) with n = {g.size}", (g.shape, H.shape))
    curvature = float(g @ H @ g)
    return float(g @ g) / curvature if curvature > 0 else float("inf")


def steps_to_tolerance(
    grad: Gradient, x0: Any, minimizer: Any, lr: float, tol: float = 1e-6, max_steps: int = 100_000
) -> int:
    r"""Number of gradient steps until :math:`\|x_t-x^*\|\le\mathrm{tol}\,\|x_0-x^*\|`.

    Returns ``max_steps`` if the tolerance is never reached (slow or diverging runs).

    Parameters
    ----------
    grad : callable
        :math:`x \mapsto \nabla f(x)`.
    x0, minimizer : array_like, shape (n,)
    lr : float
    tol : float
        Relative reduction of the distance to the minimiser.
    max_steps : int

    Returns
    -------
    int

    Shape
    -----
    ``x0``, ``minimizer``: (n,).

    References
    ----------
    Goodfellow et al., §4.3.1.

    Examples
    --------
    >>> steps_to_tolerance(lambda x: x, np.array([1.0]), np.array([0.0]), lr=0.5, tol=1e-3)
    10
    """
    owner = "steps_to_tolerance"
    x = np.array(as_float_array(owner, x0, "x0"), dtype=np.float64)
    x_star = as_float_array(owner, minimizer, "minimizer")
    if x.shape != x_star.shape:
        fail(owner, "x0 and minimizer of the same shape", (x.shape, x_star.shape))
    lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    tol = check_range(owner, "tol", tol, 0.0, low_inclusive=False)
    max_steps = check_positive_int(owner, "max_steps", max_steps)
    target = tol * np.linalg.norm(x - x_star)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(max_steps):
            if np.linalg.norm(x - x_star) <= target:
                return step
            x = x - lr * np.asarray(grad(x))
            if not np.all(np.isfinite(x)):
                return max_steps
    return max_steps
