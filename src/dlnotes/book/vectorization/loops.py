r"""Reference implementations written with explicit Python loops over every index.

These are the programs a reader would write from the formulas alone, one scalar operation at
a time. They are correct (the tests compare them with the vectorised versions in
:mod:`dlnotes.book.vectorization.vectorized`) but slow: every iteration runs the Python
interpreter, boxes a NumPy scalar and dispatches a generic operation, where a vectorised call
hands the whole loop to compiled code. They exist to be timed against.

Goodfellow et al., §2.1 (tensors) and §2.2 (matrix products).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlnotes.book.vectorization._checks import dense_args, matrix, same_width

__all__ = [
    "pairwise_sq_distances_loop",
    "pairwise_sq_distances_row_loop",
    "dense_forward_loop",
    "softmax_rows_loop",
]


def pairwise_sq_distances_loop(X: Any, Y: Any) -> np.ndarray:
    r"""Squared distances :math:`D_{ij}=\sum_k (X_{ik}-Y_{jk})^2` with three nested loops.

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
    Goodfellow et al., §2.5 (the squared :math:`L^2` norm).

    Examples
    --------
    >>> pairwise_sq_distances_loop([[0.0, 0.0], [1.0, 1.0]], [[3.0, 4.0]])
    array([[25.],
           [13.]])
    """
    owner = "pairwise_sq_distances_loop"
    X, Y = matrix(owner, X, "X"), matrix(owner, Y, "Y")
    same_width(owner, X, Y)
    out = np.empty((X.shape[0], Y.shape[0]), dtype=np.result_type(X, Y))
    for i in range(X.shape[0]):
        for j in range(Y.shape[0]):
            total = 0.0
            for k in range(X.shape[1]):
                diff = X[i, k] - Y[j, k]
                total += diff * diff
            out[i, j] = total
    return out


def pairwise_sq_distances_row_loop(X: Any, Y: Any) -> np.ndarray:
    r"""Squared distances with one loop over the rows of ``X``, vectorised over ``Y``.

    Row :math:`i` is ``((X[i] - Y) ** 2).sum(axis=1)``: broadcasting subtracts the point
    :math:`x_i` (shape ``(D,)``) from every row of ``Y`` (shape ``(M, D)``) at once. The
    half-way house between :func:`pairwise_sq_distances_loop` and the fully vectorised
    :func:`dlnotes.book.vectorization.pairwise_sq_distances`.

    Parameters
    ----------
    X : array_like, shape (N, D)
    Y : array_like, shape (M, D)

    Returns
    -------
    numpy.ndarray, shape (N, M)

    Shape
    -----
    (N, D) and (M, D) to (N, M).

    Notes
    -----
    Goodfellow et al., §2.1 (broadcasting).

    Examples
    --------
    >>> pairwise_sq_distances_row_loop([[0.0, 0.0], [1.0, 1.0]], [[3.0, 4.0]])
    array([[25.],
           [13.]])
    """
    owner = "pairwise_sq_distances_row_loop"
    X, Y = matrix(owner, X, "X"), matrix(owner, Y, "Y")
    same_width(owner, X, Y)
    out = np.empty((X.shape[0], Y.shape[0]), dtype=np.result_type(X, Y))
    for i in range(X.shape[0]):
        out[i] = ((X[i] - Y) ** 2).sum(axis=1)
    return out


def dense_forward_loop(X: Any, weight: Any, bias: Any) -> np.ndarray:
    r"""A dense layer :math:`Y_{no}=b_o+\sum_i X_{ni}W_{oi}` with three nested loops.

    ``weight`` has PyTorch's layout (out_features, in_features).

    Parameters
    ----------
    X : array_like, shape (N, in_features)
    weight : array_like, shape (out_features, in_features)
    bias : array_like, shape (out_features,)

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
    >>> dense_forward_loop([[1.0, 2.0]], [[1.0, 0.0], [1.0, 1.0]], [0.5, -1.0])
    array([[1.5, 2. ]])
    """
    X, weight, bias = dense_args("dense_forward_loop", X, weight, bias)
    out = np.empty((X.shape[0], weight.shape[0]), dtype=X.dtype)
    for n in range(X.shape[0]):
        for o in range(weight.shape[0]):
            total = bias[o]
            for i in range(X.shape[1]):
                total += X[n, i] * weight[o, i]
            out[n, o] = total
    return out


def softmax_rows_loop(Z: Any) -> np.ndarray:
    r"""Row-wise softmax :math:`S_{ij}=e^{Z_{ij}-m_i}/\sum_k e^{Z_{ik}-m_i}` with loops.

    :math:`m_i=\max_k Z_{ik}` is subtracted first so no exponential overflows (§4.1).

    Parameters
    ----------
    Z : array_like, shape (N, C)
        Scores, one row per example.

    Returns
    -------
    numpy.ndarray, shape (N, C)
        Each row is non-negative and sums to 1.

    Shape
    -----
    (N, C) to (N, C).

    Notes
    -----
    Goodfellow et al., §4.1 and §6.2.2.3.

    Examples
    --------
    >>> softmax_rows_loop([[0.0, 0.0], [1000.0, 1000.0]])
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    Z = matrix("softmax_rows_loop", Z, "Z")
    out = np.empty_like(Z)
    for i in range(Z.shape[0]):
        row_max = Z[i, 0]
        for j in range(1, Z.shape[1]):
            row_max = max(row_max, Z[i, j])
        total = 0.0
        for j in range(Z.shape[1]):
            out[i, j] = math.exp(Z[i, j] - row_max)
            total += out[i, j]
        for j in range(Z.shape[1]):
            out[i, j] /= total
    return out
