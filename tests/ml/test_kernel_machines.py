"""The RBF kernel and the kernel SVM: Gram matrix, dual optimality (KKT), sparse prediction."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_spirals
from dlnotes.ml import KernelSVM, rbf_kernel


def test_rbf_kernel_matches_definition_and_sklearn(rng):
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(4, 3))
    K = rbf_kernel(X, Y, gamma=0.7)
    by_hand = np.exp(-0.7 * ((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1))
    np.testing.assert_allclose(K, by_hand, rtol=1e-12)
    pairwise = pytest.importorskip("sklearn.metrics.pairwise")
    np.testing.assert_allclose(K, pairwise.rbf_kernel(X, Y, gamma=0.7), rtol=1e-12)
    G = rbf_kernel(X, X)  # a Gram matrix: symmetric, unit diagonal, positive semidefinite
    np.testing.assert_allclose(G, G.T)
    np.testing.assert_allclose(np.diag(G), 1.0)
    assert np.linalg.eigvalsh(G).min() > -1e-12


def _spirals(rng):
    X, y = make_spirals(100, n_classes=2, noise=0.05, rng=rng)
    return X, y


def test_svm_solves_its_dual_kkt_conditions(rng):
    X, y = _spirals(rng)
    svm = KernelSVM(C=10.0, gamma=4.0, tol=1e-10, max_epochs=5000).fit(X, y)
    assert svm.epochs < 5000
    t = np.where(y == 1, 1.0, -1.0)
    margin = t * svm.decision_function(X)
    a, C = svm.alpha, svm.C
    assert np.all((a >= 0) & (a <= C))
    free = (a > 1e-8) & (a < C - 1e-8)
    assert np.all(margin[a <= 1e-12] >= 1 - 1e-6)  # alpha = 0: outside the margin
    np.testing.assert_allclose(margin[free], 1.0, atol=1e-6)  # on the margin
    assert np.all(margin[a >= C - 1e-12] <= 1 + 1e-6)  # at the bound: inside it
    # a random feasible alpha is never better than the solution (the dual is concave)
    best = svm.dual_objective()
    for _ in range(5):
        svm.alpha = np.clip(a + 0.01 * rng.normal(size=a.size), 0.0, C)
        assert svm.dual_objective() <= best + 1e-12
    svm.alpha = a


def test_svm_is_sparse_and_fits_the_spirals(rng):
    X, y = _spirals(rng)
    svm = KernelSVM(C=10.0, gamma=4.0).fit(X, y)
    assert (svm.predict(X) == y).mean() >= 0.95
    assert 0 < svm.support.size < 0.6 * X.shape[0]  # most alpha_i are exactly zero
    # prediction over the support vectors equals the full expansion over all m examples
    full = (svm.gram + 1.0) @ (svm.alpha * np.where(y == 1, 1.0, -1.0))
    np.testing.assert_allclose(svm.decision_function(X), full, atol=1e-10)
    assert svm.bias == pytest.approx(float(svm.alpha @ np.where(y == 1, 1.0, -1.0)))


def test_svm_bad_input():
    with pytest.raises(ValueError, match="KernelSVM: expected labels 0 and 1"):
        KernelSVM().fit(np.zeros((3, 2)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"KernelSVM: expected X of shape \(m, D\)"):
        KernelSVM().fit(np.zeros((3, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match="KernelSVM: expected C"):
        KernelSVM(C=0.0)
    with pytest.raises(ValueError, match="rbf_kernel: expected X and Y of shapes"):
        rbf_kernel(np.zeros((2, 3)), np.zeros((2, 2)))
