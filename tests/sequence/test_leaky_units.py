"""Leaky units (§10.9.2): the closed form, and memory that lasts about tau steps."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.sequence import leaky_unit, time_constant


@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.9, 0.99])
def test_leaky_unit_matches_the_unrolled_sum(alpha: float) -> None:
    v = np.random.default_rng(0).standard_normal(30)
    mu0 = 0.7
    out = leaky_unit(v, alpha, mu0)
    for t in range(1, 31):
        expected = alpha**t * mu0 + (1 - alpha) * sum(
            alpha ** (t - s) * v[s - 1] for s in range(1, t + 1)
        )
        assert out[t - 1] == pytest.approx(expected, abs=1e-12)


def test_impulse_decays_by_e_after_one_time_constant() -> None:
    for alpha in (0.5, 0.9, 0.99):
        tau = time_constant(alpha)
        impulse = np.zeros(400)
        impulse[0] = 1.0
        response = leaky_unit(impulse, alpha)
        k = int(round(tau))
        # Response k steps after the impulse is (1 - alpha) alpha^k = (1 - alpha) e^{-k/tau}.
        assert response[k] == pytest.approx((1 - alpha) * np.exp(-k / tau), rel=1e-12)
    # Longer time constant, longer memory (the demo's claim).
    assert time_constant(0.5) < time_constant(0.9) < time_constant(0.99)


def test_vector_sequences_and_float32() -> None:
    v = np.ones((5, 3), dtype=np.float32)
    out = leaky_unit(v, 0.5)
    assert out.shape == (5, 3) and out.dtype == np.float32


def test_bad_alpha_raises() -> None:
    with pytest.raises(ValueError, match=r"^leaky_unit: expected alpha in \[0, 1\)"):
        leaky_unit(np.ones(3), 1.0)
    with pytest.raises(ValueError, match=r"^time_constant: expected alpha in \[0, 1\)"):
        time_constant(-0.1)
