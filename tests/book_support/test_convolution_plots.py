"""Chapter 9's plot helpers draw what they are given."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from dlnotes.book.convolution import plot_curves, plot_matrix, plot_pooling_table
from dlnotes.book.figures import new_figure

matplotlib.use("Agg")


@pytest.fixture
def ax():
    import matplotlib.pyplot as plt

    fig, ax = new_figure()
    yield ax
    plt.close(fig)


def test_plot_matrix_shows_the_matrix_on_a_symmetric_scale(ax) -> None:
    m = np.array([[1.0, -3.0], [0.0, 2.0]])
    plot_matrix(ax, m, "M")
    image = ax.get_images()[0]
    np.testing.assert_array_equal(image.get_array(), m)
    assert image.get_clim() == (-3.0, 3.0)
    assert ax.get_title() == "M"


def test_plot_curves_one_line_per_entry(ax) -> None:
    plot_curves(ax, [1, 2, 3], {"a": [1, 2, 3], "b": [3, 2, 1]}, xlabel="x", ylabel="y")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[1].get_ydata(), [3, 2, 1])
    assert ax.get_yscale() == "log"


def test_plot_pooling_table_one_line_per_shift(ax) -> None:
    table = np.array([[0.2, 0.1], [0.5, 0.3], [0.7, 0.4]])
    plot_pooling_table(ax, table, [1, 2, 4], [1, 2])
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[1].get_ydata(), table[:, 1])
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 4])
