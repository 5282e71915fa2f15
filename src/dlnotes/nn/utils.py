"""Training utilities: gradient clipping by norm and by value.

Goodfellow et al., §10.11.1 (clipping gradients).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlnotes._validation import check_range, fail
from dlnotes.nn.module import Parameter

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _parameter_list(owner: str, parameters: Parameter | Iterable[Parameter]) -> list[Parameter]:
    params = [parameters] if isinstance(parameters, Parameter) else list(parameters)
    for p in params:
        if not isinstance(p, Parameter):
            fail(owner, "Parameters", type(p).__name__, TypeError)
    return params


def clip_grad_norm_(
    parameters: Parameter | Iterable[Parameter],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> float:
    r"""Rescale gradients in place so their joint norm is at most ``max_norm``.

    The total norm is the ``norm_type``-norm of all gradients viewed as one vector
    (``inf`` gives the largest absolute entry). As in PyTorch, every gradient is multiplied by
    :math:`\min(1, \text{max\_norm} / (\text{total} + 10^{-6}))`.

    Parameters
    ----------
    parameters : Parameter or iterable of Parameter
    max_norm : float
        Largest allowed total norm.
    norm_type : float
        ``p`` of the p-norm; ``float("inf")`` for the max-norm.
    error_if_nonfinite : bool
        Raise ``ValueError`` if the total norm is NaN or infinite (otherwise the gradients
        become NaN, as in PyTorch).

    Returns
    -------
    float
        The total norm *before* clipping.

    Examples
    --------
    >>> p = Parameter(np.zeros(2))
    >>> p.grad[...] = [3.0, 4.0]
    >>> clip_grad_norm_([p], max_norm=1.0)
    5.0
    >>> np.round(p.grad, 4)
    array([0.6, 0.8])
    """
    params = _parameter_list("clip_grad_norm_", parameters)
    max_norm = check_range("clip_grad_norm_", "max_norm", max_norm, 0.0)
    norm_type = check_range("clip_grad_norm_", "norm_type", norm_type, 0.0, low_inclusive=False)
    if not params:
        return 0.0
    # Accumulate in float64 so the total does not depend on parameter dtypes.
    if norm_type == np.inf:
        total = max(float(np.abs(p.grad).max(initial=0.0)) for p in params)
    else:
        per_param = [np.linalg.norm(p.grad.ravel().astype(np.float64), norm_type) for p in params]
        total = float(np.linalg.norm(np.array(per_param), norm_type))
    if error_if_nonfinite and not np.isfinite(total):
        fail("clip_grad_norm_", "a finite total gradient norm", total)
    coef = min(max_norm / (total + 1e-6), 1.0)
    for p in params:
        p.grad *= p.grad.dtype.type(coef)
    return total


def clip_grad_value_(parameters: Parameter | Iterable[Parameter], clip_value: float) -> None:
    """Clamp every gradient entry to ``[-clip_value, clip_value]`` in place.

    Examples
    --------
    >>> p = Parameter(np.zeros(2))
    >>> p.grad[...] = [3.0, -0.5]
    >>> clip_grad_value_(p, 1.0)
    >>> p.grad
    array([ 1. , -0.5])
    """
    params = _parameter_list("clip_grad_value_", parameters)
    clip_value = check_range("clip_grad_value_", "clip_value", clip_value, 0.0)
    for p in params:
        np.clip(p.grad, -clip_value, clip_value, out=p.grad)
