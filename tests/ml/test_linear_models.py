"""Logistic and softmax regression: gradients, sklearn oracle, dtype, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import numerical_gradient_in_place, relative_error
from dlnotes.ml.linear_models import (
    LogisticRegression,
    SoftmaxRegression,
    Standardizer,
)


def _random_problem(rng, model, num_classes):
    X = rng.normal(size=(20, 4))
    y = rng.integers(0, num_classes, size=20)
    y[:num_classes] = np.arange(num_classes)  # every class present
    model.fit(X, y)  # sets the parameter shapes
    model.weight[...] = rng.normal(size=model.weight.shape)
    model.bias[...] = rng.normal(size=model.bias.shape)
    return X, y


@pytest.mark.parametrize(
    "model, num_classes",
    [(LogisticRegression(l2=0.3, num_steps=1), 2), (SoftmaxRegression(l2=0.3, num_steps=1), 4)],
)
def test_gradients_match_central_differences(rng, model, num_classes):
    X, y = _random_problem(rng, model, num_classes)
    grad_w, grad_b = model.gradients(X, y)
    numeric_w = numerical_gradient_in_place(lambda: model.loss(X, y), model.weight)
    numeric_b = numerical_gradient_in_place(lambda: model.loss(X, y), model.bias)
    assert relative_error(grad_w, numeric_w) < 1e-7
    assert relative_error(np.asarray(grad_b), numeric_b) < 1e-7


def test_matches_sklearn_logistic_regression():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = (X @ np.array([1.0, -2.0, 0.5]) + rng.normal(size=60) > 0).astype(np.int64)
    l2 = 0.05
    ours = LogisticRegression(l2=l2, lr=0.5, num_steps=3000).fit(X, y)
    # sklearn minimises C * sum(loss) + |w|^2 / 2, i.e. mean loss + |w|^2 / (2 C N).
    ref = sklearn.LogisticRegression(C=1 / (l2 * len(X)), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.weight, ref.coef_[0], atol=1e-6)
    np.testing.assert_allclose(ours.bias, ref.intercept_[0], atol=1e-6)


def test_matches_sklearn_multinomial():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(90, 2))
    y = np.argmax(X @ rng.normal(size=(2, 3)) + 0.5 * rng.normal(size=(90, 3)), axis=1)
    l2 = 0.05
    ours = SoftmaxRegression(l2=l2, lr=0.5, num_steps=4000).fit(X, y)
    ref = sklearn.LogisticRegression(C=1 / (l2 * len(X)), tol=1e-12, max_iter=10_000).fit(X, y)
    # Softmax is invariant to adding a constant to every class's logit; sklearn and we both
    # end up with zero-mean biases (gradient descent from zero keeps them centred).
    np.testing.assert_allclose(ours.weight, ref.coef_, atol=1e-6)
    np.testing.assert_allclose(
        ours.bias - ours.bias.mean(), ref.intercept_ - ref.intercept_.mean(), atol=1e-6
    )


def test_history_records_learning_curves():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 3))
    y = (X[:, 0] > 0).astype(np.int64)
    model = LogisticRegression(lr=0.5, num_steps=25, record_every=10).fit(X, y, val_data=(X, y))
    h = model.history
    assert h.steps == [0, 10, 20, 25]
    assert h.train_loss[0] == pytest.approx(np.log(2))  # zero weights: p = 1/2
    assert h.train_loss[-1] < h.train_loss[0]
    assert len(h.val_loss) == len(h.val_metric) == len(h.extra["weight_norm"]) == 4
    assert h.extra["weight_norm"][0] == 0
    assert h.extra["weight_norm"][-1] == pytest.approx(np.linalg.norm(model.weight))


def test_l2_bounds_weights_on_separable_data():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    free = LogisticRegression(lr=1.0, num_steps=2000).fit(X, y)
    decayed = LogisticRegression(l2=0.1, lr=1.0, num_steps=2000).fit(X, y)
    assert abs(free.weight[0]) > 4 * abs(decayed.weight[0])
    # The penalised optimum is stationary: the gradient vanishes there.
    assert np.abs(decayed.gradients(X, y)[0]).max() < 1e-8


def test_float32_preserved():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 4)).astype(np.float32)
    y = rng.integers(0, 3, size=30)
    model = SoftmaxRegression(num_steps=5, dtype=np.float32).fit(X, y)
    assert model.weight.dtype == np.float32
    assert model.decision_function(X).dtype == np.float32
    assert model.predict_proba(X).dtype == np.float32
    assert Standardizer().fit_transform(X).dtype == np.float32


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 30), d=st.integers(1, 5), seed=st.integers(0, 2**31))
def test_standardizer_properties(n, d, seed):
    X = np.random.default_rng(seed).normal(size=(n, d)) * 10 + 3
    X[:, 0] = 7.0  # a constant feature is only shifted
    Z = Standardizer().fit_transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-9)
    assert np.all(Z[:, 0] == 0)
    if d > 1:
        np.testing.assert_allclose(Z[:, 1:].std(axis=0), 1)


def test_probabilities_are_normalised(rng):
    X = rng.normal(size=(10, 3))
    y = np.arange(10) % 3
    model = SoftmaxRegression(num_steps=3).fit(X, y)
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1)
    logistic = LogisticRegression(num_steps=3).fit(X, y % 2)
    p = logistic.predict_proba(X)
    assert np.all((p > 0) & (p < 1))


def test_bad_input():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="LogisticRegression: expected l2"):
        LogisticRegression(l2=-1.0)
    with pytest.raises(ValueError, match="SoftmaxRegression: expected lr"):
        SoftmaxRegression(lr=0.0)
    with pytest.raises(ValueError, match="LogisticRegression: expected labels in"):
        LogisticRegression().fit(X, np.array([0, 1, 2, 1]))
    with pytest.raises(ValueError, match="SoftmaxRegression: expected integer labels of shape"):
        SoftmaxRegression().fit(X, np.array([0.0, 1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match="SoftmaxRegression: expected X of shape"):
        SoftmaxRegression().fit(np.zeros(4), y)
    with pytest.raises(RuntimeError, match="SoftmaxRegression: expected fit to be called"):
        SoftmaxRegression().predict(X)
    model = SoftmaxRegression(num_steps=1).fit(X, y)
    with pytest.raises(ValueError, match="SoftmaxRegression: expected X with 2 features"):
        model.predict(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="SoftmaxRegression: expected labels below 2"):
        model.loss(X, np.array([0, 1, 2, 1]))
    with pytest.raises(RuntimeError, match="Standardizer: expected fit"):
        Standardizer().transform(X)
