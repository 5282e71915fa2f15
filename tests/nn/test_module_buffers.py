"""Buffers stay registered when re-assigned, so running statistics are saved and loaded."""

import numpy as np

from dlnotes.nn import Module, Sequential


class RunningMean(Module):
    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("running_mean", np.zeros(3))

    def update(self, x: np.ndarray) -> None:
        # Re-assignment, not in-place update: the case that used to drop the buffer.
        self.running_mean = 0.9 * self.running_mean + 0.1 * x


def test_reassigned_buffer_stays_in_state_dict():
    m = RunningMean()
    m.update(np.ones(3))
    state = m.state_dict()
    assert list(state) == ["running_mean"]
    np.testing.assert_allclose(state["running_mean"], 0.1)


def test_reassigned_buffer_round_trips_through_load_state_dict():
    a, b = Sequential(RunningMean()), Sequential(RunningMean())
    a[0].update(np.arange(3.0))
    b.load_state_dict(a.state_dict())
    np.testing.assert_array_equal(b[0].running_mean, a[0].running_mean)


def test_replacing_a_buffer_by_a_module_unregisters_it():
    m = RunningMean()
    m.running_mean = Sequential()
    assert "running_mean" not in m.state_dict()
