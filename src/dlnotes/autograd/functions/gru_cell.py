"""Autograd GRU cell on the hand-written kernel pair (gate order r, z, n; PyTorch's form by
default, the book's reset-before variant with ``reset_before=True``).

Goodfellow et al., §10.10.2 (gated recurrent units).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.gru_cell import gru_cell_backward, gru_cell_forward

__all__ = ["GRUCellFunction", "gru_cell"]


class GRUCellFunction(Function):
    """:func:`~dlnotes.nn.functional.gru_cell_forward` / ``gru_cell_backward`` as a graph node."""

    @staticmethod
    def forward(
        ctx: Context,
        x: np.ndarray,
        h: np.ndarray,
        weight_ih: np.ndarray,
        weight_hh: np.ndarray,
        bias_ih: np.ndarray | None = None,
        bias_hh: np.ndarray | None = None,
        *,
        reset_before: bool = False,
    ) -> np.ndarray:
        h_new, ctx.cache = gru_cell_forward(
            x, h, weight_ih, weight_hh, bias_ih, bias_hh, reset_before=reset_before
        )
        return h_new

    @staticmethod
    def backward(ctx: Context, grad_h: np.ndarray) -> tuple[Any, ...]:
        return gru_cell_backward(grad_h, ctx.cache)


def gru_cell(
    x: Any,
    h: Any,
    weight_ih: Any,
    weight_hh: Any,
    bias_ih: Any = None,
    bias_hh: Any = None,
    reset_before: bool = False,
) -> Any:
    """One differentiable GRU step; returns the Tensor ``h'``.

    Goodfellow et al., §10.10.2.

    Shape
    -----
    x ``(N, H_in)``, h ``(N, H)``, weight_ih ``(3H, H_in)``, weight_hh ``(3H, H)``, biases
    ``(3H,)``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> rng = np.random.default_rng(0)
    >>> h = Tensor(rng.normal(size=(1, 2)), requires_grad=True)
    >>> out = gru_cell(Tensor(rng.normal(size=(1, 3))), h, Tensor(rng.normal(size=(6, 3))),
    ...                Tensor(rng.normal(size=(6, 2))), reset_before=True)
    >>> out.sum().backward(); h.grad.shape
    (1, 2)
    """
    return GRUCellFunction.apply(
        x, h, weight_ih, weight_hh, bias_ih, bias_hh, reset_before=reset_before
    )
