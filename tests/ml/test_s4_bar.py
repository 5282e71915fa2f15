"""Chapter S4's bar: softmax regression on digits reaches 95 % test accuracy.

The configuration is the one trained in ``book/scratch/s04_regression.md`` (section S4.5),
whose text quotes the accuracy through glue.
"""

from __future__ import annotations

import pytest

from dlnotes.data import load_digits
from dlnotes.ml.linear_models import SoftmaxRegression


@pytest.mark.slow
def test_softmax_regression_on_digits_reaches_95_percent():
    X_train, y_train, X_test, y_test = load_digits(flat=True)
    model = SoftmaxRegression(l2=1e-3, lr=1.0, num_steps=1000, record_every=50)
    model.fit(X_train, y_train, val_data=(X_test, y_test))
    assert model.history.train_loss[-1] < 0.2 * model.history.train_loss[0]
    assert model.score(X_test, y_test) >= 0.95
