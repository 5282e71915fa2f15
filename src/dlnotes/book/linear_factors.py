"""Plots for the chapter on linear factor models (Goodfellow et al., chapter 13).

Each function draws on axes it is given and returns them, so a page cell stays a few lines:
stacked time series (sources, mixtures, recovered signals), per-feature noise variances,
the sparsity–error trade-off and the PCA manifold errors. The mathematics is in
:mod:`dlnotes.linear_factors`; nothing here computes a result a page quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from dlnotes.book.figures import PALETTE

__all__ = [
    "plot_manifold_errors",
    "plot_noise_variances",
    "plot_signals",
    "plot_sparsity_tradeoff",
]


def plot_signals(
    ax: Any,
    t: Any,
    signals: Any,
    *,
    reference: Any = None,
    labels: Sequence[str] | None = None,
    spacing: float = 4.0,
    title: str | None = None,
) -> Any:
    """Draw the columns of ``signals`` against ``t``, one above the other.

    Each column is standardised (zero mean, unit variance) and shifted down by ``spacing``, so
    signals of any scale share one panel. ``reference`` (same shape) is drawn underneath in
    thick grey, for comparing recovered signals with the true ones.

    Parameters
    ----------
    ax
        Matplotlib axes.
    t : array_like, shape (T,)
        Time of each sample.
    signals : array_like, shape (T, k)
        One signal per column.
    reference : array_like, shape (T, k), optional
        Signals drawn behind, column by column.
    labels : sequence of str, optional
        One label per column, written at the left of its trace.
    spacing : float, default 4.0
        Vertical distance between traces, in standard deviations.
    title : str, optional
        Axes title.

    Returns
    -------
    Axes
        ``ax``.

    Examples
    --------
    >>> from dlnotes.book.figures import new_figure
    >>> fig, ax = new_figure()
    >>> t = np.linspace(0, 1, 50)
    >>> _ = plot_signals(ax, t, np.c_[np.sin(6 * t), t], labels=["a", "b"])
    >>> len(ax.lines)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    t = np.asarray(t, dtype=float)
    Y = _standardise(signals)
    R = None if reference is None else _standardise(reference)
    for j in range(Y.shape[1]):
        offset = -spacing * j
        if R is not None:
            ax.plot(t, R[:, j] + offset, color="0.75", lw=4.0, solid_capstyle="round")
        ax.plot(t, Y[:, j] + offset, color=PALETTE[j % 7], lw=1.2)
        if labels is not None:
            ax.text(t[0], offset + 0.42 * spacing, labels[j], fontsize=8, va="center")
    ax.set_ylim(-spacing * (Y.shape[1] - 0.5), 0.5 * spacing)
    ax.set_yticks([])
    ax.set_xlabel("time")
    ax.grid(False)
    if title is not None:
        ax.set_title(title)
    return ax


def _standardise(signals: Any) -> np.ndarray:
    Y = np.asarray(signals, dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    std = Y.std(axis=0)
    return (Y - Y.mean(axis=0)) / np.where(std > 0, std, 1.0)


def plot_noise_variances(ax: Any, true: Any, estimates: Mapping[str, Any]) -> Any:
    """Bars of the true per-feature noise variances and of each model's estimate (log axis).

    Parameters
    ----------
    ax
        Matplotlib axes.
    true : array_like, shape (n,)
        The variances that generated the data.
    estimates : mapping of str to array_like
        Model name → estimated variances, shape ``(n,)`` (a scalar is broadcast, as for
        probabilistic PCA's single :math:`\\sigma^2`).

    Returns
    -------
    Axes
        ``ax``.

    Examples
    --------
    >>> from dlnotes.book.figures import new_figure
    >>> fig, ax = new_figure()
    >>> _ = plot_noise_variances(ax, [0.1, 1.0], {"FA": [0.11, 0.9], "PPCA": 0.5})
    >>> len(ax.patches)
    6
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    true = np.asarray(true, dtype=float)
    n = true.size
    groups = {
        "true": true,
        **{k: np.broadcast_to(np.asarray(v, float), n) for k, v in estimates.items()},
    }
    width = 0.8 / len(groups)
    x = np.arange(n)
    for i, (name, values) in enumerate(groups.items()):
        color = PALETTE[7] if name == "true" else PALETTE[(i - 1) % 7]
        hatch = None if i % 2 == 0 else "//"
        ax.bar(
            x + (i - (len(groups) - 1) / 2) * width,
            values,
            width,
            label=name,
            color=color,
            alpha=0.85,
            hatch=hatch,
            edgecolor="white",
        )
    ax.set_yscale("log")
    ax.set_xticks(x, [str(i + 1) for i in range(n)])
    ax.set(xlabel="feature", ylabel="noise variance")
    ax.legend(fontsize=8)
    return ax


def plot_sparsity_tradeoff(ax: Any, tradeoff: Any, energy: float) -> Any:
    """Relative reconstruction error against the fraction of zero code entries.

    Parameters
    ----------
    ax
        Matplotlib axes.
    tradeoff : SparsityTradeoff
        From :func:`dlnotes.linear_factors.sparsity_tradeoff`.
    energy : float
        Mean squared norm of the examples; the error is divided by it.

    Returns
    -------
    Axes
        ``ax``.

    Examples
    --------
    >>> from dlnotes.book.figures import new_figure
    >>> from dlnotes.linear_factors import sparsity_tradeoff
    >>> fig, ax = new_figure()
    >>> out = sparsity_tradeoff([[1.0, 0.2]], np.eye(2), [0.1, 0.5], num_iter=5)
    >>> _ = plot_sparsity_tradeoff(ax, out, 1.04)
    >>> len(ax.texts)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    rel = np.asarray(tradeoff.reconstruction_error) / energy
    ax.plot(tradeoff.zero_fraction, rel, "o-", color=PALETTE[0])
    for lam, z, e in zip(tradeoff.lams, tradeoff.zero_fraction, rel, strict=True):
        ax.annotate(
            f"λ={lam:.2g}",
            (z, e),
            textcoords="offset points",
            xytext=(-6, 6),
            fontsize=7,
            ha="right",
        )
    ax.set_yscale("log")
    ax.margins(x=0.08, y=0.15)
    ax.set(xlabel="fraction of code entries exactly 0", ylabel="relative squared error")
    return ax


def plot_manifold_errors(ax: Any, errors: Any) -> Any:
    """Measured distance from PCA's k-dimensional manifold against the discarded eigenvalues.

    Parameters
    ----------
    ax
        Matplotlib axes.
    errors : ManifoldErrors
        From :func:`dlnotes.linear_factors.linear_manifold_errors`.

    Returns
    -------
    Axes
        ``ax``.

    Examples
    --------
    >>> from dlnotes.book.figures import new_figure
    >>> from dlnotes.linear_factors import linear_manifold_errors
    >>> fig, ax = new_figure()
    >>> X = np.random.default_rng(0).standard_normal((20, 3))
    >>> _ = plot_manifold_errors(ax, linear_manifold_errors(X))
    >>> len(ax.lines)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    ks = np.asarray(errors.ks)[:-1]  # k = n has zero error, off a log axis
    ax.semilogy(
        ks,
        errors.discarded_variance[:-1],
        "-",
        color=PALETTE[1],
        lw=3,
        label=r"$\sum_{i>k}\lambda_i$",
    )
    ax.semilogy(
        ks,
        errors.mean_squared_error[:-1],
        "o",
        color=PALETTE[0],
        ms=3,
        label="measured mean squared distance",
    )
    ax.set(xlabel="manifold dimension k", ylabel="squared distance")
    ax.legend(fontsize=8)
    return ax
