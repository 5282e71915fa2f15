"""Additive (Bahdanau) attention: the formula, central differences for every input and
parameter (with and without a mask), mask invariants, float32 and validation."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import AdditiveAttention


def test_matches_the_formula(rng):
    attn = AdditiveAttention(3, 4, 5, rng=rng)
    q, k, v = rng.normal(size=(2, 3)), rng.normal(size=(2, 6, 4)), rng.normal(size=(2, 6, 7))
    context, weights = attn(q, k, v)
    for n in range(2):
        scores = np.array(
            [
                attn.weight_score.data
                @ np.tanh(attn.weight_query.data @ q[n] + attn.weight_key.data @ k[n, s])
                for s in range(6)
            ]
        )
        expected = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
        np.testing.assert_allclose(weights[n], expected, atol=1e-12)
        np.testing.assert_allclose(context[n], expected @ v[n], atol=1e-12)


@pytest.mark.parametrize("with_mask", [False, True])
def test_gradcheck(rng, with_mask):
    attn = AdditiveAttention(3, 4, 5, rng=rng)
    q, k, v = rng.normal(size=(2, 2, 3)), rng.normal(size=(2, 4, 4)), rng.normal(size=(2, 4, 3))
    kwargs = (
        {"mask": np.array([[True, True, True, False], [True, False, True, True]])}
        if with_mask
        else {}
    )
    check_module(attn, q, k, v, rng=rng, forward_kwargs=kwargs)


def test_single_query_gradcheck(rng):
    attn = AdditiveAttention(3, 4, 5, rng=rng)
    check_module(
        attn,
        rng.normal(size=(2, 3)),
        rng.normal(size=(2, 4, 4)),
        rng.normal(size=(2, 4, 2)),
        rng=rng,
    )


def test_mask_zeroes_padding_and_rows_sum_to_one(rng):
    attn = AdditiveAttention(3, 4, 5, rng=rng)
    mask = np.array([[True, True, False, False, False], [True, True, True, True, True]])
    _, weights = attn(
        rng.normal(size=(2, 3)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 2)), mask
    )
    np.testing.assert_array_equal(weights[~mask], 0.0)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-12)


def test_float32_and_validation(rng):
    attn = AdditiveAttention(3, 4, 5, dtype=np.float32, rng=rng)
    q = np.ones((2, 3), np.float32)
    k = np.ones((2, 5, 4), np.float32)
    context, weights = attn(q, k, k)
    assert context.dtype == weights.dtype == np.float32
    assert all(g.dtype == np.float32 for g in attn.backward(np.ones_like(context)))
    with pytest.raises(ValueError, match=r"AdditiveAttention: expected query of shape \(N, 3\)"):
        attn(np.ones((2, 4), np.float32), k, k)
    with pytest.raises(ValueError, match=r"AdditiveAttention: expected key of shape \(N, S, 4\)"):
        attn(q, np.ones((2, 5, 3), np.float32), k)
    with pytest.raises(TypeError, match="AdditiveAttention: expected a boolean mask"):
        attn(q, k, k, np.ones((2, 5)))
    with pytest.raises(ValueError, match="AdditiveAttention: expected hidden_size to be a"):
        AdditiveAttention(3, 4, 0)
