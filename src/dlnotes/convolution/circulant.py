r"""Convolution as a matrix product: the doubly block-circulant and doubly block-Toeplitz matrices.

A discrete convolution is linear in its input, so it is multiplication by a matrix whose
entries are copies of the kernel (Goodfellow et al., §9.1). Flatten an ``H x W`` image row by
row into ``x``. Then:

- With **circular padding** (the image wraps around like a torus), output pixel ``(a, b)``
  reads input pixel ``((a + i - t) mod H, (b + j - l) mod W)`` with weight ``K[i, j]``. The
  matrix is made of ``H x H`` blocks of size ``W x W``; block ``(a, a')`` depends only on
  ``(a' - a) mod H`` and is itself circulant: a *doubly block-circulant* matrix.
- For a **valid** convolution (no padding) the output is smaller, ``(H - kH + 1) x
  (W - kW + 1)``, and the matrix is *doubly block-Toeplitz* (constant along block diagonals,
  each block constant along its diagonals), without the wrap-around.

Each row holds only ``kH * kW`` non-zero entries (sparse interactions, §9.2) and every row
holds the same numbers (parameter sharing). The transpose of the valid matrix is the
transposed convolution that back-propagates through the layer (§9.5).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_pair
from dlnotes.convolution._images import as_image, as_kernel, correlate_valid

__all__ = ["circular_correlate2d", "circulant_matrix", "valid_correlation_matrix"]


def _anchor(kernel_shape: tuple[int, ...]) -> tuple[int, int]:
    """Top and left offsets of the output pixel inside the kernel (the centre for odd sides)."""
    return (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2


def circular_correlate2d(image: Any, kernel: Any) -> np.ndarray:
    r"""Cross-correlation with circular padding: the output has the input's size.

    .. math:: s_{a,b} = \sum_{i,j} K_{i,j}\, x_{(a+i-t) \bmod H,\ (b+j-l) \bmod W}

    with ``t = (kH - 1) // 2`` and ``l = (kW - 1) // 2`` (the kernel's centre for odd sides).
    The image is wrapped around by ``numpy.pad(mode="wrap")`` and the valid correlation is
    computed by :func:`dlnotes.nn.functional.conv2d`. Because every pixel has a full
    neighbourhood, a circular shift of the input shifts the output by exactly the same amount
    (Goodfellow et al., §9.2, equivariance).

    Parameters
    ----------
    image : array_like
        Grey-scale image.
    kernel : array_like
        The cross-correlation weights, no larger than the image.

    Returns
    -------
    numpy.ndarray
        The correlation, in the common floating type of the arguments.

    Shape
    -----
    - image: ``(H, W)``; kernel: ``(kH, kW)`` → ``(H, W)``

    Examples
    --------
    >>> circular_correlate2d(np.eye(3), [[0.0, 0.0, 1.0]])  # right neighbour, wrapping
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 1., 0.]])
    """
    owner = "circular_correlate2d"
    x = as_image(owner, image)
    k = as_kernel(owner, kernel, x)
    top, left = _anchor(k.shape)
    pads = ((top, k.shape[0] - 1 - top), (left, k.shape[1] - 1 - left))
    return correlate_valid(np.pad(x, pads, mode="wrap"), k, owner=owner)


def circulant_matrix(kernel: Any, image_shape: Any) -> np.ndarray:
    r"""The doubly block-circulant matrix of :func:`circular_correlate2d` with ``kernel``.

    ``circulant_matrix(K, (H, W)) @ x.ravel()`` equals ``circular_correlate2d(x, K).ravel()``
    for every ``H x W`` image ``x``. Row ``a W + b`` has the kernel entry ``K[i, j]`` in
    column ``((a + i - t) mod H) W + (b + j - l) mod W``. As the kernel is no larger than the
    image, distinct kernel entries land in distinct columns, so every row holds each kernel
    entry exactly once. Goodfellow et al., §9.1.

    Parameters
    ----------
    kernel : array_like
        The cross-correlation weights.
    image_shape : int or pair of ints
        ``(H, W)``, at least the kernel's size.

    Returns
    -------
    numpy.ndarray
        Dense matrix of the kernel's dtype (float64 for integer kernels).

    Shape
    -----
    - kernel: ``(kH, kW)`` → ``(H * W, H * W)``

    Examples
    --------
    >>> M = circulant_matrix([[1.0, 2.0]], (1, 3))
    >>> M
    array([[1., 2., 0.],
           [0., 1., 2.],
           [2., 0., 1.]])
    """
    owner = "circulant_matrix"
    h, w = check_pair(owner, "image_shape", image_shape)
    k = as_kernel(owner, kernel, np.empty((h, w)))
    top, left = _anchor(k.shape)
    a, b, i, j = np.ix_(np.arange(h), np.arange(w), np.arange(k.shape[0]), np.arange(k.shape[1]))
    rows = np.broadcast_to(a * w + b, (h, w, *k.shape))
    cols = ((a + i - top) % h) * w + (b + j - left) % w
    matrix = np.zeros((h * w, h * w), dtype=k.dtype)
    np.add.at(matrix, (rows.ravel(), cols.ravel()), np.broadcast_to(k, (h, w, *k.shape)).ravel())
    return matrix


def valid_correlation_matrix(kernel: Any, image_shape: Any) -> np.ndarray:
    r"""The doubly block-Toeplitz matrix of a valid (unpadded) cross-correlation.

    ``valid_correlation_matrix(K, (H, W)) @ x.ravel()`` equals the valid correlation of
    ``x`` with ``K`` (``dlnotes.nn.Conv2d`` without padding and bias) flattened row by row;
    its transpose applied to an output gradient is the input gradient, a transposed
    convolution (Goodfellow et al., §9.1 and §9.5).

    Parameters
    ----------
    kernel : array_like
        The cross-correlation weights.
    image_shape : int or pair of ints
        ``(H, W)``, at least the kernel's size.

    Returns
    -------
    numpy.ndarray
        Dense matrix with ``kH * kW`` non-zero entries (at most) per row.

    Shape
    -----
    - kernel: ``(kH, kW)`` → ``(H_out * W_out, H * W)`` with ``H_out = H - kH + 1``,
      ``W_out = W - kW + 1``

    Examples
    --------
    >>> valid_correlation_matrix([[1.0, -1.0]], (1, 3))
    array([[ 1., -1.,  0.],
           [ 0.,  1., -1.]])
    """
    owner = "valid_correlation_matrix"
    h, w = check_pair(owner, "image_shape", image_shape)
    k = as_kernel(owner, as_float_array(owner, kernel, "kernel"), np.empty((h, w)))
    ho, wo = h - k.shape[0] + 1, w - k.shape[1] + 1
    a, b, i, j = np.ix_(np.arange(ho), np.arange(wo), np.arange(k.shape[0]), np.arange(k.shape[1]))
    rows = np.broadcast_to(a * wo + b, (ho, wo, *k.shape))
    cols = (a + i) * w + (b + j)
    matrix = np.zeros((ho * wo, h * w), dtype=k.dtype)
    matrix[rows.ravel(), cols.ravel()] = np.broadcast_to(k, (ho, wo, *k.shape)).ravel()
    return matrix
