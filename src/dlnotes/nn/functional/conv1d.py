"""1-D convolution (cross-correlation) of multi-channel signals, forward and backward.

The 1-D case shows every idea of the 2-D one with a single spatial axis. The kernels loop
over the ``k`` kernel *offsets*: for offset ``i`` the input values that the kernel's ``i``-th
tap sees at every output position form one strided slice of the padded signal,
``x_pad[:, :, i : i + s*(L_out - 1) + 1 : s]``. The forward adds ``k`` small matrix products
(one per tap, contracting the input channels); the backward runs the same loop with the
roles exchanged, and *adds* each tap's input gradient back into its slice, because slices of
neighbouring taps overlap (the adjoint of reading them).

Goodfellow et al., §9.1 (convolution and cross-correlation) and §9.5 (stride, zero padding,
and the gradients of a convolution).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_nonnegative_int, check_positive_int, fail

__all__ = ["conv1d_forward", "conv1d_backward", "conv1d", "Conv1dCache"]


class Conv1dCache(NamedTuple):
    """What :func:`conv1d_backward` needs from :func:`conv1d_forward`."""

    x: np.ndarray
    weight: np.ndarray
    has_bias: bool
    stride: int
    padding: int


def _check_args(
    owner: str, x: Any, weight: Any, bias: Any, stride: Any, padding: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int, int, int]:
    x = as_float_array(owner, x)
    weight = as_float_array(owner, weight, "weight")
    if weight.ndim != 3:
        fail(owner, "weight of shape (C_out, C_in, k)", tuple(weight.shape))
    if x.ndim != 3 or x.shape[1] != weight.shape[1]:
        fail(owner, f"input of shape (N, {weight.shape[1]}, L)", tuple(x.shape))
    if weight.dtype != x.dtype:
        fail(owner, f"weight of dtype {x.dtype} (the input's)", str(weight.dtype), TypeError)
    if bias is not None:
        bias = as_float_array(owner, bias, "bias").astype(x.dtype, copy=False)
        if bias.shape != (weight.shape[0],):
            fail(owner, f"bias of shape ({weight.shape[0]},)", tuple(bias.shape))
    stride = check_positive_int(owner, "stride", stride)
    padding = check_nonnegative_int(owner, "padding", padding)
    k, padded = weight.shape[2], x.shape[2] + 2 * padding
    if k > padded:
        fail(owner, f"kernel size {k} no larger than the padded length {padded}", tuple(x.shape))
    return x, weight, bias, stride, padding, (padded - k) // stride + 1


def conv1d_forward(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int = 1,
    padding: int = 0,
    *,
    owner: str = "conv1d",
) -> tuple[np.ndarray, Conv1dCache]:
    r"""1-D cross-correlation of a batch of multi-channel signals with a bank of filters.

    .. math:: y_{n,f,a} = b_f + \sum_{c}\sum_{i=0}^{k-1} w_{f,c,i}\; x^\text{pad}_{n,c,\,s a + i}

    As in PyTorch's ``conv1d`` the kernel is not flipped; a true convolution is this with
    ``weight[..., ::-1]``. Goodfellow et al., §9.1 and §9.5.

    Parameters
    ----------
    x : numpy.ndarray
        Input signals.
    weight : numpy.ndarray
        Filters, same dtype as ``x``.
    bias : numpy.ndarray, optional
        One bias per output channel.
    stride : int
        Step between output positions.
    padding : int
        Zeros added at both ends of every signal.
    owner : str
        Name that starts error messages.

    Returns
    -------
    out : numpy.ndarray
        The output signals, in ``x``'s dtype.
    cache : Conv1dCache
        What :func:`conv1d_backward` needs.

    Shape
    -----
    - x: ``(N, C_in, L)``; weight: ``(C_out, C_in, k)``; bias: ``(C_out,)``
    - out: ``(N, C_out, L_out)`` with ``L_out = (L + 2 padding - k) // stride + 1``

    Examples
    --------
    >>> out, _ = conv1d_forward(np.array([[[1.0, 2.0, 3.0, 4.0]]]), np.array([[[1.0, -1.0]]]))
    >>> out
    array([[[-1., -1., -1.]]])
    """
    x, weight, bias, stride, padding, length = _check_args(owner, x, weight, bias, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    out = np.zeros((x.shape[0], weight.shape[0], length), dtype=x.dtype)
    for i in range(weight.shape[2]):
        seen = xp[:, :, i : i + stride * (length - 1) + 1 : stride]  # (N, C_in, L_out)
        out += np.einsum("fc,nca->nfa", weight[:, :, i], seen)
    if bias is not None:
        out += bias[:, None]
    return out, Conv1dCache(x, weight, bias is not None, stride, padding)


def conv1d_backward(
    grad_output: np.ndarray, cache: Conv1dCache, *, owner: str = "conv1d_backward"
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r"""Gradients of :func:`conv1d_forward` with respect to input, weight and bias.

    .. math:: \frac{\partial L}{\partial x^\text{pad}_{n,c,t}} =
              \sum_{f}\sum_{(a,i)\,:\,s a + i = t} w_{f,c,i}\, g_{n,f,a}, \quad
              \frac{\partial L}{\partial w_{f,c,i}} = \sum_{n,a} g_{n,f,a}\,
              x^\text{pad}_{n,c,\,s a + i}

    and :math:`\partial L/\partial b_f = \sum_{n,a} g_{n,f,a}`; the input gradient is the
    padded one with its ``padding`` border cut off. Goodfellow et al., §9.5.

    Parameters
    ----------
    grad_output : numpy.ndarray
        Gradient of the loss with respect to the output; not modified.
    cache : Conv1dCache
        From :func:`conv1d_forward`.
    owner : str
        Name that starts error messages.

    Returns
    -------
    dx, dweight, dbias : numpy.ndarray
        ``dbias`` is ``None`` when the forward had no bias.

    Shape
    -----
    - grad_output: ``(N, C_out, L_out)``
    - dx: ``(N, C_in, L)``; dweight: ``(C_out, C_in, k)``; dbias: ``(C_out,)``

    Examples
    --------
    >>> out, cache = conv1d_forward(np.ones((1, 1, 4)), np.array([[[1.0, 2.0]]]))
    >>> dx, dw, db = conv1d_backward(np.ones_like(out), cache)
    >>> dx, dw
    (array([[[1., 3., 3., 2.]]]), array([[[3., 3.]]]))
    """
    x, weight, stride, padding = cache.x, cache.weight, cache.stride, cache.padding
    n, _, length_in = x.shape
    length = (length_in + 2 * padding - weight.shape[2]) // stride + 1
    g = as_float_array(owner, grad_output, "grad_output")
    if g.shape != (n, weight.shape[0], length):
        fail(owner, f"grad_output of shape {(n, weight.shape[0], length)}", tuple(g.shape))
    g = g.astype(x.dtype, copy=False)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    dxp = np.zeros_like(xp)
    dw = np.empty_like(weight)
    for i in range(weight.shape[2]):
        taps = slice(i, i + stride * (length - 1) + 1, stride)
        dw[:, :, i] = np.einsum("nfa,nca->fc", g, xp[:, :, taps])
        dxp[:, :, taps] += np.einsum("fc,nfa->nca", weight[:, :, i], g)  # overlaps add
    db = g.sum(axis=(0, 2)) if cache.has_bias else None
    return dxp[:, :, padding : padding + length_in].copy(), dw, db


def conv1d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int = 1,
    padding: int = 0,
    *,
    owner: str = "conv1d",
) -> np.ndarray:
    """One-way 1-D convolution, :func:`conv1d_forward` without the cache (PyTorch's name).

    Goodfellow et al., §9.1. Arguments as for :func:`conv1d_forward`.

    Shape
    -----
    - x: ``(N, C_in, L)``; weight: ``(C_out, C_in, k)`` → ``(N, C_out, L_out)``

    Examples
    --------
    >>> conv1d(np.arange(5.0).reshape(1, 1, 5), np.ones((1, 1, 3)), stride=2, padding=1)
    array([[[1., 6., 7.]]])
    """
    return conv1d_forward(x, weight, bias, stride, padding, owner=owner)[0]
