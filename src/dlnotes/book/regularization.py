"""Chapter 7 demos: the weight-decay picture, regularisation paths, and small digit trainers.

The mathematics is in :mod:`dlnotes.regularization`; this module only builds the small
networks the page trains (with :func:`dlnotes.training.fit`) and draws the figures.
Goodfellow et al., chapter 7.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes.book.figures import PALETTE

__all__ = [
    "RegularizationRun",
    "digits_mlp",
    "train_digits",
    "plot_quadratic_and_path",
    "plot_paths",
    "plot_curves",
]


class RegularizationRun(NamedTuple):
    """A model trained by :func:`train_digits` and its :class:`dlnotes.training.History`."""

    model: Any
    history: Any


def digits_mlp(hidden: int = 128, dropout: float = 0.0, *, seed: int = 0) -> Any:
    """A one-hidden-layer ReLU network for the flattened 8 x 8 digits (64 inputs, 10 logits).

    With ``dropout > 0`` a :class:`dlnotes.nn.Dropout` follows the hidden layer (PyTorch's
    inverted dropout, so evaluation mode is the weight-scaling rule, §7.12).

    Examples
    --------
    >>> digits_mlp(16, 0.5)
    Sequential(
      (0): Linear(in_features=64, out_features=16, bias=True)
      (1): ReLU()
      (2): Dropout(p=0.5, inplace=False)
      (3): Linear(in_features=16, out_features=10, bias=True)
    )
    """
    from dlnotes import nn

    rng = np.random.default_rng(seed)
    layers: list[Any] = [nn.Linear(64, hidden, rng=rng), nn.ReLU()]
    if dropout > 0:
        layers.append(nn.Dropout(dropout, rng=np.random.default_rng(seed + 1)))
    layers.append(nn.Linear(hidden, 10, rng=rng))
    return nn.Sequential(*layers)


def train_digits(
    X: Any,
    y: Any,
    *,
    val_data: Any = None,
    hidden: int = 128,
    dropout: float = 0.0,
    num_epochs: int = 40,
    patience: int | None = None,
    adversarial_epsilon: float | None = None,
    lr: float = 3e-3,
    batch_size: int = 32,
    seed: int = 0,
) -> RegularizationRun:
    """Train :func:`digits_mlp` with Adam and :func:`dlnotes.training.fit`.

    Parameters
    ----------
    X, y : array_like
        Flattened digits ``(N, 64)`` in [0, 1] and labels ``(N,)``.
    val_data : (X_val, y_val), optional
        Recorded every epoch; needed for ``patience``.
    hidden, dropout
        As in :func:`digits_mlp`.
    num_epochs, patience, batch_size
        Passed to :func:`dlnotes.training.fit` (``patience`` is early stopping, Algorithm 7.1,
        restoring the best parameters).
    adversarial_epsilon : float, optional
        Train on clean plus FGSM examples of this size
        (:class:`dlnotes.regularization.AdversarialLoader`, §7.13).
    lr : float
        Adam's learning rate.
    seed : int
        Seeds the weights, the dropout masks and the minibatch order.

    Returns
    -------
    RegularizationRun
        ``(model, history)``.

    Examples
    --------
    >>> from dlnotes.data import make_noisy_digits
    >>> d = make_noisy_digits(100, 50, rng=np.random.default_rng(0))
    >>> run = train_digits(d.X_train, d.y_train, val_data=(d.X_val, d.y_val), num_epochs=2)
    >>> run.history.num_epochs
    2
    """
    from dlnotes import nn
    from dlnotes.optim import Adam
    from dlnotes.regularization import AdversarialLoader
    from dlnotes.training import fit

    model = digits_mlp(hidden, dropout, seed=seed)
    loss = nn.CrossEntropyLoss()
    order = np.random.default_rng(seed + 2)
    train: Any = (X, y)
    if adversarial_epsilon is not None:
        train = AdversarialLoader(
            (X, y), model, loss, adversarial_epsilon, batch_size=batch_size, rng=order
        )
    history = fit(
        model,
        loss,
        Adam(model.parameters(), lr=lr),
        train,
        val_data=val_data,
        num_epochs=num_epochs,
        batch_size=batch_size,
        rng=order,
        patience=patience,
        progress=False,
    )
    return RegularizationRun(model, history)


def plot_quadratic_and_path(
    ax: Any,
    H: Any,
    w_star: Any,
    paths: dict[str, Any],
    *,
    circles: Any = (),
    limit: float = 2.0,
) -> Any:
    r"""Contours of :math:`\tfrac12 (w - w^\star)^\top H (w - w^\star)` with paths drawn on top.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    H : array_like, shape (2, 2)
    w_star : array_like, shape (2,)
    paths : dict of str to array_like of shape (m, 2)
        Label and points of each path (the ridge path, gradient-descent iterates, ...).
    circles : sequence of float
        Radii of L2 balls to draw, dashed, around the origin.
    limit : float
        The axes show ``[-limit, limit]`` in both coordinates.

    Returns
    -------
    matplotlib.axes.Axes
    """
    H = np.asarray(H, dtype=float)
    w_star = np.asarray(w_star, dtype=float)
    grid = np.linspace(-limit, limit, 201)
    W1, W2 = np.meshgrid(grid, grid)
    D = np.stack([W1 - w_star[0], W2 - w_star[1]], axis=-1)
    J = 0.5 * np.einsum("...i,ij,...j->...", D, H, D)
    ax.contour(W1, W2, J, levels=np.geomspace(0.01, max(float(J.max()), 0.02), 9), colors="0.6")
    t = np.linspace(0, 2 * np.pi, 200)
    for r in circles:
        ax.plot(r * np.cos(t), r * np.sin(t), color=PALETTE[2], ls="--", lw=1)
    markers = ["-", "o", "s", "^"]
    for i, (label, pts) in enumerate(paths.items()):
        pts = np.asarray(pts, dtype=float)
        style = markers[i % len(markers)]
        ax.plot(pts[:, 0], pts[:, 1], style, color=PALETTE[i], ms=3, label=label)
    ax.plot(*w_star, "*", color=PALETTE[7], ms=11, label=r"$w^\star$")
    ax.plot(0, 0, "+", color=PALETTE[7], ms=9)
    ax.set(xlim=(-limit, limit), ylim=(-limit, limit), xlabel="$w_1$", ylabel="$w_2$")
    ax.set_aspect("equal")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_paths(ax: Any, alphas: Any, coefs: Any, true_coef: Any, title: str) -> Any:
    """Regularisation path: each coefficient against the penalty, informative ones coloured.

    ``coefs`` has shape ``(m, d)`` (one row per value of ``alphas``); coefficients whose true
    value is zero are drawn thin and grey, so exact zeros (L1) and small non-zeros (L2) can be
    told apart.
    """
    alphas = np.asarray(alphas, dtype=float)
    coefs = np.asarray(coefs, dtype=float)
    true_coef = np.asarray(true_coef)
    for j in range(coefs.shape[1]):
        if true_coef[j] != 0:
            ax.semilogx(alphas, coefs[:, j], color=PALETTE[j % 7], lw=1.8)
        else:
            ax.semilogx(alphas, coefs[:, j], color="0.55", lw=0.8)
    ax.axhline(0.0, color=PALETTE[7], lw=0.6)
    ax.set(xlabel=r"penalty $\alpha$", ylabel="coefficient", title=title)
    return ax


def plot_curves(
    ax: Any, curves: dict[str, Any], *, ylabel: str, best: dict[str, int] | None = None
) -> Any:
    """Per-epoch curves (validation loss, say) with an optional marker at each best epoch."""
    for i, (label, values) in enumerate(curves.items()):
        v = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(v) + 1), v, color=PALETTE[i], label=label)
        if best is not None and label in best:
            e = best[label]
            ax.plot(e + 1, v[e], "o", color=PALETTE[i], ms=6)
    ax.set(xlabel="epoch", ylabel=ylabel)
    ax.legend(fontsize=8)
    return ax
