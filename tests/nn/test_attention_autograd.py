"""The hand-written attention backward (as an autograd Function) against autograd over
elementary tensor operations, with and without masks."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.autograd import Tensor
from dlnotes.autograd.functions.attention import scaled_dot_product_attention


def _elementary_attention(q, k, v, additive_mask):
    scores = (q @ k.transpose((0, 2, 1))) * (1 / np.sqrt(q.shape[-1])) + Tensor(additive_mask)
    # Shift by the (constant) row maximum for stability; softmax is shift-invariant.
    shifted = scores - Tensor(scores.data.max(axis=-1, keepdims=True))
    e = shifted.exp()
    weights = e / e.sum(axis=-1, keepdims=True)
    return weights @ v


@pytest.mark.parametrize("masked", [False, True])
def test_fused_backward_equals_elementary_autograd(rng, masked):
    q, k, v = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 6))
    allowed = rng.random((2, 4, 5)) < 0.7
    allowed[..., 0] = True
    if not masked:
        allowed[...] = True
    additive = np.where(allowed, 0.0, -1e9)  # exp underflows to exactly 0 on masked keys
    upstream = rng.normal(size=(2, 4, 6))
    results = []
    for use_kernel in (True, False):
        leaves = [Tensor(a.copy(), requires_grad=True) for a in (q, k, v)]
        if use_kernel:
            out = scaled_dot_product_attention(*leaves, attn_mask=allowed)
        else:
            out = _elementary_attention(*leaves, additive)
        (out * Tensor(upstream)).sum().backward()
        results.append((out.data, [leaf.grad for leaf in leaves]))
    np.testing.assert_allclose(results[0][0], results[1][0], atol=1e-12)
    for a, b in zip(results[0][1], results[1][1], strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)


def test_causal_flag_passes_through(rng):
    q = Tensor(rng.normal(size=(1, 3, 2)), requires_grad=True)
    v = Tensor(rng.normal(size=(1, 3, 2)), requires_grad=True)
    out = scaled_dot_product_attention(q, q, v, is_causal=True)
    out[:, 0].sum().backward()
    # The first output sees only the first value.
    np.testing.assert_array_equal(v.grad[0, 1:], 0.0)
