"""A small training loop: minibatch SGD epochs, validation, early stopping, a quiet progress bar.

``fit`` works with any explicit forward/backward model (``dlnotes.nn.Module``), any loss module
(``loss = loss_fn(output, target)`` then ``loss_fn.backward()``) and any optimizer with
``zero_grad()`` and ``step()``. One epoch is one pass over a fresh random permutation of the
training set, cut into minibatches; after each epoch the model is evaluated on the validation
set, and early stopping keeps a copy of the parameters with the lowest validation loss.

Goodfellow et al., §5.9 (stochastic gradient descent), §8.1.3 (minibatch algorithms) and §7.8
(early stopping, Algorithm 7.1).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TextIO

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.data.loader import DataLoader

__all__ = ["History", "Evaluation", "fit", "evaluate", "accuracy"]

Metric = Callable[[np.ndarray, np.ndarray], float]


def accuracy(logits: Any, y: Any) -> float:
    r"""Fraction of correct predictions, :math:`\frac1N \sum_i [\hat y_i = y_i]`.

    Multi-class logits ``(N, C)`` (``C >= 2``) predict :math:`\hat y_i = \arg\max_c z_{ic}`;
    a single binary logit per sample, shape ``(N,)`` or ``(N, 1)`` (as for
    ``BCEWithLogitsLoss``), predicts class 1 when :math:`z_i > 0`, i.e. probability above 1/2.

    Parameters
    ----------
    logits : array_like, shape (N, C), (N,) or (N, 1)
        Scores; probabilities work too for ``(N, C)``.
    y : array_like, shape (N,)
        True class indices (0/1, integer or float, for the binary case).

    Returns
    -------
    float
        Accuracy in [0, 1].

    Examples
    --------
    >>> accuracy(np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), np.array([0, 1, 1]))
    0.6666666666666666
    >>> accuracy(np.array([-1.5, 0.3]), np.array([0.0, 1.0]))
    1.0
    """
    z = np.asarray(logits)
    t = np.asarray(y)
    if z.ndim >= 2 and z.shape[-1] >= 2:
        if z.shape[:-1] != t.shape:
            fail("accuracy", f"targets of shape {z.shape[:-1]} for logits {z.shape}", t.shape)
        predicted = np.argmax(z, axis=-1)
    else:
        if z.ndim == 2 and z.shape[-1] == 1:
            z = z[:, 0]
        if z.ndim != 1 or t.shape != z.shape:
            fail(
                "accuracy",
                "logits (N, C), (N,) or (N, 1) with targets (N,)",
                f"{np.shape(logits)} and {t.shape}",
            )
        predicted = (z > 0).astype(np.int64)
    if t.size == 0:
        fail("accuracy", "at least one sample", "0")
    return float(np.mean(predicted == t))


@dataclass
class History:
    """What happened during training, one entry per record: the one history type of dlnotes.

    :func:`fit` records one entry per completed epoch; other trainers (the full-batch
    gradient descent of :mod:`dlnotes.ml.linear_models`, for one) record every few steps and
    fill the fields that apply to them.

    Attributes
    ----------
    train_loss : list of float
        Training loss at each record. For :func:`fit`, the mean over the epoch's minibatches
        (weighted by batch size), measured while the parameters were still moving.
    val_loss : list of float
        Validation loss at each record (empty without validation data).
    val_metric : list of float
        Validation metric (accuracy by default for class labels) at each record.
    train_metric : list of float
        Training metric at each record, for trainers that measure it (:func:`fit` does not:
        its training loss is the running mean of the epoch).
    steps : list of int
        Optimizer steps taken when each entry was recorded (0 = before training).
    extra : dict of str to list of float
        Further curves a trainer records, by name (``"weight_norm"`` for the linear models).
    best_epoch : int or None
        Index (from 0) of the epoch with the lowest validation loss.
    stopped_early : bool
        Whether early stopping ended training before ``num_epochs``.

    Examples
    --------
    >>> h = History()
    >>> h.train_loss.append(0.5); h.steps.append(10)
    >>> h.num_epochs
    1
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_metric: list[float] = field(default_factory=list)
    train_metric: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    extra: dict[str, list[float]] = field(default_factory=dict)
    best_epoch: int | None = None
    stopped_early: bool = False

    @property
    def num_epochs(self) -> int:
        """Number of entries recorded (for :func:`fit`, the number of epochs actually run)."""
        return len(self.train_loss)


class Evaluation(NamedTuple):
    """Result of :func:`evaluate`: ``loss, metric = evaluate(...)``."""

    loss: float
    metric: float | None


def _pair(owner: str, name: str, data: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate an ``(X, y)`` pair of aligned arrays."""
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        fail(owner, f"{name} as a pair (X, y)", type(data).__name__, TypeError)
    X, y = np.asarray(data[0]), np.asarray(data[1])
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        fail(owner, f"{name} arrays with the same number of samples", f"{X.shape} and {y.shape}")
    if len(X) == 0:
        fail(owner, f"{name} with at least one sample", "0")
    return X, y


def _resolve_metric(metric: Any, y: np.ndarray) -> Metric | None:
    if isinstance(metric, str):
        if metric != "auto":
            fail("fit", "metric to be 'auto', None or a callable", repr(metric))
        return accuracy if y.dtype.kind in "iu" else None
    if metric is not None and not callable(metric):
        fail("fit", "metric to be 'auto', None or a callable", type(metric).__name__, TypeError)
    return metric


def evaluate(
    model: Any,
    loss_fn: Any,
    X: Any,
    y: Any,
    *,
    batch_size: int = 256,
    metric: Metric | str | None = "auto",
) -> Evaluation:
    """Loss and metric of ``model`` on ``(X, y)``, computed in evaluation mode.

    The model is switched to ``eval()`` (dropout off, batch norm on running statistics), run
    over ``X`` in batches (to bound memory), and then returned to the mode it was in. The loss
    is ``loss_fn`` applied once to all outputs, so it is exactly the loss of the full set.

    Parameters
    ----------
    model : dlnotes.nn.Module
        Maps a batch of ``X`` to outputs.
    loss_fn : loss module
        ``loss_fn(output, target)`` returns a 0-d array (use ``reduction="mean"``).
    X, y : array_like, shape (N, ...)
        Inputs and targets.
    batch_size : int, default 256
        Samples per forward pass.
    metric : callable, "auto" or None, default "auto"
        ``metric(outputs, y) -> float``; ``"auto"`` means :func:`accuracy` for integer class
        labels and no metric otherwise.

    Returns
    -------
    Evaluation
        ``(loss, metric)``, ``metric`` being ``None`` when there is none.

    Examples
    --------
    >>> from dlnotes.nn import Linear, CrossEntropyLoss
    >>> model = Linear(2, 2, rng=np.random.default_rng(0))
    >>> loss, acc = evaluate(model, CrossEntropyLoss(), np.eye(2), np.array([0, 1]))
    >>> 0.0 <= acc <= 1.0
    True
    """
    X, y = _pair("evaluate", "(X, y)", (X, y))
    batch_size = check_positive_int("evaluate", "batch_size", batch_size)
    metric_fn = _resolve_metric(metric, y)
    was_training = bool(getattr(model, "training", True))
    model.eval()
    try:
        outputs = [np.asarray(model(X[i : i + batch_size])) for i in range(0, len(X), batch_size)]
    finally:
        model.train(was_training)
    out = np.concatenate(outputs)
    loss = float(loss_fn(out, y))
    return Evaluation(loss, None if metric_fn is None else float(metric_fn(out, y)))


class _ProgressBar:
    """One line on a terminal, rewritten in place with a carriage return."""

    def __init__(self, stream: TextIO, num_epochs: int, num_batches: int, width: int = 24):
        self.stream, self.num_epochs, self.num_batches, self.width = (
            stream,
            num_epochs,
            num_batches,
            width,
        )
        self._last = 0.0

    def update(self, epoch: int, batch: int, loss: float, extra: str = "", force: bool = False):
        now = time.monotonic()
        if not force and now - self._last < 0.1:  # a terminal need not redraw 1000 times/s
            return
        self._last = now
        filled = self.width * batch // self.num_batches
        bar = "#" * filled + "-" * (self.width - filled)
        line = (
            f"epoch {epoch + 1:>{len(str(self.num_epochs))}}/{self.num_epochs} [{bar}] "
            f"loss {loss:.4f}{extra}"
        )
        self.stream.write("\r" + line.ljust(79))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def _stderr_is_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (ValueError, OSError):  # a closed or detached stream
        return False


def fit(
    model: Any,
    loss_fn: Any,
    optimizer: Any,
    train_data: Any,
    *,
    val_data: Any = None,
    num_epochs: int = 10,
    batch_size: int = 32,
    rng: np.random.Generator | None = None,
    patience: int | None = None,
    restore_best: bool = True,
    metric: Metric | str | None = "auto",
    progress: bool | None = None,
    scheduler: Any = None,
) -> History:
    r"""Train ``model`` by minibatch stochastic gradient descent, with optional early stopping.

    Each epoch draws a new permutation of the training set and, for every minibatch
    :math:`\mathbb B`, runs ``optimizer.zero_grad()``, the forward pass, the loss
    :math:`L = \frac{1}{|\mathbb B|}\sum_{i \in \mathbb B} \ell(f(x_i), y_i)`,
    ``model.backward(loss_fn.backward())`` and ``optimizer.step()``. After the epoch the model
    is evaluated on ``val_data`` (see :func:`evaluate`) and ``scheduler.step()`` is called.

    With ``patience`` set, training stops once the validation loss has not improved for
    ``patience`` consecutive epochs, and with ``restore_best`` the parameters of the best epoch
    (kept as a ``state_dict`` copy) are loaded back — Algorithm 7.1 of §7.8.

    Parameters
    ----------
    model : dlnotes.nn.Module
        Has ``forward``/``__call__``, ``backward``, ``train``/``eval`` and
        ``state_dict``/``load_state_dict``.
    loss_fn : loss module
        ``loss_fn(output, target)`` returns a 0-d array; ``loss_fn.backward()`` its gradient
        with respect to the output. The reported epoch loss assumes ``reduction="mean"``.
    optimizer : optimizer
        Has ``zero_grad()`` and ``step()``, built on ``model.parameters()``.
    train_data : (X, y) or DataLoader
        Training arrays, or a :class:`~dlnotes.data.loader.DataLoader` yielding ``(X, y)``
        batches (then ``batch_size`` and ``rng`` are not used).
    val_data : (X, y), optional
        Validation arrays, evaluated after every epoch.
    num_epochs : int, default 10
        Maximum number of passes over the training set.
    batch_size : int, default 32
        Minibatch size.
    rng : numpy.random.Generator, optional
        Source of the epoch permutations (``None``: a fresh generator).
    patience : int, optional
        Early-stopping patience in epochs; needs ``val_data``. ``None`` trains all epochs.
    restore_best : bool, default True
        When early stopping is on, load the parameters of the best validation epoch at the end
        (also if all ``num_epochs`` ran). Without ``patience`` the final parameters are kept.
    metric : callable, "auto" or None, default "auto"
        Validation metric ``metric(outputs, y)``; ``"auto"`` is :func:`accuracy` when the
        validation targets are integer class labels.
    progress : bool, optional
        Show a one-line progress bar on stderr. ``None`` (default) shows it only when stderr
        is a terminal, so rendered notebooks and logs stay clean.
    scheduler : learning-rate scheduler, optional
        Its ``step()`` is called once at the end of every epoch.

    Returns
    -------
    History
        Per-epoch training loss, validation loss and metric, best epoch.

    Notes
    -----
    Goodfellow et al., §5.9 (SGD), §8.1.3 (minibatches drawn at random, reshuffled every
    epoch), §7.8 (early stopping as the return of the best parameters seen).

    Examples
    --------
    >>> from dlnotes.nn import Linear, CrossEntropyLoss
    >>> from dlnotes.optim import SGD
    >>> from dlnotes.data import make_xor
    >>> rng = np.random.default_rng(0)
    >>> X, y = make_xor(64, noise=0.05, rng=rng)
    >>> model = Linear(2, 2, rng=rng)
    >>> history = fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), (X, y),
    ...               num_epochs=3, batch_size=16, rng=rng)
    >>> len(history.train_loss)
    3
    """
    for name, obj, methods in (
        ("model", model, ("backward", "train", "eval", "state_dict")),
        ("loss_fn", loss_fn, ("backward",)),
        ("optimizer", optimizer, ("step", "zero_grad")),
    ):
        missing = [m for m in methods if not callable(getattr(obj, m, None))]
        if missing:
            fail(
                "fit",
                f"{name} with methods {', '.join(methods)}",
                f"{type(obj).__name__} lacking {', '.join(missing)}",
                TypeError,
            )
    num_epochs = check_positive_int("fit", "num_epochs", num_epochs)
    if isinstance(train_data, DataLoader):
        if len(train_data.arrays) != 2:
            fail("fit", "a DataLoader over (X, y)", f"{len(train_data.arrays)} arrays")
        loader = train_data
    else:
        X_train, y_train = _pair("fit", "train_data", train_data)
        batch_size = check_positive_int("fit", "batch_size", batch_size)
        loader = DataLoader(
            (X_train, y_train), batch_size=batch_size, shuffle=True, rng=as_generator("fit", rng)
        )
    if patience is not None:
        patience = check_positive_int("fit", "patience", patience)
        if val_data is None:
            fail(
                "fit",
                "val_data when patience is set (early stopping watches the validation loss)",
                "None",
            )
    metric_fn = None
    if val_data is not None:
        X_val, y_val = _pair("fit", "val_data", val_data)
        metric_fn = _resolve_metric(metric, y_val)
    metric_name = getattr(metric_fn, "__name__", "metric").strip("<>")  # lambdas: "lambda"
    show = _stderr_is_terminal() if progress is None else bool(progress)
    bar = _ProgressBar(sys.stderr, num_epochs, len(loader)) if show else None

    history = History()
    best_loss, best_state, epochs_since_best = math.inf, None, 0
    num_steps = 0  # optimizer steps so far, recorded with every epoch
    try:
        for epoch in range(num_epochs):
            model.train()
            total, count = 0.0, 0
            for batch, (xb, yb) in enumerate(loader, start=1):
                optimizer.zero_grad()
                loss = float(loss_fn(model(xb), yb))
                model.backward(loss_fn.backward())
                optimizer.step()
                total, count = total + loss * len(yb), count + len(yb)
                if bar is not None:
                    bar.update(epoch, batch, total / count, force=batch == len(loader))
            history.train_loss.append(total / count)
            num_steps += len(loader)
            history.steps.append(num_steps)
            extra = ""
            if val_data is not None:
                val_loss, val_metric = evaluate(
                    model,
                    loss_fn,
                    X_val,
                    y_val,
                    batch_size=max(loader.batch_size, 256),
                    metric=metric_fn,
                )
                history.val_loss.append(val_loss)
                extra = f" val_loss {val_loss:.4f}"
                if val_metric is not None:
                    history.val_metric.append(val_metric)
                    extra += f" val_{metric_name} {val_metric:.4f}"
                if val_loss < best_loss:  # NaN never counts as an improvement
                    best_loss, history.best_epoch, epochs_since_best = val_loss, epoch, 0
                    if patience is not None and restore_best:
                        best_state = model.state_dict()
                else:
                    epochs_since_best += 1
            if bar is not None:
                bar.update(epoch, len(loader), history.train_loss[-1], extra, force=True)
            if scheduler is not None:
                scheduler.step()
            if patience is not None and epochs_since_best >= patience:
                history.stopped_early = epoch + 1 < num_epochs
                break
    finally:
        if bar is not None:
            bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    return history
