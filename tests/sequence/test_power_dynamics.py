"""Powers of W (§10.7): the norm of W^t h decays, stays bounded or grows with rho(W)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.sequence import power_norms, spectral_radius, with_spectral_radius


def _random_weight(size: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((size, size)) / np.sqrt(size)


def test_spectral_radius_of_rotation_times_scale() -> None:
    angle = 0.3
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    assert spectral_radius(1.7 * rotation) == pytest.approx(1.7, rel=1e-12)


@pytest.mark.parametrize("radius", [0.5, 1.0, 1.3])
def test_with_spectral_radius_sets_radius_and_keeps_eigenvectors(radius: float) -> None:
    weight = _random_weight(6, 1)
    scaled = with_spectral_radius(weight, radius)
    assert spectral_radius(scaled) == pytest.approx(radius, rel=1e-10)
    np.testing.assert_allclose(scaled * spectral_radius(weight) / radius, weight, rtol=1e-12)


def test_with_spectral_radius_keeps_float32() -> None:
    weight = _random_weight(4, 2).astype(np.float32)
    assert with_spectral_radius(weight, 0.9).dtype == np.float32


def test_power_norms_match_explicit_matrix_powers() -> None:
    weight = _random_weight(5, 3)
    h0 = np.random.default_rng(4).standard_normal(5)
    norms = power_norms(weight, h0, 6)
    expected = [np.linalg.norm(np.linalg.matrix_power(weight, t) @ h0) for t in range(7)]
    np.testing.assert_allclose(norms, expected, rtol=1e-12)


def test_norm_decays_below_grows_above_and_stays_bounded_at_radius_one() -> None:
    # The demo's claim: rho < 1 vanishes, rho > 1 explodes, rho = 1 neither (seeded).
    weight = _random_weight(16, 5)
    h0 = np.random.default_rng(6).standard_normal(16)
    num_steps = 100
    below = power_norms(with_spectral_radius(weight, 0.9), h0, num_steps)
    at = power_norms(with_spectral_radius(weight, 1.0), h0, num_steps)
    above = power_norms(with_spectral_radius(weight, 1.1), h0, num_steps)
    assert below[-1] < 1e-3 * below[0]
    assert above[-1] > 1e3 * above[0]
    assert 1e-2 * at[0] < at[-1] < 1e2 * at[0]
    # Gelfand: the geometric growth rate of the norm approaches the spectral radius.
    rate = (above[-1] / above[num_steps // 2]) ** (1 / (num_steps - num_steps // 2))
    assert rate == pytest.approx(1.1, rel=0.02)


@settings(max_examples=25, deadline=None)
@given(size=st.integers(1, 6), num_steps=st.integers(0, 8))
def test_power_norms_shape(size: int, num_steps: int) -> None:
    weight = 0.5 * np.eye(size)
    assert power_norms(weight, np.ones(size), num_steps).shape == (num_steps + 1,)


def test_bad_inputs_raise_with_the_common_format() -> None:
    with pytest.raises(ValueError, match=r"^spectral_radius: expected a square weight"):
        spectral_radius(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"^power_norms: expected h0 of shape \(2,\)"):
        power_norms(np.eye(2), np.ones(3), 2)
    with pytest.raises(ValueError, match=r"^with_spectral_radius: expected a finite radius"):
        with_spectral_radius(np.eye(2), -1.0)
    with pytest.raises(ValueError, match=r"^with_spectral_radius: expected a weight with non-zero"):
        with_spectral_radius(np.zeros((2, 2)), 1.0)
