"""A linear autoencoder spans PCA's subspace (§14.1): the S11 bar."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_digits
from dlnotes.generative import (
    compare_with_pca,
    dense_autoencoder,
    principal_angles,
    reconstruction_error,
    train_autoencoder,
)
from dlnotes.linalg import PCA


def test_principal_angles_of_known_subspaces(rng):
    e = np.eye(3)
    np.testing.assert_allclose(principal_angles(e[:, :1], (e[:, 0] + e[:, 1])[:, None]), [45.0])
    np.testing.assert_allclose(principal_angles(e[:, :1], e[:, 1:2]), [90.0])
    A = rng.normal(size=(6, 3))
    # Another basis of the same space: every angle is zero (to rounding).
    assert principal_angles(A, A @ rng.normal(size=(3, 3))).max() < 1e-6


def test_a_decoder_spanning_the_principal_subspace_gives_zero_angles(rng):
    X = rng.normal(size=(200, 6)) * np.array([5.0, 4.0, 3.0, 1.0, 0.5, 0.2])
    model = dense_autoencoder(6, 3, activation=None, output=None, rng=rng)
    D = PCA(3).fit(X).decoder
    model.decoder[0].weight.data[:] = D @ rng.normal(size=(3, 3))
    comparison = compare_with_pca(model, X)
    assert comparison.largest_angle < 1e-6
    assert comparison.column_alignment.max() > 1.0  # a basis of the space, not the PCs


def test_compare_with_pca_needs_linear_parts(rng):
    with pytest.raises(ValueError, match="compare_with_pca: expected an encoder and decoder"):
        compare_with_pca(dense_autoencoder(4, 2, rng=rng), np.zeros((5, 4)))


@pytest.mark.parametrize("seed", [0, 1])
def test_linear_autoencoder_on_digits_spans_the_pca_subspace(seed):
    """S11's bar: 8 code units, centred digits, 1000 full-batch Adam steps (lr 0.01)."""
    X = load_digits(flat=True).X_train
    Xc = X - X.mean(axis=0)
    model = dense_autoencoder(64, 8, activation=None, output=None, rng=np.random.default_rng(seed))
    train_autoencoder(model, Xc, epochs=1000, batch_size=len(Xc), rng=np.random.default_rng(1))
    comparison = compare_with_pca(model, Xc)
    assert comparison.largest_angle < 1.0  # degrees; measured below 0.2
    pca_error = reconstruction_error(comparison.pca.reconstruct(Xc), Xc)
    assert reconstruction_error(model(Xc), Xc) == pytest.approx(pca_error, rel=1e-4)
    assert comparison.column_alignment.max() > 10.0  # the columns are not the PCs themselves


def test_on_raw_pixels_the_same_run_has_not_converged():
    """S11's remark: without centring, the decoder bias has not learned the mean image and one
    principal angle stays large while the others are small (the same 1000 steps, seed 0)."""
    X = load_digits(flat=True).X_train
    model = dense_autoencoder(64, 8, activation=None, output=None, rng=np.random.default_rng(0))
    train_autoencoder(model, X, epochs=1000, batch_size=len(X), rng=np.random.default_rng(1))
    angles = compare_with_pca(model, X).decoder_angles
    assert angles[0] > 30.0 and angles[1] < 5.0
    mean = X.mean(axis=0)
    bias_gap = np.linalg.norm(model.decoder[0].bias.data - mean) / np.linalg.norm(mean)
    assert bias_gap > 0.5
    # ... and the decoder's column space leans towards the mean image, unlike PCA's subspace.
    to_mean = principal_angles(model.decoder[0].weight.data, mean[:, None])[0]
    pca_to_mean = principal_angles(PCA(8).fit(X).decoder, mean[:, None])[0]
    assert to_mean < pca_to_mean - 20.0  # measured 31 and 69 degrees
