"""A convolution written out as the dense matrix it is: Toeplitz in 1-D, block Toeplitz in 2-D.

A convolution is linear in its input, so for a fixed kernel and input size there is a matrix
``M`` with ``conv(x).ravel() == M @ x.ravel()``. Row ``(f, a)`` of ``M`` holds the kernel
taps ``w[f, c, i]`` in the columns ``(c, s*a + i - p)`` of the input positions they multiply
(taps that fall into the zero padding multiply nothing and are dropped). In 1-D with one
channel and stride 1 every row is the previous one shifted right by one place: a *Toeplitz*
matrix, constant along its diagonals. In 2-D the matrix is made of Toeplitz blocks arranged
in a Toeplitz pattern (*doubly block Toeplitz*; with circular instead of zero padding the
blocks and their arrangement become circulant, Goodfellow et al., §9.1).

The backward pass of ``y = M x`` is ``dx = M.T @ dy``: the input gradient of a convolution is
the transposed matrix applied to the upstream gradient, which is what
:func:`~dlnotes.nn.functional.conv2d_backward` and
:func:`~dlnotes.nn.functional.conv_transpose2d` compute without ever forming ``M``.
These builders exist to show and test that identity; ``M`` has ``C_out*L_out x C_in*L``
entries, almost all zero, so no kernel uses it. Goodfellow et al., §9.1 and §9.5.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_pair, fail
from dlnotes.nn.functional.im2col import conv_output_size

__all__ = ["conv1d_matrix", "conv2d_matrix"]


def conv1d_matrix(weight: np.ndarray, length: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    r"""The matrix ``M`` of :func:`~dlnotes.nn.functional.conv1d` for signals of ``length``.

    .. math:: M_{(f,a),(c,t)} = w_{f,c,\,t - s a + p} \quad (0 \le t - s a + p < k),
              \text{ else } 0

    so that ``conv1d(x, weight, None, stride, padding)[n].ravel() == M @ x[n].ravel()``.
    Goodfellow et al., §9.1.

    Parameters
    ----------
    weight : numpy.ndarray
        Filters, as for ``conv1d``.
    length : int
        Length ``L`` of the input signals.
    stride, padding : int
        As for ``conv1d``.

    Returns
    -------
    numpy.ndarray
        Dense matrix in ``weight``'s dtype.

    Shape
    -----
    - weight: ``(C_out, C_in, k)``
    - output: ``(C_out * L_out, C_in * L)``, rows ``(f, a)`` and columns ``(c, t)`` in C order

    Examples
    --------
    >>> conv1d_matrix(np.array([[[1.0, 2.0, 3.0]]]), 5)
    array([[1., 2., 3., 0., 0.],
           [0., 1., 2., 3., 0.],
           [0., 0., 1., 2., 3.]])
    """
    weight = as_float_array("conv1d_matrix", weight, "weight")
    if weight.ndim != 3:
        fail("conv1d_matrix", "weight of shape (C_out, C_in, k)", tuple(weight.shape))
    # A signal of length L is a 1 x L image: the same matrix, rows (f, 0, a), columns (c, 0, t).
    return conv2d_matrix(weight[:, :, None, :], (1, length), (1, stride), (0, padding))


def conv2d_matrix(
    weight: np.ndarray, input_size: Any, stride: Any = 1, padding: Any = 0
) -> np.ndarray:
    r"""The matrix ``M`` of :func:`~dlnotes.nn.functional.conv2d` for ``H x W`` inputs.

    .. math:: M_{(f,a,b),(c,\,s_h a + i - p_h,\,s_w b + j - p_w)} = w_{f,c,i,j}

    for every tap whose input position lies inside the image (the rest of ``M`` is zero), so
    ``conv2d(x, weight, None, stride, padding)[n].ravel() == M @ x[n].ravel()`` and the input
    gradient for an upstream gradient ``g`` is ``M.T @ g[n].ravel()``. Goodfellow et al., §9.1
    (the doubly block circulant matrix) and §9.5 (its transpose in the backward pass).

    Parameters
    ----------
    weight : numpy.ndarray
        Filters, as for ``conv2d``.
    input_size : int or pair of ints
        ``(H, W)`` of the inputs.
    stride, padding : int or pair of ints
        As for ``conv2d``.

    Returns
    -------
    numpy.ndarray
        Dense matrix in ``weight``'s dtype.

    Shape
    -----
    - weight: ``(C_out, C_in, kH, kW)``
    - output: ``(C_out * H_out * W_out, C_in * H * W)``, rows ``(f, a, b)``, columns ``(c, h, w)``

    Examples
    --------
    >>> m = conv2d_matrix(np.ones((1, 1, 2, 2)), 3)
    >>> m.shape, m.sum(axis=1).tolist()
    ((4, 9), [4.0, 4.0, 4.0, 4.0])
    """
    owner = "conv2d_matrix"
    weight = as_float_array(owner, weight, "weight")
    if weight.ndim != 4:
        fail(owner, "weight of shape (C_out, C_in, kH, kW)", tuple(weight.shape))
    h, w = check_pair(owner, "input_size", input_size)
    sh, sw = check_pair(owner, "stride", stride)
    ph, pw = check_pair(owner, "padding", padding, allow_zero=True)
    f, c, kh, kw = weight.shape
    if kh > h + 2 * ph or kw > w + 2 * pw:
        fail(owner, f"kernel ({kh}, {kw}) no larger than the padded input", (h, w))
    ho, wo = conv_output_size(h, kh, sh, ph), conv_output_size(w, kw, sw, pw)
    matrix = np.zeros((f, ho, wo, c, h, w), dtype=weight.dtype)
    for i in range(kh):
        for j in range(kw):
            rows = sh * np.arange(ho) + i - ph  # input row seen by tap (i, j) at output row a
            cols = sw * np.arange(wo) + j - pw
            a = np.flatnonzero((rows >= 0) & (rows < h))
            b = np.flatnonzero((cols >= 0) & (cols < w))
            # Distinct taps reach distinct input positions from one output pixel, so plain
            # assignment (no accumulation) is exact.
            aa, bb = np.meshgrid(a, b, indexing="ij")
            matrix[:, aa, bb, :, rows[aa], cols[bb]] = weight[:, :, i, j]
    return matrix.reshape(f * ho * wo, c * h * w)
