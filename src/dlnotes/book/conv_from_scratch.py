"""Slower convolutions for chapter S7: by the definition, and by fancy-indexing patch gathers.

The library's :func:`~dlnotes.nn.functional.conv2d` builds its patch matrices from strided
views in bounded blocks. The functions here are the two simpler algorithms it is compared
with (and tested against):

- :func:`conv2d_naive` follows the definition with explicit loops over images, filters and
  output pixels: obviously right, hopelessly slow.
- :func:`conv2d_indexed` gathers every patch at once with integer (fancy) indexing and
  contracts it with the filters by ``tensordot``: vectorised, but the gathered array is as
  large as the patch matrix of the whole batch, built at once, which is one reason the
  library copies strided views in cache-sized blocks instead.
- :func:`im2col_indexed` is the same gather laid out exactly like
  :func:`~dlnotes.nn.functional.im2col` (one row per kernel entry, one column per output
  pixel), so the two ways of building the patch matrix can be compared entry by entry.

Nothing in the library calls these. Goodfellow et al., §9.1 (the definition) and §9.8
(efficient convolution algorithms).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes import nn
from dlnotes._validation import as_float_array, as_generator
from dlnotes.gradcheck import check_module, numerical_gradient, relative_error
from dlnotes.models import digits_cnn
from dlnotes.nn.functional import conv1d, conv1d_backward, conv1d_forward
from dlnotes.nn.functional.conv import check_conv_args
from dlnotes.nn.functional.im2col import conv_geometry, pad_input

__all__ = [
    "conv2d_naive",
    "conv2d_indexed",
    "im2col_indexed",
    "patch_indices",
    "distinct_values",
    "conv_gradient_checks",
]


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


def distinct_values(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """A random array whose entries are at least 0.01 apart (a shuffled, scaled ``arange``).

    Max pooling has a kink wherever two entries of a window tie; central differences with a
    step of ``1e-6`` never cross one when the entries are this far apart.

    Shape
    -----
    ``shape`` in, the same shape out.

    Examples
    --------
    >>> x = distinct_values((2, 3), np.random.default_rng(0))
    >>> bool(np.min(np.diff(np.sort(x.ravel()))) >= 0.01 - 1e-12)
    True
    """
    return rng.permutation(int(np.prod(shape))).reshape(shape) * 0.01 + rng.uniform(0, 1e-3)


def _check_conv1d(rng: np.random.Generator) -> float:
    """Central-difference check of the conv1d kernels (stride 2, padding 1, with bias)."""
    x, w, b = rng.normal(size=(2, 3, 9)), rng.normal(size=(2, 3, 3)), rng.normal(size=2)
    out, cache = conv1d_forward(x, w, b, 2, 1)
    g = rng.normal(size=out.shape)
    grads = conv1d_backward(g, cache)

    def loss(x_: np.ndarray, w_: np.ndarray, b_: np.ndarray) -> float:
        return float(np.sum(g * conv1d(x_, w_, b_, stride=2, padding=1)))

    numeric = (
        numerical_gradient(lambda v: loss(v, w, b), x),
        numerical_gradient(lambda v: loss(x, v, b), w),
        numerical_gradient(lambda v: loss(x, w, v), b),
    )
    errors = [relative_error(a, n) for a, n in zip(grads, numeric, strict=True) if a is not None]
    if max(errors) > 1e-7:
        raise AssertionError(f"conv1d: gradient check failed, relative errors {errors}")
    return max(errors)


def conv_gradient_checks(rng: object = None) -> dict[str, float]:
    """Gradient-check every convolution and pooling layer of chapter S7 in float64.

    Each layer is run through :func:`dlnotes.gradcheck.check_module` (a random upstream
    gradient, central differences for the input and every parameter, which raises on any
    mismatch); the result is the largest relative error over the layer's tensors. Max-pool
    inputs are :func:`distinct_values`, away from ties. The whole network of
    :func:`dlnotes.models.digits_cnn`, narrowed to 4 and 8 channels to keep the check quick, is
    checked too, on two random images.

    Parameters
    ----------
    rng : numpy.random.Generator, optional
        Draws the layers' weights, the inputs and the upstream gradients.

    Returns
    -------
    dict of str to float
        Layer description to its largest relative error.

    Shape
    -----
    Inputs are small, ``(2, C, H, W)`` images; see the source for each layer's sizes.

    Examples
    --------
    >>> errors = conv_gradient_checks(np.random.default_rng(0))
    >>> len(errors), max(errors.values()) < 1e-6
    (12, True)
    """
    gen = as_generator("conv_gradient_checks", rng)
    normal, distinct = gen.normal, distinct_values
    cases: list[tuple[str, object, np.ndarray]] = [
        ("Conv2d 3x3, stride 1, padding 0", nn.Conv2d(2, 3, 3, rng=gen), normal(size=(2, 2, 5, 5))),
        (
            "Conv2d 3x3, stride 2, padding 1",
            nn.Conv2d(2, 3, 3, 2, 1, rng=gen),
            normal(size=(2, 2, 6, 5)),
        ),
        (
            "Conv2d 3x2, stride (2, 1), padding (1, 2)",
            nn.Conv2d(1, 2, (3, 2), (2, 1), (1, 2), rng=gen),
            normal(size=(2, 1, 6, 5)),
        ),
        (
            "Conv2d 3x3, padding 'same', no bias",
            nn.Conv2d(3, 2, 3, padding="same", bias=False, rng=gen),
            normal(size=(2, 3, 4, 4)),
        ),
        (
            "ConvTranspose2d 3x3, stride 2, padding 1, output padding 1",
            nn.ConvTranspose2d(2, 3, 3, 2, 1, 1, rng=gen),
            normal(size=(2, 2, 3, 3)),
        ),
        (
            "ConvTranspose2d 4x4, stride 2, padding 1",
            nn.ConvTranspose2d(2, 1, 4, 2, 1, rng=gen),
            normal(size=(2, 2, 3, 4)),
        ),
        ("MaxPool2d 2x2", nn.MaxPool2d(2), distinct((2, 2, 4, 6), gen)),
        ("MaxPool2d 3x3, stride 2, padding 1", nn.MaxPool2d(3, 2, 1), distinct((2, 2, 5, 5), gen)),
        ("AvgPool2d 3x3, stride 2, padding 1", nn.AvgPool2d(3, 2, 1), normal(size=(2, 2, 5, 5))),
        (
            "AvgPool2d 3x3, stride 2, padding 1, pad not counted",
            nn.AvgPool2d(3, 2, 1, count_include_pad=False),
            normal(size=(2, 2, 5, 5)),
        ),
        ("digits_cnn, 4 and 8 channels", digits_cnn((4, 8), rng=gen), normal(size=(2, 1, 8, 8))),
    ]
    errors = {name: max(check_module(layer, x, rng=gen).values()) for name, layer, x in cases}
    errors["conv1d kernels, stride 2, padding 1"] = _check_conv1d(gen)
    return errors
