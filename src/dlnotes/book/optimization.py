r"""Figures for chapter 8 (optimisation for training deep models).

Each function draws one kind of picture the chapter page shows from results computed by the
library (:mod:`dlnotes.diagnostics`, :mod:`dlnotes.numerics`, :mod:`dlnotes.optim`): the race of
first-order optimizers on three test functions, activation histograms through depth, optimizer
paths over the contours of a two-dimensional landscape. Matplotlib is imported inside the
functions, so importing this module needs NumPy only.

Goodfellow et al., chapter 8.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from dlnotes._validation import fail
from dlnotes.book.figures import PALETTE, new_figure
from dlnotes.book.optimizer_race_plots import PATH_COLORS, PATH_LINESTYLES, plot_trajectories

__all__ = [
    "plot_activation_histograms",
    "plot_distance_curves",
    "plot_landscape_paths",
    "plot_race_grid",
]


def plot_race_grid(problems: Sequence[Any], paths: Mapping[str, Mapping[str, np.ndarray]]) -> Any:
    r"""Up to three optimizer races in a 2 × 2 grid, the fourth cell holding the legend.

    Parameters
    ----------
    problems : sequence of BenchmarkProblem
        At most three (:func:`dlnotes.book.optimizer_race.benchmark_problem`).
    paths : mapping
        Problem name to the paths of :func:`dlnotes.book.optimizer_race.run_benchmark`.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from dlnotes.book.optimizer_race import benchmark_problem
    >>> p = benchmark_problem("quadratic")
    >>> fig = plot_race_grid([p], {p.name: {"start": p.x0[None, :]}})
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    if not 1 <= len(problems) <= 3:
        fail("plot_race_grid", "one to three problems", len(problems))
    fig, axes = new_figure(2, 2, width=6.4, height=6.0)
    lines: list[Any] = []
    for ax, problem in zip(axes.flat, problems, strict=False):
        lines = plot_trajectories(ax, problem, dict(paths[problem.name]))
    for ax in list(axes.flat)[len(problems) :]:
        ax.axis("off")
    axes.flat[3].legend(handles=lines, loc="center", title="optimizer")
    return fig


def plot_activation_histograms(
    statistics: Mapping[str, Any], layers: Sequence[int] = (1, 5, 10), *, bins: int = 60
) -> Any:
    r"""Histograms of :math:`\log_{10}|a|` at a few depths, one panel per initialisation.

    A logarithmic axis is the only one on which activations of :math:`10^{-10}` and
    :math:`10^{3}` fit side by side; exact zeros (ReLU's inactive units) are left out and their
    share is written in the panel.

    Parameters
    ----------
    statistics : mapping
        Panel title to :class:`dlnotes.diagnostics.ActivationStatistics`; at most four.
    layers : sequence of int
        Layers to draw, counted from 1.
    bins : int

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from dlnotes.diagnostics import activation_statistics
    >>> stats = activation_statistics("he", depth=2, width=8, num_samples=10)
    >>> fig = plot_activation_histograms({"He": stats}, layers=(1, 2))
    >>> plt.close(fig)
    """
    if not 1 <= len(statistics) <= 4:
        fail("plot_activation_histograms", "one to four initialisations", len(statistics))
    rows = (len(statistics) + 1) // 2
    fig, axes = new_figure(rows, 2, width=6.4, height=2.9 * rows, squeeze=False, sharex=True)
    everything = np.concatenate(
        [
            np.log10(np.abs(a[a != 0]))
            for s in statistics.values()
            for a in (s.activations[k - 1] for k in layers)
        ]
    )
    edges = np.linspace(np.floor(everything.min()), np.ceil(everything.max()), bins + 1)
    for ax, (title, stats) in zip(axes.flat, statistics.items(), strict=False):
        zero_share = []
        for color, k in zip(PALETTE, layers, strict=False):
            a = stats.activations[k - 1]
            nonzero = a[a != 0]
            zero_share.append(1.0 - nonzero.size / a.size)
            ax.hist(
                np.log10(np.abs(nonzero)),
                bins=edges,
                density=True,
                histtype="step",
                color=color,
                linewidth=1.5,
                label=f"layer {k}",
            )
        ax.set(title=title, yticks=[])
        ax.text(
            0.02,
            0.95,
            f"zeros: {100 * np.mean(zero_share):.0f} %",
            transform=ax.transAxes,
            va="top",
            fontsize=8,
        )
    for ax in axes[-1]:
        ax.set_xlabel(r"$\log_{10}|a|$")
    for ax in list(axes.flat)[len(statistics) :]:
        ax.axis("off")
    axes.flat[0].legend(loc="upper right", fontsize=8)
    return fig


def plot_landscape_paths(
    ax: Any,
    function: Any,
    paths: Mapping[str, np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int = 20,
    marks: Mapping[str, np.ndarray] | None = None,
    marker: str | None = ".",
    linewidth: float = 1.8,
    resolution: int = 200,
) -> list[Any]:
    r"""Filled contours of a 2-D ``function`` with paths drawn over them (linear levels).

    Parameters
    ----------
    ax : matplotlib Axes
    function : callable on points of shape (..., 2)
    paths : mapping
        Name to a path of shape (k, 2); each with its own colour and line style.
    xlim, ylim : tuple of float
    levels : int
    marks : mapping, optional
        Label to a point to mark with a cross (saddle points, minima).
    marker : str or None, default "."
        Marker at every iterate (``None`` for long, dense paths).
    linewidth : float, default 1.8
    resolution : int

    Returns
    -------
    list of Line2D
        One per path.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from dlnotes.numerics import SaddleWithMinima
    >>> fig, ax = plt.subplots()
    >>> lines = plot_landscape_paths(ax, SaddleWithMinima(), {"start": np.zeros((1, 2))},
    ...                              (-1, 1), (-1.5, 1.5))
    >>> len(lines)
    1
    >>> plt.close(fig)
    """
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    ax.contourf(xs, ys, function(grid), levels=levels, cmap="Greys_r", alpha=0.55)
    ax.contour(xs, ys, function(grid), levels=levels, colors="grey", linewidths=0.4)
    lines = []
    for (name, path), color, style in zip(
        paths.items(), PATH_COLORS, PATH_LINESTYLES, strict=False
    ):
        (line,) = ax.plot(
            path[:, 0],
            path[:, 1],
            style,
            color=color,
            marker=marker,
            markersize=4,
            linewidth=linewidth,
            label=name,
        )
        lines.append(line)
    for label, point in (marks or {}).items():
        ax.plot(*point, "X", color="black", markersize=8)
        ax.annotate(label, point, xytext=(5, 5), textcoords="offset points", fontsize=8)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$x_1$", ylabel="$x_2$")
    return lines


def plot_distance_curves(
    ax: Any,
    paths: Mapping[str, np.ndarray],
    minimizer: np.ndarray,
    *,
    window: int = 50,
) -> list[Any]:
    r"""Root-mean-square distance to ``minimizer`` over a sliding window, on log-log axes.

    The distance of a noisy iterate jumps by orders of magnitude from step to step; its RMS over
    ``window`` consecutive steps shows the trend. Curve ``k`` is plotted against the last step of
    each window.

    Parameters
    ----------
    ax : matplotlib Axes
    paths : mapping
        Label to a path of shape (num_steps + 1, n).
    minimizer : numpy.ndarray, shape (n,)
    window : int, default 50

    Returns
    -------
    list of Line2D

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> path = np.ones((101, 2)) * np.arange(101.0)[:, None]
    >>> (line,) = plot_distance_curves(ax, {"a": path}, np.zeros(2), window=10)
    >>> len(line.get_xdata())
    92
    >>> plt.close(fig)
    """
    lines = []
    for (label, path), color, style in zip(
        paths.items(), PATH_COLORS, PATH_LINESTYLES, strict=False
    ):
        squared = np.sum((np.asarray(path) - minimizer) ** 2, axis=1)
        if len(squared) < window:
            fail(
                "plot_distance_curves", f"paths of at least window = {window} points", len(squared)
            )
        rms = np.sqrt(np.convolve(squared, np.ones(window) / window, mode="valid"))
        steps = np.arange(window - 1, len(squared))
        (line,) = ax.loglog(steps[steps > 0], rms[steps > 0], style, color=color, label=label)
        lines.append(line)
    ax.set(xlabel="step", ylabel=f"RMS distance to the minimum\n(window of {window} steps)")
    return lines
