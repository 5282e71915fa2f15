r"""Element-wise non-linearities and their derivatives.

=========  ================================  ==========================================
op         forward                           backward (upstream :math:`g`)
=========  ================================  ==========================================
exp        :math:`y = e^a`                   :math:`g\,y`
log        :math:`y = \log a`                :math:`g / a`
tanh       :math:`y = \tanh a`               :math:`g\,(1 - y^2)`
sigmoid    :math:`y = 1 / (1 + e^{-a})`      :math:`g\,y\,(1 - y)`
relu       :math:`y = \max(a, 0)`            :math:`g\,[a > 0]` (0 at :math:`a = 0`)
=========  ================================  ==========================================

Saving the *output* rather than the input (exp, tanh, sigmoid) is the usual trick: the
derivative is a cheap function of :math:`y`. Goodfellow et al., §6.3 (hidden units),
§6.5.6.
"""

from __future__ import annotations

import numpy as np

from dlnotes.autograd.function import Context, Function

__all__ = ["Exp", "Log", "Tanh", "Sigmoid", "ReLU"]


class Exp(Function):
    """:math:`y = e^a`."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray) -> np.ndarray:
        out = np.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        (out,) = ctx.saved_tensors
        return g * out


class Log(Function):
    """:math:`y = \\log a` (NaN for negative input, ``-inf`` at 0, as NumPy and PyTorch)."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray) -> np.ndarray:
        ctx.save_for_backward(a)
        return np.log(a)

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        (a,) = ctx.saved_tensors
        return g / a


class Tanh(Function):
    """:math:`y = \\tanh a`."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray) -> np.ndarray:
        out = np.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        (out,) = ctx.saved_tensors
        return g * (1 - out * out)


class Sigmoid(Function):
    r"""Logistic sigmoid :math:`\sigma(a) = 1 / (1 + e^{-a})`, evaluated stably.

    With :math:`e = e^{-|a|} \le 1` (never overflows): :math:`\sigma(a) = 1/(1+e)` for
    :math:`a \ge 0` and :math:`e/(1+e)` for :math:`a < 0` (Goodfellow et al., §3.10, §6.2.2.2).

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> Sigmoid.apply(Tensor([-1000.0, 0.0, 1000.0])).data
    array([0. , 0.5, 1. ])
    """

    @staticmethod
    def forward(ctx: Context, a: np.ndarray) -> np.ndarray:
        e = np.exp(-np.abs(a))
        out = np.where(a >= 0, 1 / (1 + e), e / (1 + e))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        (out,) = ctx.saved_tensors
        return g * out * (1 - out)


class ReLU(Function):
    """Rectified linear unit :math:`y = \\max(a, 0)`; derivative 0 at 0, as PyTorch."""

    @staticmethod
    def forward(ctx: Context, a: np.ndarray) -> np.ndarray:
        positive = a > 0
        ctx.save_for_backward(positive)
        return np.where(positive, a, 0).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx: Context, g: np.ndarray) -> np.ndarray:
        (positive,) = ctx.saved_tensors
        return g * positive
