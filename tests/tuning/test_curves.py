"""Learning curves and the learning-rate U-curve on the 8 x 8 digits (the page's settings)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import nn
from dlnotes.book.regularization import train_digits
from dlnotes.data import load_digits
from dlnotes.tuning import classification_error, learning_curve, learning_rate_sweep


@pytest.fixture(scope="module")
def digits():
    return load_digits(flat=True)


def test_classification_error_counts_non_finite_rows_as_wrong():
    class Fixed(nn.Module):
        def forward(self, x):
            return np.array([[1.0, 0.0], [np.nan, 5.0], [0.0, 1.0]])

    assert classification_error(Fixed(), np.zeros((3, 1)), np.array([0, 1, 1])) == pytest.approx(
        1 / 3
    )


def test_learning_rate_sweep_is_u_shaped(digits):
    X, y, X_test, y_test = digits
    sweep = learning_rate_sweep(
        lambda X, y, lr: train_digits(X, y, hidden=32, lr=lr, num_epochs=5, seed=0).model,
        np.logspace(-5, 0.5, 12),
        X,
        y,
        X_test,
        y_test,
    )
    best = int(np.argmin(sweep.train_error))
    assert 0 < best < 11
    assert (
        sweep.train_error[0] > 0.5 and sweep.train_error[-1] > 0.5 > 0.1 > sweep.train_error[best]
    )
    assert 1e-3 < sweep.best_lr < 0.3


def test_learning_curve_gap_shrinks_with_data(digits):
    X, y, X_test, y_test = digits

    def train(Xs, ys):  # the same number of steps for every size
        epochs = int(np.ceil(600 * 32 / len(Xs)))
        return train_digits(Xs, ys, hidden=32, num_epochs=epochs, seed=0).model

    curve = learning_curve(
        train, X, y, X_test, y_test, [20, 80, 320, 1347], rng=np.random.default_rng(0)
    )
    assert np.all(np.diff(curve.test_error) < 0)
    assert curve.gap[0] > 3 * curve.gap[-1]
    np.testing.assert_allclose(curve.gap, curve.test_error - curve.train_error)


def test_learning_curve_subsets_are_nested():
    seen = []

    class Constant(nn.Module):
        def forward(self, x):
            return np.zeros((len(x), 2))

    def train(Xs, ys):
        seen.append(set(Xs[:, 0].tolist()))
        return Constant()

    X = np.arange(10.0)[:, None]
    learning_curve(train, X, np.zeros(10, int), X, np.zeros(10, int), [2, 5, 10])
    assert seen[0] <= seen[1] <= seen[2] and len(seen[2]) == 10


def test_bad_input(digits):
    X, y, X_test, y_test = digits
    with pytest.raises(ValueError, match="learning_curve: expected sizes: integers between 1"):
        learning_curve(lambda a, b: None, X, y, X_test, y_test, [0, 10])
    with pytest.raises(ValueError, match=r"learning_rate_sweep: expected lr in \(0.0, inf\]"):
        learning_rate_sweep(lambda a, b, c: None, [0.1, -1.0], X, y, X_test, y_test)
