"""Autograd 2-D convolution and transposed convolution on the hand-written kernel pairs.

Goodfellow et al., §9.1 (convolution), §9.5 (stride, padding, the transpose), §6.5.6
(each operation contributes its own backward to the general back-propagation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.conv import conv2d_backward, conv2d_forward
from dlnotes.nn.functional.conv_transpose import (
    conv_transpose2d_backward,
    conv_transpose2d_forward,
)

__all__ = ["Conv2d", "conv2d", "ConvTranspose2d", "conv_transpose2d"]


class Conv2d(Function):
    """:func:`~dlnotes.nn.functional.conv2d_forward` / ``conv2d_backward`` as a graph node."""

    @staticmethod
    def forward(
        ctx: Context,
        x: np.ndarray,
        weight: np.ndarray,
        bias: np.ndarray | None = None,
        stride: Any = 1,
        padding: Any = 0,
    ) -> np.ndarray:
        out, ctx.cache = conv2d_forward(x, weight, bias, stride, padding)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[Any, ...]:
        dx, dweight, dbias = conv2d_backward(grad_output, ctx.cache)
        return dx, dweight, dbias, None, None


def conv2d(x: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0) -> Any:
    r"""Differentiable 2-D convolution (cross-correlation) of Tensors.

    .. math:: y_{n,f,a,b} = b_f + \sum_{c,i,j} w_{f,c,i,j}\,x^\text{pad}_{n,c,s_h a+i,s_w b+j}

    Goodfellow et al., §9.1.

    Parameters
    ----------
    x, weight, bias : Tensor or numpy.ndarray
        ``bias`` may be ``None``.
    stride, padding : int or pair of ints

    Returns
    -------
    Tensor

    Shape
    -----
    - x: ``(N, C_in, H, W)``; weight: ``(C_out, C_in, kH, kW)``; bias: ``(C_out,)``
    - output: ``(N, C_out, H_out, W_out)``

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> x = Tensor(np.ones((1, 1, 3, 3)), requires_grad=True)
    >>> w = Tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    >>> conv2d(x, w).sum().backward()
    >>> x.grad[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    return Conv2d.apply(x, weight, bias, stride, padding)


class ConvTranspose2d(Function):
    """``conv_transpose2d_forward`` / ``conv_transpose2d_backward`` as a graph node."""

    @staticmethod
    def forward(
        ctx: Context,
        x: np.ndarray,
        weight: np.ndarray,
        bias: np.ndarray | None = None,
        stride: Any = 1,
        padding: Any = 0,
        output_padding: Any = 0,
    ) -> np.ndarray:
        out, ctx.cache = conv_transpose2d_forward(x, weight, bias, stride, padding, output_padding)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[Any, ...]:
        dx, dweight, dbias = conv_transpose2d_backward(grad_output, ctx.cache)
        return dx, dweight, dbias, None, None, None


def conv_transpose2d(
    x: Any,
    weight: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
) -> Any:
    """Differentiable transposed convolution of Tensors (weight ``(C_in, C_out, kH, kW)``).

    Goodfellow et al., §9.5.

    Shape
    -----
    - x: ``(N, C_in, H, W)`` → ``(N, C_out, (H - 1) s - 2 p + kH + op, ...)``

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> x = Tensor(np.ones((1, 2, 3, 3)), requires_grad=True)
    >>> conv_transpose2d(x, np.ones((2, 1, 4, 4)), stride=2, padding=1).shape
    (1, 1, 6, 6)
    """
    return ConvTranspose2d.apply(x, weight, bias, stride, padding, output_padding)
