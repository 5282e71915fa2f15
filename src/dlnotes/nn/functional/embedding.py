"""Embedding lookup, forward and backward.

A lookup ``weight[indices]`` is the product of a one-hot matrix with ``weight``; its gradient
scatters each output gradient row back onto the row it was read from, adding up repeated
indices.

Goodfellow et al., §12.4.2 (word embeddings in neural language models).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail

__all__ = ["EmbeddingCache", "embedding_forward", "embedding_backward", "embedding"]


class EmbeddingCache(NamedTuple):
    """What :func:`embedding_backward` needs: the indices and the weight's shape and dtype."""

    indices: np.ndarray
    weight_shape: tuple[int, ...]
    dtype: np.dtype


def embedding_forward(
    indices: np.ndarray, weight: np.ndarray, *, owner: str = "embedding"
) -> tuple[np.ndarray, EmbeddingCache]:
    """Rows of ``weight`` selected by integer ``indices``.

    Parameters
    ----------
    indices : numpy.ndarray
        Integers in ``[0, num_embeddings)``, any shape ``(*)``.
    weight : numpy.ndarray
        ``(num_embeddings, embedding_dim)``.
    owner : str
        Name used in error messages (the public class that calls the kernel).

    Returns
    -------
    out : numpy.ndarray
        ``(*, embedding_dim)``, dtype of ``weight``.
    cache : EmbeddingCache
        For :func:`embedding_backward`.

    Shape
    -----
    Indices ``(*)``, output ``(*, embedding_dim)``.

    Examples
    --------
    >>> embedding_forward(np.array([2, 0]), np.arange(6.0).reshape(3, 2))[0]
    array([[4., 5.],
           [0., 1.]])
    """
    weight = as_float_array(owner, weight, "weight")
    check_ndim(owner, weight, 2, "weight of shape (num_embeddings, embedding_dim)")
    idx = np.asarray(indices)
    if idx.dtype.kind not in "iu":
        fail(owner, "input of integer indices", f"dtype {idx.dtype}", TypeError)
    n = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        fail(owner, f"indices in [0, {n - 1}]", f"values in [{idx.min()}, {idx.max()}]")
    return weight[idx], EmbeddingCache(idx, weight.shape, weight.dtype)


def embedding_backward(
    grad_output: np.ndarray, cache: EmbeddingCache, *, owner: str = "embedding_backward"
) -> np.ndarray:
    """Gradient with respect to ``weight``: output-gradient rows added onto the looked-up rows.

    Shape
    -----
    ``grad_output`` is ``(*, embedding_dim)`` for indices ``(*)``; the result has the
    weight's shape ``(num_embeddings, embedding_dim)``.

    Examples
    --------
    >>> _, cache = embedding_forward(np.array([1, 1]), np.zeros((2, 2)))
    >>> embedding_backward(np.ones((2, 2)), cache)
    array([[0., 0.],
           [2., 2.]])
    """
    idx, shape, dtype = cache
    expected = (*idx.shape, shape[1])
    if np.shape(grad_output) != expected:
        fail(owner, f"grad_output of shape {expected}", np.shape(grad_output))
    dweight = np.zeros(shape, dtype=dtype)
    # add.at accumulates repeated indices (plain fancy-index assignment would keep only one).
    np.add.at(dweight, idx.reshape(-1), np.reshape(grad_output, (-1, shape[1])))
    return dweight


def embedding(indices: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """One-way embedding lookup.

    Shape
    -----
    Indices ``(*)``, output ``(*, embedding_dim)``.

    Examples
    --------
    >>> embedding(np.array([1]), np.eye(2))
    array([[0., 1.]])
    """
    return embedding_forward(indices, weight)[0]
