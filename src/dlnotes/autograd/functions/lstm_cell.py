"""Autograd LSTM cell on the hand-written kernel pair (gate order i, f, g, o).

Goodfellow et al., §10.10.1 (LSTM), §6.5.6 (a node's backward as a local Jacobian product).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.lstm_cell import lstm_cell_backward, lstm_cell_forward

__all__ = ["LSTMCellFunction", "lstm_cell"]


class LSTMCellFunction(Function):
    """:func:`~dlnotes.nn.functional.lstm_cell_forward` / ``lstm_cell_backward`` as a graph node
    with two outputs ``(h', c')``."""

    @staticmethod
    def forward(
        ctx: Context,
        x: np.ndarray,
        h: np.ndarray,
        c: np.ndarray,
        weight_ih: np.ndarray,
        weight_hh: np.ndarray,
        bias_ih: np.ndarray | None = None,
        bias_hh: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        (h_new, c_new), ctx.cache = lstm_cell_forward(
            x, h, c, weight_ih, weight_hh, bias_ih, bias_hh
        )
        return h_new, c_new

    @staticmethod
    def backward(ctx: Context, grad_h: np.ndarray, grad_c: np.ndarray) -> tuple[Any, ...]:
        return lstm_cell_backward((grad_h, grad_c), ctx.cache)


def lstm_cell(
    x: Any, h: Any, c: Any, weight_ih: Any, weight_hh: Any, bias_ih: Any = None, bias_hh: Any = None
) -> tuple[Any, Any]:
    """One differentiable LSTM step; returns the Tensors ``(h', c')``.

    Goodfellow et al., §10.10.1.

    Shape
    -----
    x ``(N, H_in)``, h and c ``(N, H)``, weight_ih ``(4H, H_in)``, weight_hh ``(4H, H)``,
    biases ``(4H,)``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> rng = np.random.default_rng(0)
    >>> w_ih = Tensor(rng.normal(size=(8, 3)), requires_grad=True)
    >>> h1, c1 = lstm_cell(Tensor(rng.normal(size=(1, 3))), Tensor(np.zeros((1, 2))),
    ...                    Tensor(np.zeros((1, 2))), w_ih, Tensor(rng.normal(size=(8, 2))))
    >>> (h1.sum() + c1.sum()).backward()
    >>> w_ih.grad.shape
    (8, 3)
    """
    return LSTMCellFunction.apply(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh)
