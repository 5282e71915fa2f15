"""Corruption processes and the denoising autoencoder's claim (§14.2.2, §14.5)."""

from __future__ import annotations

import numpy as np
import pytest
from s11_models import MASK, NOISE

from dlnotes.generative import AdditiveGaussianNoise, MaskingNoise, reconstruction_error


def test_masking_zeroes_a_fraction_p_and_keeps_the_rest(rng):
    x = rng.uniform(0.5, 1.0, size=(400, 250))
    before = x.copy()
    x_tilde = MaskingNoise(0.3)(x, np.random.default_rng(1))
    np.testing.assert_array_equal(x, before)  # the input is not modified
    masked = x_tilde == 0
    # 100 000 Bernoulli(0.3) draws: the standard error of the fraction is about 0.0015.
    assert abs(masked.mean() - 0.3) < 0.01
    np.testing.assert_array_equal(x_tilde[~masked], x[~masked])  # no rescaling
    np.testing.assert_array_equal(x_tilde, MaskingNoise(0.3)(x, np.random.default_rng(1)))


def test_gaussian_noise_adds_zero_mean_noise_of_std_sigma(rng):
    x = rng.uniform(size=(400, 250))
    noise = AdditiveGaussianNoise(0.2)(x, np.random.default_rng(1)) - x
    assert abs(noise.mean()) < 0.003 and abs(noise.std() - 0.2) < 0.003


def test_bad_noise_levels_raise():
    with pytest.raises(ValueError, match="MaskingNoise: expected p in"):
        MaskingNoise(1.5)
    with pytest.raises(ValueError, match="AdditiveGaussianNoise: expected sigma in"):
        AdditiveGaussianNoise(-0.1)


def test_denoising_autoencoder_restores_masked_digits_better(s11_model, digits):
    _, X_test = digits
    corrupted = MASK(X_test, np.random.default_rng(2))
    plain = reconstruction_error(s11_model("plain")(corrupted), X_test)
    denoising = reconstruction_error(s11_model("masking")(corrupted), X_test)
    assert denoising < 0.75 * plain
    assert plain < reconstruction_error(corrupted, X_test)  # both beat doing nothing


def test_plain_autoencoder_copies_clean_digits_better(s11_model, digits):
    # The price of denoising: on clean inputs the plain model, trained for exactly that, wins.
    _, X_test = digits
    plain = reconstruction_error(s11_model("plain")(X_test), X_test)
    assert plain < reconstruction_error(s11_model("masking")(X_test), X_test)


def test_gaussian_denoising_autoencoder_removes_noise_better(s11_model, digits):
    _, X_test = digits
    noisy = NOISE(X_test, np.random.default_rng(4))
    plain = reconstruction_error(s11_model("plain")(noisy), X_test)
    denoising = reconstruction_error(s11_model("gaussian")(noisy), X_test)
    assert denoising < 0.8 * plain < 0.8 * reconstruction_error(noisy, X_test)
