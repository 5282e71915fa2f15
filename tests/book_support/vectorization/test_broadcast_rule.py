"""The spelled-out broadcasting rule agrees with NumPy, and the diagrams report true strides."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dlnotes.book.vectorization import broadcast_steps, draw_broadcast, draw_memory_order  # noqa: E402

shapes = st.lists(st.integers(1, 4), min_size=0, max_size=4).map(tuple)


@settings(max_examples=25, deadline=None)
@given(a=shapes, b=shapes, c=shapes)
def test_broadcast_steps_matches_numpy(a, b, c):
    try:
        expected = np.broadcast_shapes(a, b, c)
    except ValueError:
        with pytest.raises(ValueError, match="broadcast_steps: expected sizes that are equal"):
            broadcast_steps(a, b, c)
        return
    steps = broadcast_steps(a, b, c)
    assert steps.result == expected
    assert all(len(p) == len(expected) for p in steps.padded)
    for original, padded in zip((a, b, c), steps.padded, strict=True):
        assert padded[len(padded) - len(original) :] == original
        assert set(padded[: len(padded) - len(original)]) <= {1}


def test_broadcast_error_names_the_axis():
    with pytest.raises(ValueError, match="on axis -2, got 3 and 2"):
        broadcast_steps((3, 1), (2, 5))
    with pytest.raises(TypeError, match="broadcast_steps: expected each shape to be a tuple"):
        broadcast_steps(3)
    with pytest.raises(ValueError, match="broadcast_steps: expected at least one shape"):
        broadcast_steps()


@pytest.mark.parametrize("shape", [(2, 3), (4, 1), (1, 5)])
@pytest.mark.parametrize("order", ["C", "F"])
def test_memory_order_strides_are_numpy_strides(shape, order):
    fig, ax = plt.subplots()
    try:
        assert draw_memory_order(ax, shape, order) == np.zeros(shape, order=order).strides
        assert (
            draw_memory_order(ax, shape, order, itemsize=4)
            == np.zeros(shape, np.float32, order=order).strides
        )
    finally:
        plt.close(fig)


def test_draw_broadcast_returns_the_sum_and_marks_stored_cells():
    fig, axes = plt.subplots(1, 3)
    try:
        total = draw_broadcast(axes, np.arange(3)[:, None], np.arange(4))
        np.testing.assert_array_equal(total, np.arange(3)[:, None] + np.arange(4))
        # (3, 1): 3 stored cells out of 12; (4,): 4 stored out of 12; solid edges mark them.
        solid = [sum(p.get_linestyle() == "-" for p in ax.patches) for ax in axes]
        assert solid == [3, 4, 12]
        with pytest.raises(ValueError, match="draw_broadcast: expected three axes, got 2"):
            draw_broadcast(axes[:2], [1], [2])
        with pytest.raises(ValueError, match="draw_memory_order: expected order 'C' or 'F'"):
            draw_memory_order(axes[0], (2, 2), "K")
    finally:
        plt.close(fig)
