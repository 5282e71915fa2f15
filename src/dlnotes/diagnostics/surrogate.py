r"""The 0-1 loss against its surrogate, the log-loss, during training.

The 0-1 loss (the error rate) is what we care about but has zero gradient almost everywhere;
training minimises the negative log-likelihood instead. Once every training example is
classified correctly the 0-1 loss is stuck at 0, but the log-loss keeps falling: the model
keeps pushing the classes apart, enlarging the margin.

Goodfellow et al., §8.1.2.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_positive_int, check_range, fail
from dlnotes.nn.loss import CrossEntropyLoss
from dlnotes.optim.sgd import SGD
from dlnotes.training import accuracy

__all__ = ["SurrogateCurves", "first_zero_error_epoch", "surrogate_loss_curves", "zero_one_loss"]


def zero_one_loss(logits: Any, y: Any) -> float:
    r"""Fraction of misclassified examples, :math:`\frac1N\sum_i[\hat y_i \ne y_i]`.

    ``1 - accuracy`` (see :func:`dlnotes.training.accuracy` for the accepted layouts).

    Examples
    --------
    >>> zero_one_loss(np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([0, 0]))
    0.5
    """
    return 1.0 - accuracy(logits, y)


class SurrogateCurves(NamedTuple):
    """Per-epoch training log-loss and 0-1 loss (and the same on held-out data, if given).

    Fields:

    log_loss, zero_one : numpy.ndarray, shape (num_epochs + 1,)
        Entry 0 is before training, entry ``t`` after ``t`` gradient steps.
    test_log_loss, test_zero_one : numpy.ndarray or None
        The same on ``test_data`` (``None`` without it).
    """

    log_loss: np.ndarray
    zero_one: np.ndarray
    test_log_loss: np.ndarray | None
    test_zero_one: np.ndarray | None


def surrogate_loss_curves(
    model: Any,
    X: Any,
    y: Any,
    *,
    lr: float = 0.1,
    num_epochs: int = 100,
    test_data: tuple[Any, Any] | None = None,
) -> SurrogateCurves:
    r"""Train ``model`` by full-batch gradient descent on the cross-entropy; record both losses.

    Each epoch is one step of :class:`dlnotes.optim.SGD` on the mean
    :class:`~dlnotes.nn.CrossEntropyLoss` of the whole training set (so the curve is not
    blurred by minibatch noise).

    Parameters
    ----------
    model : dlnotes.nn.Module
        Maps ``X`` to class logits ``(N, C)``; trained in place.
    X : array_like, shape (N, ...)
    y : array_like of int, shape (N,)
    lr : float, default 0.1
    num_epochs : int, default 100
    test_data : (X_test, y_test), optional

    Returns
    -------
    SurrogateCurves

    Shape
    -----
    ``X``: (N, ...), ``y``: (N,).

    Notes
    -----
    Goodfellow et al., §8.1.2.

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> from dlnotes.data import make_linearly_separable
    >>> rng = np.random.default_rng(0)
    >>> X, y, _ = make_linearly_separable(100, margin=0.2, rng=rng)
    >>> curves = surrogate_loss_curves(Linear(2, 2, rng=rng), X, y, lr=0.5, num_epochs=50)
    >>> float(curves.zero_one[-1]), bool(curves.log_loss[-1] < curves.log_loss[0])
    (0.0, True)
    """
    owner = "surrogate_loss_curves"
    X, y = np.asarray(X), np.asarray(y)
    if y.ndim != 1 or len(X) != len(y) or len(y) == 0:
        fail(owner, "X (N, ...) and integer labels y (N,)", f"{X.shape} and {y.shape}")
    lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    num_epochs = check_positive_int(owner, "num_epochs", num_epochs)
    loss_fn = CrossEntropyLoss()
    optimizer = SGD(model.parameters(), lr=lr)
    log_loss, zero_one, test_log, test_01 = [], [], [], []

    def record_test() -> None:
        if test_data is not None:
            out = model(np.asarray(test_data[0]))
            test_log.append(float(loss_fn(out, np.asarray(test_data[1]))))
            test_01.append(zero_one_loss(out, test_data[1]))

    for epoch in range(num_epochs + 1):
        record_test()
        optimizer.zero_grad()
        out = model(X)
        log_loss.append(float(loss_fn(out, y)))
        zero_one.append(zero_one_loss(out, y))
        if epoch == num_epochs:
            break
        model.backward(loss_fn.backward())
        optimizer.step()
    return SurrogateCurves(
        np.array(log_loss),
        np.array(zero_one),
        np.array(test_log) if test_data is not None else None,
        np.array(test_01) if test_data is not None else None,
    )


def first_zero_error_epoch(curves: SurrogateCurves) -> int | None:
    """First epoch at which the training 0-1 loss is 0 (``None`` if it never is).

    Examples
    --------
    >>> c = SurrogateCurves(np.array([0.7, 0.5, 0.4]), np.array([0.3, 0.0, 0.0]), None, None)
    >>> first_zero_error_epoch(c)
    1
    """
    zero = np.flatnonzero(np.asarray(curves.zero_one) == 0)
    return int(zero[0]) if zero.size else None
