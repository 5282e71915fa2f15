r"""Noise as a regulariser: on the inputs, on the weights, and on the labels.

* Gaussian noise of variance :math:`\sigma^2` added to the inputs of linear least squares is,
  in expectation, weight decay: :math:`\mathbb E\|y - (X + E)w\|^2 = \|y - Xw\|^2 +
  n\sigma^2\|w\|^2` (Bishop, 1995; Goodfellow et al., §7.5).
* Noise :math:`\epsilon_W \sim \mathcal N(0, \eta I)` on the weights of a regression model adds,
  for small :math:`\eta`, the penalty :math:`\eta\,\mathbb E\|\nabla_W \hat y(x)\|^2`, which
  favours flat minima; for a linear model it is exact, :math:`\eta\,\mathbb E\|x\|^2`
  (§7.5).
* Label smoothing replaces a one-hot target by :math:`(1-\varepsilon)\,\mathrm{onehot} +
  \varepsilon/C` (PyTorch's convention, used by ``CrossEntropyLoss(label_smoothing=...)``), so
  the cross-entropy has a finite minimiser instead of pushing logits to infinity (§7.5.1).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_forward_called,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.ml.linear_regression import fit_least_squares
from dlnotes.nn.module import Module
from dlnotes.regularization._checks import design

__all__ = [
    "GaussianNoise",
    "noisy_input_least_squares",
    "weight_noise_penalty",
    "smooth_labels",
    "label_smoothing_logit_gap",
]


class GaussianNoise(Module):
    r"""Add :math:`\mathcal N(0, \sigma^2)` noise to the input in training mode; identity in eval.

    The noise does not depend on the input, so the backward pass is the identity.

    Parameters
    ----------
    std : float
        :math:`\sigma \ge 0`.
    rng : numpy.random.Generator, optional

    Shape
    -----
    Input ``(*)``, output the same shape.

    Notes
    -----
    Goodfellow et al., §7.4 (noise injection as data augmentation) and §7.5.

    Examples
    --------
    >>> noise = GaussianNoise(0.1, rng=np.random.default_rng(0))
    >>> x = np.zeros((1000,))
    >>> 0.09 < float(noise(x).std()) < 0.11, bool(np.all(noise.eval()(x) == x))
    (True, True)
    """

    def __init__(self, std: float, rng: np.random.Generator | None = None) -> None:
        super().__init__()
        self.std = check_range("GaussianNoise", "std", std, 0.0)
        self.rng = as_generator("GaussianNoise", rng)
        self._shape: tuple[int, ...] | None = None

    def forward(self, x: Any) -> np.ndarray:
        """``x`` plus fresh Gaussian noise in training mode, a copy of ``x`` in evaluation mode."""
        x = as_float_array("GaussianNoise", x)
        self._shape = x.shape
        if not self.training or self.std == 0.0:
            return x.copy()
        return (x + self.std * self.rng.standard_normal(x.shape)).astype(x.dtype, copy=False)

    def backward(self, grad_output: Any) -> np.ndarray:
        """The upstream gradient unchanged (the noise does not depend on the input)."""
        shape = check_forward_called("GaussianNoise", self._shape)
        grad = np.asarray(grad_output)
        if grad.shape != shape:
            fail("GaussianNoise", f"grad_output of shape {shape}", tuple(grad.shape))
        return grad.copy()

    def extra_repr(self) -> str:
        """``std=...`` for the module's repr."""
        return f"std={self.std}"


def noisy_input_least_squares(
    X: Any,
    y: Any,
    std: float,
    *,
    copies: int = 100,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""Least squares on ``copies`` noisy replicas of the inputs, :math:`X + E_k`.

    Minimises :math:`\frac1K \sum_k \|y - (X + E_k) w\|^2` with :math:`E_k` i.i.d.
    :math:`\mathcal N(0, \sigma^2)` entries. As :math:`K \to \infty` the objective tends to
    :math:`\|y - Xw\|^2 + n\sigma^2\|w\|^2`, so the solution tends to
    :func:`dlnotes.ml.fit_ridge` with :math:`\alpha = n\sigma^2`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    std : float
        :math:`\sigma \ge 0`.
    copies : int, default 100
        :math:`K`.
    rng : numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray, shape (d,)

    Notes
    -----
    Goodfellow et al., §7.5; Bishop (1995).

    Examples
    --------
    >>> X, y = np.eye(3), np.ones(3)
    >>> noisy_input_least_squares(X, y, 0.0, copies=1)
    array([1., 1., 1.])
    """
    owner = "noisy_input_least_squares"
    X, y = design(owner, X, y)
    sigma = check_range(owner, "std", std, 0.0)
    k = check_positive_int(owner, "copies", copies)
    gen = as_generator(owner, rng)
    noisy = X[None] + sigma * gen.standard_normal((k, *X.shape))
    return fit_least_squares(noisy.reshape(-1, X.shape[1]), np.tile(y, k))


def weight_noise_penalty(X: Any, eta: float) -> float:
    r"""Extra squared error of a linear model under weight noise, :math:`\eta\,\overline{\|x\|^2}`.

    For :math:`\hat y = (w + \epsilon_W)^\top x` with :math:`\epsilon_W \sim \mathcal N(0, \eta
    I)`, :math:`\mathbb E[(y - \hat y)^2] = (y - w^\top x)^2 + \eta\|x\|^2`, and
    :math:`\|x\|^2 = \|\nabla_w \hat y\|^2`: the book's penalty
    :math:`\eta\,\mathbb E\|\nabla_W \hat y\|^2` averaged over the rows of ``X``.

    Parameters
    ----------
    X : array_like, shape (n, d)
    eta : float
        Noise variance :math:`\eta \ge 0`.

    Returns
    -------
    float

    Notes
    -----
    Goodfellow et al., §7.5, equation (7.33).

    Examples
    --------
    >>> weight_noise_penalty(np.array([[1.0, 1.0], [2.0, 0.0]]), 0.1)
    0.30000000000000004
    """
    X = as_float_array("weight_noise_penalty", X, "X")
    if X.ndim != 2:
        fail("weight_noise_penalty", "X of shape (n, d)", tuple(X.shape))
    eta = check_range("weight_noise_penalty", "eta", eta, 0.0)
    return eta * float(np.mean(np.sum(X * X, axis=1)))


def smooth_labels(y: Any, num_classes: int, epsilon: float) -> np.ndarray:
    r"""Smoothed targets :math:`(1 - \varepsilon)\,\mathrm{onehot}(y) + \varepsilon / C`.

    The target that ``CrossEntropyLoss(label_smoothing=epsilon)`` uses. The book's variant
    (:math:`1 - \varepsilon` on the true class, :math:`\varepsilon/(C-1)` on each other) is
    this one with :math:`\varepsilon_{\text{here}} = \varepsilon\, C/(C-1)`.

    Parameters
    ----------
    y : array_like of int, shape (N,)
    num_classes : int
        :math:`C \ge 2`.
    epsilon : float
        :math:`\varepsilon \in [0, 1]`.

    Returns
    -------
    numpy.ndarray, shape (N, C)
        Rows sum to 1.

    Notes
    -----
    Goodfellow et al., §7.5.1.

    Examples
    --------
    >>> smooth_labels(np.array([1]), 4, 0.2)
    array([[0.05, 0.85, 0.05, 0.05]])
    """
    owner = "smooth_labels"
    C = check_positive_int(owner, "num_classes", num_classes)
    if C < 2:
        fail(owner, "num_classes >= 2", C)
    eps = check_range(owner, "epsilon", epsilon, 0.0, 1.0)
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or np.any((labels < 0) | (labels >= C)):
        fail(owner, f"integer labels in [0, {C}) of shape (N,)", labels)
    out = np.full((len(labels), C), eps / C)
    out[np.arange(len(labels)), labels] += 1.0 - eps
    return out


def label_smoothing_logit_gap(num_classes: int, epsilon: float) -> float:
    r"""Gap between the true-class logit and the others at the minimum of smoothed cross-entropy.

    Cross-entropy against a target :math:`q` is minimised by :math:`\mathrm{softmax}(z) = q`;
    for the smoothed target that means
    :math:`z_y - z_c = \log\frac{1 - \varepsilon + \varepsilon/C}{\varepsilon/C}` for every
    :math:`c \ne y` — finite when :math:`\varepsilon > 0`, infinite (no minimiser) when
    :math:`\varepsilon = 0`.

    Parameters
    ----------
    num_classes : int
        :math:`C \ge 2`.
    epsilon : float
        :math:`\varepsilon \in [0, 1]`.

    Returns
    -------
    float
        ``inf`` for :math:`\varepsilon = 0`.

    Notes
    -----
    Goodfellow et al., §7.5.1.

    Examples
    --------
    >>> round(label_smoothing_logit_gap(10, 0.1), 4)
    4.5109
    """
    C = check_positive_int("label_smoothing_logit_gap", "num_classes", num_classes)
    if C < 2:
        fail("label_smoothing_logit_gap", "num_classes >= 2", C)
    eps = check_range("label_smoothing_logit_gap", "epsilon", epsilon, 0.0, 1.0)
    if eps == 0.0:
        return math.inf
    return math.log((1.0 - eps + eps / C) / (eps / C))
