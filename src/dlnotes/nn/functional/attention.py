r"""Scaled dot-product attention, forward and backward, with boolean, additive and causal masks.

.. math::
    \operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d}}
    + M\Big) V

Each query (a row of ``Q``) receives an average of the value rows, weighted by how well it
matches each key. Masks follow ``torch.nn.functional.scaled_dot_product_attention``: a
**boolean** mask marks with ``True`` the positions that *may* be attended to; a **float** mask
is added to the scores (``-inf`` forbids a position). A query whose keys are all forbidden
receives zero weights and a zero output (PyTorch's math backend does the same since 2.5).

Goodfellow et al., §12.4.5.1 (attention for neural machine translation) and §10.12 (explicit
memory, content-based addressing).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, fail
from dlnotes.nn.functional.activation import softmax, softmax_backward

__all__ = [
    "AttentionCache",
    "causal_mask",
    "scaled_dot_product_attention",
    "scaled_dot_product_attention_forward",
    "scaled_dot_product_attention_backward",
]


class AttentionCache(NamedTuple):
    """Cache of :func:`scaled_dot_product_attention_forward`; ``weights`` are ``(..., L, S)``."""

    query: np.ndarray
    key: np.ndarray
    value: np.ndarray
    weights: np.ndarray
    scale: float


def causal_mask(target_length: int, source_length: int | None = None) -> np.ndarray:
    """Boolean ``(L, S)`` mask, ``True`` where key ``s <= l`` (no peeking at later positions).

    Goodfellow et al., §12.4.5.1.

    Shape
    -----
    - output: ``(L, S)`` with ``L = target_length`` and ``S = source_length`` (``L`` if omitted)

    Examples
    --------
    >>> causal_mask(3).astype(int)
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    source_length = target_length if source_length is None else source_length
    return np.tril(np.ones((target_length, source_length), dtype=bool))


def _prepare(
    query: Any, key: Any, value: Any, owner: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    query = as_float_array(owner, query, "query")
    key = as_float_array(owner, key, "key")
    value = as_float_array(owner, value, "value")
    if query.ndim < 2 or key.ndim != query.ndim or value.ndim != query.ndim:
        fail(
            owner,
            "query (..., L, E), key (..., S, E) and value (..., S, Ev) with equal ndim",
            f"{query.shape}, {key.shape} and {value.shape}",
        )
    if key.shape[-1] != query.shape[-1]:
        fail(owner, f"key with last dimension {query.shape[-1]} (the query's)", key.shape)
    if value.shape[-2] != key.shape[-2]:
        fail(owner, f"value with {key.shape[-2]} positions (the key's)", value.shape)
    if len({query.dtype, key.dtype, value.dtype}) != 1:
        fail(
            owner,
            "query, key and value of one dtype",
            f"{query.dtype}, {key.dtype} and {value.dtype}",
            TypeError,
        )
    return query, key, value


def scaled_dot_product_attention_forward(
    query: Any,
    key: Any,
    value: Any,
    attn_mask: Any = None,
    is_causal: bool = False,
    scale: float | None = None,
    *,
    owner: str = "scaled_dot_product_attention",
) -> tuple[np.ndarray, AttentionCache]:
    """Attention output and the cache for the backward pass.

    Goodfellow et al., §12.4.5.1.

    Parameters
    ----------
    query : numpy.ndarray
        ``(..., L, E)``.
    key : numpy.ndarray
        ``(..., S, E)``.
    value : numpy.ndarray
        ``(..., S, Ev)``.
    attn_mask : numpy.ndarray, optional
        Broadcastable to ``(..., L, S)``. Boolean: ``True`` = may attend. Float: added to the
        scores.
    is_causal : bool
        Apply :func:`causal_mask` (top-left aligned, as PyTorch); not combinable with
        ``attn_mask``.
    scale : float, optional
        Defaults to ``1 / sqrt(E)``.
    owner : str
        Name used in error messages (modules pass their class name).

    Returns
    -------
    output : numpy.ndarray
        ``(..., L, Ev)``.
    cache : AttentionCache
        ``(query, key, value, weights, scale)``; ``cache.weights`` (also ``cache[3]``) are the
        attention weights ``(..., L, S)``, each row summing to one over its allowed keys.

    Shape
    -----
    - query: ``(*, L, E)``; key: ``(*, S, E)``; value: ``(*, S, Ev)``
    - attn_mask: broadcastable to ``(*, L, S)``
    - output: ``(*, L, Ev)``

    Examples
    --------
    >>> q = k = np.eye(2)[None]
    >>> v = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    >>> out, cache = scaled_dot_product_attention_forward(q, k, v, is_causal=True)
    >>> out[0, 0]  # the first query sees only the first key
    array([1., 0.])
    """
    query, key, value = _prepare(query, key, value, owner)
    length, source = query.shape[-2], key.shape[-2]
    scale = 1.0 / np.sqrt(query.shape[-1]) if scale is None else float(scale)
    scores = (query @ key.swapaxes(-1, -2)) * np.asarray(scale, dtype=query.dtype)
    allowed = None
    if is_causal:
        if attn_mask is not None:
            fail(owner, "either attn_mask or is_causal=True, not both", "both")
        allowed = causal_mask(length, source)
    elif attn_mask is not None:
        mask = np.asarray(attn_mask)
        try:
            np.broadcast_shapes(mask.shape, scores.shape)
        except ValueError:
            fail(owner, f"attn_mask broadcastable to {scores.shape}", mask.shape)
        if mask.dtype == bool:
            allowed = mask
        elif mask.dtype.kind == "f":
            scores = scores + mask.astype(scores.dtype, copy=False)
            # -inf forbids a key; as a boolean mask it also gives a fully forbidden row zero
            # weights (not NaN), the documented convention.
            forbidden = np.isneginf(scores)
            allowed = ~forbidden if forbidden.any() else None
        else:
            fail(owner, "a boolean or floating attn_mask", f"dtype {mask.dtype}", TypeError)
    if allowed is not None:
        allowed = np.broadcast_to(allowed, scores.shape)
    weights = softmax(scores, dim=-1, mask=allowed, owner=owner)
    output = weights @ value
    return output, AttentionCache(query, key, value, weights, scale)


def scaled_dot_product_attention_backward(
    grad_output: np.ndarray, cache: AttentionCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Gradients ``(d_query, d_key, d_value)``.

    With weights :math:`A` and :math:`G = \partial L / \partial\,\text{output}`:
    :math:`dV = A^\top G`, :math:`dA = G V^\top`, the softmax Jacobian
    (:func:`~dlnotes.nn.functional.softmax_backward`) gives
    :math:`dS = A \odot (dA - \operatorname{rowsum}(dA \odot A))`, then
    :math:`dQ = s\, dS\, K` and :math:`dK = s\, dS^\top Q` with ``s`` the scale.

    Goodfellow et al., §12.4.5.1.

    Shape
    -----
    - grad_output: ``(*, L, Ev)``
    - d_query: ``(*, L, E)``; d_key: ``(*, S, E)``; d_value: ``(*, S, Ev)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> q, k, v = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 6))
    >>> out, cache = scaled_dot_product_attention_forward(q, k, v)
    >>> [g.shape for g in scaled_dot_product_attention_backward(np.ones_like(out), cache)]
    [(2, 4, 3), (2, 5, 3), (2, 5, 6)]
    """
    query, key, value, weights, scale = cache
    d_value = weights.swapaxes(-1, -2) @ grad_output
    d_weights = grad_output @ value.swapaxes(-1, -2)
    d_scores = softmax_backward(d_weights, weights, dim=-1)
    d_scores *= np.asarray(scale, dtype=d_scores.dtype)
    d_query = d_scores @ key
    d_key = d_scores.swapaxes(-1, -2) @ query
    return d_query, d_key, d_value


def scaled_dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    attn_mask: Any = None,
    is_causal: bool = False,
    scale: float | None = None,
) -> np.ndarray:
    """Attention output only (PyTorch's functional name); see the ``_forward`` kernel.

    Goodfellow et al., §12.4.5.1.

    Shape
    -----
    query ``(..., L, E)``, key ``(..., S, E)``, value ``(..., S, Ev)`` -> ``(..., L, Ev)``.

    Examples
    --------
    >>> x = np.ones((1, 3, 2))
    >>> scaled_dot_product_attention(x, x, x).shape
    (1, 3, 2)
    """
    return scaled_dot_product_attention_forward(query, key, value, attn_mask, is_causal, scale)[0]
