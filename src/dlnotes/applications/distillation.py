r"""Knowledge distillation: train a small model on a large model's softened predictions
(Goodfellow et al., §12.1.4; Bucilă et al., 2006; Hinton et al., 2015).

The teacher's output distribution carries more information per example than the label: how
much a "3" looks like an "8". Dividing the logits by a temperature :math:`T > 1` before the
softmax makes those small probabilities visible to the student.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_forward_called, check_range, fail
from dlnotes.nn import Linear, Module, ReLU, Sequential

__all__ = ["softmax_with_temperature", "distillation_targets", "DistillationLoss", "relu_mlp"]


def relu_mlp(sizes: Sequence[int], rng: np.random.Generator | None = None) -> Sequential:
    """A fully connected ReLU network ``Linear, ReLU, ..., Linear`` with the given widths.

    Examples
    --------
    >>> net = relu_mlp([64, 16, 10], np.random.default_rng(0))
    >>> len(net), net(np.zeros((2, 64))).shape
    (3, (2, 10))
    """
    if len(sizes) < 2:
        fail("relu_mlp", "at least an input and an output width", list(sizes))
    layers: list[Module] = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [Linear(fan_in, fan_out, rng=rng), ReLU()]
    return Sequential(*layers[:-1])


def softmax_with_temperature(logits: Any, temperature: float = 1.0) -> np.ndarray:
    r""":math:`\operatorname{softmax}(\boldsymbol z / T)` along the last axis.

    Shape
    -----
    - logits: ``(N, C)``
    - result: ``(N, C)``

    Examples
    --------
    >>> np.round(softmax_with_temperature(np.array([[2.0, 0.0]]), 2.0), 4)
    array([[0.7311, 0.2689]])
    """
    T = check_range(
        "softmax_with_temperature", "temperature", temperature, 0.0, low_inclusive=False
    )
    z = as_float_array("softmax_with_temperature", logits, "logits") / T
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def distillation_targets(teacher_logits: Any, labels: Any) -> np.ndarray:
    """Pack the teacher's logits and the labels into one target array for
    :class:`DistillationLoss` (so the training loop shuffles them together).

    Shape
    -----
    - teacher_logits: ``(N, C)``
    - labels: ``(N,)``
    - result: ``(N, C + 1)``, the label in the last column

    Examples
    --------
    >>> distillation_targets(np.zeros((2, 3)), np.array([2, 0])).shape
    (2, 4)
    """
    z = as_float_array("distillation_targets", teacher_logits, "teacher_logits")
    y = np.asarray(labels)
    if z.ndim != 2 or y.shape != (len(z),):
        fail("distillation_targets", "logits (N, C) and labels (N,)", f"{z.shape}, {y.shape}")
    return np.c_[z, y.astype(np.float64)]


class DistillationLoss(Module):
    r"""Distillation loss on student logits :math:`\boldsymbol z_s`, mean over the batch:

    .. math::
        L = \alpha\,T^2\,\mathrm{KL}\big(\operatorname{softmax}(\boldsymbol z_t/T)\,\big\|\,
        \operatorname{softmax}(\boldsymbol z_s/T)\big) + (1 - \alpha)\,
        \big(-\log\operatorname{softmax}(\boldsymbol z_s)_y\big).

    The factor :math:`T^2` keeps the soft term's gradient,
    :math:`\alpha T(\boldsymbol p_s^{(T)} - \boldsymbol p_t^{(T)})`, on the same scale as the
    hard term's, :math:`(1-\alpha)(\boldsymbol p_s - \boldsymbol e_y)`, when :math:`T`
    changes (Hinton et al., 2015). ``alpha=0`` is ordinary cross-entropy on the labels.

    Parameters
    ----------
    temperature : float, default 4
    alpha : float, default 0.9
        Weight of the soft (teacher) term, in [0, 1].

    Shape
    -----
    - Input: student logits ``(N, C)``.
    - Target: ``(N, C + 1)``, packed by distillation_targets.
    - Output: 0-d.

    Examples
    --------
    >>> loss = DistillationLoss(2.0, 0.5)
    >>> t = distillation_targets(np.array([[1.0, 0.0]]), np.array([0]))
    >>> float(np.round(loss(np.array([[1.0, 0.0]]), t), 4))  # KL = 0: half the cross-entropy
    0.1566
    """

    def __init__(self, temperature: float = 4.0, alpha: float = 0.9) -> None:
        super().__init__()
        self.temperature = check_range(
            "DistillationLoss", "temperature", temperature, 0.0, low_inclusive=False
        )
        self.alpha = check_range("DistillationLoss", "alpha", alpha, 0.0, 1.0)
        self._cache: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def forward(self, input: Any, target: Any) -> np.ndarray:
        """The loss of student logits ``input`` against packed ``target``."""
        owner = "DistillationLoss"
        z = as_float_array(owner, input)
        packed = as_float_array(owner, target, "target")
        if z.ndim != 2 or packed.shape != (len(z), z.shape[1] + 1):
            fail(owner, f"logits (N, C) and targets (N, C + 1) for {z.shape}", packed.shape)
        T, a = self.temperature, self.alpha
        y = packed[:, -1].astype(np.int64)
        p_t = softmax_with_temperature(packed[:, :-1], T)
        p_s_T = softmax_with_temperature(z, T)
        p_s = softmax_with_temperature(z, 1.0)
        n = len(z)
        with np.errstate(divide="ignore", invalid="ignore"):
            kl_terms = np.where(p_t > 0, p_t * (np.log(p_t) - np.log(p_s_T)), 0.0)
        soft = np.sum(kl_terms) / n
        hard = -np.sum(np.log(p_s[np.arange(n), y])) / n
        self._cache = (p_t, p_s_T, p_s, y)
        return np.asarray(a * T**2 * soft + (1 - a) * hard)

    def backward(self, grad_output: Any = None) -> np.ndarray:
        """Gradient with respect to the student logits of the last ``forward``."""
        p_t, p_s_T, p_s, y = check_forward_called("DistillationLoss", self._cache)
        n = len(y)
        onehot = np.zeros_like(p_s)
        onehot[np.arange(n), y] = 1.0
        g = self.alpha * self.temperature * (p_s_T - p_t) + (1 - self.alpha) * (p_s - onehot)
        scale = 1.0 if grad_output is None else float(np.asarray(grad_output))
        return scale * g / n
