r"""Figures for the chapter 6 page (deep feedforward networks).

Each function draws on axes it is given and computes nothing the package does not already
test: the XOR network's input and hidden spaces (§6.1), hidden-unit activations and their
derivatives from the :mod:`dlnotes.nn.functional` kernels (§6.3), a mixture-density fit
(§6.2.2.4) and the folding construction against shallow fits (§6.4.1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes.book.figures import PALETTE
from dlnotes.nn import functional as F

__all__ = [
    "plot_xor_points",
    "plot_xor_spaces",
    "activation_curves",
    "plot_activations",
    "plot_mixture_fit",
]


def plot_xor_points(
    ax: Any,
    X: Any,
    points: Any,
    y: Any,
    title: str,
    names: tuple[str, str],
    readout: tuple[Any, float] | None = None,
) -> None:
    """Scatter the four XOR examples at ``points`` (inputs or hidden vectors), labelled by input.

    With ``readout = (w, b)`` it also draws the line :math:`w^\top h + b = 1/2` on which a
    linear output of those points crosses one half: the decision boundary in that space.

    Parameters
    ----------
    ax : matplotlib axes
    X : array_like, shape (4, 2)
        The inputs, used for the annotations.
    points : array_like, shape (4, 2)
        Where to draw each example: ``X`` itself or its hidden representation.
    y : array_like, shape (4,)
        0/1 targets; class 1 is drawn as circles, class 0 as crosses.
    title : str
    names : pair of str
        Axis labels.
    readout : (array_like of shape (2,), float), optional
        Output weights and bias of a linear read-out of ``points``.
    """
    X, points, y = np.asarray(X), np.asarray(points), np.asarray(y)
    for label, marker, colour in ((0, "x", PALETTE[3]), (1, "o", PALETTE[0])):
        sel = y == label
        ax.scatter(*points[sel].T, marker=marker, s=90, color=colour, label=f"$y = {label}$")
    # Label each drawn point with the inputs it represents, so a merge shows as "(0,1) (1,0)".
    labels: dict[tuple[float, float], list[str]] = {}
    for xi, p in zip(X, points, strict=True):
        key = (round(float(p[0]), 6), round(float(p[1]), 6))
        labels.setdefault(key, []).append(f"({xi[0]:.0f},{xi[1]:.0f})")
    for key, names_at in labels.items():
        ax.annotate(" ".join(names_at), key, textcoords="offset points", xytext=(6, 6))
    pad = 0.35 * max(1.0, float(np.ptp(points)))
    xlim = (points[:, 0].min() - pad, points[:, 0].max() + pad)
    ylim = (points[:, 1].min() - pad, points[:, 1].max() + pad)
    if readout is not None:
        w, b = np.asarray(readout[0], dtype=np.float64), float(readout[1])
        grid = np.linspace(*xlim, 50)
        if abs(w[1]) > 1e-12 * max(abs(w[0]), 1.0):  # the line as h2 = (1/2 - b - w1 h1) / w2
            ax.plot(grid, (0.5 - b - w[0] * grid) / w[1], color="0.4", ls="--", lw=1)
        else:  # a vertical line h1 = (1/2 - b) / w1
            ax.axvline((0.5 - b) / w[0], color="0.4", ls="--", lw=1)
    ax.set(xlim=xlim, ylim=ylim, xlabel=names[0], ylabel=names[1], title=title)


def plot_xor_spaces(
    axes: Any, X: Any, hidden: Any, y: Any, readout: tuple[Any, float] | None = None
) -> None:
    """The four XOR inputs (left axes) and their hidden representation (right axes).

    Parameters
    ----------
    axes : pair of matplotlib axes
    X : array_like, shape (4, 2)
        Inputs.
    hidden : array_like, shape (4, 2)
        Hidden representation of the inputs (two hidden units).
    y : array_like, shape (4,)
        0/1 targets.
    readout : (w, b), optional
        The output layer; its decision line is drawn in the hidden space.
    """
    plot_xor_points(axes[0], X, X, y, "input space $x$", ("$x_1$", "$x_2$"))
    plot_xor_points(axes[1], X, hidden, y, "hidden space $h$", ("$h_1$", "$h_2$"), readout)
    axes[0].legend(loc="center", fontsize=8)


def activation_curves(z: Any) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Values and derivatives of the common hidden units on ``z``, from the shared kernels.

    Each derivative is the kernel's backward pass with an upstream gradient of ones.

    Returns
    -------
    dict
        ``name -> (g(z), g'(z))`` for ReLU, leaky ReLU (slope 0.1), softplus, sigmoid,
        tanh and GELU.

    Examples
    --------
    >>> curves = activation_curves(np.array([-1.0, 2.0]))
    >>> curves["ReLU"][0].tolist(), curves["ReLU"][1].tolist()
    ([0.0, 2.0], [0.0, 1.0])
    """
    z = np.asarray(z, dtype=np.float64)
    ones = np.ones_like(z)
    kernels: dict[str, tuple[Callable[..., Any], Callable[..., Any], dict[str, Any]]] = {
        "ReLU": (F.relu_forward, F.relu_backward, {}),
        "leaky ReLU (0.1)": (F.leaky_relu_forward, F.leaky_relu_backward, {"negative_slope": 0.1}),
        "softplus": (F.softplus_forward, F.softplus_backward, {}),
        "sigmoid": (F.sigmoid_forward, F.sigmoid_backward, {}),
        "tanh": (F.tanh_forward, F.tanh_backward, {}),
        "GELU": (F.gelu_forward, F.gelu_backward, {}),
    }
    curves = {}
    for name, (forward, backward, kwargs) in kernels.items():
        out, cache = forward(z, **kwargs)
        curves[name] = (out, backward(ones, cache))
    return curves


def plot_activations(ax_value: Any, ax_slope: Any, z: Any) -> None:
    """Plot :func:`activation_curves` on two axes: the units, and their derivatives."""
    for (name, (g, dg)), colour in zip(activation_curves(z).items(), PALETTE, strict=False):
        ax_value.plot(z, g, color=colour, label=name)
        ax_slope.plot(z, dg, color=colour, label=name)
    ax_value.set(xlabel="$z$", ylabel="$g(z)$", ylim=(-1.5, 3.0), title="hidden unit $g(z)$")
    ax_slope.set(xlabel="$z$", ylabel="$g'(z)$", ylim=(-0.15, 1.2), title="its derivative")
    ax_value.legend(fontsize=7)


def plot_mixture_fit(ax: Any, fit: Any, X: Any, y: Any, grid: Any, colour: str) -> None:
    """Data and the component means of a mixture-density fit, marker area ∝ mixture weight.

    Parameters
    ----------
    ax : matplotlib axes
    fit : dlnotes.feedforward.MixtureDensityFit
    X, y : array_like, shape (N, 1)
        Data, drawn as grey dots.
    grid : array_like, shape (M,)
        Inputs at which the components are drawn.
    colour : str
        Colour of the component curves.
    """
    grid = np.asarray(grid, dtype=np.float64)
    pi, mu, _ = fit.parameters_at(grid[:, None])
    ax.scatter(np.ravel(X), np.ravel(y), s=3, color="0.7", zorder=0)
    for k in range(pi.shape[1]):
        # Marker area follows pi_k(x): a component that is switched off vanishes.
        ax.scatter(grid, mu[:, k, 0], s=12 * pi[:, k], color=colour, linewidths=0)
    ax.set(xlabel="input $x$", ylabel="target $t$")
