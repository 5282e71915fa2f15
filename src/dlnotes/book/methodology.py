"""Figures of the practical-methodology page (chapter 11): PR and coverage curves, learning
curves, the learning-rate U-curve with search trials, and layer histograms.

The measurements come from :mod:`dlnotes.metrics`, :mod:`dlnotes.tuning` and
:mod:`dlnotes.debugging`; these functions only draw them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from dlnotes.book.figures import PALETTE
from dlnotes.book.regularization import digits_mlp, train_digits
from dlnotes.nn import ReLU, Sequential
from dlnotes.tuning import classification_error


def train_for_steps(
    X: Any, y: Any, *, num_steps: int = 600, batch_size: int = 32, **train_kwargs: Any
) -> Any:
    """Train :func:`dlnotes.book.regularization.digits_mlp` with Adam for about ``num_steps``
    steps whatever the size of ``(X, y)``, and return the model.

    A learning curve must compare training sets at equal effort: with a fixed number of
    epochs a set of 20 examples would get 40 times fewer steps than one of 800. The number of
    epochs is ``ceil(num_steps * batch_size / len(X))`` (at least one step per epoch); the
    other keyword arguments (``hidden``, default 32 here, ``lr``, ``dropout``, ``seed``) go
    to :func:`dlnotes.book.regularization.train_digits`.

    Examples
    --------
    >>> from dlnotes.data import load_digits
    >>> X, y, _, _ = load_digits(flat=True)
    >>> train_for_steps(X[:40], y[:40], num_steps=20)[0]
    Linear(in_features=64, out_features=32, bias=True)
    """
    num_epochs = int(np.ceil(num_steps * batch_size / len(X)))
    options = {"hidden": 32, **train_kwargs}
    return train_digits(X, y, num_epochs=num_epochs, batch_size=batch_size, **options).model


def validation_error_objective(
    X_fit: Any, y_fit: Any, X_val: Any, y_val: Any, *, num_epochs: int = 5, hidden: int = 32
) -> Any:
    """The objective of the page's searches: ``objective(lr, dropout)`` trains
    :func:`dlnotes.book.regularization.train_digits` on ``(X_fit, y_fit)`` for ``num_epochs``
    (seed 0) and returns its error on ``(X_val, y_val)``.

    Examples
    --------
    >>> from dlnotes.data import load_digits
    >>> X, y, X_val, y_val = load_digits(flat=True)
    >>> objective = validation_error_objective(X[:100], y[:100], X_val, y_val, num_epochs=1)
    >>> 0.0 <= objective(lr=1e-3, dropout=0.0) <= 1.0
    True
    """

    def objective(lr: float, dropout: float) -> float:
        run = train_digits(
            X_fit, y_fit, hidden=hidden, lr=lr, dropout=dropout, num_epochs=num_epochs, seed=0
        )
        return classification_error(run.model, X_val, y_val)

    return objective


__all__ = [
    "train_for_steps",
    "HalvedGradientReLU",
    "buggy_digits_mlp",
    "validation_error_objective",
    "plot_pr_curve",
    "plot_coverage",
    "plot_learning_curve",
    "plot_lr_sweep",
    "plot_search_trials",
    "plot_layer_histograms",
]


def plot_pr_curve(
    ax: Any, curve: Any, *, label: str, point: tuple[float, float] | None = None
) -> Any:
    """Precision against recall as the step function average precision integrates (§11.1).

    ``curve`` is a :class:`dlnotes.metrics.PRCurve`; ``point`` an optional operating point
    ``(recall, precision)`` drawn as a dot.
    """
    ax.step(curve.recall, curve.precision, where="post", color=PALETTE[0], label=label)
    if point is not None:
        ax.plot(*point, "o", color=PALETTE[3], ms=6, label="threshold 0.5")
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1.02), ylim=(0, 1.05))
    ax.legend(fontsize=8, loc="lower left")
    return ax


def plot_coverage(ax: Any, curve: Any, target: float) -> Any:
    """Accuracy on the answered examples against coverage, with the required accuracy (§11.1)."""
    ax.plot(curve.coverage, curve.accuracy, color=PALETTE[2])
    ax.axhline(target, color=PALETTE[3], ls="--", lw=1, label=f"required accuracy {target:.1%}")
    ax.set(xlabel="coverage", ylabel="accuracy when answering", xlim=(0, 1.02))
    ax.legend(fontsize=8, loc="lower left")
    return ax


def plot_learning_curve(ax: Any, curve: Any) -> Any:
    """Training and test error against training-set size on a log axis, the gap shaded (§11.3)."""
    sizes = np.asarray(curve.sizes, dtype=float)
    ax.semilogx(sizes, curve.train_error, "o-", color=PALETTE[0], ms=4, label="training error")
    ax.semilogx(sizes, curve.test_error, "o-", color=PALETTE[1], ms=4, label="test error")
    ax.fill_between(sizes, curve.train_error, curve.test_error, color=PALETTE[1], alpha=0.15)
    ax.set(xlabel="training examples", ylabel="error rate", ylim=(0, None))
    ax.legend(fontsize=8)
    return ax


def plot_lr_sweep(ax: Any, sweep: Any, searches: Mapping[str, Any] | None = None) -> Any:
    """Training and validation error against the learning rate (the U-curve, §11.4.1), with
    the trials of each search in ``searches`` (label to :class:`dlnotes.tuning.SearchResult`
    with an ``"lr"`` dimension) drawn at their learning rate and validation error."""
    ax.semilogx(sweep.lrs, sweep.train_error, color=PALETTE[0], label="training error (sweep)")
    ax.semilogx(sweep.lrs, sweep.val_error, color=PALETTE[1], label="validation error (sweep)")
    for i, (label, result) in enumerate((searches or {}).items()):
        marker = ["s", "^", "D"][i % 3]
        ax.semilogx(
            result.values("lr"),
            result.scores(),
            marker,
            color=PALETTE[2 + i],
            ms=6,
            ls="none",
            alpha=0.8,
            label=label,
        )
    ax.set(xlabel=r"learning rate $\epsilon$", ylabel="error rate", ylim=(0, 1))
    ax.legend(fontsize=8)
    return ax


def plot_search_trials(ax: Any, result: Any, x: str, y: str, *, title: str) -> Any:
    """The trials of one search in the plane of two hyper-parameters (``x`` on a log axis),
    coloured by score, with a tick on the top axis for every distinct value of ``x`` (§11.4.4)."""
    xs, ys, scores = result.values(x), result.values(y), result.scores()
    points = ax.scatter(xs, ys, c=scores, cmap="viridis_r", vmin=0, vmax=1, s=36)
    ax.set_xscale("log")
    for v in set(xs):
        ax.axvline(v, ymin=0.96, ymax=1.0, color=PALETTE[7], lw=1.2)
    ax.set(xlabel=x, ylabel=y, title=title)
    return points


def plot_layer_histograms(axes: Any, records: Sequence[Any], *, bins: int = 40) -> Any:
    """Histograms of each record's activations (top row) and gradients (bottom row), §11.5.

    ``axes`` is a ``(2, len(records))`` array; ``records`` are
    :class:`dlnotes.debugging.LayerRecord` objects.
    """
    for j, record in enumerate(records):
        axes[0, j].hist(record.activation.ravel(), bins=bins, color=PALETTE[0])
        axes[0, j].set_title(f"layer {record.name} output", fontsize=9)
        axes[1, j].hist(record.gradient.ravel(), bins=bins, color=PALETTE[3])
        axes[1, j].set_xlabel("value")
    axes[0, 0].set_ylabel("activations")
    axes[1, 0].set_ylabel("gradients")
    return axes


class HalvedGradientReLU(ReLU):
    """A foil: a ReLU whose backward pass returns half the true gradient.

    The bug of §11.5's argument: the rest of the network adapts (Adam rescales the steps), so
    training still reaches a good accuracy and only a gradient check reveals the defect.
    """

    def backward(self, grad_output: Any) -> Any:
        """Half of the ReLU gradient (deliberately wrong)."""
        return 0.5 * super().backward(grad_output)


def buggy_digits_mlp(hidden: int = 32, *, seed: int = 0) -> Any:
    """:func:`dlnotes.book.regularization.digits_mlp` with :class:`HalvedGradientReLU` in place
    of its ReLU (same initial weights)."""
    model = digits_mlp(hidden, seed=seed)
    return Sequential(model[0], HalvedGradientReLU(), model[2])
