"""Attention as a soft memory read (§10.12): a convex combination, differentiable, and a hard
lookup in the limit of a large scale."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient
from dlnotes.sequence import sharpening_curve, soft_read, soft_read_query_gradient


def _memory(seed: int = 0):
    rng = np.random.default_rng(seed)
    keys = rng.standard_normal((6, 4))
    values = rng.standard_normal((6, 3))
    query = keys[2] + 0.3 * rng.standard_normal(4)
    return keys, values, query


def test_read_is_the_softmax_weighted_convex_combination() -> None:
    keys, values, query = _memory()
    read, w = soft_read(keys, values, query, 0.7)
    scores = 0.7 * keys @ query
    expected = np.exp(scores - scores.max())
    expected /= expected.sum()
    np.testing.assert_allclose(w, expected, rtol=1e-12)
    assert np.all(w > 0) and w.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(read, w @ values, rtol=1e-12)
    assert np.all(read <= values.max(axis=0)) and np.all(read >= values.min(axis=0))


def test_zero_scale_reads_the_mean() -> None:
    keys, values, query = _memory()
    read, w = soft_read(keys, values, query, 0.0)
    np.testing.assert_allclose(w, 1 / 6)
    np.testing.assert_allclose(read, values.mean(axis=0), rtol=1e-12)


def test_query_gradient_matches_central_differences() -> None:
    keys, values, query = _memory(1)
    g = np.random.default_rng(2).standard_normal(3)
    analytic = soft_read_query_gradient(keys, values, query, g, 1.5)
    numeric = numerical_gradient(lambda q: float(g @ soft_read(keys, values, q, 1.5)[0]), query)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_page_claims_sharpening_to_a_hard_lookup() -> None:
    keys, values, query = _memory()
    betas = np.geomspace(0.01, 100, 25)
    curve = sharpening_curve(keys, values, query, betas)
    assert curve.best_slot == int(np.argmax(keys @ query))
    # Entropy falls monotonically from near ln n towards 0; the read converges to the slot.
    assert np.all(np.diff(curve.entropy) < 0)
    assert curve.entropy[0] == pytest.approx(np.log(6), rel=1e-2)
    assert curve.entropy[-1] < 1e-6 and curve.lookup_distance[-1] < 1e-6
    assert curve.lookup_distance[0] > 0.1
    # And the gradient with respect to the query dies with it.
    g = np.ones(3)
    soft = np.linalg.norm(soft_read_query_gradient(keys, values, query, g, 1.0))
    hard = np.linalg.norm(soft_read_query_gradient(keys, values, query, g, 100.0))
    assert hard < 1e-6 * soft


def test_bad_query_raises() -> None:
    keys, values, _ = _memory()
    with pytest.raises(ValueError, match=r"^soft_read: expected query of shape \(4,\)"):
        soft_read(keys, values, np.ones(3))
