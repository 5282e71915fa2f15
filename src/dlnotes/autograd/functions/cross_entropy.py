"""Autograd softmax cross-entropy on logits, on the hand-written kernel pair.

Goodfellow et al., §5.5 and §6.2.2.3 (softmax output and its cross-entropy),
§7.5.1 (label smoothing).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.autograd.function import Context, Function
from dlnotes.nn.functional.loss import cross_entropy_backward, cross_entropy_forward

__all__ = ["CrossEntropy", "cross_entropy"]


class CrossEntropy(Function):
    """``cross_entropy_forward`` / ``cross_entropy_backward`` as a graph node.

    The gradient flows to the logits only; the target (class indices or probabilities) gets
    ``None``.
    """

    @staticmethod
    def forward(
        ctx: Context,
        input: np.ndarray,
        target: np.ndarray,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
        ignore_index: int = -100,
    ) -> np.ndarray:
        loss, ctx.cache = cross_entropy_forward(
            input, target, reduction, label_smoothing, ignore_index
        )
        return loss

    @staticmethod
    def backward(ctx: Context, grad_output: np.ndarray) -> tuple[np.ndarray, None]:
        return cross_entropy_backward(grad_output, ctx.cache), None


def cross_entropy(
    input: Any,
    target: Any,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    ignore_index: int = -100,
) -> Any:
    r"""Cross-entropy between ``softmax(input)`` and the target, differentiable in ``input``.

    :math:`\ell = -\sum_c q_c \log \mathrm{softmax}(z)_c` with
    :math:`q = (1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon / C`; its gradient with
    respect to the logits is :math:`\mathrm{softmax}(z) - q` per example (scaled by the
    reduction).

    Parameters
    ----------
    input : Tensor or numpy.ndarray
        Logits, classes on axis 1: ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : numpy.ndarray or Tensor
        Integer class indices ``(N,)`` / ``()`` / ``(N, d1, ...)`` (a NumPy integer array: a
        Tensor holds floats), or class probabilities of the input's shape.
    reduction : {"mean", "sum", "none"}
    label_smoothing : float
        :math:`\varepsilon \in [0, 1]`.
    ignore_index : int
        Class index whose positions contribute nothing; ``"mean"`` averages over the others
        (PyTorch's semantics; the default -100 ignores nothing).

    Returns
    -------
    Tensor
        0-d, or ``(N, d1, ...)`` with ``reduction="none"``.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> z = Tensor([[0.0, 0.0]], requires_grad=True)
    >>> loss = cross_entropy(z, np.array([1]))
    >>> round(loss.item(), 6)
    0.693147
    >>> loss.backward(); z.grad
    array([[ 0.5, -0.5]])
    """
    return CrossEntropy.apply(
        input,
        target,
        reduction=reduction,
        label_smoothing=label_smoothing,
        ignore_index=ignore_index,
    )
