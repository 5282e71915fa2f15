"""Matching recovered components to true ones up to permutation, sign and scale."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.linear_factors import abs_correlation_matrix, match_components


@pytest.fixture(scope="module")
def S():
    t = np.linspace(0.0, 10.0, 500)
    return np.c_[np.sin(t), np.sign(np.cos(2.3 * t)), np.mod(t, 1.0)]


def test_undoes_a_signed_scaled_permutation(S):
    perm, signs, scales = [2, 0, 1], np.array([-1.0, 1.0, -1.0]), np.array([3.0, 0.2, 5.0])
    recovered = S[:, perm] * signs * scales
    match = match_components(S, recovered)
    np.testing.assert_array_equal(
        recovered[:, match.order][:, np.argsort([0, 1, 2])].shape, S.shape
    )
    lined_up = recovered[:, match.order] * match.signs
    np.testing.assert_allclose(match.correlations, 1.0, atol=1e-12)
    for i in range(3):
        assert np.corrcoef(lined_up[:, i], S[:, i])[0, 1] == pytest.approx(1.0, abs=1e-12)


def test_extra_recovered_columns_and_noise(S):
    rng = np.random.default_rng(0)
    recovered = np.c_[
        rng.standard_normal(500), S[:, 1] + 0.1 * rng.standard_normal(500), -S[:, 0], S[:, 2]
    ]
    match = match_components(S, recovered)
    assert match.order.tolist() == [2, 1, 3]
    assert match.signs.tolist() == [-1.0, 1.0, 1.0]
    assert match.correlations.min() > 0.9
    C = abs_correlation_matrix(S, recovered)
    assert C.shape == (3, 4) and np.all((C >= 0) & (C <= 1 + 1e-12))


def test_bad_input(S):
    with pytest.raises(ValueError, match="match_components: expected at least as many recovered"):
        match_components(S, S[:, :2])
    with pytest.raises(ValueError, match="expected columns that are not constant"):
        abs_correlation_matrix(S, np.ones((500, 1)))
    with pytest.raises(ValueError, match="expected A and B with the same number"):
        abs_correlation_matrix(S, S[:10])
