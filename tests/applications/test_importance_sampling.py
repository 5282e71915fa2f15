"""Importance-sampled softmax gradients: the exact gradient against PyTorch's autograd, the
estimator's exact mean for m = 1 (e_y - q: biased), unbiasedness when q = p, and consistency
(error falling towards zero as m grows)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.applications import (
    exact_softmax_gradient,
    importance_sampled_gradient,
    unigram_proposal,
)

RNG = np.random.default_rng(0)
LOGITS = 2.0 * RNG.standard_normal(12)
Q = unigram_proposal(RNG.integers(0, 12, 200), 12)
Y = 3


def test_exact_gradient_against_pytorch():
    torch = pytest.importorskip("torch")
    a = torch.tensor(LOGITS, requires_grad=True)
    torch.log_softmax(a, 0)[Y].backward()
    np.testing.assert_allclose(exact_softmax_gradient(LOGITS, Y), a.grad.numpy(), atol=1e-14)


def test_unigram_proposal_is_smoothed_frequencies():
    q = unigram_proposal(np.array([0, 0, 0, 2]), 4, alpha=0.5)
    np.testing.assert_allclose(q, np.array([3.5, 0.5, 1.5, 0.5]) / 6.0)


def test_one_sample_estimator_has_mean_e_y_minus_q():
    # With m = 1 the self-normalised weight is 1: the estimate is e_y - e_n with n ~ q, whose
    # mean is e_y - q, not the exact e_y - p. Checked by enumerating the V outcomes.
    mean = np.zeros(12)
    for n in range(12):
        est = np.zeros(12)
        est[Y] += 1
        est[n] -= 1
        mean += Q[n] * est
    expected = -Q.copy()
    expected[Y] += 1
    np.testing.assert_allclose(mean, expected, atol=1e-15)
    draws = importance_sampled_gradient(LOGITS, Y, Q, 1, 20_000, rng=np.random.default_rng(1))
    np.testing.assert_allclose(draws.mean(axis=0), expected, atol=0.02)
    bias = np.linalg.norm(expected - exact_softmax_gradient(LOGITS, Y))
    assert bias > 0.3  # far larger than the Monte-Carlo error above


def test_proposal_equal_to_the_model_is_unbiased_for_small_m():
    p = np.exp(LOGITS - LOGITS.max())
    p /= p.sum()
    draws = importance_sampled_gradient(LOGITS, Y, p, 3, 40_000, rng=np.random.default_rng(2))
    # standard error of each coordinate is below 0.005 here
    np.testing.assert_allclose(draws.mean(axis=0), exact_softmax_gradient(LOGITS, Y), atol=0.01)


def test_consistency_error_falls_as_m_grows():
    exact = exact_softmax_gradient(LOGITS, Y)
    errors = []
    for m in [1, 10, 100, 1000]:
        draws = importance_sampled_gradient(LOGITS, Y, Q, m, 400, rng=np.random.default_rng(m))
        errors.append(np.mean(np.linalg.norm(draws - exact, axis=1)))
    assert all(a > b for a, b in zip(errors, errors[1:], strict=False))
    assert errors[-1] < 0.05 * errors[0]


def test_every_estimate_sums_to_zero_like_the_exact_gradient():
    draws = importance_sampled_gradient(LOGITS, Y, Q, 5, 50, rng=np.random.default_rng(3))
    np.testing.assert_allclose(draws.sum(axis=1), 0.0, atol=1e-12)
    assert exact_softmax_gradient(LOGITS, Y).sum() == pytest.approx(0.0, abs=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="importance_sampled_gradient: expected a positive"):
        importance_sampled_gradient(LOGITS, Y, np.full(12, 0.5), 3)
    with pytest.raises(ValueError, match="expected a 1-D array of at least 2 logits"):
        exact_softmax_gradient(np.zeros((2, 2)), 0)


def test_bias_shrinks_like_one_over_m():
    # The mean of many estimates isolates the bias; from m = 10 to m = 100 it falls about
    # tenfold (the Monte-Carlo error of each mean is about 0.003 and 0.001 here).
    exact = exact_softmax_gradient(LOGITS, Y)
    bias = {}
    for m in [10, 100]:
        draws = importance_sampled_gradient(LOGITS, Y, Q, m, 20_000, rng=np.random.default_rng(7))
        bias[m] = np.linalg.norm(draws.mean(axis=0) - exact)
    assert 5 < bias[10] / bias[100] < 20
