"""Generated series (an AR process, a noisy sinusoid) and the sliding windows over them."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_ar_process, make_noisy_sinusoid, sliding_windows


def test_ar_process_follows_its_recursion_and_is_seeded():
    a = (0.6, -0.3)
    x = make_ar_process(500, a, noise_std=0.5, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(x, make_ar_process(500, a, 0.5, rng=np.random.default_rng(3)))
    residual = x[2:] - 0.6 * x[1:-1] + 0.3 * x[:-2]
    # The residuals are the injected noise: mean 0, standard deviation 0.5, uncorrelated.
    assert abs(residual.mean()) < 0.06 and abs(residual.std() - 0.5) < 0.04
    assert abs(np.corrcoef(residual[1:], residual[:-1])[0, 1]) < 0.1


def test_ar1_variance_matches_the_stationary_formula():
    x = make_ar_process(20_000, (0.8,), noise_std=1.0, rng=np.random.default_rng(0))
    np.testing.assert_allclose(x.var(), 1 / (1 - 0.8**2), rtol=0.05)


def test_ar_process_rejects_non_stationary_coefficients():
    with pytest.raises(ValueError, match="make_ar_process: expected stationary coefficients"):
        make_ar_process(10, (1.0,))
    with pytest.raises(ValueError, match="make_ar_process: expected a non-empty 1-D"):
        make_ar_process(10, ())


def test_noisy_sinusoid_is_sine_plus_noise():
    clean = make_noisy_sinusoid(100, period=20.0, amplitude=2.0, noise_std=0.0)
    np.testing.assert_allclose(clean, 2.0 * np.sin(2 * np.pi * np.arange(100) / 20.0))
    noisy = make_noisy_sinusoid(5000, 20.0, 2.0, 0.3, rng=np.random.default_rng(1))
    clean = make_noisy_sinusoid(5000, 20.0, 2.0, 0.0)
    assert abs((noisy - clean).std() - 0.3) < 0.02
    with pytest.raises(ValueError, match="make_noisy_sinusoid: expected period in"):
        make_noisy_sinusoid(10, period=0.0)


def test_sliding_windows_enumerate_every_window():
    series = np.arange(10.0)
    x, y = sliding_windows(series, 4, 2)
    assert x.shape == (5, 4) and y.shape == (5, 2)
    for i in range(5):
        np.testing.assert_array_equal(x[i], series[i : i + 4])
        np.testing.assert_array_equal(y[i], series[i + 4 : i + 6])
    x[0, 0] = 99.0  # copies, not views of the series
    assert series[0] == 0.0
    x2, y2 = sliding_windows(np.stack([series, -series], axis=1), 3)
    assert x2.shape == (7, 3, 2) and y2.shape == (7, 1, 2)
    with pytest.raises(ValueError, match="sliding_windows: expected a series longer than"):
        sliding_windows(series, 8, 3)
