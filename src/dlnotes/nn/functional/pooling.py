"""Max, average and global average pooling over 2-D windows, with PyTorch's padding rules.

Like im2col, the kernels loop over the ``kH x kW`` window *offsets*: for each offset the
values it sees at every output pixel form one strided slice of the padded input, so max
pooling is a running maximum over ``kH * kW`` slices and average pooling a running sum.

Padding follows PyTorch exactly: max pooling pads with ``-inf`` (a padded cell never wins),
average pooling pads with zeros and by default divides by the full window size
(``count_include_pad=True``); padding may be at most half the kernel size. Ties in a max-pool
window go to the first maximum in row-major order and a NaN wins, as in PyTorch, so the
gradient is routed to the same input element.

Goodfellow et al., §9.3 (pooling, approximate invariance to small translations).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_pair, fail
from dlnotes.nn.functional.im2col import Pair, conv_geometry, pad_input, window

__all__ = [
    "max_pool2d_forward",
    "max_pool2d_backward",
    "max_pool2d",
    "avg_pool2d_forward",
    "avg_pool2d_backward",
    "avg_pool2d",
    "global_avg_pool2d_forward",
    "global_avg_pool2d_backward",
    "global_avg_pool2d",
    "MaxPool2dCache",
    "AvgPool2dCache",
    "GlobalAvgPool2dCache",
]


class MaxPool2dCache(NamedTuple):
    """What :func:`max_pool2d_backward` needs: the geometry and each window's winning offset."""

    input_shape: tuple[int, ...]
    dtype: np.dtype
    kernel_size: Pair
    stride: Pair
    padding: Pair
    winner: np.ndarray  # (N, C, H_out, W_out): index into the row-major window offsets


class AvgPool2dCache(NamedTuple):
    """What :func:`avg_pool2d_backward` needs: the geometry and the divisor of each window."""

    input_shape: tuple[int, ...]
    dtype: np.dtype
    kernel_size: Pair
    stride: Pair
    padding: Pair
    out_size: Pair
    divisor: np.ndarray | float  # kH * kW, or per-window real-cell counts (H_out, W_out)


class GlobalAvgPool2dCache(NamedTuple):
    """What :func:`global_avg_pool2d_backward` needs: the input's shape and dtype."""

    input_shape: tuple[int, ...]
    dtype: np.dtype


def _pool_geometry(
    owner: str, x: Any, kernel_size: Any, stride: Any, padding: Any
) -> tuple[np.ndarray, Pair, Pair, Pair, Pair]:
    x = as_float_array(owner, x)
    kernel = check_pair(owner, "kernel_size", kernel_size)
    stride = kernel if stride is None else stride
    kernel, strides, pads, out_size = conv_geometry(owner, x, kernel, stride, padding)
    if 2 * pads[0] > kernel[0] or 2 * pads[1] > kernel[1]:
        fail(owner, f"padding at most half of kernel_size {kernel}", pads)
    return x, kernel, strides, pads, out_size


def _check_grad(
    owner: str, grad_output: Any, shape: tuple[int, ...], dtype: np.dtype
) -> np.ndarray:
    g = as_float_array(owner, grad_output, "grad_output")
    if g.shape != shape:
        fail(owner, f"grad_output of shape {shape}", tuple(g.shape))
    return g.astype(dtype, copy=False)


def _offsets(kernel: Pair) -> list[tuple[int, int]]:
    return [(i, j) for i in range(kernel[0]) for j in range(kernel[1])]


def max_pool2d_forward(
    x: np.ndarray,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    *,
    owner: str = "max_pool2d",
) -> tuple[np.ndarray, MaxPool2dCache]:
    r"""Maximum over each ``kH x kW`` window.

    .. math:: y_{n,c,a,b} = \max_{i,j}\; x^{-\infty\text{-pad}}_{n,c,\,s_h a+i,\,s_w b+j}

    The cache keeps, for every output pixel, which window offset won (one small integer), so
    the backward routes each gradient to that single input element. Goodfellow et al., §9.3.

    Parameters
    ----------
    x : numpy.ndarray
        Input feature maps.
    kernel_size : int or pair of ints
        Window size.
    stride : int or pair of ints, optional
        Defaults to ``kernel_size`` (non-overlapping windows).
    padding : int or pair of ints
        ``-inf`` cells added on each side; at most half the kernel size.
    owner : str
        Name that starts error messages (modules pass their class name).

    Returns
    -------
    out : numpy.ndarray
        The maxima, in ``x``'s dtype.
    cache : MaxPool2dCache
        What :func:`max_pool2d_backward` needs.

    Shape
    -----
    - x: ``(N, C, H, W)`` → out: ``(N, C, H_out, W_out)``,
      ``H_out = (H + 2 p_h - kH) // s_h + 1``

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> max_pool2d_forward(x, 2)[0][0, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x, kernel, strides, pads, out_size = _pool_geometry(owner, x, kernel_size, stride, padding)
    xp = pad_input(x, pads, value=-np.inf)
    offsets = _offsets(kernel)
    out = window(xp, 0, 0, strides, out_size).copy()
    winner = np.zeros(out.shape, dtype=np.min_scalar_type(len(offsets) - 1))
    better = np.empty(out.shape, dtype=bool)
    for k, (i, j) in enumerate(offsets[1:], start=1):
        candidate = window(xp, i, j, strides, out_size)
        # Strictly greater keeps the first maximum; a NaN candidate always wins (PyTorch's
        # rule), and np.maximum propagates NaN the same way.
        np.greater(candidate, out, out=better)
        better |= np.isnan(candidate)
        # Offsets are visited in increasing order, so "winner = k where better" is a maximum
        # (plain arithmetic, much faster than a masked assignment).
        np.maximum(winner, better * winner.dtype.type(k), out=winner)
        np.maximum(out, candidate, out=out)
    return out, MaxPool2dCache(x.shape, x.dtype, kernel, strides, pads, winner)


def max_pool2d_backward(
    grad_output: np.ndarray, cache: MaxPool2dCache, *, owner: str = "max_pool2d_backward"
) -> np.ndarray:
    r"""Gradient of max pooling: each output gradient goes to its window's maximum.

    .. math:: \frac{\partial L}{\partial x_p} =
              \sum_{(a,b)\,:\,p = \arg\max \text{ of window } (a,b)} G_{a,b}

    Overlapping windows that share a maximum add their gradients. Goodfellow et al., §9.3.

    Parameters
    ----------
    grad_output : numpy.ndarray
        Gradient of the loss with respect to the output; not modified.
    cache : MaxPool2dCache
        From :func:`max_pool2d_forward`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    numpy.ndarray
        Gradient with respect to the input.

    Shape
    -----
    - grad_output: ``(N, C, H_out, W_out)`` → ``(N, C, H, W)``

    Examples
    --------
    >>> out, cache = max_pool2d_forward(np.array([[[[1.0, 3.0], [2.0, 0.0]]]]), 2)
    >>> max_pool2d_backward(np.array([[[[5.0]]]]), cache)[0, 0]
    array([[0., 5.],
           [0., 0.]])
    """
    shape, dtype, winner = cache.input_shape, cache.dtype, cache.winner
    kernel, strides, pads = cache.kernel_size, cache.stride, cache.padding
    g = _check_grad(owner, grad_output, winner.shape, dtype)
    ph, pw = pads
    dxp = np.zeros((*shape[:2], shape[2] + 2 * ph, shape[3] + 2 * pw), dtype=dtype)
    routed = np.empty_like(g)
    for k, (i, j) in enumerate(_offsets(kernel)):
        np.multiply(winner == k, g, out=routed)  # g where offset k won, else 0
        window(dxp, i, j, strides, winner.shape[2:])[...] += routed
    return dxp[:, :, ph : ph + shape[2], pw : pw + shape[3]].copy() if (ph or pw) else dxp


def max_pool2d(
    x: np.ndarray,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    *,
    owner: str = "max_pool2d",
) -> np.ndarray:
    """One-way max pooling (PyTorch's ``max_pool2d``). Goodfellow et al., §9.3.

    Arguments as for :func:`max_pool2d_forward`.

    Shape
    -----
    - x: ``(N, C, H, W)`` → ``(N, C, H_out, W_out)``

    Examples
    --------
    >>> max_pool2d(np.ones((2, 3, 8, 8)), 3, stride=2, padding=1).shape
    (2, 3, 4, 4)
    """
    return max_pool2d_forward(x, kernel_size, stride, padding, owner=owner)[0]


def _avg_divisor(
    shape: tuple[int, ...],
    kernel: Pair,
    strides: Pair,
    pads: Pair,
    out_size: Pair,
    count_include_pad: bool,
    dtype: np.dtype,
) -> np.ndarray | float:
    if count_include_pad or pads == (0, 0):
        return float(kernel[0] * kernel[1])
    # Count the real (non-padding) cells of every window: pool a padded mask of ones.
    mask = pad_input(np.ones((1, 1, *shape[2:]), dtype=dtype), pads)
    counts = np.zeros((1, 1, *out_size), dtype=dtype)
    for i, j in _offsets(kernel):
        counts += window(mask, i, j, strides, out_size)
    return counts[0, 0]


def avg_pool2d_forward(
    x: np.ndarray,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    count_include_pad: bool = True,
    *,
    owner: str = "avg_pool2d",
) -> tuple[np.ndarray, AvgPool2dCache]:
    r"""Mean over each ``kH x kW`` window of the zero-padded input.

    .. math:: y_{n,c,a,b} = \frac{1}{D} \sum_{i,j} x^\text{0-pad}_{n,c,\,s_h a+i,\,s_w b+j}

    with ``D = kH * kW`` (``count_include_pad=True``, PyTorch's default: padded zeros count)
    or the number of real cells in the window. Goodfellow et al., §9.3.

    Parameters
    ----------
    x : numpy.ndarray
    kernel_size, stride, padding : int or pair of ints
        ``stride`` defaults to ``kernel_size``; padding at most half the kernel.
    count_include_pad : bool
        Whether padded zeros count in the divisor.
    owner : str
        Name that starts error messages (modules pass their class name).

    Returns
    -------
    out : numpy.ndarray
        The window means, in ``x``'s dtype.
    cache : AvgPool2dCache
        What :func:`avg_pool2d_backward` needs.

    Shape
    -----
    - x: ``(N, C, H, W)`` → out: ``(N, C, H_out, W_out)``

    Examples
    --------
    >>> avg_pool2d_forward(np.ones((1, 1, 2, 2)), 2, stride=1, padding=1)[0][0, 0]
    array([[0.25, 0.5 , 0.25],
           [0.5 , 1.  , 0.5 ],
           [0.25, 0.5 , 0.25]])
    """
    x, kernel, strides, pads, out_size = _pool_geometry(owner, x, kernel_size, stride, padding)
    xp = pad_input(x, pads)
    out = np.zeros((*x.shape[:2], *out_size), dtype=x.dtype)
    for i, j in _offsets(kernel):
        out += window(xp, i, j, strides, out_size)
    divisor = _avg_divisor(x.shape, kernel, strides, pads, out_size, count_include_pad, x.dtype)
    out /= divisor
    return out, AvgPool2dCache(x.shape, x.dtype, kernel, strides, pads, out_size, divisor)


def avg_pool2d_backward(
    grad_output: np.ndarray, cache: AvgPool2dCache, *, owner: str = "avg_pool2d_backward"
) -> np.ndarray:
    r"""Gradient of average pooling: each output gradient is spread evenly over its window.

    .. math:: \frac{\partial L}{\partial x_p} = \sum_{\text{windows } (a,b) \ni p}
              \frac{G_{a,b}}{D_{a,b}}

    Shares landing in the padding are dropped. Goodfellow et al., §9.3.

    Parameters
    ----------
    grad_output : numpy.ndarray
        Gradient of the loss with respect to the output; not modified.
    cache : AvgPool2dCache
        From :func:`avg_pool2d_forward`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    numpy.ndarray
        Gradient with respect to the input.

    Shape
    -----
    - grad_output: ``(N, C, H_out, W_out)`` → ``(N, C, H, W)``

    Examples
    --------
    >>> out, cache = avg_pool2d_forward(np.zeros((1, 1, 2, 2)), 2)
    >>> avg_pool2d_backward(np.array([[[[4.0]]]]), cache)[0, 0]
    array([[1., 1.],
           [1., 1.]])
    """
    shape, dtype, out_size = cache.input_shape, cache.dtype, cache.out_size
    kernel, strides, pads, divisor = cache.kernel_size, cache.stride, cache.padding, cache.divisor
    g = _check_grad(owner, grad_output, (*shape[:2], *out_size), dtype)
    share = g / divisor  # a new array: grad_output is never modified
    ph, pw = pads
    dxp = np.zeros((*shape[:2], shape[2] + 2 * ph, shape[3] + 2 * pw), dtype=dtype)
    for i, j in _offsets(kernel):
        window(dxp, i, j, strides, out_size)[...] += share
    return dxp[:, :, ph : ph + shape[2], pw : pw + shape[3]].copy() if (ph or pw) else dxp


def avg_pool2d(
    x: np.ndarray,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    count_include_pad: bool = True,
    *,
    owner: str = "avg_pool2d",
) -> np.ndarray:
    """One-way average pooling (PyTorch's ``avg_pool2d``). Goodfellow et al., §9.3.

    Arguments as for :func:`avg_pool2d_forward`.

    Shape
    -----
    - x: ``(N, C, H, W)`` → ``(N, C, H_out, W_out)``

    Examples
    --------
    >>> avg_pool2d(np.ones((1, 1, 4, 4)), 2)[0, 0]
    array([[1., 1.],
           [1., 1.]])
    """
    return avg_pool2d_forward(x, kernel_size, stride, padding, count_include_pad, owner=owner)[0]


def global_avg_pool2d_forward(
    x: np.ndarray, *, owner: str = "global_avg_pool2d"
) -> tuple[np.ndarray, GlobalAvgPool2dCache]:
    r"""Mean of every feature map, keeping singleton spatial axes.

    .. math:: y_{n,c,0,0} = \frac{1}{HW} \sum_{h,w} x_{n,c,h,w}

    PyTorch's ``adaptive_avg_pool2d(x, 1)``; used by NiN (Lin et al., 2014) and ResNet
    (He et al., 2016) in place of large fully connected layers. Goodfellow et al., §9.3.

    Parameters
    ----------
    x : numpy.ndarray
        Input feature maps.
    owner : str
        Name that starts error messages (modules pass their class name).

    Returns
    -------
    out : numpy.ndarray
        One mean per map.
    cache : GlobalAvgPool2dCache
        What :func:`global_avg_pool2d_backward` needs.

    Shape
    -----
    - x: ``(N, C, H, W)`` → out: ``(N, C, 1, 1)``

    Examples
    --------
    >>> global_avg_pool2d_forward(np.arange(8.0).reshape(1, 2, 2, 2))[0].ravel()
    array([1.5, 5.5])
    """
    x = as_float_array(owner, x)
    if x.ndim != 4:
        fail(owner, "input of shape (N, C, H, W)", tuple(x.shape))
    return x.mean(axis=(2, 3), keepdims=True), GlobalAvgPool2dCache(x.shape, x.dtype)


def global_avg_pool2d_backward(
    grad_output: np.ndarray,
    cache: GlobalAvgPool2dCache,
    *,
    owner: str = "global_avg_pool2d_backward",
) -> np.ndarray:
    r"""Gradient of global average pooling: ``G / (H W)`` broadcast over each map.

    Parameters
    ----------
    grad_output : numpy.ndarray
        Gradient of the loss with respect to the output; not modified.
    cache : GlobalAvgPool2dCache
        From :func:`global_avg_pool2d_forward`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    numpy.ndarray
        Gradient with respect to the input.

    Shape
    -----
    - grad_output: ``(N, C, 1, 1)`` → ``(N, C, H, W)``

    Examples
    --------
    >>> _, cache = global_avg_pool2d_forward(np.zeros((1, 1, 2, 2)))
    >>> global_avg_pool2d_backward(np.full((1, 1, 1, 1), 8.0), cache)[0, 0]
    array([[2., 2.],
           [2., 2.]])
    """
    shape, dtype = cache.input_shape, cache.dtype
    g = _check_grad(owner, grad_output, (*shape[:2], 1, 1), dtype)
    return np.broadcast_to(g / (shape[2] * shape[3]), shape).copy()


def global_avg_pool2d(x: np.ndarray, *, owner: str = "global_avg_pool2d") -> np.ndarray:
    """One-way global average pooling, ``(N, C, H, W) → (N, C, 1, 1)``. Goodfellow et al., §9.3.

    Shape
    -----
    - x: ``(N, C, H, W)`` → ``(N, C, 1, 1)``

    Examples
    --------
    >>> global_avg_pool2d(np.ones((2, 3, 4, 4))).shape
    (2, 3, 1, 1)
    """
    return global_avg_pool2d_forward(x, owner=owner)[0]
