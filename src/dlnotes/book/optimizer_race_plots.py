r"""Optimizer paths drawn over the contour lines of a two-dimensional test function.

Matplotlib is imported when a plot is made, so importing this module needs NumPy only.
Goodfellow et al., §8.2-§8.5 (the book's Figures 4.6 and 8.5 draw such paths).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail

__all__ = ["PATH_COLORS", "PATH_LINESTYLES", "plot_trajectories"]

#: Colour of the i-th path (Okabe-Ito without the yellow that vanishes on white, then grey).
PATH_COLORS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#767676",
]
#: Line style of the i-th path, so paths stay distinguishable without colour.
PATH_LINESTYLES = ["-", "--", "-.", ":", "-", "--", "-.", ":"]


def plot_trajectories(
    ax: Any, problem: Any, paths: dict[str, np.ndarray], *, levels: int = 18, resolution: int = 200
) -> list[Any]:
    r"""Draw log-spaced contours of ``problem.function`` and every path in ``paths``.

    Contour levels are spaced geometrically between the function's smallest and largest
    value on the window (above the minimum), because the interesting valleys sit orders of
    magnitude below the walls. Each path is a line with a distinct colour *and* line style
    (readable without colour), a circle at the start, and a star marks the minimum.

    Parameters
    ----------
    ax : matplotlib Axes
    problem : BenchmarkProblem
        Supplies ``function``, ``xlim``, ``ylim`` and ``name`` (the title).
    paths : dict
        Name to path of shape ``(k, 2)``, as returned by
        :func:`dlnotes.book.optimizer_race.run_benchmark`.
    levels : int, default 18
    resolution : int, default 200
        Grid points per axis for the contours.

    Returns
    -------
    list
        The Line2D object of every path (for a shared legend).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from dlnotes.book.optimizer_race import benchmark_problem
    >>> problem = benchmark_problem("quadratic")
    >>> fig, ax = plt.subplots()
    >>> lines = plot_trajectories(ax, problem, {"start only": problem.x0[None, :]})
    >>> len(lines)
    1
    >>> plt.close(fig)
    """
    from matplotlib.colors import LogNorm

    if len(paths) > len(PATH_COLORS):
        fail("plot_trajectories", f"at most {len(PATH_COLORS)} paths", len(paths))
    f = problem.function
    xs = np.linspace(problem.xlim[0], problem.xlim[1], resolution)
    ys = np.linspace(problem.ylim[0], problem.ylim[1], resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    excess = f(grid) - float(f(f.minimizer))
    low, high = max(excess.min(), 1e-3 * np.median(excess)), excess.max()
    ax.contour(
        xs,
        ys,
        np.maximum(excess, low),
        levels=np.geomspace(low, high, levels),
        norm=LogNorm(),
        cmap="Greys_r",
        linewidths=0.6,
        alpha=0.8,
    )
    lines = []
    for (name, path), color, style in zip(
        paths.items(), PATH_COLORS, PATH_LINESTYLES, strict=False
    ):
        inside = np.all(np.abs(path) < 1e6, axis=1)  # a diverged tail would wreck the axes
        (line,) = ax.plot(
            path[inside, 0], path[inside, 1], style, color=color, linewidth=1.4, label=name
        )
        lines.append(line)
    start = next(iter(paths.values()))[0]
    ax.plot(*start, "o", color="black", markersize=5)
    ax.plot(*f.minimizer, "*", color="#D55E00", markersize=13, markeredgecolor="black")
    ax.set(
        xlim=problem.xlim,
        ylim=problem.ylim,
        xlabel="$x_1$",
        ylabel="$x_2$",
        title=problem.name.capitalize(),
    )
    return lines
