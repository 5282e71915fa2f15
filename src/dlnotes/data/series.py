"""Generated time series and the sliding windows that turn a series into a supervised data set.

* :func:`make_ar_process`: a stationary autoregressive process
  :math:`x_t = \\sum_{i=1}^{p} a_i x_{t-i} + \\varepsilon_t`, the model class whose optimal
  one-step predictor is known exactly (the linear recursion itself, error variance
  :math:`\\sigma^2`);
* :func:`make_noisy_sinusoid`: a sine wave plus independent Gaussian noise;
* :func:`sliding_windows`: every window of ``window`` consecutive values with the ``horizon``
  values that follow it. Unlike :func:`~dlnotes.data.random_windows` (random start positions,
  token ids, targets shifted by one), it is deterministic and enumerates all windows, which is
  what fitting a predictor to one series needs.

Goodfellow et al., §10.1 (a recurrence summarises the past), §10.2.3 (a sequence predicted one
step at a time).
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_positive_int,
    check_range,
    fail,
)

__all__ = ["make_ar_process", "make_noisy_sinusoid", "sliding_windows"]


def make_ar_process(
    length: int,
    coefficients: tuple[float, ...] | list[float] | np.ndarray = (0.6, -0.3),
    noise_std: float = 1.0,
    burn_in: int = 200,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""A sample path of the AR(p) process :math:`x_t = \sum_i a_i x_{t-i} + \varepsilon_t`.

    The noise is :math:`\varepsilon_t \sim \mathcal N(0, \sigma^2)` independently. The recursion
    starts from zeros and runs ``burn_in`` steps before the returned part, so the start-up
    transient has decayed (for a stationary process the effect of the start shrinks
    geometrically). Stationarity requires every root of :math:`1 - \sum_i a_i z^i` to lie
    outside the unit circle; equivalently every eigenvalue of the companion matrix lies inside
    it, which is checked.

    Goodfellow et al., §10.1.

    Parameters
    ----------
    length : int
        Number of values returned.
    coefficients : sequence of float
        :math:`a_1, \dots, a_p` (``a_1`` multiplies the most recent value).
    noise_std : float
        :math:`\sigma \ge 0`.
    burn_in : int
        Steps discarded at the start.
    rng : numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray
        float64, shape ``(length,)``.

    Shape
    -----
    - output: ``(length,)``

    Examples
    --------
    >>> x = make_ar_process(5, (0.5,), noise_std=0.0, rng=np.random.default_rng(0))
    >>> x.tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0]
    """
    owner = "make_ar_process"
    length = check_positive_int(owner, "length", length)
    if burn_in < 0:
        fail(owner, "burn_in >= 0", burn_in)
    noise_std = check_range(owner, "noise_std", noise_std, 0.0)
    a = as_float_array(owner, np.asarray(coefficients, dtype=np.float64), "coefficients")
    if a.ndim != 1 or a.size == 0:
        fail(owner, "a non-empty 1-D sequence of coefficients", a.shape)
    companion = np.zeros((a.size, a.size))
    companion[0] = a
    companion[1:, :-1] = np.eye(a.size - 1)
    radius = float(np.max(np.abs(np.linalg.eigvals(companion))))
    if radius >= 1.0:
        fail(owner, "stationary coefficients (companion spectral radius < 1)", round(radius, 6))
    total = length + burn_in
    noise = as_generator(owner, rng).normal(0.0, 1.0, size=total) * noise_std
    x = np.zeros(total + a.size)
    for t in range(total):
        # x[t + p] depends on x[t + p - 1], ..., x[t]: the reversed slice lines up with a.
        x[t + a.size] = a @ x[t + a.size - 1 :: -1][: a.size] + noise[t]
    return x[a.size + burn_in :]


def make_noisy_sinusoid(
    length: int,
    period: float = 25.0,
    amplitude: float = 1.0,
    noise_std: float = 0.1,
    phase: float = 0.0,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r""":math:`x_t = A \sin(2\pi t / P + \phi) + \varepsilon_t`, :math:`\varepsilon_t \sim
    \mathcal N(0, \sigma^2)` independently, for :math:`t = 0, \dots, T-1`.

    Goodfellow et al., §10.1.

    Parameters
    ----------
    length : int
    period : float
        :math:`P > 0`, in steps.
    amplitude : float
    noise_std : float
        :math:`\sigma \ge 0`.
    phase : float
    rng : numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray
        float64, shape ``(length,)``.

    Shape
    -----
    - output: ``(length,)``

    Examples
    --------
    >>> np.round(make_noisy_sinusoid(4, period=4.0, noise_std=0.0), 12).tolist()
    [0.0, 1.0, 0.0, -1.0]
    """
    owner = "make_noisy_sinusoid"
    length = check_positive_int(owner, "length", length)
    period = check_range(owner, "period", period, 0.0, low_inclusive=False)
    noise_std = check_range(owner, "noise_std", noise_std, 0.0)
    t = np.arange(length, dtype=np.float64)
    clean = amplitude * np.sin(2 * np.pi * t / period + phase)
    return clean + noise_std * as_generator(owner, rng).normal(size=length)


def sliding_windows(
    series: np.ndarray, window: int, horizon: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """All windows of ``window`` consecutive values and the ``horizon`` values after each.

    Window ``i`` is ``series[i : i + window]`` and its target ``series[i + window : i + window
    + horizon]``, for ``i = 0, ..., T - window - horizon``. The windows are copies (not strided
    views), so they can be modified safely.

    Goodfellow et al., §10.1.

    Parameters
    ----------
    series : numpy.ndarray
        Shape ``(T,)`` or ``(T, F)`` (``F`` features per step).
    window : int
        Length of each input window.
    horizon : int
        Number of future values in each target.

    Returns
    -------
    inputs : numpy.ndarray
        ``(M, window)`` or ``(M, window, F)`` with ``M = T - window - horizon + 1``.
    targets : numpy.ndarray
        ``(M, horizon)`` or ``(M, horizon, F)``.

    Shape
    -----
    - series: ``(T,)`` or ``(T, F)``
    - inputs: ``(M, window, *)``; targets: ``(M, horizon, *)`` with ``M = T - window - horizon + 1``

    Examples
    --------
    >>> x, y = sliding_windows(np.arange(6.0), 3, 2)
    >>> x.tolist(), y.tolist()
    ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]], [[3.0, 4.0], [4.0, 5.0]])
    """
    owner = "sliding_windows"
    values = as_float_array(owner, series, "series")
    if values.ndim not in (1, 2):
        fail(owner, "a series of shape (T,) or (T, F)", values.shape)
    window = check_positive_int(owner, "window", window)
    horizon = check_positive_int(owner, "horizon", horizon)
    count = values.shape[0] - window - horizon + 1
    if count < 1:
        fail(
            owner,
            f"a series longer than window + horizon - 1 = {window + horizon - 1}",
            values.shape,
        )
    index = np.arange(count)[:, None]
    inputs = values[index + np.arange(window)]
    targets = values[index + window + np.arange(horizon)]
    return inputs, targets
