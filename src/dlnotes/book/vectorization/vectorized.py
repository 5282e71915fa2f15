r"""Vectorised implementations: whole-array operations that run the loops in compiled code.

Each function computes exactly what its loop twin in :mod:`dlnotes.book.vectorization.loops`
computes, written with matrix products, reductions along an axis and broadcasting, so that
NumPy (and the BLAS library behind ``@``) does the iteration.

Goodfellow et al., §2.1 (broadcasting) and §2.2 (matrix products).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.book.vectorization._checks import dense_args, matrix, same_width

__all__ = ["pairwise_sq_distances", "dense_forward", "softmax_rows"]


def pairwise_sq_distances(X: Any, Y: Any) -> np.ndarray:
    r"""Squared distances :math:`D_{ij}=\|x_i\|^2+\|y_j\|^2-2\,x_i^\top y_j`, without loops.

    Expanding the square turns the triple loop into two row-norm reductions and one matrix
    product :math:`XY^\top`; broadcasting a column ``(N, 1)`` against a row ``(1, M)`` adds
    the norms to every entry. Rounding can make an entry that should be 0 slightly negative,
    so the result is clipped at 0.

    Parameters
    ----------
    X : array_like, shape (N, D)
    Y : array_like, shape (M, D)

    Returns
    -------
    numpy.ndarray, shape (N, M), dtype of the inputs

    Shape
    -----
    (N, D) and (M, D) to (N, M).

    Notes
    -----
    The expansion loses relative accuracy for points much closer to each other than to the
    origin (cancellation between large terms); centring the data first helps.
    Goodfellow et al., §2.5.

    Examples
    --------
    >>> pairwise_sq_distances([[0.0, 0.0], [1.0, 1.0]], [[3.0, 4.0]])
    array([[25.],
           [13.]])
    """
    owner = "pairwise_sq_distances"
    X, Y = matrix(owner, X, "X"), matrix(owner, Y, "Y")
    same_width(owner, X, Y)
    x_sq = np.sum(X * X, axis=1, keepdims=True)  # (N, 1): a column
    y_sq = np.sum(Y * Y, axis=1)  # (M,): broadcast as a row
    distances = x_sq + y_sq - 2 * (X @ Y.T)
    return np.maximum(distances, 0, out=distances)


def dense_forward(X: Any, weight: Any, bias: Any) -> np.ndarray:
    r"""A dense layer :math:`Y=XW^\top+b` as one matrix product and a broadcast add.

    Parameters
    ----------
    X : array_like, shape (N, in_features)
    weight : array_like, shape (out_features, in_features)
        PyTorch's layout.
    bias : array_like, shape (out_features,)
        Broadcast over the N rows.

    Returns
    -------
    numpy.ndarray, shape (N, out_features)

    Shape
    -----
    (N, in) to (N, out).

    Notes
    -----
    Goodfellow et al., §2.2 and §6.1.

    Examples
    --------
    >>> dense_forward([[1.0, 2.0]], [[1.0, 0.0], [1.0, 1.0]], [0.5, -1.0])
    array([[1.5, 2. ]])
    """
    X, weight, bias = dense_args("dense_forward", X, weight, bias)
    return X @ weight.T + bias


def softmax_rows(Z: Any) -> np.ndarray:
    r"""Row-wise softmax :math:`S_{ij}=e^{Z_{ij}-m_i}/\sum_k e^{Z_{ik}-m_i}`, vectorised.

    ``keepdims=True`` keeps the row maxima and row sums as ``(N, 1)`` columns, so they
    broadcast against the ``(N, C)`` scores row by row; without it the ``(N,)`` vector would be
    matched against the columns instead (or fail).

    Parameters
    ----------
    Z : array_like, shape (N, C)

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Shape
    -----
    (N, C) to (N, C).

    Notes
    -----
    Goodfellow et al., §4.1 and §6.2.2.3.

    Examples
    --------
    >>> softmax_rows([[0.0, 0.0], [1000.0, 1000.0]])
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    Z = matrix("softmax_rows", Z, "Z")
    exp = np.exp(Z - Z.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)
