r"""Synthetic regression data: a one-dimensional problem for the capacity demos of chapter 5.

:math:`x\sim\mathcal U(-1,1)`, :math:`y=\sin(\pi x)+\varepsilon`,
:math:`\varepsilon\sim\mathcal N(0,\sigma^2)`. The noise variance :math:`\sigma^2` is the Bayes
error: no model can have a lower expected test MSE (Goodfellow et al., §5.2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, check_range

__all__ = ["make_sine_regression", "sine_target"]


def sine_target(x: Any) -> np.ndarray:
    r"""The noiseless regression function :math:`f(x)=\sin(\pi x)`.

    Parameters
    ----------
    x : array_like

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    Any shape → same shape.

    References
    ----------
    Goodfellow et al., §5.2.

    Examples
    --------
    >>> np.round(sine_target(np.array([0.0, 0.5])), 12)
    array([0., 1.])
    """
    return np.sin(np.pi * as_float_array("sine_target", x, "x"))


def make_sine_regression(
    n: int, rng: np.random.Generator | None = None, *, noise_std: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    r"""``n`` examples :math:`(x, \sin(\pi x)+\varepsilon)` with uniform :math:`x` in [-1, 1].

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator, optional
    noise_std : float
        :math:`\sigma`.

    Shape
    -----
    Returns ``x`` (n,) and ``y`` (n,).

    References
    ----------
    Goodfellow et al., §5.2.

    Examples
    --------
    >>> x, y = make_sine_regression(5, np.random.default_rng(0))
    >>> x.shape, y.shape
    ((5,), (5,))
    """
    n = check_positive_int("make_sine_regression", "n", n)
    noise_std = check_range("make_sine_regression", "noise_std", noise_std, 0.0)
    rng = as_generator("make_sine_regression", rng)
    x = rng.uniform(-1.0, 1.0, n)
    return x, sine_target(x) + noise_std * rng.standard_normal(n)
