"""A generated chaotic time series for recurrent models: the Mackey–Glass delay equation.

.. math::
    \\frac{dx}{dt} = \\beta \\frac{x(t - \\tau)}{1 + x(t - \\tau)^{n}} - \\gamma x(t)

With the classical parameters :math:`\\beta = 0.2`, :math:`\\gamma = 0.1`, :math:`n = 10` and
delay :math:`\\tau = 17` the solution is chaotic: it never repeats and nearby trajectories
separate, but it is smooth and deterministic, so its next value is predictable from its
recent past. It is the standard benchmark of echo state networks.

Goodfellow et al., §10.8 (echo state networks).
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import check_nonnegative_int, check_positive_int, check_range

__all__ = ["make_mackey_glass"]


def make_mackey_glass(
    num_samples: int,
    tau: float = 17.0,
    beta: float = 0.2,
    gamma: float = 0.1,
    exponent: float = 10.0,
    dt: float = 0.1,
    sample_every: int = 10,
    x0: float = 1.2,
    discard: int = 500,
) -> np.ndarray:
    """A Mackey–Glass series integrated by Euler's method, sampled every ``sample_every * dt``.

    The history before time 0 is the constant ``x0``; the first ``discard`` samples (the
    transient) are dropped. Deterministic: the same arguments give the same series.

    Goodfellow et al., §10.8.

    Shape
    -----
    returns ``(num_samples,)`` float64.

    Examples
    --------
    >>> x = make_mackey_glass(300)
    >>> x.shape, bool(0.2 < x.min() < x.max() < 1.5)
    ((300,), True)
    """
    owner = "make_mackey_glass"
    num_samples = check_positive_int(owner, "num_samples", num_samples)
    sample_every = check_positive_int(owner, "sample_every", sample_every)
    discard = check_nonnegative_int(owner, "discard", discard)
    dt = check_range(owner, "dt", dt, 0.0, low_inclusive=False)
    tau = check_range(owner, "tau", tau, 0.0, low_inclusive=False)
    delay = max(1, int(round(tau / dt)))
    total = (num_samples + discard) * sample_every
    # Plain Python floats: this scalar loop is several times faster than indexing an array.
    x = [float(x0)] * (delay + 1)  # constant history on [-tau, 0]
    current = float(x0)
    for i in range(total):
        lagged = x[i]  # the value tau earlier
        current += dt * (beta * lagged / (1.0 + lagged**exponent) - gamma * current)
        x.append(current)
    series = np.asarray(x[delay + 1 :])
    samples: np.ndarray = series[sample_every - 1 :: sample_every][discard : discard + num_samples]
    return samples
