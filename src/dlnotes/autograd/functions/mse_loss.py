"""Autograd mean squared error, on the hand-written kernel pair.

Goodfellow et al., §5.5.1 (squared error as Gaussian maximum likelihood).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.loss import mse_loss_backward, mse_loss_forward

__all__ = ["MSELoss", "mse_loss"]


class MSELoss(Function):
    r"""``mse_loss_forward`` / ``mse_loss_backward`` as a graph node.

    The kernel returns :math:`\partial\ell/\partial x`; since :math:`\ell` depends on
    :math:`x - y` only, :math:`\partial\ell/\partial y = -\partial\ell/\partial x`, so a
    target that requires a gradient (an autoencoder's reconstruction target, say) gets one.
    """

    @staticmethod
    def forward(
        ctx: Context, input: np.ndarray, target: np.ndarray, reduction: str = "mean"
    ) -> np.ndarray:
        loss, ctx.cache = mse_loss_forward(input, target, reduction)
        return loss

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[np.ndarray, Any]:
        d_input = mse_loss_backward(grad_output, ctx.cache)
        return d_input, (-d_input if ctx.needs_input_grad[1] else None)


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Any:
    r"""Squared error :math:`(x - y)^2`, reduced by ``"mean"``, ``"sum"`` or ``"none"``.

    Shape
    -----
    ``input`` and ``target`` share one shape; the output is 0-d (or that shape for ``"none"``).

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> x = Tensor([1.0, 3.0], requires_grad=True)
    >>> loss = mse_loss(x, np.zeros(2))
    >>> loss.item()
    5.0
    >>> loss.backward(); x.grad
    array([1., 3.])
    """
    return MSELoss.apply(input, target, reduction=reduction)
