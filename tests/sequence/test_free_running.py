"""Teacher forcing against free running (§10.2.1): equal one step ahead, then the free-running
error compounds while the teacher-forced one does not."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_mackey_glass
from dlnotes.sequence import AutoregressiveNet, horizon_errors


def test_windows_hold_the_past_most_recent_first() -> None:
    net = AutoregressiveNet(3, 4, rng=np.random.default_rng(0))
    inputs, targets = net.windows(np.arange(6.0))
    np.testing.assert_array_equal(inputs, [[2, 1, 0], [3, 2, 1], [4, 3, 2]])
    np.testing.assert_array_equal(targets, [3, 4, 5])


def test_free_run_feeds_predictions_back() -> None:
    net = AutoregressiveNet(2, 5, rng=np.random.default_rng(1)).fit(np.sin(np.arange(50.0)))
    context = np.array([0.3, -0.2])
    out = net.free_run(context, 3)
    first = net.predict([[-0.2, 0.3]])[0]
    second = net.predict([[first, -0.2]])[0]
    third = net.predict([[second, first]])[0]
    np.testing.assert_allclose(out, [first, second, third], rtol=1e-12)


def test_fit_is_teacher_forced_ridge_regression() -> None:
    # Zero gradient of the penalised squared error over the teacher-forced windows.
    x = np.random.default_rng(2).standard_normal(80)
    net = AutoregressiveNet(4, 6, ridge=1e-3, rng=np.random.default_rng(3)).fit(x)
    inputs, targets = net.windows(x)
    phi = np.tanh(inputs @ net.weight.T + net.bias)
    residual = phi @ net.readout + net.offset - targets
    np.testing.assert_allclose(phi.T @ residual + 1e-3 * net.readout, 0.0, atol=1e-10)


def test_page_claims_errors_against_the_horizon() -> None:
    x = make_mackey_glass(2000)
    net = AutoregressiveNet(10, 100, rng=np.random.default_rng(0)).fit(x[:1500])
    errors = horizon_errors(net, x, np.arange(1500, 1900, 10), 100)
    # One step ahead the two regimes read the same true inputs: the same error to rounding
    # (the two paths multiply matrices of different shapes, so the last bits may differ).
    assert errors.free_running[0] == pytest.approx(errors.teacher_forced[0], rel=1e-12)
    # Teacher forced, the error stays at its one-step level (within a factor 2) ...
    tf = errors.teacher_forced
    assert tf.max() < 2 * tf[0] and tf.min() > 0.5 * tf[0]
    # ... while running free it grows over 100-fold within 100 steps.
    assert errors.free_running[-1] > 100 * errors.free_running[0]
    assert errors.free_running[49] > 10 * errors.free_running[0]


def test_bad_starts_raise() -> None:
    net = AutoregressiveNet(3, 4, rng=np.random.default_rng(0)).fit(np.arange(20.0))
    with pytest.raises(ValueError, match=r"^horizon_errors: expected starts in \[3, 15\]"):
        horizon_errors(net, np.arange(20.0), [1], 5)
