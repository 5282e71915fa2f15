r"""Linear least squares three ways (Goodfellow et al., §4.5).

Minimise :math:`f(x)=\tfrac12\|Ax-b\|_2^2`, with gradient :math:`\nabla f=A^\top(Ax-b)` and
constant Hessian :math:`A^\top A`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, fail
from dlnotes.numerics.gradient_descent import gradient_descent
from dlnotes.numerics.newton import newton_method

__all__ = [
    "least_squares_loss",
    "least_squares_gradient_descent",
    "least_squares_newton",
    "least_squares_pinv",
]


def _system(owner: str, A: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    A = as_float_array(owner, A, "A")
    b = as_float_array(owner, b, "b")
    if A.ndim != 2 or b.shape != (A.shape[0],):
        fail(owner, "A of shape (m, n) and b of shape (m,)", f"{A.shape} and {b.shape}")
    return A, b


def least_squares_loss(A: Any, b: Any, x: Any) -> np.ndarray:
    r""":math:`\tfrac12\|Ax-b\|^2` for ``x`` of shape (n,) or a batch (..., n).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    x : array_like, shape (..., n)

    Returns
    -------
    numpy.ndarray
        The loss for each point.

    Shape
    -----
    ``A``: (m, n), ``b``: (m,), ``x``: (..., n) → (...).

    References
    ----------
    Goodfellow et al., §4.5.

    Examples
    --------
    >>> float(least_squares_loss(np.eye(2), np.ones(2), np.zeros(2)))
    1.0
    """
    A, b = _system("least_squares_loss", A, b)
    x = as_float_array("least_squares_loss", x, "x")
    if x.ndim == 0 or x.shape[-1] != A.shape[1]:
        fail("least_squares_loss", f"x with last dimension {A.shape[1]}", x.shape)
    r = x @ A.T - b
    return 0.5 * np.sum(r * r, axis=-1)


def least_squares_gradient_descent(
    A: Any, b: Any, num_steps: int, *, lr: float | None = None, x0: Any = None
) -> np.ndarray:
    r"""Gradient descent on :math:`\tfrac12\|Ax-b\|^2`; returns the path (k + 1, n).

    The default step :math:`1/\lambda_{\max}(A^\top A)` is safely below the divergence
    threshold :math:`2/\lambda_{\max}` (Goodfellow et al., §4.5, algorithm 4.1).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    num_steps : int
    lr : float, optional
        Step size; default :math:`1/\lambda_{\max}(A^\top A)`.
    x0 : array_like, shape (n,), optional
        Starting point (zeros by default).

    Returns
    -------
    numpy.ndarray
        The path, row 0 is ``x0``.

    Shape
    -----
    ``A``: (m, n), ``b``: (m,) → path (num_steps + 1, n).

    Examples
    --------
    >>> A, b = np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([2.0, 1.0])
    >>> np.round(least_squares_gradient_descent(A, b, 200)[-1], 6)
    array([1., 1.])
    """
    A, b = _system("least_squares_gradient_descent", A, b)
    check_positive_int("least_squares_gradient_descent", "num_steps", num_steps)
    AtA, Atb = A.T @ A, A.T @ b
    if lr is None:
        lr = 1.0 / float(np.linalg.eigvalsh(AtA)[-1])
    x0 = np.zeros(A.shape[1], A.dtype) if x0 is None else x0
    return gradient_descent(lambda x: AtA @ x - Atb, x0, lr, num_steps)


def least_squares_newton(A: Any, b: Any, *, x0: Any = None) -> np.ndarray:
    r"""One Newton step :math:`x_1=x_0-(A^\top A)^{-1}A^\top(Ax_0-b)`; returns the path (2, n).

    The objective is exactly quadratic, so this single step is the exact minimiser
    (for :math:`A` of full column rank).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)
    x0 : array_like, shape (n,), optional
        Starting point (zeros by default).

    Returns
    -------
    numpy.ndarray
        ``[x0, x1]``.

    Shape
    -----
    ``A``: (m, n), ``b``: (m,) → path (2, n).

    References
    ----------
    Goodfellow et al., §4.5.

    Examples
    --------
    >>> np.round(least_squares_newton(np.eye(2), np.array([3.0, 4.0]))[-1], 12)
    array([3., 4.])
    """
    A, b = _system("least_squares_newton", A, b)
    AtA, Atb = A.T @ A, A.T @ b
    x0 = np.zeros(A.shape[1], A.dtype) if x0 is None else x0
    return newton_method(lambda x: AtA @ x - Atb, lambda x: AtA, x0, 1)


def least_squares_pinv(A: Any, b: Any) -> np.ndarray:
    r"""The closed form :math:`x=A^+b` with the Moore–Penrose pseudoinverse (§2.9).

    Parameters
    ----------
    A : array_like, shape (m, n)
    b : array_like, shape (m,)

    Returns
    -------
    numpy.ndarray, shape (n,)

    Shape
    -----
    ``A``: (m, n), ``b``: (m,) → (n,).

    References
    ----------
    Goodfellow et al., §2.9 and §4.5.

    Examples
    --------
    >>> least_squares_pinv(np.array([[1.0], [1.0]]), np.array([0.0, 2.0]))
    array([1.])
    """
    from dlnotes.linalg import pinv

    A, b = _system("least_squares_pinv", A, b)
    return pinv(A) @ b
