"""Chapter S7's bar: the small CNN of ``dlnotes.models`` reaches 98 % test accuracy on digits.

``book/scratch/s07_convolution.md`` trains exactly ``train_digits_cnn(seed=0)`` and quotes its
accuracy through glue. Seeds 0-7 give 98.2-99.1 %.
"""

from __future__ import annotations

import pytest

from dlnotes.models import train_digits_cnn


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0])
def test_digits_cnn_reaches_98_percent(seed):
    run = train_digits_cnn(seed)
    assert run.history.num_epochs == 30
    assert run.history.train_loss[-1] < 0.05 * run.history.train_loss[0]  # it learned
    assert run.test_accuracy >= 0.98
    assert run.history.val_metric[-1] == pytest.approx(run.test_accuracy)


def test_training_is_deterministic_for_a_seed():
    a, b = train_digits_cnn(3, num_epochs=2), train_digits_cnn(3, num_epochs=2)
    assert a.history.train_loss == b.history.train_loss
    assert a.test_accuracy == b.test_accuracy
