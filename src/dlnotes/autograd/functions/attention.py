"""Autograd scaled dot-product attention on the hand-written kernel pair.

Goodfellow et al., §12.4.5.1 (attention).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.attention import (
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
)

__all__ = ["ScaledDotProductAttention", "scaled_dot_product_attention"]


class ScaledDotProductAttention(Function):
    """``softmax(Q K^T / sqrt(d) + mask) V`` as a graph node; masks are keyword arguments
    (constants, no gradient)."""

    @staticmethod
    def forward(
        ctx: Context,
        query: np.ndarray,
        key: np.ndarray,
        value: np.ndarray,
        *,
        attn_mask: Any = None,
        is_causal: bool = False,
        scale: float | None = None,
    ) -> np.ndarray:
        out, ctx.cache = scaled_dot_product_attention_forward(
            query, key, value, attn_mask, is_causal, scale
        )
        return out

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[Any, Any, Any]:
        return scaled_dot_product_attention_backward(grad_output, ctx.cache)


def scaled_dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    attn_mask: Any = None,
    is_causal: bool = False,
    scale: float | None = None,
) -> Any:
    """Differentiable attention with PyTorch's mask convention (boolean ``True`` = may attend).

    Goodfellow et al., §12.4.5.1.

    Shape
    -----
    query ``(..., L, E)``, key ``(..., S, E)``, value ``(..., S, Ev)`` -> ``(..., L, Ev)``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> q = Tensor(np.ones((1, 2, 3)), requires_grad=True)
    >>> k, v = Tensor(np.ones((1, 4, 3))), Tensor(np.ones((1, 4, 5)))
    >>> out = scaled_dot_product_attention(q, k, v)
    >>> out.shape
    (1, 2, 5)
    """
    return ScaledDotProductAttention.apply(
        query, key, value, attn_mask=attn_mask, is_causal=is_causal, scale=scale
    )
