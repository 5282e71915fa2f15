r"""Logistic and softmax regression trained by gradient descent, with an L2 penalty.

Both models are a linear map followed by a probabilistic output unit, trained by maximum
likelihood (Goodfellow et al., §5.5, §5.7.1, §6.2.2):

* :class:`LogisticRegression` — two classes, :math:`p(y=1 \mid x) = \sigma(w^\top x + b)`;
* :class:`SoftmaxRegression` — :math:`C` classes,
  :math:`p(y=c \mid x) = \operatorname{softmax}(Wx + b)_c` (weights in PyTorch's
  ``(out_features, in_features)`` layout).

The cost is the mean negative log-likelihood plus :math:`\tfrac{\lambda}{2}\|W\|_F^2` (weight
decay, §5.2.2, §7.1.1; the bias is not penalised). Its gradient has the same form for both
models, prediction minus target:

.. math:: \nabla_W J = \frac1N (P - Y)^\top X + \lambda W, \qquad
          \nabla_b J = \frac1N \sum_i (p_i - y_i),

and it is minimised by full-batch gradient descent from zero, :class:`dlnotes.optim.SGD` on
the whole training set (the cost is convex, so the starting point does not matter).
:class:`Standardizer` rescales features, which conditions the problem and speeds gradient
descent up (§4.3.1, §8.2.1).

Probabilities and losses use the numerically stable kernels of :mod:`dlnotes.nn.functional`;
the learning curves are a :class:`dlnotes.training.History`, the history type every trainer
shares.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)
from dlnotes.nn.functional.activation import log_softmax_forward, sigmoid
from dlnotes.nn.functional.loss import binary_cross_entropy_with_logits
from dlnotes.nn.module import Parameter
from dlnotes.optim.sgd import SGD
from dlnotes.training import History

__all__ = [
    "Standardizer",
    "LogisticRegression",
    "SoftmaxRegression",
]


class Standardizer:
    r"""Shift and scale each feature to zero mean and unit variance on the training data,
    :math:`x' = (x - \mu) / \sigma`; constant features (:math:`\sigma = 0`) are only shifted.

    Examples
    --------
    >>> scaler = Standardizer().fit(np.array([[0.0, 5.0], [2.0, 5.0]]))
    >>> scaler.transform(np.array([[1.0, 6.0]]))
    array([[0., 1.]])
    """

    def __init__(self) -> None:
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def fit(self, X: Any) -> Standardizer:
        """Learn :math:`\\mu` and :math:`\\sigma` from ``X`` of shape ``(N, d)``."""
        X = as_float_array("Standardizer", X, "X")
        if X.ndim != 2 or len(X) == 0:
            fail("Standardizer", "X of shape (N, d) with N >= 1", X.shape)
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1).astype(X.dtype)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Apply the learned shift and scale."""
        if self.mean_ is None or self.scale_ is None:
            fail(
                "Standardizer",
                "fit to be called before transform",
                "an unfitted scaler",
                RuntimeError,
            )
        X = as_float_array("Standardizer", X, "X")
        if X.ndim != 2 or X.shape[1] != len(self.mean_):
            fail("Standardizer", f"X of shape (N, {len(self.mean_)})", X.shape)
        return ((X - self.mean_) / self.scale_).astype(X.dtype, copy=False)

    def fit_transform(self, X: Any) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)


class _LinearClassifier:
    """Shared training loop: full-batch gradient descent on the penalised mean NLL."""

    _name = "linear model"

    def __init__(
        self,
        l2: float = 0.0,
        lr: float = 0.1,
        num_steps: int = 1000,
        record_every: int = 10,
        dtype: Any = None,
    ) -> None:
        owner = type(self).__name__
        self.l2 = check_range(owner, "l2", l2, 0.0)
        self.lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
        self.num_steps = check_positive_int(owner, "num_steps", num_steps)
        self.record_every = check_positive_int(owner, "record_every", record_every)
        self.dtype = resolve_dtype(owner, dtype)
        self.weight: np.ndarray | None = None
        self.bias: np.ndarray | None = None
        self.history = History()

    # -- to be provided by subclasses ---------------------------------------------------------
    def _init_params(self, num_features: int, y: np.ndarray) -> None:
        raise TypeError(f"{type(self).__name__}: expected a subclass, got the base class")

    def _nll_and_grad_logits(self, logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        raise TypeError(f"{type(self).__name__}: expected a subclass, got the base class")

    def _check_targets(self, y: np.ndarray) -> np.ndarray:
        return y

    def predict(self, X: Any) -> np.ndarray:
        raise TypeError(f"{type(self).__name__}: expected a subclass, got the base class")

    def _params(self) -> tuple[np.ndarray, np.ndarray]:
        """``(weight, bias)``, or a clear error before ``fit``."""
        if self.weight is None or self.bias is None:
            fail(type(self).__name__, "fit to be called first", "an unfitted model", RuntimeError)
        return self.weight, self.bias

    # -- public API ----------------------------------------------------------------------------
    def _inputs(self, X: Any) -> np.ndarray:
        owner = type(self).__name__
        X = as_float_array(owner, X, "X").astype(self.dtype, copy=False)
        if X.ndim != 2:
            fail(owner, "X of shape (N, d)", X.shape)
        if self.weight is not None and X.shape[1] != self.weight.shape[-1]:
            fail(owner, f"X with {self.weight.shape[-1]} features", X.shape)
        return X

    def _targets(self, X: np.ndarray, y: Any) -> np.ndarray:
        owner = type(self).__name__
        y = np.asarray(y)
        if y.shape != (len(X),) or y.dtype.kind not in "iu":
            fail(owner, f"integer labels of shape ({len(X)},)", f"{y.dtype} {y.shape}")
        return self._check_targets(y)

    def decision_function(self, X: Any) -> np.ndarray:
        """Logits :math:`XW^\\top + b`: ``(N,)`` for logistic, ``(N, C)`` for softmax."""
        weight, bias = self._params()
        X = self._inputs(X)
        return X @ weight.T + bias

    def loss(self, X: Any, y: Any) -> float:
        """Penalised cost :math:`\\frac1N\\sum_i -\\log p(y_i\\mid x_i) +
        \\frac\\lambda2\\|W\\|^2`."""
        X = self._inputs(X)
        nll, _ = self._nll_and_grad_logits(self.decision_function(X), self._targets(X, y))
        return nll + 0.5 * self.l2 * float(np.sum(self._params()[0] ** 2))

    def gradients(self, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        """:math:`(\\nabla_W J, \\nabla_b J)` with :math:`\\nabla_W J = \\frac1N (P-Y)^\\top X
        + \\lambda W` and :math:`\\nabla_b J = \\frac1N\\sum_i (p_i - y_i)`."""
        X = self._inputs(X)
        _, d_logits = self._nll_and_grad_logits(self.decision_function(X), self._targets(X, y))
        return d_logits.T @ X + self.l2 * self._params()[0], d_logits.sum(axis=0)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy of :meth:`predict` on ``(X, y)``."""
        X = self._inputs(X)
        return float(np.mean(self.predict(X) == self._targets(X, y)))

    def fit(self, X: Any, y: Any, val_data: tuple[Any, Any] | None = None) -> _LinearClassifier:
        """Full-batch gradient descent for ``num_steps`` steps from zero weights.

        Parameters
        ----------
        X : array_like, shape (N, d)
        y : array_like of int, shape (N,)
        val_data : (X_val, y_val), optional
            Evaluated whenever the history is recorded (learning curves).

        Returns
        -------
        self
        """
        X = self._inputs(X)
        y = self._targets(X, y)
        self._init_params(X.shape[1], y)
        if val_data is not None:
            X_val = self._inputs(val_data[0])
            y_val = self._targets(X_val, val_data[1])
        self.history = History()
        # Full-batch gradient descent is dlnotes.optim.SGD without momentum: one home for the
        # update rule. The model's arrays are the parameters' own, updated in place.
        weight, bias = Parameter(self._params()[0]), Parameter(self._params()[1])
        self.weight, self.bias = weight.data, bias.data
        optimizer = SGD([weight, bias], lr=self.lr)
        for step in range(self.num_steps + 1):
            if step % self.record_every == 0 or step == self.num_steps:
                self._record(step, X, y, None if val_data is None else (X_val, y_val))
            if step == self.num_steps:
                break
            grad_w, grad_b = self.gradients(X, y)
            optimizer.zero_grad()
            weight.grad += grad_w
            bias.grad += grad_b
            optimizer.step()
        return self

    def _record(
        self, step: int, X: np.ndarray, y: np.ndarray, val: tuple[np.ndarray, np.ndarray] | None
    ) -> None:
        h = self.history
        h.steps.append(step)
        h.train_loss.append(self.loss(X, y))
        h.train_metric.append(self.score(X, y))
        h.extra.setdefault("weight_norm", []).append(float(np.linalg.norm(self._params()[0])))
        if val is not None:
            nll, _ = self._nll_and_grad_logits(self.decision_function(val[0]), val[1])
            h.val_loss.append(nll)
            h.val_metric.append(self.score(*val))


class LogisticRegression(_LinearClassifier):
    r"""Binary logistic regression, :math:`p(y = 1 \mid x) = \sigma(w^\top x + b)`.

    Trained by gradient descent on
    :math:`J(w, b) = -\frac1N\sum_i [y_i\log p_i + (1-y_i)\log(1-p_i)] +
    \frac\lambda2\|w\|^2`, whose gradient is :math:`\frac1N X^\top(p - y) + \lambda w`
    (Goodfellow et al., §5.7.1, §6.2.2.2).

    Parameters
    ----------
    l2 : float
        Weight-decay coefficient :math:`\lambda \ge 0`.
    lr : float
        Gradient-descent step size.
    num_steps : int
        Number of full-batch steps.
    record_every : int
        Steps between entries of :attr:`history`.
    dtype : numpy dtype, optional
        float64 (default) or float32.

    Attributes
    ----------
    weight : numpy.ndarray, shape (d,)
    bias : numpy.ndarray, shape ()
    history : dlnotes.training.History
        Learning curves: ``steps``, ``train_loss`` (penalised cost), ``val_loss``
        (unpenalised validation NLL), ``train_metric`` and ``val_metric`` (accuracies) and
        ``extra["weight_norm"]`` (:math:`\|W\|_F`), one entry every ``record_every``
        steps.

    Shape
    -----
    ``X``: ``(N, d)``, labels ``y`` in {0, 1}: ``(N,)``; ``decision_function``: ``(N,)``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0, 0, 1, 1])
    >>> model = LogisticRegression(lr=1.0, num_steps=200).fit(X, y)
    >>> model.predict(X), model.score(X, y)
    (array([0, 0, 1, 1]), 1.0)
    """

    def _init_params(self, num_features: int, y: np.ndarray) -> None:
        self.weight = np.zeros(num_features, self.dtype)
        self.bias = np.zeros((), self.dtype)

    def _check_targets(self, y: np.ndarray) -> np.ndarray:
        if y.size and (y.min() < 0 or y.max() > 1):
            fail("LogisticRegression", "labels in {0, 1}", f"values in [{y.min()}, {y.max()}]")
        return y

    def _nll_and_grad_logits(self, logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        t = y.astype(logits.dtype)
        nll = float(binary_cross_entropy_with_logits(logits, t))
        return nll, (sigmoid(logits) - t) / logits.dtype.type(len(t))

    def gradients(self, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        X = self._inputs(X)
        _, d_logits = self._nll_and_grad_logits(self.decision_function(X), self._targets(X, y))
        return X.T @ d_logits + self.l2 * self._params()[0], d_logits.sum()

    def predict_proba(self, X: Any) -> np.ndarray:
        """:math:`p(y = 1 \\mid x)`, shape ``(N,)``."""
        return sigmoid(self.decision_function(X))

    def predict(self, X: Any) -> np.ndarray:
        """Class 1 where the logit is positive (probability above 1/2)."""
        return (self.decision_function(X) > 0).astype(np.int64)


class SoftmaxRegression(_LinearClassifier):
    r"""Multinomial logistic (softmax) regression,
    :math:`p(y = c \mid x) = \operatorname{softmax}(Wx + b)_c`.

    Trained by gradient descent on the mean cross-entropy plus :math:`\frac\lambda2\|W\|_F^2`;
    the gradient with respect to the logits is softmax minus one-hot, so
    :math:`\nabla_W J = \frac1N (P - Y)^\top X + \lambda W` (Goodfellow et al., §6.2.2.3).

    Parameters
    ----------
    l2, lr, num_steps, record_every, dtype
        As :class:`LogisticRegression`.

    Attributes
    ----------
    weight : numpy.ndarray, shape (C, d)
        PyTorch's ``Linear.weight`` layout.
    bias : numpy.ndarray, shape (C,)
    history : dlnotes.training.History
        As :class:`LogisticRegression`.

    Shape
    -----
    ``X``: ``(N, d)``, labels ``(N,)`` in ``0..C-1``; ``decision_function``: ``(N, C)``.
    ``C`` is ``max(y) + 1`` of the training labels.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]]); y = np.array([0, 1, 2])
    >>> SoftmaxRegression(lr=0.5, num_steps=100).fit(X, y).predict(X)
    array([0, 1, 2])
    """

    def _init_params(self, num_features: int, y: np.ndarray) -> None:
        num_classes = int(y.max()) + 1
        if num_classes < 2:
            fail("SoftmaxRegression", "labels of at least two classes", f"max label {y.max()}")
        self.weight = np.zeros((num_classes, num_features), self.dtype)
        self.bias = np.zeros(num_classes, self.dtype)

    def _check_targets(self, y: np.ndarray) -> np.ndarray:
        if y.size and y.min() < 0:
            fail("SoftmaxRegression", "non-negative class labels", f"minimum {y.min()}")
        if self.weight is not None and y.size and y.max() >= len(self.weight):
            fail("SoftmaxRegression", f"labels below {len(self.weight)}", f"maximum {y.max()}")
        return y

    def _nll_and_grad_logits(self, logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        log_p, _ = log_softmax_forward(logits, 1)
        rows = np.arange(len(y))
        nll = float(-log_p[rows, y].mean())
        d_logits = np.exp(log_p)
        d_logits[rows, y] -= 1
        return nll, d_logits / logits.dtype.type(len(y))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape ``(N, C)``."""
        return np.exp(log_softmax_forward(self.decision_function(X), 1)[0])

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class."""
        return np.argmax(self.decision_function(X), axis=1)
