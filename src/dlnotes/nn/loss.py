"""Loss modules: ``loss = criterion(input, target)``, then ``criterion.backward()``.

Each loss is a thin wrapper over a kernel pair in :mod:`dlnotes.nn.functional.loss`. The
forward returns a 0-d array (or the element-wise losses with ``reduction="none"``);
``backward(grad_output=None)`` returns the gradient with respect to ``input`` (``grad_output``
defaults to 1 and must have the loss's shape).

Goodfellow et al., §5.5 (maximum likelihood), §6.2 (cost functions and output units).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    check_forward_called,
    check_range,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional import loss as L
from dlnotes.nn.module import Module

__all__ = ["CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "BCELoss", "BCEWithLogitsLoss"]


class _Loss(Module):
    """Shared plumbing: reduction check, dtype cast, cache handling.

    The kernels validate input and target with ``owner`` set to the class name, so error
    messages name the module and the checks run once.
    """

    _forward_kernel: Callable[..., tuple[np.ndarray, Any]]
    _backward_kernel: Callable[..., np.ndarray]

    def __init__(self, reduction: str = "mean", dtype: Any = None) -> None:
        super().__init__()
        if reduction not in L.REDUCTIONS:
            fail(type(self).__name__, f"reduction in {L.REDUCTIONS}", repr(reduction))
        self.reduction = reduction
        self._dtype = None if dtype is None else resolve_dtype(type(self).__name__, dtype)
        self._cache: Any = None

    def _kernel_args(self) -> tuple:
        return ()

    def forward(self, input: Any, target: Any) -> np.ndarray:
        """The loss of ``input`` against ``target``; keeps what ``backward`` needs.

        Parameters
        ----------
        input : array_like
            Predictions (logits, log-probabilities or values; see the class).
        target : array_like
            Targets; see the class's Shape section.

        Returns
        -------
        numpy.ndarray
            0-d for ``reduction="mean"`` or ``"sum"``, the element-wise losses for ``"none"``.
        """
        name = type(self).__name__
        if self._dtype is not None:
            input = as_float_array(name, input).astype(self._dtype, copy=False)
        loss, self._cache = type(self)._forward_kernel(
            input, target, self.reduction, *self._kernel_args(), owner=name
        )
        return loss

    def backward(self, grad_output: Any = None) -> np.ndarray:
        """Gradient of the loss with respect to the last forward's ``input``.

        Parameters
        ----------
        grad_output : array_like, optional
            Gradient with respect to the loss, of the loss's shape; ``None`` means 1.

        Returns
        -------
        numpy.ndarray
            Of the input's shape and dtype.
        """
        name = type(self).__name__
        cache = check_forward_called(name, self._cache)
        return type(self)._backward_kernel(grad_output, cache, owner=name)


def _check_ignore_index(owner: str, ignore_index: Any) -> int:
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        fail(owner, "ignore_index to be an integer", repr(ignore_index), TypeError)
    return int(ignore_index)


class CrossEntropyLoss(_Loss):
    r"""Softmax cross-entropy between logits and class indices (or class probabilities).

    :math:`\ell = -\sum_c q_c \log\mathrm{softmax}(z)_c` with
    :math:`q = (1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon/C` (label smoothing as PyTorch),
    computed through log-sum-exp so a logit gap of 50 gives a loss of 50
    (Goodfellow et al., §6.2.2.3; label smoothing §7.5.1).

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}
    label_smoothing : float
        :math:`\varepsilon \in [0, 1]`.
    ignore_index : int
        Class index whose positions contribute nothing (padding); ``"mean"`` averages over
        the other positions, as in PyTorch. The default -100 ignores nothing.
    dtype : numpy dtype, optional
        Cast inputs to this dtype; ``None`` keeps the input's floating dtype.
    **unsupported
        PyTorch keywords dlnotes does not implement (``weight``, ``size_average``,
        ``reduce``) raise ``TypeError``.

    Shape
    -----
    - Input: logits ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    - Target: integer ``(N,)``, ``()`` or ``(N, d1, ...)``; or probabilities of the input shape.
    - Output: 0-d, or the target's shape with ``reduction="none"``.

    Examples
    --------
    >>> loss_fn = CrossEntropyLoss()
    >>> loss_fn(np.array([[50.0, 0.0]]), np.array([1]))
    array(50.)
    >>> loss_fn.backward()
    array([[ 1., -1.]])
    """

    _forward_kernel = staticmethod(L.cross_entropy_forward)
    _backward_kernel = staticmethod(L.cross_entropy_backward)

    def __init__(
        self,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
        ignore_index: int = -100,
        dtype: Any = None,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("CrossEntropyLoss", unsupported)
        super().__init__(reduction, dtype)
        self.label_smoothing = check_range(
            "CrossEntropyLoss", "label_smoothing", label_smoothing, 0.0, 1.0
        )
        self.ignore_index = _check_ignore_index("CrossEntropyLoss", ignore_index)

    def _kernel_args(self) -> tuple:
        return (self.label_smoothing, self.ignore_index)


class NLLLoss(_Loss):
    r"""Negative log-likelihood :math:`-\log p_y` on log-probabilities (e.g. ``LogSoftmax``
    output) (Goodfellow et al., §5.5).

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}
    ignore_index : int
        Class index whose positions contribute nothing; ``"mean"`` averages over the others.
    dtype : numpy dtype, optional
        Cast inputs to this dtype; ``None`` keeps the input's floating dtype.
    **unsupported
        PyTorch keywords dlnotes does not implement (``weight``, ``size_average``,
        ``reduce``) raise ``TypeError``.

    Shape
    -----
    - arrays: as in ``CrossEntropyLoss`` with class-index targets.

    Examples
    --------
    >>> NLLLoss()(np.array([[-0.5, -2.0]]), np.array([1]))
    array(2.)
    """

    _forward_kernel = staticmethod(L.nll_loss_forward)
    _backward_kernel = staticmethod(L.nll_loss_backward)

    def __init__(
        self,
        reduction: str = "mean",
        ignore_index: int = -100,
        dtype: Any = None,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("NLLLoss", unsupported)
        super().__init__(reduction, dtype)
        self.ignore_index = _check_ignore_index("NLLLoss", ignore_index)

    def _kernel_args(self) -> tuple:
        return (self.ignore_index,)


class MSELoss(_Loss):
    r"""Mean squared error :math:`(x - y)^2` (Goodfellow et al., §5.5.1, §6.2.1.1).

    Shape
    -----
    Input and target ``(*)`` of the same shape; output 0-d or ``(*)``.

    Examples
    --------
    >>> MSELoss()(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    array(5.)
    """

    _forward_kernel = staticmethod(L.mse_loss_forward)
    _backward_kernel = staticmethod(L.mse_loss_backward)

    def __init__(self, reduction: str = "mean", dtype: Any = None, **unsupported: Any) -> None:
        reject_unsupported("MSELoss", unsupported)
        super().__init__(reduction, dtype)


class L1Loss(_Loss):
    r"""Mean absolute error :math:`|x - y|`; the gradient at ``x == y`` is 0 as PyTorch.

    Shape
    -----
    Input and target ``(*)`` of the same shape; output 0-d or ``(*)``.

    Examples
    --------
    >>> L1Loss()(np.array([1.0, -3.0]), np.array([0.0, 0.0]))
    array(2.)
    """

    _forward_kernel = staticmethod(L.l1_loss_forward)
    _backward_kernel = staticmethod(L.l1_loss_backward)

    def __init__(self, reduction: str = "mean", dtype: Any = None, **unsupported: Any) -> None:
        reject_unsupported("L1Loss", unsupported)
        super().__init__(reduction, dtype)


class BCELoss(_Loss):
    r"""Binary cross-entropy on probabilities, :math:`-[y\log x + (1-y)\log(1-x)]`, with each
    log clamped at -100 as PyTorch. Prefer :class:`BCEWithLogitsLoss` (§6.2.2.2).

    Shape
    -----
    Input (probabilities in [0, 1]) and target ``(*)`` of the same shape.

    Examples
    --------
    >>> round(float(BCELoss()(np.array([0.5]), np.array([1.0]))), 6)
    0.693147
    """

    _forward_kernel = staticmethod(L.binary_cross_entropy_forward)
    _backward_kernel = staticmethod(L.binary_cross_entropy_backward)

    def __init__(self, reduction: str = "mean", dtype: Any = None, **unsupported: Any) -> None:
        reject_unsupported("BCELoss", unsupported)
        super().__init__(reduction, dtype)


class BCEWithLogitsLoss(_Loss):
    r"""Binary cross-entropy on logits, :math:`(1-y)x + \zeta(-x)`, stable for any logit
    (Goodfellow et al., §6.2.2.2: the sigmoid output unit trained by maximum likelihood).

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}
    pos_weight : array_like, optional
        Weight of positive examples, broadcast over the last axis (registered as a buffer, as
        in PyTorch).
    dtype : numpy dtype, optional
        Cast inputs to this dtype; ``None`` keeps the input's floating dtype.
    **unsupported
        PyTorch keywords dlnotes does not implement (``weight``, ``size_average``,
        ``reduce``) raise ``TypeError``.

    Shape
    -----
    Input (logits) and target ``(*)`` of the same shape.

    Examples
    --------
    >>> loss_fn = BCEWithLogitsLoss()
    >>> loss_fn(np.array([-50.0]), np.array([1.0]))
    array(50.)
    >>> loss_fn.backward()
    array([-1.])
    """

    _forward_kernel = staticmethod(L.binary_cross_entropy_with_logits_forward)
    _backward_kernel = staticmethod(L.binary_cross_entropy_with_logits_backward)
    pos_weight: np.ndarray | None  # a buffer, registered in __init__

    def __init__(
        self,
        reduction: str = "mean",
        pos_weight: Any = None,
        dtype: Any = None,
        **unsupported: Any,
    ) -> None:
        reject_unsupported("BCEWithLogitsLoss", unsupported)
        super().__init__(reduction, dtype)
        if pos_weight is not None:
            pos_weight = np.array(as_float_array("BCEWithLogitsLoss", pos_weight, "pos_weight"))
        self.register_buffer("pos_weight", pos_weight)

    def _kernel_args(self) -> tuple:
        return (self.pos_weight,)
