"""Scaled dot-product attention kernels: central differences, PyTorch's functional oracle with
boolean, float and causal masks, mask invariants (property tests) and validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import numerical_gradient_in_place
from dlnotes.nn.functional import (
    causal_mask,
    scaled_dot_product_attention,
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
    softmax,
)


def _qkv(rng, batch=(2,), length=4, source=5, e=3, ev=6):
    return (
        rng.normal(size=(*batch, length, e)),
        rng.normal(size=(*batch, source, e)),
        rng.normal(size=(*batch, source, ev)),
    )


@pytest.mark.parametrize("mask_kind", [None, "bool", "float", "causal"])
def test_gradients_match_central_differences(rng, mask_kind):
    q, k, v = _qkv(rng, source=4)
    kwargs = {}
    if mask_kind == "bool":
        mask = rng.random((2, 4, 4)) < 0.6
        mask[..., 0] = True
        kwargs["attn_mask"] = mask
    elif mask_kind == "float":
        kwargs["attn_mask"] = rng.normal(size=(4, 4))
    elif mask_kind == "causal":
        kwargs["is_causal"] = True
    out, cache = scaled_dot_product_attention_forward(q, k, v, **kwargs)
    g = rng.normal(size=out.shape)
    analytic = scaled_dot_product_attention_backward(g, cache)

    def objective():
        return float((g * scaled_dot_product_attention(q, k, v, **kwargs)).sum())

    for array, grad in zip((q, k, v), analytic, strict=True):
        np.testing.assert_allclose(grad, numerical_gradient_in_place(objective, array), atol=1e-8)


@pytest.mark.torch
@pytest.mark.parametrize("mask_kind", [None, "bool", "float", "causal"])
def test_matches_torch(torch, rng, mask_kind):
    q, k, v = _qkv(rng, batch=(2, 3), length=5, source=5)
    kwargs, kwargs_t = {}, {}
    if mask_kind == "bool":
        mask = rng.random((5, 5)) < 0.5
        mask[:, 2] = True
        kwargs["attn_mask"], kwargs_t["attn_mask"] = mask, torch.tensor(mask)
    elif mask_kind == "float":
        mask = rng.normal(size=(2, 3, 5, 5))
        kwargs["attn_mask"], kwargs_t["attn_mask"] = mask, torch.tensor(mask)
    elif mask_kind == "causal":
        kwargs["is_causal"] = kwargs_t["is_causal"] = True
    out, cache = scaled_dot_product_attention_forward(q, k, v, **kwargs)
    tensors = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    out_t = torch.nn.functional.scaled_dot_product_attention(*tensors, **kwargs_t)
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    g = rng.normal(size=out.shape)
    (out_t * torch.tensor(g)).sum().backward()
    for ours, t in zip(scaled_dot_product_attention_backward(g, cache), tensors, strict=True):
        np.testing.assert_allclose(ours, t.grad.numpy(), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(length=st.integers(1, 6), source=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_weights_sum_to_one_over_allowed_keys_and_vanish_on_masked(length, source, seed):
    rng = np.random.default_rng(seed)
    q, k, v = _qkv(rng, length=length, source=source)
    allowed = rng.random((2, length, source)) < 0.5
    _, cache = scaled_dot_product_attention_forward(q, k, v, attn_mask=allowed)
    weights = cache[3]
    assert np.all(weights[~allowed] == 0)
    any_allowed = allowed.any(axis=-1)
    np.testing.assert_allclose(weights.sum(-1)[any_allowed], 1.0, atol=1e-12)
    # A query with no allowed key gets zero weights rather than NaN.
    np.testing.assert_array_equal(weights.sum(-1)[~any_allowed], 0.0)


def test_causal_output_ignores_the_future(rng):
    q, k, v = _qkv(rng, length=5, source=5)
    out = scaled_dot_product_attention(q, k, v, is_causal=True)
    k2, v2 = k.copy(), v.copy()
    k2[:, 3:] += 10.0
    v2[:, 3:] -= 7.0
    out2 = scaled_dot_product_attention(q, k2, v2, is_causal=True)
    np.testing.assert_allclose(out[:, :3], out2[:, :3], atol=1e-12)
    assert not np.allclose(out[:, 3:], out2[:, 3:])
    np.testing.assert_array_equal(causal_mask(2, 3), [[True, False, False], [True, True, False]])


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(-50, 50), seed=st.integers(0, 1000))
def test_masked_softmax_is_shift_invariant(shift, seed):
    scores = np.random.default_rng(seed).normal(size=(3, 4))
    np.testing.assert_allclose(softmax(scores + shift), softmax(scores), atol=1e-12)


def test_float32_preserved_and_inputs_untouched(rng):
    q, k, v = (a.astype(np.float32) for a in _qkv(rng))
    copies = [a.copy() for a in (q, k, v)]
    out, cache = scaled_dot_product_attention_forward(q, k, v, attn_mask=np.zeros((4, 5)))
    assert out.dtype == np.float32
    g = np.ones_like(out)
    grads = scaled_dot_product_attention_backward(g, cache)
    assert all(d.dtype == np.float32 for d in grads)
    for a, b in zip((q, k, v), copies, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(g, 1.0)


def test_bad_inputs(rng):
    q, k, v = _qkv(rng)
    with pytest.raises(ValueError, match="scaled_dot_product_attention: expected key with last"):
        scaled_dot_product_attention(q, k[..., :2], v)
    with pytest.raises(ValueError, match="scaled_dot_product_attention: expected value with 5"):
        scaled_dot_product_attention(q, k, v[:, :4])
    with pytest.raises(ValueError, match=r"scaled_dot_product_attention: expected attn_mask"):
        scaled_dot_product_attention(q, k, v, attn_mask=np.ones((3, 3), dtype=bool))
    with pytest.raises(ValueError, match="scaled_dot_product_attention: expected either"):
        scaled_dot_product_attention(q, k, v, attn_mask=np.ones((4, 5), dtype=bool), is_causal=True)
    with pytest.raises(TypeError, match="scaled_dot_product_attention: expected a boolean or"):
        scaled_dot_product_attention(q, k, v, attn_mask=np.ones((4, 5), dtype=int))
    with pytest.raises(TypeError, match="scaled_dot_product_attention: expected query, key and"):
        scaled_dot_product_attention(q.astype(np.float32), k, v)
