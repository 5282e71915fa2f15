"""Probabilistic PCA: Tipping and Bishop's closed form, EM reaching it, the sigma -> 0 limit equal
to PCA, sampling, agreement with scikit-learn's PCA; bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from dlnotes.data import load_digits, make_linear_factor_data
from dlnotes.linalg import PCA
from dlnotes.linear_factors import PPCA

Q = 10  # the page's number of factors on the digits


@pytest.fixture(scope="module")
def digits():
    return load_digits(flat=True).X_train


@pytest.fixture(scope="module")
def toy():
    return make_linear_factor_data(1000, 10, 3, noise_variance=0.2, rng=np.random.default_rng(0))


def test_closed_form_is_tipping_bishop(toy):
    X = toy.X
    model = PPCA(3).fit(X)
    S = np.cov(X.T, bias=True)
    lam, U = np.linalg.eigh(S)
    lam, U = lam[::-1], U[:, ::-1]
    assert model.noise_variance == pytest.approx(lam[3:].mean(), rel=1e-10)
    expected = U[:, :3] @ np.diag(lam[:3] - lam[3:].mean()) @ U[:, :3].T
    np.testing.assert_allclose(model.weight @ model.weight.T, expected, atol=1e-10)
    np.testing.assert_allclose(model.bias, X.mean(axis=0))
    # close to the generating noise variance
    assert model.noise_variance == pytest.approx(0.2, rel=0.1)


def test_closed_form_is_a_maximum_of_the_likelihood(toy, rng):
    model = PPCA(3).fit(toy.X)
    best = model.log_likelihood(toy.X)
    W, s2 = model.weight.copy(), model.noise_variance
    for _ in range(20):
        model.weight = W + 1e-3 * rng.standard_normal(W.shape)
        model.noise_variance = s2 * (1 + 1e-3 * rng.standard_normal())
        assert model.log_likelihood(toy.X) < best
    # any rotation R of W gives the same model
    R, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    model.weight, model.noise_variance = W @ R, s2
    assert model.log_likelihood(toy.X) == pytest.approx(best, rel=1e-12)


def test_em_reaches_the_closed_form_on_the_digits(digits):
    """The page's claim: EM from a random start finds the same subspace and sigma^2."""
    closed = PPCA(Q).fit(digits)
    em = PPCA(Q, method="em", rng=np.random.default_rng(0)).fit(digits)
    assert np.max(subspace_angles(closed.weight, em.weight)) < 1e-4
    assert em.noise_variance == pytest.approx(closed.noise_variance, rel=1e-6)
    np.testing.assert_allclose(em.covariance(), closed.covariance(), atol=1e-5)
    history = np.array(em.log_likelihood_history)
    assert np.all(np.diff(history) >= -1e-9)  # EM never lowers the likelihood
    assert history[-1] == pytest.approx(closed.log_likelihood(digits), abs=1e-6)


def test_one_em_step_equals_the_per_example_e_and_m_steps(toy, rng):
    """Our S-form update against the textbook E step / M step over the examples."""
    X = toy.X
    Xc = X - X.mean(axis=0)
    N, n, q = *X.shape, 3
    W0 = rng.standard_normal((n, q))
    s2 = 0.7
    M_inv = np.linalg.inv(W0.T @ W0 + s2 * np.eye(q))
    Eh = Xc @ W0 @ M_inv  # E[h_i], rows
    sum_Ehh = N * s2 * M_inv + Eh.T @ Eh  # sum_i E[h_i h_i^T]
    W1 = (Xc.T @ Eh) @ np.linalg.inv(sum_Ehh)
    s2_1 = (np.sum(Xc**2) - 2 * np.sum(Eh * (Xc @ W1)) + np.trace(sum_Ehh @ W1.T @ W1)) / (N * n)

    # the S-form update PPCA._fit_em implements (the next test ties the class to it)
    S = Xc.T @ Xc / N
    SW = S @ W0
    W_s = SW @ np.linalg.inv(s2 * np.eye(q) + M_inv @ W0.T @ SW)
    s2_s = np.trace(S - SW @ M_inv @ W_s.T) / n
    np.testing.assert_allclose(W_s, W1, atol=1e-10)
    assert s2_s == pytest.approx(s2_1, rel=1e-10)


def test_em_uses_the_same_update_as_written(toy):
    """max_iter=1 from a seeded start equals one hand-made S-form step from that start."""
    X = toy.X
    model = PPCA(3, method="em", max_iter=1, rng=np.random.default_rng(5)).fit(X)
    Xc = X - X.mean(axis=0)
    S = Xc.T @ Xc / len(X)
    W0 = np.random.default_rng(5).standard_normal((10, 3))
    s2 = np.trace(S) / 10
    M_inv = np.linalg.inv(W0.T @ W0 + s2 * np.eye(3))
    SW = S @ W0
    W1 = SW @ np.linalg.inv(s2 * np.eye(3) + M_inv @ W0.T @ SW)
    np.testing.assert_allclose(model.weight, W1, atol=1e-12)
    assert model.n_iter == 1


def test_zero_noise_limit_is_pca(digits):
    """sigma^2 -> 0: the posterior-mean reconstruction becomes PCA's projection, linearly."""
    pca = PCA(Q).fit(digits)
    target = pca.reconstruct(digits)
    ppca0 = PPCA(Q, noise_variance=0.0).fit(digits)
    np.testing.assert_allclose(ppca0.reconstruct(digits), target, atol=1e-10)
    gaps = []
    for s2 in (1e-2, 1e-3, 1e-4):
        model = PPCA(Q, noise_variance=s2).fit(digits)
        gaps.append(np.sqrt(np.mean((model.reconstruct(digits) - target) ** 2)))
    # the gap shrinks in proportion to sigma^2 (shrinkage factor sigma^2 / lambda_i)
    np.testing.assert_allclose(np.array(gaps[:-1]) / np.array(gaps[1:]), 10.0, rtol=0.02)
    # samples of the zero-noise model lie exactly in the principal subspace
    X0 = ppca0.sample(100, np.random.default_rng(0))
    residual = (X0 - pca.mean) - (X0 - pca.mean) @ pca.decoder @ pca.decoder.T
    assert np.abs(residual).max() < 1e-10
    assert ppca0.log_likelihood(digits) == -np.inf  # a density on a subspace only


def test_fixed_noise_variance_cannot_exceed_the_qth_eigenvalue(toy):
    lam = PPCA(3).fit(toy.X).eigenvalues
    with pytest.raises(ValueError, match="PPCA: expected noise_variance <= the q-th eigenvalue"):
        PPCA(3, noise_variance=float(lam[2]) * 1.01).fit(toy.X)


def test_samples_follow_the_fitted_model(toy):
    model = PPCA(3).fit(toy.X)
    samples = model.sample(100_000, np.random.default_rng(2))
    np.testing.assert_allclose(np.cov(samples.T), model.covariance(), atol=0.05)
    # and the fitted model reproduces the data covariance up to sampling error
    np.testing.assert_allclose(model.covariance(), np.cov(toy.X.T, bias=True), atol=0.1)


def test_posterior_forms_agree(toy):
    model = PPCA(3).fit(toy.X)
    mean, cov = model.posterior(toy.X[:5])
    general_mean, general_cov = super(PPCA, model).posterior(toy.X[:5])
    np.testing.assert_allclose(mean, general_mean, atol=1e-12)
    np.testing.assert_allclose(cov, general_cov, atol=1e-12)


def test_matches_scikit_learn_pca(digits):
    from sklearn.decomposition import PCA as SkPCA

    N = len(digits)
    ours = PPCA(Q).fit(digits)
    theirs = SkPCA(n_components=Q).fit(digits)
    assert np.max(subspace_angles(ours.weight, theirs.components_.T)) < 1e-6
    # scikit-learn divides by N - 1, maximum likelihood by N
    assert ours.noise_variance == pytest.approx(theirs.noise_variance_ * (N - 1) / N, rel=1e-8)
    np.testing.assert_allclose(ours.covariance(), theirs.get_covariance() * (N - 1) / N, atol=1e-10)


def test_float32_and_bad_input(toy):
    model = PPCA(3).fit(toy.X.astype(np.float32))
    assert model.weight.dtype == np.float32
    with pytest.raises(ValueError, match="PPCA: expected n_components < number of features 10"):
        PPCA(10).fit(toy.X)
    with pytest.raises(ValueError, match="PPCA: expected method"):
        PPCA(2, method="svd")
    with pytest.raises(ValueError, match="only with method='closed_form'"):
        PPCA(2, method="em", noise_variance=0.1)
    with pytest.raises(ValueError, match="PPCA: expected a fitted model"):
        PPCA(2).sample(3)
    with pytest.raises(TypeError, match="PPCA: expected n_components to be a positive integer"):
        PPCA(2.0)


def test_fixed_noise_reconstruction_shrinks_each_principal_coordinate(digits):
    """The page's sigma -> 0 sweep: with W = U (Lambda - s I)^(1/2), the posterior-mean
    reconstruction multiplies PCA coordinate i by (lambda_i - s) / lambda_i, so its distance
    from PCA's projection falls in proportion to s and vanishes at s = 0."""
    pca = PCA(Q).fit(digits)
    lam = PPCA(Q).fit(digits).eigenvalues[:Q]
    codes = (digits - pca.mean) @ pca.decoder
    sigmas = np.geomspace(1e-4, lam[-1], 7)
    gaps = []
    for s in sigmas:
        recon = PPCA(Q, noise_variance=s).fit(digits).reconstruct(digits)
        expected = (codes * (lam - s) / lam) @ pca.decoder.T + pca.mean
        np.testing.assert_allclose(recon, expected, atol=1e-9)
        gaps.append(np.sqrt(np.mean(np.sum((recon - codes @ pca.decoder.T - pca.mean) ** 2, 1))))
    gaps = np.array(gaps)
    assert np.all(np.diff(gaps) > 0)
    np.testing.assert_allclose(gaps[:4] / sigmas[:4], gaps[0] / sigmas[0], rtol=1e-6)
