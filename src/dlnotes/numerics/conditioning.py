r"""Condition numbers: how much a matrix amplifies relative errors (Goodfellow et al., §4.2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["condition_number"]


def condition_number(A: Any) -> float:
    r"""Condition number :math:`\kappa(A)=\max_{i,j}|\lambda_i/\lambda_j|` of a square matrix.

    The ratio of the largest to the smallest eigenvalue magnitude, the book's definition for
    a matrix with an eigendecomposition. When :math:`\kappa` is large, solving
    :math:`Ax=b` (multiplying by :math:`A^{-1}`) turns a relative error of :math:`\epsilon` in
    :math:`b` into one of up to :math:`\kappa\epsilon` in :math:`x`. A singular matrix gives
    ``inf``.

    For a symmetric positive definite Hessian, :math:`\kappa` also measures how elongated the
    contours of the quadratic are, which is what slows gradient descent (§4.3).

    Parameters
    ----------
    A : array_like, shape (n, n)

    Returns
    -------
    float
        :math:`\kappa(A)` (``inf`` for a singular matrix).

    Shape
    -----
    ``A``: (n, n).

    References
    ----------
    Goodfellow et al., §4.2.

    Examples
    --------
    >>> condition_number(np.diag([1.0, 10.0]))
    10.0
    """
    A = as_float_array("condition_number", A, "A")
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        fail("condition_number", "a square matrix", A.shape)
    lam = np.abs(np.linalg.eigvals(A))
    if lam.min() == 0:
        return float("inf")
    return float(lam.max() / lam.min())
