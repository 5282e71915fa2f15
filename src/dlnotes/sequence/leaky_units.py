"""Leaky units: running averages that remember on a chosen time scale.

A leaky unit keeps :math:`\\mu^{(t)} = \\alpha \\mu^{(t-1)} + (1 - \\alpha) v^{(t)}` with
:math:`0 \\le \\alpha < 1`. Unrolled, :math:`\\mu^{(t)} = \\alpha^t \\mu^{(0)} + (1 - \\alpha)
\\sum_{s=1}^{t} \\alpha^{t-s} v^{(s)}`: an input :math:`k` steps old carries weight
:math:`(1-\\alpha)\\alpha^k = (1-\\alpha) e^{-k/\\tau}` with time constant
:math:`\\tau = -1/\\ln\\alpha`, so :math:`\\alpha` near 1 remembers for a long time.

Goodfellow et al., §10.9.2.
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["leaky_unit", "time_constant"]


def _check_alpha(owner: str, alpha: float) -> float:
    if not 0.0 <= alpha < 1.0:
        fail(owner, "alpha in [0, 1)", alpha)
    return float(alpha)


def time_constant(alpha: float) -> float:
    """The time constant :math:`\\tau = -1/\\ln\\alpha` of a leaky unit (0 for ``alpha = 0``).

    Goodfellow et al., §10.9.2.

    Examples
    --------
    >>> round(time_constant(np.exp(-0.1)), 12)
    10.0
    """
    alpha = _check_alpha("time_constant", alpha)
    return 0.0 if alpha == 0.0 else -1.0 / float(np.log(alpha))


def leaky_unit(v: np.ndarray, alpha: float, mu0: float = 0.0) -> np.ndarray:
    """Run :math:`\\mu^{(t)} = \\alpha \\mu^{(t-1)} + (1 - \\alpha) v^{(t)}` over a sequence.

    Row ``t`` of the result is :math:`\\mu^{(t+1)}`, in the dtype of ``v``.
    Goodfellow et al., §10.9.2.

    Shape
    -----
    - v: ``(T, ...)``
    - output: ``(T, ...)``

    Examples
    --------
    >>> leaky_unit(np.array([1.0, 0.0, 0.0]), 0.5).tolist()
    [0.5, 0.25, 0.125]
    """
    alpha = _check_alpha("leaky_unit", alpha)
    values = as_float_array("leaky_unit", v, "v")
    if values.ndim == 0:
        fail("leaky_unit", "v of shape (T, *)", values.shape)
    out = np.empty_like(values)
    mu = np.full(values.shape[1:], mu0, dtype=values.dtype)
    for t, v_t in enumerate(values):
        mu = alpha * mu + (1.0 - alpha) * v_t
        out[t] = mu
    return out
