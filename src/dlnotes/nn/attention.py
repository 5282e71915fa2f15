"""Attention modules: ``MultiheadAttention`` (PyTorch's layout), ``AdditiveAttention`` (Bahdanau).

Goodfellow et al., §12.4.5.1 (attention in machine translation), §10.12 (content-based
addressing of a memory).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_bool,
    check_forward_called,
    check_positive_int,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional.additive_attention import (
    additive_attention_backward,
    additive_attention_forward,
)
from dlnotes.nn.functional.attention import (
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
)
from dlnotes.nn.functional.linear import linear_backward, linear_forward
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module, Parameter

__all__ = ["MultiheadAttention", "AdditiveAttention"]


def _as_additive_mask(owner: str, mask: Any, name: str, dtype: np.dtype) -> np.ndarray:
    """PyTorch's MultiheadAttention convention: boolean ``True`` = *forbidden*; floats added."""
    mask = np.asarray(mask)
    if mask.dtype == bool:
        return np.where(mask, -np.inf, 0).astype(dtype)
    if mask.dtype.kind != "f":
        fail(owner, f"a boolean or floating {name}", f"dtype {mask.dtype}", TypeError)
    return mask.astype(dtype, copy=False)


class MultiheadAttention(Module):
    r"""Multi-head scaled dot-product attention with PyTorch's parameters.

    .. math::
        \text{head}_i = \operatorname{Attention}(Q W_i^Q, K W_i^K, V W_i^V), \qquad
        \text{output} = [\text{head}_1, \dots, \text{head}_h]\, W^O + b^O

    The three input projections are stacked in ``in_proj_weight`` (rows ``0:E`` for queries,
    ``E:2E`` keys, ``2E:3E`` values), exactly as ``torch.nn.MultiheadAttention``, so a torch
    state dict loads directly.

    Parameters
    ----------
    embed_dim : int
        ``E``; must be divisible by ``num_heads``.
    num_heads : int
    bias : bool
        Whether ``in_proj_bias`` and ``out_proj.bias`` exist.
    batch_first : bool
        Inputs ``(N, L, E)`` instead of ``(L, N, E)``.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        ``in_proj_weight`` is Xavier-uniform, ``out_proj.weight`` ``U(-1/sqrt(E), 1/sqrt(E))``,
        biases zero (PyTorch's initialisation).

    dropout, add_bias_kv, add_zero_attn, kdim, vdim
        PyTorch's keywords, accepted only at the values that switch them off (``0.0``,
        ``False``, ``None`` or ``embed_dim``); other values raise ``ValueError``, and other
        PyTorch keywords (``device``, ...) ``TypeError``.

    Attributes
    ----------
    in_proj_weight : Parameter
        ``(3E, E)``, Xavier-uniform, ``U(-a, a)`` with ``a = sqrt(6 / (E + 3E))``.
    in_proj_bias : Parameter or None
        ``(3E,)``, zeros.
    out_proj : Linear
        ``E -> E``: ``weight`` ``(E, E)`` from ``U(-1/sqrt(E), 1/sqrt(E))``, ``bias`` zeros.

    Shape
    -----
    - query: ``(L, N, E)`` (``(N, L, E)`` with ``batch_first``, ``(L, E)`` unbatched)
    - key, value: ``(S, N, E)`` likewise
    - attn_mask: ``(L, S)`` or ``(N * num_heads, L, S)``; key_padding_mask: ``(N, S)``
    - output: like the query; attn_weights: ``(N, L, S)`` (averaged over heads) or
      ``(N, num_heads, L, S)`` with ``average_attn_weights=False``

    Notes
    -----
    Masks follow **this module's** PyTorch convention, the opposite of
    :func:`~dlnotes.nn.functional.scaled_dot_product_attention`: a boolean ``True`` marks a
    position that may **not** be attended to; float masks are added to the scores. Pass masks
    by keyword: the contract puts ``attn_mask`` fourth, where PyTorch has ``key_padding_mask``.
    A query with every key masked gets zero weights (PyTorch gives NaN).

    Goodfellow et al., §12.4.5.1.

    Examples
    --------
    >>> mha = MultiheadAttention(8, 2, rng=np.random.default_rng(0))
    >>> x = np.random.default_rng(1).normal(size=(5, 3, 8))
    >>> out, weights = mha(x, x, x)
    >>> out.shape, weights.shape, np.allclose(weights.sum(-1), 1)
    ((5, 3, 8), (3, 5, 5), True)
    >>> [g.shape for g in mha.backward(np.ones_like(out))]
    [(5, 3, 8), (5, 3, 8), (5, 3, 8)]
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        bias: bool = True,
        batch_first: bool = False,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        *,
        dropout: float = 0.0,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        **unsupported: Any,
    ) -> None:
        super().__init__()
        owner = "MultiheadAttention"
        reject_unsupported(owner, unsupported)
        # PyTorch keywords accepted only at the values that mean "not used".
        for name, value, default in (
            ("dropout", dropout, 0.0),
            ("add_bias_kv", add_bias_kv, False),
            ("add_zero_attn", add_zero_attn, False),
        ):
            if value != default:
                fail(owner, f"{name}={default!r} (not implemented in dlnotes)", repr(value))
        for name, size in (("kdim", kdim), ("vdim", vdim)):
            if size is not None and size != embed_dim:
                fail(owner, f"{name}=None or embed_dim={embed_dim} (not implemented)", size)
        self.embed_dim = check_positive_int(owner, "embed_dim", embed_dim)
        self.num_heads = check_positive_int(owner, "num_heads", num_heads)
        if self.embed_dim % self.num_heads:
            fail(owner, f"embed_dim divisible by num_heads={num_heads}", embed_dim)
        for name, flag in (("bias", bias), ("batch_first", batch_first)):
            check_bool(owner, name, flag)
        self.head_dim = self.embed_dim // self.num_heads
        self.batch_first = bool(batch_first)
        self.dtype = resolve_dtype(owner, dtype)
        generator = as_generator(owner, rng)
        e = self.embed_dim
        bound = np.sqrt(6.0 / (e + 3 * e))  # Xavier-uniform of the stacked (3E, E) matrix
        weight = generator.uniform(-bound, bound, (3 * e, e)).astype(self.dtype)
        self.in_proj_weight = Parameter(weight)
        if bias:
            self.in_proj_bias = Parameter(np.zeros(3 * e, dtype=self.dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(e, e, bias=bool(bias), dtype=self.dtype, rng=generator)
        if bias:
            self.out_proj.bias.data[...] = 0
        self._cache: dict | None = None

    def extra_repr(self) -> str:
        """``embed_dim``, ``num_heads`` and ``batch_first=True`` if set."""
        return f"{self.embed_dim}, num_heads={self.num_heads}" + (
            ", batch_first=True" if self.batch_first else ""
        )

    def _batch_major(self, x: Any, name: str) -> tuple[np.ndarray, bool]:
        owner = "MultiheadAttention"
        x = as_float_array(owner, x, name)
        layout = "(N, L, E)" if self.batch_first else "(L, N, E)"
        if x.ndim not in (2, 3) or x.shape[-1] != self.embed_dim:
            fail(owner, f"{name} of shape {layout} or (L, E) with E={self.embed_dim}", x.shape)
        x = x.astype(self.dtype, copy=False)  # computed in the parameters' dtype, as Linear
        if x.ndim == 2:
            return x[None], False
        return (x if self.batch_first else x.swapaxes(0, 1)), True

    def _mask(
        self, attn_mask: Any, key_padding_mask: Any, batch: int, length: int, source: int
    ) -> np.ndarray | None:
        """Combine both masks into one additive mask broadcastable to ``(N, h, L, S)``."""
        owner = "MultiheadAttention"
        combined = None
        if attn_mask is not None:
            mask = _as_additive_mask(owner, attn_mask, "attn_mask", self.dtype)
            if mask.shape == (length, source):
                combined = mask
            elif mask.shape == (batch * self.num_heads, length, source):
                combined = mask.reshape(batch, self.num_heads, length, source)
            else:
                fail(
                    owner,
                    f"attn_mask of shape ({length}, {source}) or "
                    f"({batch * self.num_heads}, {length}, {source})",
                    mask.shape,
                )
        if key_padding_mask is not None:
            mask = _as_additive_mask(owner, key_padding_mask, "key_padding_mask", self.dtype)
            if mask.shape not in ((batch, source), (source,)):
                fail(owner, f"key_padding_mask of shape ({batch}, {source})", mask.shape)
            mask = mask.reshape(-1, 1, 1, source)
            combined = mask if combined is None else combined + mask
        return combined

    def forward(  # type: ignore[override]  # Module.forward takes positional inputs only
        self,
        query: Any,
        key: Any,
        value: Any,
        attn_mask: Any = None,
        key_padding_mask: Any = None,
        need_weights: bool = True,
        average_attn_weights: bool = True,
        **unsupported: Any,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Attend from ``query`` to ``key``/``value``; returns ``(output, attn_weights)``.

        ``attn_mask``, ``key_padding_mask``, ``need_weights`` and ``average_attn_weights`` are
        PyTorch's; other PyTorch keywords (``is_causal``: pass a causal ``attn_mask``
        instead) raise ``TypeError``.
        """
        owner = "MultiheadAttention"
        reject_unsupported(owner, unsupported)
        q_in, batched = self._batch_major(query, "query")
        k_in, k_batched = self._batch_major(key, "key")
        v_in, v_batched = self._batch_major(value, "value")
        if (
            not (batched == k_batched == v_batched)
            or q_in.shape[0] != k_in.shape[0]
            or k_in.shape[:2] != v_in.shape[:2]
        ):
            fail(
                owner,
                "query, key and value with one batch size and key/value of one length",
                f"{np.shape(query)}, {np.shape(key)} and {np.shape(value)}",
            )
        n, length, e = q_in.shape
        source = k_in.shape[1]
        h, d = self.num_heads, self.head_dim
        weight = self.in_proj_weight.data
        bias = None if self.in_proj_bias is None else self.in_proj_bias.data
        heads, projection_caches = [], []
        for i, x in enumerate((q_in, k_in, v_in)):
            rows = slice(i * e, (i + 1) * e)  # the query, key or value block of in_proj
            projected, projection_cache = linear_forward(
                x, weight[rows], None if bias is None else bias[rows]
            )
            projection_caches.append(projection_cache)
            # (N, T, E) -> (N, h, T, d): each head sees its own slice of the features.
            heads.append(projected.reshape(n, -1, h, d).transpose(0, 2, 1, 3))
        mask = self._mask(attn_mask, key_padding_mask, n, length, source)
        q_heads, k_heads, v_heads = heads
        attended, sdpa_cache = scaled_dot_product_attention_forward(
            q_heads, k_heads, v_heads, attn_mask=mask, owner=owner
        )
        merged = attended.transpose(0, 2, 1, 3).reshape(n, length, e)
        output = self.out_proj(merged)
        self._cache = {
            "shape": q_in.shape,
            "projections": projection_caches,
            "sdpa": sdpa_cache,
            "batched": batched,
        }
        if batched and not self.batch_first:
            output = output.swapaxes(0, 1)
        elif not batched:
            output = output[0]
        weights = None
        if need_weights:
            weights = sdpa_cache.weights
            weights = weights.mean(axis=1) if average_attn_weights else weights
            weights = weights if batched else weights[0]
        return output, weights

    def backward(self, grad_output: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Gradients ``(grad_query, grad_key, grad_value)`` given that of the output.

        For self-attention (one tensor passed as query, key and value) add the three.
        """
        owner = "MultiheadAttention"
        cache = check_forward_called(owner, self._cache)
        query_shape = cache["shape"]
        batched = cache["batched"]
        g = as_float_array(owner, grad_output, "grad_output").astype(self.dtype, copy=False)
        if not batched:
            g = g[None]
        elif not self.batch_first:
            g = g.swapaxes(0, 1)
        if g.shape != query_shape:
            fail(owner, "grad_output of the output's shape", np.shape(grad_output))
        n, length, e = query_shape
        h, d = self.num_heads, self.head_dim
        d_merged = self.out_proj.backward(g)
        d_attended = d_merged.reshape(n, length, h, d).transpose(0, 2, 1, 3)
        d_heads = scaled_dot_product_attention_backward(d_attended, cache["sdpa"])
        grads = []
        for i, (projection_cache, d_head) in enumerate(
            zip(cache["projections"], d_heads, strict=True)
        ):
            rows = slice(i * e, (i + 1) * e)
            d_projected = d_head.transpose(0, 2, 1, 3).reshape(n, -1, e)
            grad_x, d_weight, d_bias = linear_backward(d_projected, projection_cache)
            self.in_proj_weight.grad[rows] += d_weight
            if self.in_proj_bias is not None:
                self.in_proj_bias.grad[rows] += d_bias
            if not batched:
                grad_x = grad_x[0]
            elif not self.batch_first:
                grad_x = grad_x.swapaxes(0, 1)
            grads.append(grad_x)
        return grads[0], grads[1], grads[2]


class AdditiveAttention(Module):
    r"""Bahdanau attention: scores ``w^T tanh(W_q q + W_k k)``, softmax over keys, average values.

    Parameters
    ----------
    query_size, key_size, hidden_size : int
        ``Dq``, ``Dk`` and the width ``H`` of the scoring network.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        Each weight drawn from ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``.

    Attributes
    ----------
    weight_query : Parameter
        ``(H, Dq)``.
    weight_key : Parameter
        ``(H, Dk)``.
    weight_score : Parameter
        ``(H,)``.

    Shape
    -----
    - query: ``(N, Dq)`` (one query per example) or ``(N, L, Dq)``
    - key: ``(N, S, Dk)``; value: ``(N, S, Dv)``; mask: bool broadcastable to ``(N, L, S)``,
      ``True`` = may attend (a ``(N, S)`` mask is accepted)
    - context: ``(N, Dv)`` or ``(N, L, Dv)``; weights: ``(N, S)`` or ``(N, L, S)``

    Goodfellow et al., §12.4.5.1.

    Examples
    --------
    >>> attn = AdditiveAttention(4, 6, 5, rng=np.random.default_rng(0))
    >>> rng = np.random.default_rng(1)
    >>> keys = rng.normal(size=(2, 7, 6))
    >>> context, weights = attn(rng.normal(size=(2, 4)), keys, keys)
    >>> context.shape, weights.shape
    ((2, 6), (2, 7))
    """

    def __init__(
        self,
        query_size: int,
        key_size: int,
        hidden_size: int,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        owner = "AdditiveAttention"
        self.query_size = check_positive_int(owner, "query_size", query_size)
        self.key_size = check_positive_int(owner, "key_size", key_size)
        self.hidden_size = check_positive_int(owner, "hidden_size", hidden_size)
        self.dtype = resolve_dtype(owner, dtype)
        generator = as_generator(owner, rng)

        def draw(shape: tuple[int, ...], fan_in: int) -> Parameter:
            bound = 1.0 / np.sqrt(fan_in)
            return Parameter(generator.uniform(-bound, bound, shape).astype(self.dtype))

        self.weight_query = draw((self.hidden_size, self.query_size), self.query_size)
        self.weight_key = draw((self.hidden_size, self.key_size), self.key_size)
        self.weight_score = draw((self.hidden_size,), self.hidden_size)
        self._cache: Any = None

    def extra_repr(self) -> str:
        """The three sizes."""
        return f"{self.query_size}, {self.key_size}, {self.hidden_size}"

    def forward(
        self, query: Any, key: Any, value: Any, mask: Any = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(context, weights)``."""
        owner = "AdditiveAttention"
        query = as_float_array(owner, query, "query")
        key = as_float_array(owner, key, "key")
        value = as_float_array(owner, value, "value")
        if query.ndim not in (2, 3) or query.shape[-1] != self.query_size:
            fail(
                owner,
                f"query of shape (N, {self.query_size}) or (N, L, {self.query_size})",
                query.shape,
            )
        if key.ndim != 3 or key.shape[-1] != self.key_size:
            fail(owner, f"key of shape (N, S, {self.key_size})", key.shape)
        if value.ndim != 3 or value.shape[:2] != key.shape[:2] or query.shape[0] != key.shape[0]:
            fail(
                owner,
                f"value of shape ({query.shape[0]}, {key.shape[1]}, Dv) matching key {key.shape}",
                value.shape,
            )
        # Computed in the parameters' dtype, as Linear does.
        query, key, value = (a.astype(self.dtype, copy=False) for a in (query, key, value))
        single = query.ndim == 2
        q3 = query[:, None, :] if single else query
        allowed = None
        if mask is not None:
            allowed = np.asarray(mask)
            if allowed.dtype != bool:
                fail(
                    owner, "a boolean mask (True = may attend)", f"dtype {allowed.dtype}", TypeError
                )
            if allowed.shape == (key.shape[0], key.shape[1]):
                allowed = allowed[:, None, :]
            try:
                np.broadcast_shapes(allowed.shape, (q3.shape[0], q3.shape[1], key.shape[1]))
            except ValueError:
                fail(
                    owner,
                    f"mask broadcastable to {(q3.shape[0], q3.shape[1], key.shape[1])}",
                    allowed.shape,
                )
        (context, weights), cache = additive_attention_forward(
            q3,
            key,
            value,
            self.weight_query.data,
            self.weight_key.data,
            self.weight_score.data,
            allowed,
            owner=owner,
        )
        self._cache = (cache, single)
        return (context[:, 0], weights[:, 0]) if single else (context, weights)

    def backward(self, grad_output: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Gradients ``(grad_query, grad_key, grad_value)`` given that of the context."""
        cache, single = check_forward_called("AdditiveAttention", self._cache)
        g = as_float_array("AdditiveAttention", grad_output, "grad_output")
        g = g.astype(self.dtype, copy=False)
        g3 = g[:, None, :] if single else g
        d_query, d_key, d_value, d_wq, d_wk, d_ws = additive_attention_backward(g3, cache)
        self.weight_query.grad += d_wq
        self.weight_key.grad += d_wk
        self.weight_score.grad += d_ws
        return (d_query[:, 0] if single else d_query), d_key, d_value
