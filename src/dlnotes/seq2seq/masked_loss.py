"""Cross-entropy over padded sequences: padding positions contribute nothing.

.. math:: L = -\\frac{1}{\\sum_{n,t} m_{nt}}
          \\sum_{n,t} m_{nt} \\log \\operatorname{softmax}(z_{nt})_{y_{nt}}

Averaging over real tokens (rather than over all ``N * T`` positions) keeps the loss of a
batch independent of how much padding it happens to contain.

Goodfellow et al., §6.2.2.3 (softmax output units and the log-likelihood), §10.2.3.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, fail
from dlnotes.nn.functional.loss import (
    CrossEntropyCache,
    cross_entropy_backward,
    cross_entropy_forward,
)

__all__ = [
    "MaskedCrossEntropyCache",
    "masked_cross_entropy",
    "masked_cross_entropy_forward",
    "masked_cross_entropy_backward",
]

# The class index the padding positions are given before the shared kernel sees them; any
# negative number would do (real targets are checked to lie in [0, V)).
_PAD = -100


class MaskedCrossEntropyCache(NamedTuple):
    """What :func:`masked_cross_entropy_backward` needs: the shared kernel's cache over the
    flattened ``(N * T, V)`` logits and the logits' shape."""

    cross_entropy: CrossEntropyCache
    logits_shape: tuple[int, ...]


def masked_cross_entropy_forward(
    logits: Any, targets: Any, mask: Any
) -> tuple[np.ndarray, MaskedCrossEntropyCache]:
    """Mean negative log-likelihood of ``targets`` over the positions where ``mask`` is True.

    A thin adapter over :func:`dlnotes.nn.functional.cross_entropy_forward`: padding
    positions get the kernel's ``ignore_index``, so the mean runs over the real tokens only
    (PyTorch's ``cross_entropy(..., ignore_index=...)``). Goodfellow et al., §6.2.2.3.

    Parameters
    ----------
    logits : numpy.ndarray
        ``(N, T, V)`` unnormalised scores.
    targets : numpy.ndarray
        ``(N, T)`` integer ids.
    mask : numpy.ndarray
        ``(N, T)`` bool, ``True`` on real tokens.

    Returns
    -------
    loss : numpy.ndarray
        0-d array.
    cache : MaskedCrossEntropyCache
        For :func:`masked_cross_entropy_backward`.

    Shape
    -----
    logits ``(N, T, V)``, targets and mask ``(N, T)``; loss ``()``.

    Examples
    --------
    >>> logits = np.zeros((1, 3, 4))
    >>> loss, _ = masked_cross_entropy_forward(logits, np.array([[1, 2, 0]]),
    ...                                        np.array([[True, True, False]]))
    >>> bool(np.isclose(loss, np.log(4)))
    True
    """
    owner = "masked_cross_entropy"
    logits = as_float_array(owner, logits, "logits")
    targets = np.asarray(targets)
    mask = np.asarray(mask)
    if logits.ndim != 3:
        fail(owner, "logits of shape (N, T, V)", logits.shape)
    if targets.shape != logits.shape[:2] or mask.shape != logits.shape[:2]:
        fail(
            owner,
            f"targets and mask of shape {logits.shape[:2]}",
            f"{targets.shape} and {mask.shape}",
        )
    if targets.dtype.kind not in "iu":
        fail(owner, "integer targets", f"dtype {targets.dtype}", TypeError)
    if mask.dtype != bool:
        fail(owner, "a boolean mask", f"dtype {mask.dtype}", TypeError)
    vocab = logits.shape[-1]
    real = targets[mask]
    if real.size and (real.min() < 0 or real.max() >= vocab):
        fail(
            owner,
            f"targets in [0, {vocab - 1}] on unmasked positions",
            f"values in [{real.min()}, {real.max()}]",
        )
    if real.size == 0:
        fail(owner, "at least one unmasked position", "an all-False mask")
    # Padding may hold any id; the kernel ignores the positions marked _PAD.
    flat_targets = np.where(mask, targets, _PAD).reshape(-1)
    loss, cache = cross_entropy_forward(
        logits.reshape(-1, vocab), flat_targets, ignore_index=_PAD, owner=owner
    )
    return loss, MaskedCrossEntropyCache(cache, logits.shape)


def masked_cross_entropy_backward(grad_output: Any, cache: MaskedCrossEntropyCache) -> np.ndarray:
    """Gradient with respect to the logits: ``g * m * (softmax(z) - onehot(y)) / sum(m)``.

    Goodfellow et al., §6.2.2.3.

    Shape
    -----
    ``grad_output`` a scalar; the result has the logits' shape ``(N, T, V)``.

    Examples
    --------
    >>> loss, cache = masked_cross_entropy_forward(np.zeros((1, 2, 2)), np.array([[0, 1]]),
    ...                                            np.array([[True, False]]))
    >>> masked_cross_entropy_backward(1.0, cache)
    array([[[-0.5,  0.5],
            [ 0. ,  0. ]]])
    """
    grad = cross_entropy_backward(grad_output, cache.cross_entropy, owner="masked_cross_entropy")
    return grad.reshape(cache.logits_shape)


def masked_cross_entropy(logits: Any, targets: Any, mask: Any) -> np.ndarray:
    """The loss only (see :func:`masked_cross_entropy_forward`).

    Goodfellow et al., §6.2.2.3.

    Shape
    -----
    - arrays: as in ``masked_cross_entropy_forward``.

    Examples
    --------
    >>> float(masked_cross_entropy(np.array([[[50.0, 0.0]]]), np.array([[1]]), np.array([[True]])))
    50.0
    """
    return masked_cross_entropy_forward(logits, targets, mask)[0]
