"""Factor analysis by EM: per-feature noise recovered where PPCA's single sigma^2 cannot follow,
monotone likelihood, agreement with scikit-learn's FactorAnalysis; bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from dlnotes.data import make_heteroscedastic_data
from dlnotes.linear_factors import PPCA, FactorAnalysis


@pytest.fixture(scope="module")
def data():
    # the page's data set and seeds
    return make_heteroscedastic_data(5000, 8, 2, rng=np.random.default_rng(0))


@pytest.fixture(scope="module")
def fa(data):
    return FactorAnalysis(2, rng=np.random.default_rng(1)).fit(data.X)


def test_factor_analysis_recovers_per_feature_noise(data, fa):
    rel = np.abs(fa.noise_variance - data.noise_variance) / data.noise_variance
    assert rel.max() < 0.1
    assert np.corrcoef(np.log(fa.noise_variance), np.log(data.noise_variance))[0, 1] > 0.99
    assert np.max(subspace_angles(fa.weight, data.weight)) < 0.03


def test_ppca_cannot(data, fa):
    ppca = PPCA(2).fit(data.X)
    rel_ppca = np.abs(ppca.noise_variance - data.noise_variance) / data.noise_variance
    rel_fa = np.abs(fa.noise_variance - data.noise_variance) / data.noise_variance
    assert rel_ppca.max() > 5 * rel_fa.max() and rel_ppca.max() > 0.5
    # its subspace is pulled towards the noisiest features
    assert np.max(subspace_angles(ppca.weight, data.weight)) > 3 * np.max(
        subspace_angles(fa.weight, data.weight)
    )
    assert fa.log_likelihood(data.X) > ppca.log_likelihood(data.X)


def test_em_likelihood_never_falls(fa, data):
    history = np.array(fa.log_likelihood_history)
    assert np.all(np.diff(history) >= -1e-10)
    assert history[-1] == pytest.approx(fa.log_likelihood(data.X), abs=1e-9)


@pytest.mark.slow
def test_matches_scikit_learn_factor_analysis(data, fa):
    from sklearn.decomposition import FactorAnalysis as SkFA

    theirs = SkFA(n_components=2, tol=1e-8, max_iter=5000, svd_method="lapack", random_state=0).fit(
        data.X
    )
    assert np.max(subspace_angles(fa.weight, theirs.components_.T)) < 1e-3
    np.testing.assert_allclose(fa.noise_variance, theirs.noise_variance_, rtol=1e-3)
    np.testing.assert_allclose(fa.covariance(), theirs.get_covariance(), atol=1e-3)
    assert fa.log_likelihood(data.X) == pytest.approx(theirs.score(data.X), abs=1e-4)


def test_equal_noise_gives_the_ppca_solution():
    """With isotropic noise in the data, FA and PPCA find (nearly) the same model."""
    from dlnotes.data import make_linear_factor_data

    d = make_linear_factor_data(20000, 6, 2, noise_variance=0.3, rng=np.random.default_rng(4))
    fa = FactorAnalysis(2, rng=np.random.default_rng(0)).fit(d.X)
    ppca = PPCA(2).fit(d.X)
    np.testing.assert_allclose(fa.noise_variance, ppca.noise_variance, rtol=0.1)
    assert np.max(subspace_angles(fa.weight, ppca.weight)) < 0.02


def test_bad_input(data):
    with pytest.raises(ValueError, match="FactorAnalysis: expected X of shape \\(N, n\\) with"):
        FactorAnalysis(8).fit(data.X)
    with pytest.raises(ValueError, match="FactorAnalysis: expected X with finite entries"):
        FactorAnalysis(1).fit(np.array([[1.0, np.nan, 0.0], [0.0, 1.0, 2.0]]))
    with pytest.raises(ValueError, match="FactorAnalysis: expected a fitted model"):
        FactorAnalysis(1).covariance()
