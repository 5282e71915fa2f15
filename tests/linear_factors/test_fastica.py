"""FastICA from scratch: whitening, unmixing non-Gaussian sources up to sign, scale and order,
failing on Gaussian ones (rotational symmetry), agreement with scikit-learn; bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_ica_sources, mix_signals
from dlnotes.linear_factors import FastICA, match_components, negentropy_contrast, whiten


def _mixed(kind):
    # the page's seeds
    S, _ = make_ica_sources(2000, kind=kind, rng=np.random.default_rng(0))
    X, A = mix_signals(S, rng=np.random.default_rng(1))
    return S, X, A


@pytest.mark.parametrize("fun", ["logcosh", "cube"])
@pytest.mark.parametrize("algorithm", ["parallel", "deflation"])
def test_unmixes_three_non_gaussian_sources(fun, algorithm):
    S, X, A = _mixed("non_gaussian")
    ica = FastICA(fun=fun, algorithm=algorithm, rng=np.random.default_rng(2)).fit(X)
    assert ica.converged
    match = match_components(S, ica.transform(X))
    assert match.correlations.min() >= 0.95
    assert sorted(match.order.tolist()) == [0, 1, 2]
    # the rotation is orthogonal and unmixing undoes mixing up to order, sign and scale
    np.testing.assert_allclose(ica.rotation @ ica.rotation.T, np.eye(3), atol=1e-10)
    P = ica.unmixing @ A  # should be a scaled permutation matrix
    largest = np.abs(P).max(axis=1)
    off = (np.abs(P).sum(axis=1) - largest) / largest
    assert off.max() < 0.1


def test_page_bar_parallel_logcosh():
    S, X, _ = _mixed("non_gaussian")
    match = match_components(S, FastICA(rng=np.random.default_rng(2)).fit_transform(X))
    assert match.correlations.min() >= 0.99


def test_fails_on_gaussian_sources():
    """Whitened Gaussian data are isotropic: no rotation is preferred, the sources are lost."""
    S, X, _ = _mixed("non_gaussian")
    SG, XG, _ = _mixed("gaussian")
    good = match_components(S, FastICA(rng=np.random.default_rng(2)).fit_transform(X))
    bad = match_components(SG, FastICA(rng=np.random.default_rng(2)).fit_transform(XG))
    assert bad.correlations.mean() < 0.9
    assert bad.correlations.min() < 0.8
    assert good.correlations.min() - bad.correlations.mean() > 0.1


def test_contrast_is_flat_over_rotations_for_gaussian_data():
    """J(w) over the directions w(theta) of 2-D whitened data: peaks for non-Gaussian sources,
    (almost) flat for Gaussian ones."""
    angles = np.linspace(0, np.pi, 90)
    W = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    spread = {}
    for kind in ("non_gaussian", "gaussian"):
        S, _ = make_ica_sources(2000, kind=kind, rng=np.random.default_rng(0))
        X, _ = mix_signals(S[:, :2], rng=np.random.default_rng(1))
        J = negentropy_contrast(whiten(X).Z @ W.T)
        spread[kind] = J.max() - J.min()
    assert spread["non_gaussian"] > 20 * spread["gaussian"]


def test_whitening_gives_identity_covariance():
    _, X, _ = _mixed("non_gaussian")
    w = whiten(X)
    np.testing.assert_allclose(w.Z.T @ w.Z / len(X), np.eye(3), atol=1e-10)
    np.testing.assert_allclose(w.matrix @ w.dewhitening, np.eye(3), atol=1e-10)
    np.testing.assert_allclose(w.Z @ w.dewhitening.T + w.mean, X, atol=1e-10)
    with pytest.raises(ValueError, match="whiten: expected a covariance with positive"):
        whiten(np.c_[X, X[:, 0]])


def test_matches_scikit_learn_fastica():
    from sklearn.decomposition import FastICA as SkFastICA

    _, X, _ = _mixed("non_gaussian")
    ours = FastICA(rng=np.random.default_rng(2)).fit_transform(X)
    theirs = SkFastICA(
        n_components=3, whiten="unit-variance", random_state=0, tol=1e-8, max_iter=1000
    ).fit_transform(X)
    assert match_components(ours, theirs).correlations.min() > 0.999


def test_matching_undoes_permutation_and_sign(rng):
    S = rng.standard_normal((500, 3))
    recovered = S[:, [2, 0, 1]] * np.array([-2.0, 0.5, 3.0])
    m = match_components(S, recovered)
    assert m.order.tolist() == [1, 2, 0]
    assert m.signs.tolist() == [1.0, 1.0, -1.0]
    np.testing.assert_allclose(m.correlations, 1.0)


def test_bad_input():
    with pytest.raises(ValueError, match="FastICA: expected fun 'logcosh' or 'cube'"):
        FastICA(fun="tanh")
    with pytest.raises(ValueError, match="FastICA: expected algorithm"):
        FastICA(algorithm="symmetric")
    with pytest.raises(ValueError, match="FastICA: expected a fitted model"):
        FastICA().transform(np.ones((3, 2)))
    with pytest.raises(ValueError, match="match_components: expected at least as many"):
        match_components(np.ones((5, 2)) + np.eye(5, 2), np.arange(5.0)[:, None])
    with pytest.raises(ValueError, match="negentropy_contrast: expected signals that are not"):
        negentropy_contrast(np.ones(10))


def test_unmixes_mixed_photographs_through_their_edges():
    """The page's real signals: photographs' intensities are correlated, so ICA on the pixels
    recovers them poorly; their pixel differences are nearly independent, and the unmixing
    found on them separates the photographs (the page's seeds)."""
    from dlnotes.data import load_sample_photographs
    from dlnotes.linear_factors import unmix_images

    photos = load_sample_photographs(64)
    S = photos.reshape(3, -1).T
    X, _ = mix_signals(S, rng=np.random.default_rng(3))
    assert np.abs(np.corrcoef(S.T)[np.triu_indices(3, 1)]).max() > 0.2
    direct = match_components(S, FastICA(rng=np.random.default_rng(2)).fit_transform(X))
    recovered = unmix_images(X.T.reshape(3, 64, 64), rng=np.random.default_rng(2))
    edges = match_components(S, recovered.reshape(3, -1).T)
    assert edges.correlations.min() > 0.99
    assert direct.correlations.min() < 0.9
    with pytest.raises(ValueError, match=r"unmix_images: expected mixtures of shape \(k, H, W\)"):
        unmix_images(np.ones((1, 4, 4)))
