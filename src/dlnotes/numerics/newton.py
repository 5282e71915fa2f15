r"""Newton's method with a recorded path (Goodfellow et al., §4.3.1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, fail

__all__ = ["newton_method"]


def newton_method(
    grad: Callable[[np.ndarray], np.ndarray],
    hessian: Callable[[np.ndarray], np.ndarray],
    x0: Any,
    num_steps: int = 1,
    *,
    tol: float | None = None,
) -> np.ndarray:
    r"""Run :math:`x_{t+1}=x_t-H(x_t)^{-1}\nabla f(x_t)` and return every iterate.

    Each step jumps to the critical point of the local second-order Taylor model, so on a
    positive definite quadratic one step lands exactly on the minimum, whatever the
    conditioning. Near a saddle point it is attracted to the saddle, since it only looks for
    a zero gradient (Goodfellow et al., §4.3.1, §8.2.3).

    Parameters
    ----------
    grad, hessian : callable
        :math:`x\mapsto\nabla f(x)` (n,) and :math:`x\mapsto H(x)` (n, n).
    x0 : array_like, shape (n,)
    num_steps : int
    tol : float, optional
        Stop when the gradient norm falls below it.

    Returns
    -------
    numpy.ndarray
        The path, shape ``(k + 1, n)``; row 0 is ``x0``.

    Shape
    -----
    ``x0``: (n,); ``hessian(x)``: (n, n) → path (k + 1, n).

    Examples
    --------
    >>> A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, 1.0])
    >>> path = newton_method(lambda x: A @ x - b, lambda x: A, np.zeros(2))
    >>> np.allclose(A @ path[-1], b)
    True
    """
    owner = "newton_method"
    if not callable(grad) or not callable(hessian):
        fail(
            owner,
            "grad and hessian to be callable",
            (type(grad).__name__, type(hessian).__name__),
            TypeError,
        )
    x = np.array(as_float_array(owner, x0, "x0"), copy=True)
    if x.ndim != 1:
        fail(owner, "x0 of shape (n,)", x.shape)
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    path = [x.copy()]
    for _ in range(num_steps):
        g = np.asarray(grad(x))
        if tol is not None and np.linalg.norm(g) < tol:
            break
        H = np.asarray(hessian(x))
        if H.shape != (x.size, x.size):
            fail(owner, f"a ({x.size}, {x.size}) Hessian", H.shape)
        # Solve H d = g rather than forming H^{-1}: cheaper and more accurate.
        x = x - np.linalg.solve(H, g)
        path.append(x.copy())
    return np.stack(path)
