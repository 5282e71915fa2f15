"""Gabor kernels (§9.10): the formula, orientation selectivity, complex-cell phase invariance."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import correlate2d

from dlnotes.convolution import complex_cell_energy, gabor_bank, gabor_kernel, gabor_responses

F, TAU, BETA = 2 * np.pi / 8, np.pi / 6, 1 / (2 * 4.0**2)


def _grating(phase: float, size: int = 64) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size]
    return np.cos(F * (x * np.cos(TAU) + y * np.sin(TAU)) + phase)


def test_kernel_follows_the_formula() -> None:
    k = gabor_kernel(
        7, frequency=0.9, orientation=0.4, beta_x=0.05, beta_y=0.2, phase=0.3, alpha=2.0
    )
    y, x = 2, -1  # row offset down, column offset right of the centre (3, 3)
    xr, yr = x * np.cos(0.4) + y * np.sin(0.4), -x * np.sin(0.4) + y * np.cos(0.4)
    expected = 2.0 * np.exp(-0.05 * xr**2 - 0.2 * yr**2) * np.cos(0.9 * xr + 0.3)
    assert k[3 + y, 3 + x] == pytest.approx(expected)


def test_bank_kernels_are_zero_mean_unit_norm() -> None:
    bank = gabor_bank(15, 6, [0.5, 1.0])
    assert bank.kernels.shape == (12, 15, 15)
    np.testing.assert_allclose(bank.kernels.mean(axis=(1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(bank.kernels, axis=(1, 2)), 1)


def test_responses_are_same_mode_correlations() -> None:
    x = np.random.default_rng(0).standard_normal((20, 24))
    bank = gabor_bank(7, 3, [1.0])
    r = gabor_responses(x, bank.kernels)
    for k, resp in zip(bank.kernels, r, strict=True):
        np.testing.assert_allclose(resp, correlate2d(x, k, "same"), atol=1e-12)


def test_the_matching_orientation_responds_most() -> None:
    bank = gabor_bank(15, 8, [F])
    energy = np.sqrt(
        np.mean(gabor_responses(_grating(0.3), bank.kernels)[:, 10:-10, 10:-10] ** 2, axis=(1, 2))
    )
    nearest = np.argmin(np.abs(bank.orientations - TAU))
    assert np.argmax(energy) == nearest
    assert energy[nearest] > 5 * np.min(energy)


def test_complex_cell_is_invariant_to_the_phase_of_the_grating_simple_cell_is_not() -> None:
    inner = (slice(10, -10), slice(10, -10))
    simple = gabor_kernel(15, frequency=F, orientation=TAU, beta_x=BETA, zero_mean=True)
    s = [gabor_responses(_grating(p), simple[None])[0][inner] for p in (0.0, 1.0, 2.0)]
    c = [
        complex_cell_energy(_grating(p), 15, frequency=F, orientation=TAU, beta=BETA)[inner]
        for p in (0.0, 1.0, 2.0)
    ]
    assert np.std(s[0]) / np.mean(np.abs(s[0])) > 0.5  # the simple cell swings in sign
    assert s[0].min() < 0 < s[0].max()
    for ci in c:  # the energy is flat across the image and the same for every phase
        assert np.std(ci) / np.mean(ci) < 0.01
        assert np.mean(ci) == pytest.approx(np.mean(c[0]), rel=0.01)


def test_bad_sizes_are_rejected() -> None:
    with pytest.raises(ValueError, match="gabor_kernel: expected an odd kernel size"):
        gabor_kernel(8, frequency=1.0, orientation=0.0, beta_x=0.1)
