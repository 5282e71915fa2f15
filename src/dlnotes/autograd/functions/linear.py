"""Autograd affine map ``y = x W^T + b`` on the hand-written kernel pair.

Goodfellow et al., §6.1 (affine layers), §6.5.7 (back-propagation through a matrix product).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.linear import linear_backward, linear_forward

__all__ = ["Linear", "linear"]


class Linear(Function):
    """:func:`~dlnotes.nn.functional.linear_forward` / ``linear_backward`` as a graph node."""

    @staticmethod
    def forward(
        ctx: Context, x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None
    ) -> np.ndarray:
        out, ctx.cache = linear_forward(x, weight, bias)
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[Any, Any, Any]:
        return linear_backward(grad_output, ctx.cache)


def linear(x: Any, weight: Any, bias: Any = None) -> Any:
    r"""Affine map :math:`y = x W^\top + b` with PyTorch's weight layout, differentiable.

    Parameters
    ----------
    x : Tensor or numpy.ndarray
        Input, shape ``(*, in_features)``.
    weight : Tensor or numpy.ndarray
        Shape ``(out_features, in_features)`` (the book's :math:`W` is ``weight.T``).
    bias : Tensor or numpy.ndarray, optional
        Shape ``(out_features,)``.

    Returns
    -------
    Tensor
        Shape ``(*, out_features)``.

    Shape
    -----
    - Input: ``(*, H_in)``; Output: ``(*, H_out)``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> w = Tensor(np.ones((2, 3)), requires_grad=True)
    >>> y = linear(Tensor(np.arange(3.0)), w, Tensor([0.0, 1.0]))
    >>> y.data
    array([3., 4.])
    >>> y.sum().backward(); w.grad
    array([[0., 1., 2.],
           [0., 1., 2.]])
    """
    return Linear.apply(x, weight, bias)
