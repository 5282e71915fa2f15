"""Polynomial regression, weight decay, capacity/learning curves, k-fold CV, Bayesian regression."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes import ml
from dlnotes.data import make_sine_regression


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x, y = make_sine_regression(15, rng)
    x_test, y_test = make_sine_regression(2000, rng)
    return x, y, x_test, y_test


def test_polynomial_features_and_least_squares(rng):
    x = rng.uniform(-1, 1, 30)
    X = ml.polynomial_features(x, 3)
    assert X.shape == (30, 4) and np.all(X[:, 0] == 1)
    w = np.array([0.5, -1.0, 2.0, 0.3])
    np.testing.assert_allclose(ml.fit_least_squares(X, X @ w), w, rtol=1e-10)
    np.testing.assert_allclose(ml.predict_polynomial(w, x), X @ w)
    assert ml.polynomial_features(x.astype(np.float32), 2).dtype == np.float32


def test_ridge_closed_form_and_shrinkage(rng):
    X, y = rng.standard_normal((40, 5)), rng.standard_normal(40)
    w = ml.fit_ridge(X, y, 3.0)
    np.testing.assert_allclose(X.T @ (X @ w - y) + 3.0 * w, 0, atol=1e-10)  # stationarity
    norms = [np.linalg.norm(ml.fit_ridge(X, y, a)) for a in [0.0, 1.0, 10.0, 100.0]]
    assert np.all(np.diff(norms) < 0)
    np.testing.assert_allclose(ml.fit_ridge(X, y, 0.0), ml.fit_least_squares(X, y))


def test_capacity_u_curve(data):
    tr, te = ml.capacity_curve(*data, degrees=range(13))
    assert np.all(np.diff(tr) <= 1e-9)  # nested models: training error never rises
    best = int(np.argmin(te))
    assert 2 < best < 10  # under-fitting on the left, over-fitting on the right
    assert te[0] > 3 * te[best] and te[-1] > 10 * te[best]


def test_weight_decay_sweep_has_interior_optimum(data):
    alphas = np.geomspace(1e-8, 1e2, 21)
    tr, te = ml.weight_decay_curve(*data, degree=12, alphas=alphas)
    assert tr[0] < tr[-1]
    best = int(np.argmin(te))
    assert 0 < best < len(alphas) - 1
    assert te[0] > 5 * te[best] and te[-1] > 2 * te[best]


def test_learning_curve_converges_to_bayes_error():
    rng = np.random.default_rng(1)
    x_test, y_test = make_sine_regression(4000, rng)
    sizes = [10, 30, 100, 1000]
    tr, te = ml.learning_curve(make_sine_regression, sizes, 5, x_test, y_test, rng=rng)
    assert te[0] > te[-1] and tr[0] < tr[-1]
    assert te[-1] == pytest.approx(0.09, rel=0.15)  # noise variance 0.3 ** 2
    tr1, te1 = ml.learning_curve(make_sine_regression, sizes, 1, x_test, y_test, rng=rng)
    assert te1[-1] > 2 * te[-1]  # a line cannot reach the Bayes error: its bias stays


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 60), k=st.integers(2, 10), seed=st.integers(0, 100))
def test_kfold_indices_partition(n, k, seed):
    if k > n:
        return
    folds = ml.kfold_indices(n, k, np.random.default_rng(seed))
    assert len(folds) == k
    tests = np.concatenate([te for _, te in folds])
    assert sorted(tests.tolist()) == list(range(n))
    for tr, te in folds:
        assert np.intersect1d(tr, te).size == 0 and tr.size + te.size == n
        assert abs(te.size - n / k) < 1


def test_cross_validation_prefers_moderate_degree():
    rng = np.random.default_rng(2)
    x, y = make_sine_regression(40, rng)

    def fit_predict(degree):
        return lambda a, b, c: ml.predict_polynomial(ml.fit_polynomial(a, b, degree), c)

    cv = [
        ml.cross_validate(fit_predict(d), x, y, 5, np.random.default_rng(0)).mean()
        for d in range(10)
    ]
    assert 2 < int(np.argmin(cv)) < 9 and cv[0] > 3 * min(cv) and cv[1] > 1.5 * min(cv)


def test_map_equals_ridge(rng):
    X, y = rng.standard_normal((25, 4)), rng.standard_normal(25)
    model = ml.BayesianLinearRegression(4, prior_var=0.5, noise_var=0.2).fit(X, y)
    np.testing.assert_allclose(model.map_estimate, ml.fit_ridge(X, y, 0.2 / 0.5), rtol=1e-10)


def test_bayesian_posterior_concentrates_on_truth(rng):
    w_true = np.array([0.5, -1.0])
    stds = []
    for n in [2, 20, 200, 2000]:
        X = np.column_stack([np.ones(n), rng.uniform(-1, 1, n)])
        y = X @ w_true + 0.3 * rng.standard_normal(n)
        model = ml.BayesianLinearRegression(2, prior_var=1.0, noise_var=0.09).fit(X, y)
        stds.append(np.sqrt(np.diag(model.cov)))
        assert np.all(np.abs(model.mean - w_true) < 5 * stds[-1])
    assert np.all(np.diff(np.array(stds), axis=0) < 0)
    mean, var = model.predict(X[:3])
    assert np.all(var > 0.09) and mean.shape == (3,)
    assert model.sample_weights(5, rng).shape == (5, 2)


def test_prior_is_recovered_without_data():
    model = ml.BayesianLinearRegression(2, prior_var=2.0, noise_var=1.0)
    np.testing.assert_allclose(model.cov, 2.0 * np.eye(2))
    model.fit(np.zeros((0, 2)), np.zeros(0))
    np.testing.assert_allclose(model.cov, 2.0 * np.eye(2))


def test_float32_preserved(rng):
    x = rng.uniform(-1, 1, 20).astype(np.float32)
    y = np.sin(np.pi * x).astype(np.float32)
    X = ml.polynomial_features(x, 3)
    assert ml.fit_ridge(X, y, 0.1).dtype == np.float32
    assert ml.fit_least_squares(X, y).dtype == np.float32
    assert ml.predict_polynomial(ml.fit_polynomial(x, y, 3), x).dtype == np.float32
    model = ml.BayesianLinearRegression(4, dtype=np.float32).fit(X, y)
    mean, var = model.predict(X)
    assert model.mean.dtype == mean.dtype == var.dtype == np.float32


def test_bad_input():
    with pytest.raises(ValueError, match="polynomial_features: expected x of shape"):
        ml.polynomial_features(np.ones((2, 2)), 2)
    with pytest.raises(ValueError, match="fit_ridge: expected alpha in"):
        ml.fit_ridge(np.eye(2), np.ones(2), -1.0)
    with pytest.raises(ValueError, match="fit_least_squares: expected X of shape"):
        ml.fit_least_squares(np.eye(2), np.ones(3))
    with pytest.raises(ValueError, match=r"kfold_indices: expected k in \[2, n\]"):
        ml.kfold_indices(3, 5)
    with pytest.raises(ValueError, match="BayesianLinearRegression: expected X of shape"):
        ml.BayesianLinearRegression(2).fit(np.ones((3, 3)), np.ones(3))
    with pytest.raises(ValueError, match="BayesianLinearRegression: expected noise_var in"):
        ml.BayesianLinearRegression(2, noise_var=0.0)
    with pytest.raises(ValueError, match="capacity_curve: expected x_train and y_train"):
        ml.capacity_curve(np.ones(3), np.ones(4), np.ones(3), np.ones(3), [1])
