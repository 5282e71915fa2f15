r"""Exact coordinate descent on a quadratic (Gauss–Seidel sweeps).

Coordinate descent minimises over one variable at a time, the others held fixed. On
:math:`f(x) = \tfrac12x^\top Ax - b^\top x` the minimum along coordinate :math:`i` is

.. math:: x_i \leftarrow \frac{b_i - \sum_{j\ne i}A_{ij}x_j}{A_{ii}},

and one sweep over all coordinates is a Gauss–Seidel iteration for :math:`Ax = b`. It is fast
when the coordinates are nearly independent (:math:`A` close to diagonal) and slow when one
variable strongly influences the best value of another: for
:math:`f(x) = (x_1-x_2)^2 + \alpha(x_1^2+x_2^2)` every sweep shrinks the error only by the
factor :math:`1/(1+\alpha)^2`, while Newton's method solves it in one step.

Goodfellow et al., §8.7.2.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, fail
from dlnotes.numerics.quadratic import Quadratic

__all__ = ["coordinate_descent", "coupled_quadratic"]


def coupled_quadratic(alpha: float) -> Quadratic:
    r"""The book's example :math:`f(x) = (x_1-x_2)^2 + \alpha(x_1^2+x_2^2)`, minimum at 0.

    As a :class:`Quadratic`, :math:`A = \begin{pmatrix}2+2\alpha & -2\\-2 & 2+2\alpha
    \end{pmatrix}`, :math:`b = 0`.

    Parameters
    ----------
    alpha : float
        :math:`\alpha > 0` (small: strongly coupled coordinates).

    Returns
    -------
    Quadratic

    Notes
    -----
    Goodfellow et al., §8.7.2.

    Examples
    --------
    >>> f = coupled_quadratic(0.5)
    >>> float(f(np.array([1.0, 2.0])))
    3.5
    """
    if not (isinstance(alpha, (int, float, np.floating)) and alpha > 0):
        fail("coupled_quadratic", "alpha > 0", alpha)
    a = float(alpha)
    return Quadratic(np.array([[2 + 2 * a, -2.0], [-2.0, 2 + 2 * a]]))


def coordinate_descent(quadratic: Quadratic, x0: Any, num_sweeps: int) -> np.ndarray:
    r"""Run ``num_sweeps`` sweeps of exact coordinate minimisation; return every iterate.

    Parameters
    ----------
    quadratic : Quadratic
        With positive diagonal :math:`A_{ii}` (true when :math:`A` is positive definite).
    x0 : array_like, shape (n,)
    num_sweeps : int

    Returns
    -------
    numpy.ndarray, shape (num_sweeps * n + 1, n)
        The start, then the point after each single-coordinate update, so the path is the
        staircase of axis-parallel moves.

    Notes
    -----
    Goodfellow et al., §8.7.2.

    Examples
    --------
    A diagonal Hessian decouples the coordinates: one sweep reaches the minimum.

    >>> q = Quadratic(np.diag([1.0, 10.0]), np.array([1.0, 10.0]))
    >>> coordinate_descent(q, [0.0, 0.0], 1)[-1]
    array([1., 1.])
    """
    owner = "coordinate_descent"
    if not isinstance(quadratic, Quadratic):
        fail(owner, "a dlnotes.numerics.Quadratic", type(quadratic).__name__, TypeError)
    A, b = quadratic.A, quadratic.b
    if np.any(np.diag(A) <= 0):
        fail(owner, "a positive diagonal of A", np.diag(A))
    x = np.array(as_float_array(owner, x0, "x0"), dtype=A.dtype, copy=True)
    if x.shape != (quadratic.dim,):
        fail(owner, f"x0 of shape ({quadratic.dim},)", x.shape)
    num_sweeps = check_positive_int(owner, "num_sweeps", num_sweeps)
    path = [x.copy()]
    for _ in range(num_sweeps):
        for i in range(quadratic.dim):
            # A_ii x_i + sum_{j != i} A_ij x_j = b_i, solved for x_i
            x[i] = (b[i] - A[i] @ x + A[i, i] * x[i]) / A[i, i]
            path.append(x.copy())
    return np.stack(path)
