r"""Additive (Bahdanau) attention, forward and backward.

.. math::
    e_{ls} = w^\top \tanh(W_q q_l + W_k k_s), \qquad
    a_{l\cdot} = \operatorname{softmax}(e_{l\cdot}), \qquad
    \text{context}_l = \sum_s a_{ls} v_s

The score is a one-hidden-layer network of the query and the key, so queries and keys may
have different sizes (Bahdanau, Cho and Bengio, 2015).

Goodfellow et al., §12.4.5.1 (attention-based machine translation).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import fail
from dlnotes.nn.functional.activation import softmax, softmax_backward

__all__ = ["AdditiveAttentionCache", "additive_attention_forward", "additive_attention_backward"]


class AdditiveAttentionCache(NamedTuple):
    """Inputs, weights, the scoring network's hidden layer ``(N, L, S, H)`` and the weights."""

    query: np.ndarray
    key: np.ndarray
    value: np.ndarray
    weight_query: np.ndarray
    weight_key: np.ndarray
    weight_score: np.ndarray
    hidden: np.ndarray
    weights: np.ndarray


def additive_attention_forward(
    query: np.ndarray,
    key: np.ndarray,
    value: np.ndarray,
    weight_query: np.ndarray,
    weight_key: np.ndarray,
    weight_score: np.ndarray,
    mask: np.ndarray | None = None,
    *,
    owner: str = "additive_attention_forward",
) -> tuple[tuple[np.ndarray, np.ndarray], AdditiveAttentionCache]:
    """Context vectors and attention weights.

    Goodfellow et al., §12.4.5.1.

    Parameters
    ----------
    query : numpy.ndarray
        ``(N, L, Dq)``.
    key : numpy.ndarray
        ``(N, S, Dk)``.
    value : numpy.ndarray
        ``(N, S, Dv)``.
    weight_query, weight_key : numpy.ndarray
        ``(H, Dq)`` and ``(H, Dk)``.
    weight_score : numpy.ndarray
        ``(H,)``, the vector ``w``.
    mask : numpy.ndarray of bool, optional
        Broadcastable to ``(N, L, S)``; ``True`` = may attend (e.g. ``(N, 1, S)`` marking the
        real, non-padding source tokens).

    Returns
    -------
    (context, weights) : tuple of numpy.ndarray
        ``(N, L, Dv)`` and ``(N, L, S)``.
    cache : AdditiveAttentionCache
        For :func:`additive_attention_backward`.

    Shape
    -----
    - query: ``(N, L, Dq)``; key: ``(N, S, Dk)``; value: ``(N, S, Dv)``
    - weight_query: ``(H, Dq)``; weight_key: ``(H, Dk)``; weight_score: ``(H,)``
    - context: ``(N, L, Dv)``; weights: ``(N, L, S)``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> q, k = rng.normal(size=(2, 1, 3)), rng.normal(size=(2, 5, 4))
    >>> (ctx, w), _ = additive_attention_forward(q, k, k, rng.normal(size=(6, 3)),
    ...                                          rng.normal(size=(6, 4)), rng.normal(size=6))
    >>> ctx.shape, np.allclose(w.sum(-1), 1)
    ((2, 1, 4), True)
    """
    if query.ndim != 3 or key.ndim != 3 or value.ndim != 3:
        fail(
            owner,
            "query (N, L, Dq), key (N, S, Dk) and value (N, S, Dv)",
            f"{query.shape}, {key.shape} and {value.shape}",
        )
    if key.shape[:2] != value.shape[:2] or query.shape[0] != key.shape[0]:
        fail(
            owner,
            "query, key and value with one batch size and key/value with one length",
            f"{query.shape}, {key.shape} and {value.shape}",
        )
    projected_query = query @ weight_query.T  # (N, L, H)
    projected_key = key @ weight_key.T  # (N, S, H)
    hidden = np.tanh(projected_query[:, :, None, :] + projected_key[:, None, :, :])  # (N,L,S,H)
    scores = hidden @ weight_score  # (N, L, S)
    if mask is not None:
        mask = np.broadcast_to(mask, scores.shape)
    weights = softmax(scores, dim=-1, mask=mask, owner=owner)
    context = weights @ value
    cache = AdditiveAttentionCache(
        query, key, value, weight_query, weight_key, weight_score, hidden, weights
    )
    return (context, weights), cache


def additive_attention_backward(
    grad_context: np.ndarray, cache: AdditiveAttentionCache
) -> tuple[Any, ...]:
    """Back-propagate through additive attention (the weights output receives no gradient).

    Goodfellow et al., §12.4.5.1.

    Returns
    -------
    tuple
        ``(d_query, d_key, d_value, d_weight_query, d_weight_key, d_weight_score)``.

    Shape
    -----
    - grad_context: ``(N, L, Dv)``
    - gradients: the shapes of the corresponding inputs

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> q, k = rng.normal(size=(2, 1, 3)), rng.normal(size=(2, 5, 4))
    >>> (ctx, w), cache = additive_attention_forward(q, k, k, rng.normal(size=(6, 3)),
    ...                                              rng.normal(size=(6, 4)), rng.normal(size=6))
    >>> [g.shape for g in additive_attention_backward(np.ones_like(ctx), cache)]
    [(2, 1, 3), (2, 5, 4), (2, 5, 4), (6, 3), (6, 4), (6,)]
    """
    query, key, value, weight_query, weight_key, weight_score, hidden, weights = cache
    d_value = weights.swapaxes(-1, -2) @ grad_context
    d_weights = grad_context @ value.swapaxes(-1, -2)
    d_scores = softmax_backward(d_weights, weights, dim=-1)
    d_weight_score = np.einsum("nls,nlsh->h", d_scores, hidden)
    d_pre = d_scores[..., None] * weight_score * (1 - hidden * hidden)  # (N, L, S, H)
    d_projected_query = d_pre.sum(axis=2)
    d_projected_key = d_pre.sum(axis=1)
    d_query = d_projected_query @ weight_query
    d_key = d_projected_key @ weight_key
    h = weight_query.shape[0]
    d_weight_query = d_projected_query.reshape(-1, h).T @ query.reshape(-1, query.shape[-1])
    d_weight_key = d_projected_key.reshape(-1, h).T @ key.reshape(-1, key.shape[-1])
    return d_query, d_key, d_value, d_weight_query, d_weight_key, d_weight_score
