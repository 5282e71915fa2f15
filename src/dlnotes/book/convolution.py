"""Slower convolutions for chapter S7: by the definition, and by fancy-indexing patch gathers.

The library's :func:`~dlnotes.nn.functional.conv2d` builds its patch matrices from strided
views in bounded blocks. The functions here are the two simpler algorithms it is compared
with (and tested against):

- :func:`conv2d_naive` follows the definition with explicit loops over images, filters and
  output pixels: obviously right, hopelessly slow.
- :func:`conv2d_indexed` gathers every patch at once with integer (fancy) indexing and
  contracts it with the filters by ``tensordot``: vectorised, but it materialises an index
  grid and a gathered array as large as the patch matrix for the whole batch, which is why the
  library uses blocked strided slices instead.
- :func:`im2col_indexed` is the same gather laid out exactly like
  :func:`~dlnotes.nn.functional.im2col` (one row per kernel entry, one column per output
  pixel), so the two ways of building the patch matrix can be compared entry by entry.

Nothing in the library calls these. Goodfellow et al., §9.1 (the definition) and §9.8
(efficient convolution algorithms).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array
from dlnotes.nn.functional.conv import check_conv_args
from dlnotes.nn.functional.im2col import conv_geometry, pad_input

__all__ = ["conv2d_naive", "conv2d_indexed", "im2col_indexed", "patch_indices"]


def conv2d_naive(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Any = 1,
    padding: Any = 0,
) -> np.ndarray:
    r"""2-D cross-correlation by the definition, one output value at a time.

    .. math:: y_{n,f,a,b} = b_f + \sum_{c,i,j} w_{f,c,i,j}\, x^\text{pad}_{n,c,s_h a+i,s_w b+j}

    Goodfellow et al., §9.1.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_out, C_in, kH, kW)`` → ``(N, C_out, H_out, W_out)``

    Examples
    --------
    >>> conv2d_naive(np.arange(9.0).reshape(1, 1, 3, 3), np.ones((1, 1, 2, 2)))[0, 0]
    array([[ 8., 12.],
           [20., 24.]])
    """
    x, weight, bias = check_conv_args("conv2d_naive", x, weight, bias, in_channels_axis=1)
    (kh, kw), (sh, sw), pads, (ho, wo) = conv_geometry(
        "conv2d_naive", x, weight.shape[2:], stride, padding
    )
    xp = pad_input(x, pads)
    n_images, n_filters = x.shape[0], weight.shape[0]
    out = np.zeros((n_images, n_filters, ho, wo), dtype=x.dtype)
    for n in range(n_images):
        for f in range(n_filters):
            for a in range(ho):
                for b in range(wo):
                    patch = xp[n, :, a * sh : a * sh + kh, b * sw : b * sw + kw]
                    out[n, f, a, b] = np.sum(patch * weight[f])
            if bias is not None:
                out[n, f] += bias[f]
    return out


def conv2d_indexed(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Any = 1,
    padding: Any = 0,
) -> np.ndarray:
    r"""2-D cross-correlation by gathering all patches with integer-array indexing.

    Row indices ``s_h a + i`` and column indices ``s_w b + j`` are built once as broadcastable
    grids (:func:`patch_indices`); ``x_pad[:, :, rows, cols]`` then has shape
    ``(N, C, kH, kW, H_out, W_out)`` and a
    ``tensordot`` over ``(C, kH, kW)`` applies every filter. Goodfellow et al., §9.8.

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_out, C_in, kH, kW)`` → ``(N, C_out, H_out, W_out)``

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(2, 3, 6, 5))
    >>> w = np.random.default_rng(1).normal(size=(4, 3, 3, 2))
    >>> bool(np.allclose(conv2d_indexed(x, w, stride=2, padding=1),
    ...                  conv2d_naive(x, w, stride=2, padding=1)))
    True
    """
    x, weight, bias = check_conv_args("conv2d_indexed", x, weight, bias, in_channels_axis=1)
    (kh, kw), (sh, sw), pads, (ho, wo) = conv_geometry(
        "conv2d_indexed", x, weight.shape[2:], stride, padding
    )
    xp = pad_input(x, pads)
    rows, cols = patch_indices((kh, kw), (sh, sw), (ho, wo))
    patches = xp[:, :, rows, cols]  # (N, C, kH, kW, H_out, W_out)
    out = np.tensordot(patches, weight, axes=([1, 2, 3], [1, 2, 3]))  # (N, H_out, W_out, F)
    if bias is not None:
        out = out + bias
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


def patch_indices(
    kernel: tuple[int, int], stride: tuple[int, int], out_size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    r"""Row and column index grids of every patch entry, ready for fancy indexing.

    ``rows[i, 0, a, 0] = s_h a + i`` and ``cols[0, j, 0, b] = s_w b + j``: the padded-input
    position that kernel entry ``(i, j)`` multiplies at output pixel ``(a, b)``. Indexing the
    last two axes of a padded batch with ``[..., rows, cols]`` broadcasts them to
    ``(kH, kW, H_out, W_out)``. Goodfellow et al., §9.8.

    Shape
    -----
    - rows: ``(kH, 1, H_out, 1)``; cols: ``(1, kW, 1, W_out)``

    Examples
    --------
    >>> rows, cols = patch_indices((2, 2), (2, 2), (2, 2))
    >>> rows[:, 0, :, 0].tolist(), cols[0, :, 0, :].tolist()
    ([[0, 2], [1, 3]], [[0, 2], [1, 3]])
    """
    (kh, kw), (sh, sw), (ho, wo) = kernel, stride, out_size
    rows = np.arange(kh)[:, None, None, None] + sh * np.arange(ho)[None, None, :, None]
    cols = np.arange(kw)[None, :, None, None] + sw * np.arange(wo)[None, None, None, :]
    return rows, cols


def im2col_indexed(
    x: np.ndarray, kernel_size: Any, stride: Any = 1, padding: Any = 0
) -> np.ndarray:
    r"""The patch matrix of :func:`~dlnotes.nn.functional.im2col`, gathered by fancy indexing.

    .. math:: \text{cols}[(c, i, j), (a, b, n)] = x_\text{pad}[n, c, s_h a + i, s_w b + j]

    One gather ``x_pad[:, :, rows, cols]`` with the grids of :func:`patch_indices` reads every
    patch entry at once; a transpose and a reshape put rows ``(c, i, j)`` and columns
    ``(a, b, n)`` in im2col's order. Goodfellow et al., §9.8.

    Shape
    -----
    - x: ``(N, C, H, W)``
    - output: ``(C * kH * kW, H_out * W_out * N)``

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> im2col_indexed(x, 3)[:, 0]   # the top-left 3x3 patch
    array([ 0.,  1.,  2.,  4.,  5.,  6.,  8.,  9., 10.])
    """
    x = as_float_array("im2col_indexed", x)
    kernel, strides, pads, out_size = conv_geometry(
        "im2col_indexed", x, kernel_size, stride, padding
    )
    xp = pad_input(x, pads)
    rows, cols = patch_indices(kernel, strides, out_size)
    patches = xp[:, :, rows, cols]  # (N, C, kH, kW, H_out, W_out)
    n, c = xp.shape[:2]
    return patches.transpose(1, 2, 3, 4, 5, 0).reshape(c * kernel[0] * kernel[1], -1)
