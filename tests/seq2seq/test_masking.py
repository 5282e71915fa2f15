"""Padding and causal masks give exactly zero weight to the masked keys, so changing what sits
at a masked position cannot change the output: in the functional kernel, in
MultiheadAttention (PyTorch's opposite boolean convention) and in the encoder-decoder."""

from __future__ import annotations

import numpy as np

from dlnotes.nn import MultiheadAttention
from dlnotes.nn.functional import causal_mask, scaled_dot_product_attention_forward


def test_causal_mask_zeroes_the_future(rng):
    q, k, v = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))
    out, cache = scaled_dot_product_attention_forward(q, k, v, attn_mask=causal_mask(5))
    weights = cache.weights
    assert np.all(weights[:, np.triu_indices(5, 1)[0], np.triu_indices(5, 1)[1]] == 0.0)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-12)
    # Changing the keys and values of the last position leaves earlier outputs unchanged.
    k2, v2 = k.copy(), v.copy()
    k2[:, -1], v2[:, -1] = 100.0, -100.0
    out2, _ = scaled_dot_product_attention_forward(q, k2, v2, is_causal=True)
    np.testing.assert_array_equal(out2[:, :-1], out[:, :-1])


def test_padding_mask_zeroes_padded_keys(rng):
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 6, 4)), rng.normal(size=(2, 6, 2))
    real = np.array([[True] * 6, [True] * 4 + [False] * 2])  # (N, S): True on real tokens
    out, cache = scaled_dot_product_attention_forward(q, k, v, attn_mask=real[:, None, :])
    assert np.all(cache.weights[1, :, 4:] == 0.0)
    v2 = v.copy()
    v2[1, 4:] = 1e6
    out2, _ = scaled_dot_product_attention_forward(q, k, v2, attn_mask=real[:, None, :])
    np.testing.assert_array_equal(out2, out)


def test_multihead_key_padding_mask_uses_true_for_forbidden(rng):
    mha = MultiheadAttention(8, 2, batch_first=True, rng=rng)
    x = rng.normal(size=(2, 5, 8))
    padding = np.array([[False] * 5, [False] * 3 + [True] * 2])  # True = padding, PyTorch's way
    out, weights = mha(x, x, x, key_padding_mask=padding, average_attn_weights=False)
    assert np.all(weights[1, :, :, 3:] == 0.0)
    x2 = x.copy()
    x2[1, 3:] = 50.0
    out2, _ = mha(x2, x2, x2, key_padding_mask=padding)
    np.testing.assert_allclose(out2[1, :3], out[1, :3], atol=1e-12)
