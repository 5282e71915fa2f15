"""Chapter 6 figure helpers: the activation derivatives they plot are the true derivatives."""

from __future__ import annotations

import numpy as np

from dlnotes.book.feedforward import (
    activation_curves,
    plot_activations,
    plot_mixture_fit,
    plot_xor_spaces,
)
from dlnotes.book.figures import new_figure
from dlnotes.data import make_inverse_sinusoid, xor_points
from dlnotes.feedforward import train_mixture_density, xor_forward, xor_relu_network


def test_activation_derivatives_match_finite_differences():
    z = np.linspace(-4, 4, 161) + 0.013  # off the ReLU kink
    h = 1e-6
    for name, (_g, dg) in activation_curves(z).items():
        numeric = (activation_curves(z + h)[name][0] - activation_curves(z - h)[name][0]) / (2 * h)
        np.testing.assert_allclose(dg, numeric, atol=1e-6, err_msg=name)


def test_plots_draw_on_the_axes_they_get():
    import matplotlib.pyplot as plt

    fig, axes = new_figure(1, 2)
    X, y = xor_points()
    net = xor_relu_network()
    plot_xor_spaces(axes, X, xor_forward(X, net)[1], y, readout=(net.w, net.b))
    assert len(axes[1].collections) == 2
    # the decision line h1 - 2 h2 = 1/2 passes through (0.5, 0) and (1.5, 0.5)
    line = axes[1].lines[0]
    np.testing.assert_allclose(np.interp([0.5, 1.5], *line.get_data()), [0.0, 0.5], atol=1e-12)
    plt.close(fig)
    fig, axes = new_figure(1, 2)
    plot_activations(axes[0], axes[1], np.linspace(-3, 3, 31))
    assert len(axes[0].lines) == len(axes[1].lines) == 6
    plt.close(fig)
    X, t = make_inverse_sinusoid(50, rng=np.random.default_rng(0))
    fit = train_mixture_density(X, t, 2, num_epochs=1, rng=np.random.default_rng(0))
    fig, ax = new_figure()
    plot_mixture_fit(ax, fit, X, t, np.linspace(0, 1, 11), "C0")
    assert len(ax.collections) == 3  # the data and one scatter per component
    plt.close(fig)
