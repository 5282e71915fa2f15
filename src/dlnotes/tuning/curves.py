r"""Learning curves and the learning-rate sweep: two experiments that guide practical choices.

A **learning curve** trains the same model on growing subsets of the training set and records
training and test error against the number of examples (usually on a log axis). A large gap
between the two that shrinks as data grows says more data will help (§11.3); two high errors
close together say the model underfits and more data will not.

A **learning-rate sweep** trains with each learning rate of a list for the same budget and
records the error: too small a rate leaves training unfinished, too large a rate makes it
oscillate or diverge, so the training error is typically U-shaped in :math:`\log \epsilon`
(Figure 11.1 of the book).

Both take a ``train`` callable so that any model, optimiser and training loop can be used.

Goodfellow et al., §11.3 and §11.4.1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_generator, check_range, fail

__all__ = [
    "classification_error",
    "LearningCurve",
    "learning_curve",
    "LearningRateSweep",
    "learning_rate_sweep",
]


def classification_error(model: Any, X: Any, y: Any) -> float:
    """Fraction of misclassified examples, computed in evaluation mode.

    A row of logits containing NaN or infinity (a diverged network) counts as an error.

    Parameters
    ----------
    model : dlnotes.nn.Module
        Maps ``X`` to logits ``(N, C)``.
    X : array_like, shape (N, ...)
    y : array_like of int, shape (N,)

    Returns
    -------
    float
        Error in [0, 1].

    Shape
    -----
    - X: ``(N, ...)``, y: ``(N,)``, model output ``(N, C)``

    Notes
    -----
    Goodfellow et al., §11.1 (error rate, the complement of accuracy).

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> model = Linear(2, 2, rng=np.random.default_rng(0))
    >>> 0.0 <= classification_error(model, np.eye(2), np.array([0, 1])) <= 1.0
    True
    """
    t = np.asarray(y)
    was_training = bool(getattr(model, "training", True))
    model.eval()
    try:
        with np.errstate(all="ignore"):  # a diverged model is measured, not reported twice
            logits = np.asarray(model(np.asarray(X)))
    finally:
        model.train(was_training)
    if logits.ndim != 2 or logits.shape[0] != t.shape[0] or t.ndim != 1:
        fail("classification_error", f"logits (N, C) for {t.shape[0]} labels", logits.shape)
    correct = (np.argmax(logits, axis=1) == t) & np.all(np.isfinite(logits), axis=1)
    return float(1.0 - correct.mean())


class LearningCurve(NamedTuple):
    """Errors against training-set size: ``sizes``, ``train_error``, ``test_error``."""

    sizes: np.ndarray
    train_error: np.ndarray
    test_error: np.ndarray

    @property
    def gap(self) -> np.ndarray:
        """Test error minus training error at each size (the generalisation gap)."""
        return self.test_error - self.train_error


def learning_curve(
    train: Callable[[np.ndarray, np.ndarray], Any],
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    sizes: Sequence[int],
    *,
    rng: np.random.Generator | None = None,
) -> LearningCurve:
    """Train on nested random subsets of growing size; measure training and test error.

    The subsets are prefixes of one random permutation, so each contains the smaller ones and
    the curve measures the effect of adding data, not of drawing a different sample.

    Parameters
    ----------
    train : callable
        ``train(X, y)`` returns a trained model (see :func:`classification_error`).
    X_train, y_train : array_like
        The pool of training examples.
    X_test, y_test : array_like
        Held-out examples, the same for every size.
    sizes : sequence of int
        Subset sizes, each between 1 and ``len(X_train)``.
    rng : numpy.random.Generator, optional
        Draws the permutation.

    Returns
    -------
    LearningCurve
        Training error on the subset used and test error on the whole held-out set.

    Shape
    -----
    - outputs: ``(len(sizes),)``

    Notes
    -----
    Goodfellow et al., §11.3 (and §5.2, Figure 5.4, for the shape of the curves).
    """
    X, y = np.asarray(X_train), np.asarray(y_train)
    if len(X) != len(y) or len(X) == 0:
        fail("learning_curve", "X_train and y_train of equal non-zero length", (len(X), len(y)))
    sizes_arr = np.asarray(sizes)
    if (
        sizes_arr.ndim != 1
        or sizes_arr.size == 0
        or sizes_arr.dtype.kind not in "iu"
        or sizes_arr.min() < 1
        or sizes_arr.max() > len(X)
    ):
        fail("learning_curve", f"sizes: integers between 1 and {len(X)}", list(sizes))
    order = as_generator("learning_curve", rng).permutation(len(X))
    train_error, test_error = [], []
    for m in sizes_arr:
        idx = order[:m]
        model = train(X[idx], y[idx])
        train_error.append(classification_error(model, X[idx], y[idx]))
        test_error.append(classification_error(model, X_test, y_test))
    return LearningCurve(sizes_arr.astype(int), np.array(train_error), np.array(test_error))


class LearningRateSweep(NamedTuple):
    """Errors against learning rate: ``lrs``, ``train_error``, ``val_error``."""

    lrs: np.ndarray
    train_error: np.ndarray
    val_error: np.ndarray

    @property
    def best_lr(self) -> float:
        """The learning rate with the lowest validation error (the first one on a tie)."""
        return float(self.lrs[int(np.argmin(self.val_error))])


def learning_rate_sweep(
    train: Callable[[np.ndarray, np.ndarray, float], Any],
    lrs: Sequence[float],
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
) -> LearningRateSweep:
    """Train once per learning rate with the same budget; measure training and validation error.

    Parameters
    ----------
    train : callable
        ``train(X, y, lr)`` returns a model trained with learning rate ``lr``; it should fix
        everything else (initialisation, number of steps, minibatch order).
    lrs : sequence of float
        Positive learning rates, usually evenly spaced in ``log``.
    X_train, y_train, X_val, y_val : array_like

    Returns
    -------
    LearningRateSweep

    Shape
    -----
    - outputs: ``(len(lrs),)``

    Notes
    -----
    Goodfellow et al., §11.4.1, Figure 11.1.
    """
    rates = [check_range("learning_rate_sweep", "lr", lr, 0.0, low_inclusive=False) for lr in lrs]
    if not rates:
        fail("learning_rate_sweep", "at least one learning rate", "0")
    X, y = np.asarray(X_train), np.asarray(y_train)
    train_error, val_error = [], []
    for lr in rates:
        with np.errstate(all="ignore"):  # a too-large rate may overflow: that is the point
            model = train(X, y, lr)
        train_error.append(classification_error(model, X, y))
        val_error.append(classification_error(model, X_val, y_val))
    return LearningRateSweep(np.array(rates), np.array(train_error), np.array(val_error))
