"""Chapter 12's plot helpers draw what they are given: one scatter per panel on equal axes,
one line per named curve, a mean line and percentile band per policy."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from dlnotes.book.applications import plot_curves, plot_point_panels, plot_regret
from dlnotes.book.figures import new_figure

matplotlib.use("Agg")


@pytest.fixture
def close():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def test_point_panels_draw_each_cloud_with_its_title(close):
    fig, axes = new_figure(1, 2)
    pts = np.random.default_rng(0).standard_normal((10, 2))
    plot_point_panels(axes, {"a": pts, "b": 2 * pts}, limit=3.0)
    for ax, scale, title in zip(axes, [1, 2], ["a", "b"], strict=True):
        np.testing.assert_allclose(ax.collections[0].get_offsets(), scale * pts)
        assert ax.get_title() == title and ax.get_xlim() == (-3.0, 3.0)


def test_curves_one_line_per_name_and_log_axes(close):
    fig, ax = new_figure()
    plot_curves(
        ax,
        [1, 2, 3],
        {"u": [3, 2, 1], "v": [1, 1, 1]},
        xlabel="x",
        ylabel="y",
        logx=True,
        logy=True,
    )
    assert [line.get_label() for line in ax.lines] == ["u", "v"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [3, 2, 1])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_regret_draws_the_mean_over_runs(close):
    fig, ax = new_figure()
    regret = np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 4.0]])
    plot_regret(ax, {"p": regret})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.0, 2.0, 3.0])
    assert len(ax.collections) == 1  # the percentile band
