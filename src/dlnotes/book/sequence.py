"""Plots for the chapter on sequence modelling (Goodfellow et al., chapter 10).

Each function draws on axes it is given and returns them, so a page cell stays a few lines.
The computations are in :mod:`dlnotes.sequence`, :mod:`dlnotes.seq2seq` and
:mod:`dlnotes.nn.utils`; nothing here computes a number a page quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from dlnotes.book.figures import PALETTE

__all__ = [
    "plot_curves",
    "plot_clipping",
    "plot_leaf_norms",
    "plot_memory_weights",
]


def plot_curves(
    ax: Any,
    x: Any,
    curves: Mapping[str, Any],
    *,
    xlabel: str,
    ylabel: str,
    logy: bool = True,
    baseline: float | None = None,
    baseline_label: str = "baseline",
    marker: str = "o",
) -> Any:
    """One line per entry of ``curves`` (label to y values) against ``x``, optional baseline.

    Examples
    --------
    >>> from dlnotes.book.figures import new_figure
    >>> fig, ax = new_figure()
    >>> _ = plot_curves(ax, [1, 2], {"a": [1.0, 0.5]}, xlabel="x", ylabel="y", baseline=1.0)
    >>> len(ax.lines)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    for i, (label, y) in enumerate(curves.items()):
        ax.plot(x, y, marker=marker, ms=3, color=PALETTE[i % len(PALETTE)], label=label)
    if baseline is not None:
        ax.axhline(baseline, color=PALETTE[7], ls="--", lw=1.2, label=baseline_label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8)
    return ax


def plot_clipping(ax: Any, g: Any, by_norm: Any, by_value: Any, threshold: float) -> Any:
    """A 2-D gradient and its two clipped versions, with the norm ball and the value box.

    Examples
    --------
    >>> from dlnotes.book.figures import new_figure
    >>> fig, ax = new_figure()
    >>> _ = plot_clipping(ax, [3.0, 0.5], [0.99, 0.16], [1.0, 0.5], 1.0)
    >>> len(ax.patches), len(ax.texts)  # the ball and the box; three arrows
    (2, 3)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.patches as mpatches

    t = threshold
    ax.add_patch(mpatches.Circle((0, 0), t, fill=False, ls="--", color=PALETTE[0]))
    ax.add_patch(mpatches.Rectangle((-t, -t), 2 * t, 2 * t, fill=False, ls=":", color=PALETTE[2]))
    for vec, color, label in (
        (g, PALETTE[7], "gradient"),
        (by_norm, PALETTE[0], "clipped by norm"),
        (by_value, PALETTE[2], "clipped by value"),
    ):
        v = np.asarray(vec, dtype=float)
        ax.annotate(
            "", xy=(v[0], v[1]), xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": color}
        )
        ax.plot([], [], color=color, label=label)
    g = np.asarray(g, dtype=float)
    ax.set_xlim(-1.2 * t, 1.1 * max(g[0], t))
    ax.set_ylim(-1.2 * t, 1.2 * max(g[1], t))
    ax.set_aspect("equal")
    ax.set(xlabel="$g_1$", ylabel="$g_2$")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_leaf_norms(ax: Any, results: Mapping[str, Any]) -> Any:
    """Norm of d root / d leaf against the leaf index, one line per tree.

    ``results`` maps a label to an object with a ``norms()`` method
    (:class:`dlnotes.sequence.LeafJacobians`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from dlnotes.book.figures import new_figure
    >>> fig, ax = new_figure()
    >>> r = SimpleNamespace(norms=lambda: np.array([0.5, 0.25]))
    >>> _ = plot_leaf_norms(ax, {"tree": r})
    >>> len(ax.lines)
    1
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    for i, (label, result) in enumerate(results.items()):
        norms = result.norms()
        ax.semilogy(np.arange(norms.size), norms, "o-", ms=3, color=PALETTE[i], label=label)
    ylabel = r"$\|\partial \mathbf{h}_{root} / \partial \mathbf{x}_i\|_2$"
    ax.set(xlabel="leaf index i", ylabel=ylabel)
    ax.legend(fontsize=8)
    return ax


def plot_memory_weights(ax: Any, curve: Any, picks: Any) -> Any:
    """Softmax weights over the memory slots for a few scales (indices ``picks`` of a
    :class:`dlnotes.sequence.SharpeningCurve`), as grouped bars.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from dlnotes.book.figures import new_figure
    >>> fig, ax = new_figure()
    >>> c = SimpleNamespace(weights=np.full((2, 3), 1 / 3), sharpness=np.array([0.0, 1.0]))
    >>> _ = plot_memory_weights(ax, c, [0, 1])
    >>> len(ax.patches)
    6
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    picks = list(picks)
    n = curve.weights.shape[1]
    width = 0.8 / len(picks)
    for j, k in enumerate(picks):
        ax.bar(
            np.arange(n) + (j - (len(picks) - 1) / 2) * width,
            curve.weights[k],
            width,
            color=PALETTE[j],
            label=rf"$\beta$ = {curve.sharpness[k]:.3g}",
        )
    ax.set(xlabel="memory slot i", ylabel="weight $w_i$", ylim=(0, 1.05))
    ax.set_xticks(np.arange(n))
    ax.legend(fontsize=8)
    return ax
