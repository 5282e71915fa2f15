"""Masked cross-entropy: central differences, the torch oracle (ignore_index), padding
invariance, float32 and validation."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient
from dlnotes.seq2seq import (
    masked_cross_entropy,
    masked_cross_entropy_backward,
    masked_cross_entropy_forward,
)


def _batch(rng, n=3, t=4, v=5):
    logits = rng.normal(size=(n, t, v))
    targets = rng.integers(0, v, size=(n, t))
    mask = np.ones((n, t), dtype=bool)
    mask[0, 2:] = mask[2, 1:] = False
    return logits, targets, mask


def test_gradient_matches_central_differences(rng):
    logits, targets, mask = _batch(rng)
    loss, cache = masked_cross_entropy_forward(logits, targets, mask)
    g = rng.normal()
    analytic = masked_cross_entropy_backward(g, cache)
    numeric = numerical_gradient(
        lambda logits: g * float(masked_cross_entropy(logits, targets, mask)), logits
    )
    np.testing.assert_allclose(analytic, numeric, atol=1e-9)
    np.testing.assert_array_equal(analytic[~mask], 0.0)


@pytest.mark.torch
def test_matches_torch_ignore_index(torch, rng):
    logits, targets, mask = _batch(rng)
    torch_targets = np.where(mask, targets, -100)
    logits_t = torch.tensor(logits, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(
        logits_t.reshape(-1, 5), torch.tensor(torch_targets.reshape(-1))
    )
    loss_t.backward()
    loss, cache = masked_cross_entropy_forward(logits, targets, mask)
    np.testing.assert_allclose(loss, loss_t.item(), atol=1e-12)
    np.testing.assert_allclose(
        masked_cross_entropy_backward(1.0, cache), logits_t.grad.numpy(), atol=1e-12
    )


def test_padding_content_is_irrelevant(rng):
    logits, targets, mask = _batch(rng)
    other_logits, other_targets = logits.copy(), targets.copy()
    other_logits[~mask] = 1e3
    other_targets[~mask] = 99  # out of range, but masked
    np.testing.assert_allclose(
        masked_cross_entropy(logits, targets, mask),
        masked_cross_entropy(other_logits, other_targets, mask),
    )


def test_large_logit_gap_is_not_clipped():
    loss = masked_cross_entropy(np.array([[[80.0, 0.0]]]), np.array([[1]]), np.array([[True]]))
    np.testing.assert_allclose(loss, 80.0)


def test_float32_and_validation(rng):
    logits, targets, mask = _batch(rng)
    loss, cache = masked_cross_entropy_forward(logits.astype(np.float32), targets, mask)
    assert loss.dtype == np.float32
    assert masked_cross_entropy_backward(1.0, cache).dtype == np.float32
    with pytest.raises(ValueError, match=r"masked_cross_entropy: expected logits of shape"):
        masked_cross_entropy(logits[0], targets, mask)
    with pytest.raises(ValueError, match="masked_cross_entropy: expected targets and mask of"):
        masked_cross_entropy(logits, targets[:, :2], mask)
    with pytest.raises(TypeError, match="masked_cross_entropy: expected a boolean mask"):
        masked_cross_entropy(logits, targets, mask.astype(int))
    with pytest.raises(ValueError, match="masked_cross_entropy: expected at least one unmasked"):
        masked_cross_entropy(logits, targets, np.zeros_like(mask))
    with pytest.raises(ValueError, match=r"masked_cross_entropy: expected targets in \[0, 4\]"):
        masked_cross_entropy(logits, targets + 10, mask)
