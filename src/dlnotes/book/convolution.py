"""Plots for the chapter on convolutional networks (Goodfellow et al., chapter 9).

Each function draws on axes it is given and returns them: a convolution matrix, errors
against a transformation's size, the pooling-invariance table, and timing curves. The
mathematics is in :mod:`dlnotes.convolution`; nothing here computes a result a page quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from dlnotes.book.figures import PALETTE

__all__ = ["plot_matrix", "plot_curves", "plot_pooling_table"]


def plot_matrix(ax: Any, matrix: Any, title: str | None = None) -> Any:
    """Show a matrix with a symmetric red–blue scale (white is zero) and no ticks."""
    m = np.asarray(matrix, dtype=float)
    lim = float(np.abs(m).max()) or 1.0
    ax.imshow(m, cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax


def plot_curves(
    ax: Any,
    x: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    *,
    xlabel: str,
    ylabel: str,
    logy: bool = True,
    styles: Sequence[str] = ("o-", "s-", "^--", "d--"),
) -> Any:
    """One marked line per entry of ``curves`` against ``x``, log vertical axis by default."""
    for i, (label, y) in enumerate(curves.items()):
        ax.plot(x, y, styles[i % len(styles)], ms=4, color=PALETTE[i % len(PALETTE)], label=label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8)
    return ax


def plot_pooling_table(ax: Any, table: Any, sizes: Sequence[int], shifts: Sequence[int]) -> Any:
    """Fraction of unchanged outputs against the pool size, one line per shift."""
    t = np.asarray(table, dtype=float)
    for q, shift in enumerate(shifts):
        ax.plot(sizes, t[:, q], "o-", ms=4, color=PALETTE[q], label=f"shift {shift} px")
    ax.set(xlabel="pool size (1 = no pooling)", ylabel="fraction unchanged", ylim=(0, 1))
    ax.set_xticks(list(sizes))
    ax.legend(fontsize=8)
    return ax
