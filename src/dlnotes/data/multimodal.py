r"""Regression problems whose conditional distribution :math:`p(y \mid x)` has several modes.

The classic example is an *inverse problem*: the forward map :math:`t \mapsto x = t + a \sin(2\pi
t)` is a function, but for :math:`a` large enough it is not monotone, so its inverse
:math:`x \mapsto t` is multi-valued on an interval of :math:`x`. A least-squares regression of
:math:`t` on :math:`x` averages the branches; a mixture-density network (Goodfellow et al.,
§6.2.2.4) represents them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, resolve_dtype

__all__ = ["make_inverse_sinusoid"]


def make_inverse_sinusoid(
    n: int,
    *,
    amplitude: float = 0.3,
    noise: float = 0.05,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Samples of the inverse of :math:`x = t + a\sin(2\pi t) + \varepsilon`.

    Draws :math:`t \sim U(0, 1)` and :math:`\varepsilon \sim \mathcal N(0, \sigma^2)`, and
    returns the *input* :math:`x` and the *target* :math:`t`. For :math:`a > 1/(2\pi)` the map
    :math:`t \mapsto t + a \sin 2\pi t` has a decreasing stretch, so some inputs have three
    targets.

    Parameters
    ----------
    n : int
        Number of samples.
    amplitude : float, default 0.3
        :math:`a`.
    noise : float, default 0.05
        :math:`\sigma`, standard deviation of the noise added to :math:`x`.
    rng : numpy.random.Generator, optional
        Source of randomness.
    dtype : {numpy.float64, numpy.float32}
        Floating type of both arrays.

    Returns
    -------
    X : numpy.ndarray, shape (n, 1)
        Inputs :math:`x`.
    y : numpy.ndarray, shape (n, 1)
        Targets :math:`t` in [0, 1].

    Examples
    --------
    >>> X, y = make_inverse_sinusoid(5, noise=0.0, rng=np.random.default_rng(0))
    >>> X.shape, y.shape
    ((5, 1), (5, 1))
    >>> bool(np.allclose(X, y + 0.3 * np.sin(2 * np.pi * y)))
    True
    """
    n = check_positive_int("make_inverse_sinusoid", "n", n)
    amplitude = check_range("make_inverse_sinusoid", "amplitude", amplitude)
    noise = check_range("make_inverse_sinusoid", "noise", noise, 0.0)
    dt = resolve_dtype("make_inverse_sinusoid", dtype)
    gen = as_generator("make_inverse_sinusoid", rng)
    t = gen.uniform(0.0, 1.0, size=(n, 1))
    x = t + amplitude * np.sin(2 * np.pi * t) + noise * gen.standard_normal((n, 1))
    return x.astype(dt), t.astype(dt)
