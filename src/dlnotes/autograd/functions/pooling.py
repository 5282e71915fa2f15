"""Autograd max and average pooling on the hand-written kernel pairs.

Goodfellow et al., §9.3 (pooling) and §6.5.6 (back-propagation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.pooling import (
    avg_pool2d_backward,
    avg_pool2d_forward,
    max_pool2d_backward,
    max_pool2d_forward,
)

__all__ = ["MaxPool2d", "max_pool2d", "AvgPool2d", "avg_pool2d"]


class MaxPool2d(Function):
    """``max_pool2d_forward`` / ``max_pool2d_backward`` as a graph node."""

    @staticmethod
    def forward(
        ctx: Context, x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0
    ) -> np.ndarray:
        out, ctx.cache = max_pool2d_forward(x, kernel_size, stride, padding)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[Any, ...]:
        return max_pool2d_backward(grad_output, ctx.cache), None, None, None


def max_pool2d(x: Any, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Any:
    r"""Differentiable max pooling; the gradient goes to each window's (first) maximum.

    Goodfellow et al., §9.3.

    Shape
    -----
    - x: ``(N, C, H, W)`` → ``(N, C, H_out, W_out)``, ``H_out = (H + 2p - k) // s + 1``

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> x = Tensor(np.arange(16.0).reshape(1, 1, 4, 4), requires_grad=True)
    >>> max_pool2d(x, 2).sum().backward()
    >>> x.grad[0, 0]
    array([[0., 0., 0., 0.],
           [0., 1., 0., 1.],
           [0., 0., 0., 0.],
           [0., 1., 0., 1.]])
    """
    return MaxPool2d.apply(x, kernel_size, stride, padding)


class AvgPool2d(Function):
    """``avg_pool2d_forward`` / ``avg_pool2d_backward`` as a graph node."""

    @staticmethod
    def forward(
        ctx: Context,
        x: np.ndarray,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        count_include_pad: bool = True,
    ) -> np.ndarray:
        out, ctx.cache = avg_pool2d_forward(x, kernel_size, stride, padding, count_include_pad)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[Any, ...]:
        return avg_pool2d_backward(grad_output, ctx.cache), None, None, None, None


def avg_pool2d(
    x: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, count_include_pad: bool = True
) -> Any:
    """Differentiable average pooling (zero padding counted by default, as PyTorch).

    Goodfellow et al., §9.3.

    Shape
    -----
    - x: ``(N, C, H, W)`` → ``(N, C, H_out, W_out)``

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> x = Tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    >>> avg_pool2d(x, 2).sum().backward()
    >>> x.grad[0, 0]
    array([[0.25, 0.25],
           [0.25, 0.25]])
    """
    return AvgPool2d.apply(x, kernel_size, stride, padding, count_include_pad)
