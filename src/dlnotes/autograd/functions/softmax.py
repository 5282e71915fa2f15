"""Autograd softmax and log-softmax along one axis, on the hand-written kernel pairs.

Goodfellow et al., §6.2.2.3 (softmax units), §4.1 (why the maximum is subtracted first).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.activation import (
    log_softmax_backward,
    log_softmax_forward,
    softmax_backward,
    softmax_forward,
)

__all__ = ["Softmax", "softmax", "LogSoftmax", "log_softmax"]


class Softmax(Function):
    """``softmax_forward`` / ``softmax_backward`` as a graph node."""

    @staticmethod
    def forward(ctx: Context, x: np.ndarray, dim: int = -1) -> np.ndarray:
        out, ctx.cache = softmax_forward(x, dim)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> np.ndarray:
        return softmax_backward(grad_output, *ctx.cache)


class LogSoftmax(Function):
    """``log_softmax_forward`` / ``log_softmax_backward`` as a graph node."""

    @staticmethod
    def forward(ctx: Context, x: np.ndarray, dim: int = -1) -> np.ndarray:
        out, ctx.cache = log_softmax_forward(x, dim)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> np.ndarray:
        return log_softmax_backward(grad_output, ctx.cache)


def softmax(x: Any, dim: int = -1) -> Any:
    r""":math:`\mathrm{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}` along ``dim`` (PyTorch's name).

    Backward: :math:`y \odot (g - \langle g, y\rangle)` along ``dim``.

    Shape
    -----
    Output has the shape of ``x``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> softmax(Tensor([[0.0, np.log(3.0)]]), dim=1).data
    array([[0.25, 0.75]])
    """
    return Softmax.apply(x, dim=dim)


def log_softmax(x: Any, dim: int = -1) -> Any:
    r""":math:`x_i - \log\sum_j e^{x_j}` along ``dim``, without forming the softmax.

    Backward: :math:`g - \mathrm{softmax}(x) \sum_j g_j` along ``dim``.

    Shape
    -----
    Output has the shape of ``x``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> log_softmax(Tensor([0.0, 50.0])).data
    array([-50.,   0.])
    """
    return LogSoftmax.apply(x, dim=dim)
