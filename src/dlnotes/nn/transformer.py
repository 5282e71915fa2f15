"""A Transformer encoder block: self-attention and a feed-forward network, each wrapped in a
residual connection and layer normalisation, with PyTorch's ``nn.TransformerEncoderLayer``
names so its state dict loads.

Goodfellow et al., §12.4.5.1 (attention); the residual connections and normalisation echo
§8.7.1 (batch normalisation) and the skip connections of §6.4.2 / §8.7.5.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_positive_int,
    check_range,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.activation import GELU, ReLU
from dlnotes.nn.attention import MultiheadAttention
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module
from dlnotes.nn.normalization import LayerNorm

__all__ = ["TransformerEncoderLayer"]


class TransformerEncoderLayer(Module):
    r"""Self-attention + position-wise feed-forward block with residuals and LayerNorm.

    Post-norm (``norm_first=False``, the original Transformer and PyTorch's default)::

        x = norm1(x + dropout1(self_attn(x, x, x)))
        x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))

    Pre-norm (``norm_first=True``), which keeps an identity path from input to output and
    trains more stably in deep stacks::

        x = x + dropout1(self_attn(norm1(x)))
        x = x + dropout2(feed_forward(norm2(x)))

    With ``dropout=0`` (or in ``eval()`` mode) the output equals
    ``torch.nn.TransformerEncoderLayer`` given the same weights.

    Goodfellow et al., §12.4.5.1.

    PyTorch keywords dlnotes does not implement (``device``, ...) raise ``TypeError``.

    Parameters
    ----------
    d_model : int
        Feature size ``E``.
    nhead : int
        Attention heads (must divide ``d_model``).
    dim_feedforward : int
        Hidden width of the feed-forward network.
    dropout : float
        Drop probability of the three dropout layers (active in training mode only).
    activation : {"relu", "gelu"}
    layer_norm_eps : float
    batch_first : bool
        Input ``(N, L, E)`` instead of ``(L, N, E)``.
    norm_first : bool
        Pre-norm instead of post-norm.
    bias : bool
        Biases in the linear layers, the attention and the layer norms.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        Initialises the sub-layers and drives dropout.

    Attributes
    ----------
    self_attn : MultiheadAttention
        ``E`` features, ``nhead`` heads (its own initialisation).
    linear1, linear2 : Linear
        ``E -> dim_feedforward`` and back, PyTorch's ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``.
    norm1, norm2 : LayerNorm
        Over the ``E`` features; weight ones, bias zeros.
    dropout, dropout1, dropout2 : Dropout
        The three dropout layers.

    Shape
    -----
    - src: ``(L, N, E)`` (``(N, L, E)`` with ``batch_first``); output the same shape
    - src_mask: ``(L, L)`` or ``(N * nhead, L, L)``; src_key_padding_mask: ``(N, L)``, with
      :class:`MultiheadAttention`'s convention (boolean ``True`` = may not attend)

    Examples
    --------
    >>> block = TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0,
    ...                                 rng=np.random.default_rng(0))
    >>> x = np.random.default_rng(1).normal(size=(5, 3, 8))
    >>> y = block(x)
    >>> y.shape, block.backward(np.ones_like(y)).shape
    ((5, 3, 8), (5, 3, 8))
    >>> sorted(block.state_dict())[:3]
    ['linear1.bias', 'linear1.weight', 'linear2.bias']
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        **unsupported: Any,
    ) -> None:
        super().__init__()
        owner = "TransformerEncoderLayer"
        reject_unsupported(owner, unsupported)
        d_model = check_positive_int(owner, "d_model", d_model)
        dim_feedforward = check_positive_int(owner, "dim_feedforward", dim_feedforward)
        p = check_range(owner, "dropout", dropout, 0.0, 1.0)
        if activation not in ("relu", "gelu"):
            fail(owner, "activation 'relu' or 'gelu'", repr(activation))
        for name, flag in (("norm_first", norm_first), ("batch_first", batch_first)):
            if not isinstance(flag, (bool, np.bool_)):
                fail(owner, f"{name} to be a bool", repr(flag), TypeError)
        dt = resolve_dtype(owner, dtype)
        generator = as_generator(owner, rng)
        self.d_model = d_model
        self.norm_first = bool(norm_first)
        self.batch_first = bool(batch_first)
        # Registration order (and hence state-dict order) follows PyTorch's.
        self.self_attn = MultiheadAttention(
            d_model, nhead, bias=bias, batch_first=batch_first, dtype=dt, rng=generator
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dt, rng=generator)
        self.dropout = Dropout(p, rng=generator)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dt, rng=generator)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dt)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dt)
        self.dropout1 = Dropout(p, rng=generator)
        self.dropout2 = Dropout(p, rng=generator)
        self.activation = ReLU() if activation == "relu" else GELU()

    def extra_repr(self) -> str:
        """``d_model`` and ``norm_first``."""
        return f"d_model={self.d_model}, norm_first={self.norm_first}"

    # -- the two sub-blocks ---------------------------------------------------------------------
    def _self_attention(self, x: np.ndarray, mask: Any, padding: Any) -> np.ndarray:
        out, _ = self.self_attn(
            x, x, x, attn_mask=mask, key_padding_mask=padding, need_weights=False
        )
        return self.dropout1(out)

    def _self_attention_backward(self, grad: np.ndarray) -> np.ndarray:
        # Query, key and value are the same array: its gradient is the sum of the three.
        grad_q, grad_k, grad_v = self.self_attn.backward(self.dropout1.backward(grad))
        return grad_q + grad_k + grad_v

    def _feed_forward(self, x: np.ndarray) -> np.ndarray:
        hidden = self.dropout(self.activation(self.linear1(x)))
        return self.dropout2(self.linear2(hidden))

    def _feed_forward_backward(self, grad: np.ndarray) -> np.ndarray:
        grad = self.linear2.backward(self.dropout2.backward(grad))
        return self.linear1.backward(self.activation.backward(self.dropout.backward(grad)))

    # -- forward and backward --------------------------------------------------------------------
    def forward(
        self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None
    ) -> np.ndarray:
        """Encode ``src``; returns an array of the same shape."""
        x = np.asarray(src)
        if x.ndim not in (2, 3) or x.shape[-1] != self.d_model:
            layout = "(N, L, E)" if self.batch_first else "(L, N, E)"
            fail(
                "TransformerEncoderLayer",
                f"src of shape {layout} with E={self.d_model}",
                tuple(x.shape),
            )
        if self.norm_first:
            x = x + self._self_attention(self.norm1(x), src_mask, src_key_padding_mask)
            return x + self._feed_forward(self.norm2(x))
        x = self.norm1(x + self._self_attention(x, src_mask, src_key_padding_mask))
        return self.norm2(x + self._feed_forward(x))

    def backward(self, grad_output: Any) -> np.ndarray:
        """Gradient with respect to ``src``; parameter gradients accumulate in ``.grad``."""
        grad = np.asarray(grad_output)
        if self.norm_first:
            # out = x1 + ff(norm2(x1)), x1 = x + sa(norm1(x)): each residual adds an identity path.
            grad_x1 = grad + self.norm2.backward(self._feed_forward_backward(grad))
            return grad_x1 + self.norm1.backward(self._self_attention_backward(grad_x1))
        grad_sum2 = self.norm2.backward(grad)  # d(x1 + ff(x1))
        grad_x1 = grad_sum2 + self._feed_forward_backward(grad_sum2)
        grad_sum1 = self.norm1.backward(grad_x1)  # d(x + sa(x))
        return grad_sum1 + self._self_attention_backward(grad_sum1)
