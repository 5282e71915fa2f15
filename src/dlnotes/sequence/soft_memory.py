"""Attention as a soft, differentiable read from a memory of slots.

A memory holds ``n`` slots, each a key :math:`\\boldsymbol k_i` (what the slot is found by)
and a value :math:`\\boldsymbol m_i` (what it contains). A query :math:`\\boldsymbol q`
addresses the memory by content with a softmax over the scores,
:math:`w_i = \\operatorname{softmax}_i(\\beta\\, \\boldsymbol k_i^\\top \\boldsymbol q)`, and
reads the weighted average :math:`\\boldsymbol r = \\sum_i w_i \\boldsymbol m_i`. The weights
are non-negative and sum to one, so the read is a convex combination of the slots; it is a
smooth function of the query, the keys and the values, so gradient descent can learn where to
read. As the scale :math:`\\beta` grows the weights concentrate on the best-matching slot and
the read tends to the hard lookup :math:`\\boldsymbol m_{i^*}`, :math:`i^* = \\arg\\max_i
\\boldsymbol k_i^\\top \\boldsymbol q` (when the maximum is unique), whose gradient with
respect to the query is zero almost everywhere.

The arithmetic is :func:`dlnotes.nn.functional.scaled_dot_product_attention_forward` with
``scale = beta``: the attention of §12.4.5.1 is exactly this read.

Goodfellow et al., §10.12.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail
from dlnotes.nn.functional.attention import (
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
)

__all__ = ["soft_read", "soft_read_query_gradient", "SharpeningCurve", "sharpening_curve"]


def _check(owner: str, keys: Any, values: Any, query: Any) -> tuple[np.ndarray, ...]:
    k = as_float_array(owner, keys, "keys")
    v = as_float_array(owner, values, "values")
    q = as_float_array(owner, query, "query")
    if k.ndim != 2 or v.ndim != 2 or v.shape[0] != k.shape[0]:
        fail(owner, "keys (n, d) and values (n, d_v) with the same n", f"{k.shape} and {v.shape}")
    if q.shape != (k.shape[1],):
        fail(owner, f"query of shape ({k.shape[1]},)", q.shape)
    return k, v, q


def soft_read(
    keys: Any, values: Any, query: Any, sharpness: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The read :math:`\\boldsymbol r = \\sum_i w_i \\boldsymbol m_i` and the weights
    :math:`\\boldsymbol w = \\operatorname{softmax}(\\beta \\boldsymbol K \\boldsymbol q)`.

    Goodfellow et al., §10.12.

    Shape
    -----
    keys ``(n, d)``, values ``(n, d_v)``, query ``(d,)``; returns the read ``(d_v,)`` and the
    weights ``(n,)``.

    Examples
    --------
    >>> r, w = soft_read(np.eye(2), np.array([[1.0], [3.0]]), np.zeros(2))
    >>> r.tolist(), w.tolist()
    ([2.0], [0.5, 0.5])
    """
    k, v, q = _check("soft_read", keys, values, query)
    beta = check_range("soft_read", "sharpness", sharpness, 0.0)
    out, cache = scaled_dot_product_attention_forward(q[None], k, v, scale=beta, owner="soft_read")
    return out[0], cache.weights[0]


def soft_read_query_gradient(
    keys: Any, values: Any, query: Any, grad_read: Any, sharpness: float = 1.0
) -> np.ndarray:
    """Gradient of :math:`\\boldsymbol g^\\top \\boldsymbol r` with respect to the query.

    Goodfellow et al., §10.12.

    Shape
    -----
    grad_read ``(d_v,)``; returns ``(d,)``.

    Examples
    --------
    >>> g = soft_read_query_gradient(np.eye(2), np.array([[1.0], [3.0]]), np.zeros(2), [1.0])
    >>> g.tolist()
    [-0.5, 0.5]
    """
    k, v, q = _check("soft_read_query_gradient", keys, values, query)
    beta = check_range("soft_read_query_gradient", "sharpness", sharpness, 0.0)
    g = as_float_array("soft_read_query_gradient", grad_read, "grad_read")
    if g.shape != (v.shape[1],):
        fail("soft_read_query_gradient", f"grad_read of shape ({v.shape[1]},)", g.shape)
    _, cache = scaled_dot_product_attention_forward(q[None], k, v, scale=beta)
    d_query, _, _ = scaled_dot_product_attention_backward(g[None], cache)
    out: np.ndarray = d_query[0]
    return out


@dataclass(frozen=True)
class SharpeningCurve:
    """How the read approaches a hard lookup as the scale grows.

    Attributes
    ----------
    sharpness : numpy.ndarray
        ``(K,)`` scales :math:`\\beta`.
    weights : numpy.ndarray
        ``(K, n)`` the softmax weights at each scale.
    entropy : numpy.ndarray
        ``(K,)`` entropy of the weights in nats (:math:`\\ln n` at :math:`\\beta = 0`).
    lookup_distance : numpy.ndarray
        ``(K,)`` :math:`\\lVert \\boldsymbol r - \\boldsymbol m_{i^*} \\rVert_2`.
    best_slot : int
        :math:`i^*`, the slot with the largest score.
    """

    sharpness: np.ndarray
    weights: np.ndarray
    entropy: np.ndarray
    lookup_distance: np.ndarray
    best_slot: int


def sharpening_curve(keys: Any, values: Any, query: Any, sharpness: Any) -> SharpeningCurve:
    """:func:`soft_read` at several scales, against the hard lookup of the best slot.

    Goodfellow et al., §10.12.

    Shape
    -----
    keys ``(n, d)``, values ``(n, d_v)``, query ``(d,)``, sharpness ``(K,)``; the curve's
    weights are ``(K, n)``.

    Examples
    --------
    >>> curve = sharpening_curve(np.eye(2), np.eye(2), np.array([1.0, 0.0]), [0.0, 50.0])
    >>> curve.best_slot, bool(curve.lookup_distance[-1] < 1e-12)
    (0, True)
    """
    k, v, q = _check("sharpening_curve", keys, values, query)
    betas = np.asarray(sharpness, dtype=float)
    best = int(np.argmax(k @ q))
    weights, distances = [], []
    for beta in betas:
        read, w = soft_read(k, v, q, float(beta))
        weights.append(w)
        distances.append(float(np.linalg.norm(read - v[best])))
    w_all = np.array(weights)
    safe = np.where(w_all > 0, w_all, 1.0)  # 0 log 0 = 0
    entropy = -np.sum(w_all * np.log(safe), axis=1)
    return SharpeningCurve(betas, w_all, entropy, np.array(distances), best)
