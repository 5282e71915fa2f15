r"""Polynomial features :math:`(1, x, \dots, x^d)` for linear models (Goodfellow et al., §5.2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_nonnegative_int, fail

__all__ = ["polynomial_features"]


def polynomial_features(x: Any, degree: int) -> np.ndarray:
    r"""Design matrix :math:`\Phi_{ij}=x_i^{\,j}` for :math:`j=0,\dots,d`.

    Raising the degree :math:`d` raises the capacity of the linear model
    :math:`\hat y=\boldsymbol w^\top\phi(x)` while keeping it linear in the parameters, so it is
    still fitted by the normal equations (Goodfellow et al., §5.2). Keep :math:`x` roughly in
    :math:`[-1, 1]` so high powers stay well conditioned.

    Parameters
    ----------
    x : array_like, shape (N,)
    degree : int
        :math:`d \ge 0`.

    Returns
    -------
    numpy.ndarray, shape (N, degree + 1)

    Shape
    -----
    ``x``: (N,) → (N, degree + 1); dtype preserved.

    Examples
    --------
    >>> polynomial_features(np.array([2.0, 3.0]), 2)
    array([[1., 2., 4.],
           [1., 3., 9.]])
    """
    x = as_float_array("polynomial_features", x, "x")
    if x.ndim != 1:
        fail("polynomial_features", "x of shape (N,)", x.shape)
    degree = check_nonnegative_int("polynomial_features", "degree", degree)
    return x[:, None] ** np.arange(degree + 1, dtype=x.dtype)
