"""The Mackey-Glass generator: the delay equation it integrates, determinism, bounds."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import make_mackey_glass


def test_deterministic_and_bounded() -> None:
    a, b = make_mackey_glass(500), make_mackey_glass(500)
    assert np.array_equal(a, b)
    assert a.shape == (500,) and 0.2 < a.min() < a.max() < 1.5


def test_one_euler_step_of_the_delay_equation() -> None:
    # With sample_every=1 and no discard, consecutive samples are single Euler steps, and the
    # delayed value is the sample tau/dt steps earlier (or x0 before time 0).
    dt, tau = 0.5, 2.0
    x = make_mackey_glass(40, tau=tau, dt=dt, sample_every=1, discard=0, x0=1.1)
    d = int(tau / dt)
    history = np.r_[np.full(d + 1, 1.1), x]
    for i in range(d + 1, len(history) - 1):
        lag = history[i - d]
        step = 0.2 * lag / (1 + lag**10) - 0.1 * history[i]
        assert history[i + 1] == pytest.approx(history[i] + dt * step, rel=1e-12)


def test_chaotic_series_does_not_settle() -> None:
    x = make_mackey_glass(1500)
    assert x[-500:].std() > 0.1  # still oscillating after 1500 time units


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match=r"^make_mackey_glass: expected dt"):
        make_mackey_glass(10, dt=0.0)
