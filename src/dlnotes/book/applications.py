"""Figures of chapter 12 (applications): contrast-normalised points, perplexity against the
n-gram order, cost curves, estimator errors and regret curves. Drawing only; the computations
are in :mod:`dlnotes.applications`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from dlnotes.book.figures import PALETTE, equal_axes

__all__ = ["plot_point_panels", "plot_curves", "plot_regret"]


def plot_point_panels(axes: Sequence[Any], panels: Mapping[str, np.ndarray], limit: float) -> None:
    """Scatter one 2-D point cloud per axis, titled, with equal scales and a shared limit."""
    for k, (ax, (title, points)) in enumerate(zip(axes, panels.items(), strict=True)):
        ax.scatter(points[:, 0], points[:, 1], s=6, color=PALETTE[k % len(PALETTE)], alpha=0.7)
        equal_axes(ax, limit)
        ax.set_title(title, fontsize=9)


def plot_curves(
    ax: Any,
    x: Any,
    curves: Mapping[str, Any],
    *,
    xlabel: str,
    ylabel: str,
    logx: bool = False,
    logy: bool = False,
    markers: bool = True,
) -> None:
    """Several named curves against one x axis, each in the book's palette."""
    for k, (label, y) in enumerate(curves.items()):
        ax.plot(x, y, "o-" if markers else "-", ms=3, color=PALETTE[k % len(PALETTE)], label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.legend(fontsize=8)


def plot_regret(
    ax: Any, regrets: Mapping[str, np.ndarray], bound: np.ndarray | None = None
) -> None:
    """Mean cumulative regret (line) and the 10–90 % band over runs for each algorithm."""
    for k, (label, regret) in enumerate(regrets.items()):
        t = np.arange(1, regret.shape[1] + 1)
        lo, hi = np.percentile(regret, [10, 90], axis=0)
        color = PALETTE[k % len(PALETTE)]
        ax.fill_between(t, lo, hi, color=color, alpha=0.15, lw=0)
        ax.plot(t, regret.mean(axis=0), color=color, label=label)
    if bound is not None:
        ax.plot(np.arange(1, len(bound) + 1), bound, "--", color=PALETTE[7], label="UCB1 bound")
    ax.set(xlabel="pulls t", ylabel="cumulative regret")
    ax.legend(fontsize=8)
