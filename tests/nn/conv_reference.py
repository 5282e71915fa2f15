"""Two slower convolutions, test references for the library's blocked im2col ``conv2d``.

A test helper (imported by ``tests/nn/test_conv2d.py``), not part of the package: no page
uses it. If a page comes to compare convolution algorithms, it belongs in ``dlnotes.book``.

- :func:`conv2d_naive` follows the definition with explicit loops over images, filters and
  output pixels: obviously right, hopelessly slow.
- :func:`conv2d_indexed` gathers every patch at once with integer (fancy) indexing and
  contracts it with the filters by ``tensordot``: vectorised, but it materialises an index
  grid and a gathered array as large as the patch matrix for the whole batch, which is why the
  library's :func:`~dlnotes.nn.functional.conv2d` uses blocked strided slices instead.

Goodfellow et al., §9.1 (the definition) and §9.8 (efficient convolution algorithms).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.nn.functional.conv import check_conv_args
from dlnotes.nn.functional.im2col import conv_geometry, pad_input

__all__ = ["conv2d_naive", "conv2d_indexed"]


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
    grids; ``x_pad[:, :, rows, cols]`` then has shape ``(N, C, H_out, W_out, kH, kW)`` and a
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
    rows = (sh * np.arange(ho))[:, None, None, None] + np.arange(kh)[None, None, :, None]
    cols = (sw * np.arange(wo))[None, :, None, None] + np.arange(kw)[None, None, None, :]
    patches = xp[:, :, rows, cols]  # (N, C, H_out, W_out, kH, kW)
    out = np.tensordot(patches, weight, axes=([1, 4, 5], [1, 2, 3]))  # (N, H_out, W_out, F)
    if bias is not None:
        out = out + bias
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))
