"""Chapter 8's figure helpers: what they draw, and their bad-input messages."""

from __future__ import annotations

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from dlnotes.book.optimization import (  # noqa: E402
    plot_activation_histograms,
    plot_distance_curves,
    plot_landscape_paths,
    plot_race_grid,
)
from dlnotes.book.optimizer_race import benchmark_problem  # noqa: E402
from dlnotes.diagnostics import activation_statistics  # noqa: E402
from dlnotes.numerics import SaddleWithMinima  # noqa: E402


def test_race_grid_has_three_panels_and_a_legend():
    problems = [benchmark_problem(n) for n in ("quadratic", "rosenbrock", "beale")]
    paths = {p.name: {"A": p.x0[None, :], "B": p.x0[None, :]} for p in problems}
    fig = plot_race_grid(problems, paths)
    legend = fig.axes[3].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["A", "B"]
    plt.close(fig)
    with pytest.raises(ValueError, match="plot_race_grid: expected one to three problems"):
        plot_race_grid([], {})


def test_activation_histograms_one_panel_per_initialisation():
    stats = {
        name: activation_statistics(w, depth=3, width=8, num_samples=20)
        for name, w in [("small", 0.01), ("He", "he"), ("Xavier", "xavier")]
    }
    fig = plot_activation_histograms(stats, layers=(1, 3))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:3] == ["small", "He", "Xavier"]
    assert not fig.axes[3].axison  # the unused fourth cell is blank
    plt.close(fig)
    with pytest.raises(ValueError, match="plot_activation_histograms: expected one to four"):
        plot_activation_histograms({})


def test_landscape_paths_draws_each_path():
    fig, ax = plt.subplots()
    paths = {"a": np.zeros((3, 2)), "b": np.ones((2, 2))}
    lines = plot_landscape_paths(ax, SaddleWithMinima(), paths, (-1, 1), (-1, 1))
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[1].get_xdata(), [1.0, 1.0])
    assert lines[0].get_marker() == "."
    (thin,) = plot_landscape_paths(
        ax,
        SaddleWithMinima(),
        {"c": np.zeros((2, 2))},
        (-1, 1),
        (-1, 1),
        marker=None,
        linewidth=0.5,
    )
    assert thin.get_linewidth() == 0.5 and thin.get_marker() in (None, "None", "")
    plt.close(fig)


def test_distance_curves_are_windowed_rms():
    fig, ax = plt.subplots()
    path = np.zeros((6, 2))
    path[:, 0] = [3.0, 4.0, 0.0, 0.0, 0.0, 0.0]
    (line,) = plot_distance_curves(ax, {"p": path}, np.zeros(2), window=2)
    np.testing.assert_allclose(line.get_xdata(), [1, 2, 3, 4, 5])
    np.testing.assert_allclose(line.get_ydata()[:2], [np.sqrt(12.5), np.sqrt(8.0)])
    with pytest.raises(ValueError, match="plot_distance_curves: expected paths of at least"):
        plot_distance_curves(ax, {"p": path}, np.zeros(2), window=10)
    plt.close(fig)
