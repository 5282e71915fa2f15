"""PCA: SVD and scikit-learn oracles, the §2.12 error claim on digits, encoder optimality,
float32, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.linalg import PCA, pca_reconstruction_errors, pinv


@pytest.fixture(scope="module")
def digits():
    from dlnotes.data import load_digits

    return load_digits(flat=True).X_train


def test_directions_match_svd_right_singular_vectors(digits):
    pca = PCA(n_components=10).fit(digits)
    Xc = digits - digits.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    # Same directions up to sign: |<d_i, v_i>| = 1 column by column.
    np.testing.assert_allclose(np.abs(np.sum(pca.decoder * Vt[:10].T, axis=0)), 1.0, atol=1e-8)
    # Eigenvalues of X_c^T X_c are the squared singular values of X_c.
    np.testing.assert_allclose(pca.eigenvalues, s**2, rtol=1e-8, atol=1e-8 * s[0] ** 2)
    np.testing.assert_allclose(pca.decoder.T @ pca.decoder, np.eye(10), atol=1e-12)


def test_reconstruction_error_is_sum_of_discarded_eigenvalues(digits):
    """For every k, sum of squared residuals = sum_{i > k} lambda_i(X_c^T X_c)."""
    ks, errors = pca_reconstruction_errors(digits)
    eigenvalues = PCA().fit(digits).eigenvalues
    discarded = np.array([eigenvalues[k:].sum() for k in ks])
    assert ks.tolist() == list(range(65))
    np.testing.assert_allclose(errors, discarded, rtol=1e-9, atol=1e-9 * errors[0])
    # k = 0 keeps nothing: the error is the total squared deviation from the mean.
    assert errors[0] == pytest.approx(np.sum((digits - digits.mean(axis=0)) ** 2))
    assert np.all(np.diff(errors) <= 1e-9 * errors[0])


def test_reconstruction_error_matches_pca_reconstruct(digits):
    for k in (1, 5, 20):
        pca = PCA(n_components=k).fit(digits)
        residual = digits - pca.reconstruct(digits)
        assert np.sum(residual**2) == pytest.approx(pca.eigenvalues[k:].sum(), rel=1e-9)


def test_matches_scikit_learn(digits):
    from sklearn.decomposition import PCA as SkPCA

    ours = PCA(n_components=8).fit(digits)
    theirs = SkPCA(n_components=8, svd_solver="full").fit(digits)
    np.testing.assert_allclose(ours.explained_variance, theirs.explained_variance_, rtol=1e-8)
    np.testing.assert_allclose(
        ours.explained_variance_ratio, theirs.explained_variance_ratio_, rtol=1e-8
    )
    np.testing.assert_allclose(
        np.abs(ours.encode(digits)), np.abs(theirs.transform(digits)), atol=1e-8
    )


def test_encoder_is_the_optimal_code(rng):
    """For fixed orthonormal D, argmin_c ||x - D c|| is D^T x (the pseudoinverse of D is D^T)."""
    X = rng.normal(size=(50, 6)) @ np.diag([5.0, 3.0, 1.0, 0.5, 0.2, 0.1])
    pca = PCA(n_components=2, center=False).fit(X)
    D = pca.decoder
    np.testing.assert_allclose(pinv(D), D.T, atol=1e-12)
    codes = pca.encode(X)
    best = np.linalg.lstsq(D, X.T, rcond=None)[0].T
    np.testing.assert_allclose(codes, best, atol=1e-12)
    # The uncentred version is the book's: D from the eigenvectors of X^T X.
    lam, Q = np.linalg.eigh(X.T @ X)
    np.testing.assert_allclose(np.abs(D.T @ Q[:, ::-1][:, :2]), np.eye(2), atol=1e-10)


def test_no_other_orthonormal_decoder_does_better(rng):
    X = rng.normal(size=(200, 5)) @ rng.normal(size=(5, 5))
    pca = PCA(n_components=2).fit(X)
    best = np.sum((X - pca.reconstruct(X)) ** 2)
    Xc = X - X.mean(axis=0)
    for _ in range(50):
        D, _ = np.linalg.qr(rng.normal(size=(5, 2)))
        assert np.sum((Xc - Xc @ D @ D.T) ** 2) >= best - 1e-9


def test_vectors_and_shapes(rng):
    X = rng.normal(size=(30, 4))
    pca = PCA(n_components=3).fit(X)
    assert pca.encode(X[0]).shape == (3,)
    assert pca.decode(pca.encode(X[0])).shape == (4,)
    np.testing.assert_allclose(PCA().fit(X).reconstruct(X), X, atol=1e-12)  # k = n is lossless
    assert pca.explained_variance.shape == pca.explained_variance_ratio.shape == (3,)
    assert repr(pca) == "PCA(n_components=3, center=True)"


def test_float32_preserved(rng):
    X = rng.normal(size=(40, 5)).astype(np.float32)
    pca = PCA(n_components=2).fit(X)
    assert pca.decoder.dtype == pca.mean.dtype == pca.eigenvalues.dtype == np.float32
    assert pca.encode(X).dtype == pca.reconstruct(X).dtype == np.float32
    assert pca_reconstruction_errors(X)[1].dtype == np.float32
    assert PCA(2, dtype=np.float32).fit(X.astype(np.float64)).decoder.dtype == np.float32


def test_bad_input(rng):
    X = rng.normal(size=(10, 4))
    with pytest.raises(ValueError, match="PCA: expected n_components to be a positive integer"):
        PCA(n_components=0)
    with pytest.raises(TypeError, match="PCA: expected n_components to be a positive integer"):
        PCA(n_components=1.5)
    with pytest.raises(TypeError, match="PCA: expected center to be a bool"):
        PCA(center="yes")
    with pytest.raises(TypeError, match="PCA: expected dtype float32 or float64, got int32"):
        PCA(dtype=np.int32)
    with pytest.raises(ValueError, match="PCA: expected n_components <= number of features 4"):
        PCA(n_components=5).fit(X)
    with pytest.raises(ValueError, match=r"PCA: expected X of shape \(N, n\), got \(10,\)"):
        PCA().fit(X[:, 0])
    with pytest.raises(ValueError, match=r"PCA: expected X of shape \(N, n\) with N >= 2"):
        PCA().fit(X[:1])
    with pytest.raises(ValueError, match="PCA: expected X with finite entries"):
        PCA().fit(np.full((3, 2), np.nan))
    with pytest.raises(ValueError, match="PCA: expected a fitted model"):
        PCA().encode(X)
    pca = PCA(n_components=2).fit(X)
    with pytest.raises(ValueError, match=r"PCA: expected X with last dimension 4, got \(10, 3\)"):
        pca.encode(X[:, :3])
    with pytest.raises(ValueError, match=r"PCA: expected codes with last dimension 2, got \(3\,\)"):
        pca.decode(np.ones(3))
