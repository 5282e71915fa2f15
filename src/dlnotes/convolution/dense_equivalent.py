r"""Efficiency of convolution: an edge detector as a two-element kernel and as a dense matrix.

Subtracting from every pixel its left neighbour, :math:`s_{i,j} = x_{i,j+1} - x_{i,j}`,
highlights vertical edges. As a cross-correlation it is the kernel ``[[-1, 1]]`` (the
convolution kernel ``[1, -1]`` flipped, §9.1); as a matrix it is the
``H (W-1) x H W`` matrix of :func:`~dlnotes.convolution.valid_correlation_matrix`, with two
non-zero entries per row. Both give the same output; the kernel stores 2 numbers and needs 3
floating-point operations per output pixel (two multiplications and an addition, counted as
in Goodfellow et al., §9.2), the dense matrix stores ``H W`` numbers per output and needs
``2 H W - 1`` operations for each.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_pair
from dlnotes.convolution._images import as_image, correlate_valid
from dlnotes.convolution.circulant import valid_correlation_matrix

__all__ = [
    "EDGE_KERNEL",
    "edge_detect",
    "edge_matrix",
    "edge_detect_dense",
    "EdgeCosts",
    "edge_costs",
]

#: Cross-correlation weights of "pixel minus its left neighbour".
EDGE_KERNEL = np.array([[-1.0, 1.0]])


def edge_detect(image: Any) -> np.ndarray:
    """``image[:, 1:] - image[:, :-1]`` computed as a valid correlation with ``EDGE_KERNEL``.

    Goodfellow et al., §9.2.

    Shape
    -----
    - image: ``(H, W)`` → ``(H, W - 1)``

    Examples
    --------
    >>> edge_detect([[1.0, 4.0, 9.0]])
    array([[3., 5.]])
    """
    x = as_image("edge_detect", image)
    return correlate_valid(x, EDGE_KERNEL.astype(x.dtype), owner="edge_detect")


def edge_matrix(image_shape: Any) -> np.ndarray:
    """The dense matrix of :func:`edge_detect` for ``H x W`` images (row-major flattening).

    Shape
    -----
    - result: ``(H * (W - 1), H * W)``
    """
    return valid_correlation_matrix(
        EDGE_KERNEL, check_pair("edge_matrix", "image_shape", image_shape)
    )


def edge_detect_dense(image: Any, matrix: np.ndarray) -> np.ndarray:
    """:func:`edge_detect` as the product of :func:`edge_matrix` with the flattened image.

    Shape
    -----
    - image: ``(H, W)``; matrix: ``(H * (W - 1), H * W)`` → ``(H, W - 1)``
    """
    x = as_image("edge_detect_dense", image)
    return (matrix @ x.ravel()).reshape(x.shape[0], x.shape[1] - 1)


class EdgeCosts(NamedTuple):
    """Storage and floating-point operations of the edge detector, kernel against matrix."""

    kernel_parameters: int  #: numbers the convolution stores (2)
    dense_parameters: int  #: entries of the dense matrix, ``H (W-1) * H W``
    dense_nonzeros: int  #: of which non-zero, ``2 H (W-1)``
    kernel_flops: int  #: ``3 H (W-1)``: two multiplications and one addition per output
    dense_flops: int  #: ``(2 H W - 1) H (W-1)``: a dot product of length ``H W`` per output


def edge_costs(image_shape: Any) -> EdgeCosts:
    """Exact counts for :func:`edge_detect` against :func:`edge_detect_dense` on ``H x W``.

    Goodfellow et al., §9.2 (the book's 320 x 280 example).

    Examples
    --------
    >>> edge_costs((280, 320)).kernel_flops
    267960
    """
    h, w = check_pair("edge_costs", "image_shape", image_shape)
    outputs, inputs = h * (w - 1), h * w
    return EdgeCosts(2, outputs * inputs, 2 * outputs, 3 * outputs, (2 * inputs - 1) * outputs)
