"""Chapter 13's plot helpers draw what they are given: standardised, offset traces; one bar per
feature and model; the trade-off and manifold curves from the library's results."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from dlnotes.book.figures import new_figure
from dlnotes.book.linear_factors import (
    plot_manifold_errors,
    plot_noise_variances,
    plot_signals,
    plot_sparsity_tradeoff,
)
from dlnotes.linear_factors import linear_manifold_errors, sparsity_tradeoff

matplotlib.use("Agg")


@pytest.fixture
def ax():
    import matplotlib.pyplot as plt

    fig, ax = new_figure()
    yield ax
    plt.close(fig)


def test_signals_are_standardised_and_stacked(ax):
    t = np.linspace(0, 1, 200)
    S = np.c_[5 * np.sin(9 * t) + 3, 0.1 * t]
    plot_signals(ax, t, S, reference=S, spacing=4.0, labels=["a", "b"])
    assert len(ax.lines) == 4 and [x.get_text() for x in ax.texts] == ["a", "b"]
    drawn = [line.get_ydata() for line in ax.lines[1::2]]  # reference, signal, reference, ...
    for j, y in enumerate(drawn):
        assert np.mean(y) == pytest.approx(-4.0 * j, abs=1e-12)
        assert np.std(y) == pytest.approx(1.0, rel=1e-12)


def test_noise_variances_one_bar_per_feature_and_model(ax):
    plot_noise_variances(ax, [0.1, 0.5, 1.0], {"FA": [0.1, 0.4, 1.1], "PPCA": 0.5})
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0.1, 0.5, 1.0, 0.1, 0.4, 1.1, 0.5, 0.5, 0.5]
    assert ax.get_yscale() == "log"


def test_tradeoff_and_manifold_curves(ax):
    out = sparsity_tradeoff(np.array([[1.0, 0.2]]), np.eye(2), [0.1, 0.5], num_iter=5)
    plot_sparsity_tradeoff(ax, out, 1.04)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), out.zero_fraction)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), out.reconstruction_error / 1.04)
    ax.clear()
    errors = linear_manifold_errors(np.random.default_rng(0).standard_normal((30, 4)))
    plot_manifold_errors(ax, errors)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), errors.mean_squared_error[:-1])
