r"""Generated data for linear factor models: latent-factor samples and mixed source signals.

* :func:`make_linear_factor_data` draws from the linear factor model
  :math:`x = W h + b + \varepsilon` with :math:`h \sim \mathcal N(0, I)` and Gaussian noise
  whose variance may differ from feature to feature (the factor-analysis case) or not (the
  probabilistic-PCA case); :func:`make_heteroscedastic_data` is the first case with noise
  variances spread over a range.
* :func:`make_ica_sources` gives three standardised independent sources — a sine, a square
  wave and a sawtooth (all non-Gaussian), or three Gaussian white noises — and
  :func:`mix_signals` mixes sources linearly, :math:`x = A s`.
* :func:`make_sinusoid_mixture` mixes sinusoids of different frequencies, the test signal of
  slow feature analysis.

Every generator draws only from the ``numpy.random.Generator`` it is given.

Goodfellow et al., §13.1 (probabilistic PCA and factor analysis), §13.2 (ICA) and §13.3
(slow feature analysis).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_ndim,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)

__all__ = [
    "LinearFactorData",
    "make_linear_factor_data",
    "make_heteroscedastic_data",
    "make_ica_sources",
    "mix_signals",
    "make_sinusoid_mixture",
]


class LinearFactorData(NamedTuple):
    """A sample of the linear factor model together with the parameters that made it."""

    X: np.ndarray
    """Observations, shape ``(N, n)``."""
    H: np.ndarray
    """Latent factors, shape ``(N, k)``."""
    weight: np.ndarray
    """Factor loadings :math:`W`, shape ``(n, k)``."""
    bias: np.ndarray
    """Mean :math:`b`, shape ``(n,)``."""
    noise_variance: np.ndarray
    """Per-feature noise variances :math:`\\psi_i`, shape ``(n,)``."""


def make_linear_factor_data(
    num_samples: int,
    num_features: int = 8,
    num_factors: int = 2,
    *,
    noise_variance: Any = 0.1,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> LinearFactorData:
    r"""Draw :math:`x = W h + b + \varepsilon`, :math:`h \sim \mathcal N(0, I)`,
    :math:`\varepsilon \sim \mathcal N(0, \operatorname{diag}(\psi))`.

    The loadings :math:`W` and the mean :math:`b` have independent standard-normal entries.

    Parameters
    ----------
    num_samples, num_features, num_factors : int
        :math:`N`, :math:`n` and :math:`k`.
    noise_variance : float or array_like of shape (num_features,), default 0.1
        One variance for every feature (the probabilistic-PCA model) or one per feature (the
        factor-analysis model); all non-negative.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    dtype : {numpy.float64, numpy.float32}
        Floating type of every returned array.

    Returns
    -------
    LinearFactorData
        ``(X, H, weight, bias, noise_variance)``.

    Shape
    -----
    - ``X``: ``(N, n)``
    - ``H``: ``(N, k)``
    - ``weight``: ``(n, k)``
    - ``bias`` and ``noise_variance``: ``(n,)``

    References
    ----------
    Goodfellow et al., §13.1, equations (13.1)–(13.2).

    Examples
    --------
    >>> data = make_linear_factor_data(500, 5, 2, rng=np.random.default_rng(0))
    >>> data.X.shape, data.weight.shape, data.noise_variance.tolist()
    ((500, 5), (5, 2), [0.1, 0.1, 0.1, 0.1, 0.1])
    """
    owner = "make_linear_factor_data"
    num_samples = check_positive_int(owner, "num_samples", num_samples)
    num_features = check_positive_int(owner, "num_features", num_features)
    num_factors = check_positive_int(owner, "num_factors", num_factors)
    dt = resolve_dtype(owner, dtype)
    gen = as_generator(owner, rng)
    psi = as_float_array(owner, noise_variance, "noise_variance").astype(np.float64)
    if psi.ndim == 0:
        psi = np.full(num_features, float(psi))
    if psi.shape != (num_features,):
        fail(owner, f"noise_variance of shape () or ({num_features},)", tuple(psi.shape))
    if not np.all(np.isfinite(psi)) or np.any(psi < 0):
        fail(owner, "finite non-negative noise variances", psi.tolist())
    weight = gen.standard_normal((num_features, num_factors))
    bias = gen.standard_normal(num_features)
    H = gen.standard_normal((num_samples, num_factors))
    noise = gen.standard_normal((num_samples, num_features)) * np.sqrt(psi)
    X = H @ weight.T + bias + noise
    return LinearFactorData(
        X.astype(dt), H.astype(dt), weight.astype(dt), bias.astype(dt), psi.astype(dt)
    )


def make_heteroscedastic_data(
    num_samples: int,
    num_features: int = 8,
    num_factors: int = 2,
    *,
    noise_range: tuple[float, float] = (0.02, 1.0),
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> LinearFactorData:
    r"""Linear factor data whose noise variance differs from feature to feature.

    The variances are spaced geometrically over ``noise_range`` and assigned to the features
    in a random order, so a model with a single shared noise variance (probabilistic PCA)
    cannot describe them while factor analysis, with one variance per feature, can.

    Parameters
    ----------
    num_samples, num_features, num_factors : int
        :math:`N`, :math:`n` and :math:`k`.
    noise_range : (float, float), default (0.02, 1.0)
        Smallest and largest noise variance, ``0 < low <= high``.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    dtype : {numpy.float64, numpy.float32}
        Floating type of every returned array.

    Returns
    -------
    LinearFactorData

    Shape
    -----
    - arrays: as in ``make_linear_factor_data``.

    References
    ----------
    Goodfellow et al., §13.1.

    Examples
    --------
    >>> data = make_heteroscedastic_data(100, 4, 1, noise_range=(0.1, 0.8),
    ...                                  rng=np.random.default_rng(0))
    >>> sorted(np.round(data.noise_variance, 2).tolist())
    [0.1, 0.2, 0.4, 0.8]
    """
    owner = "make_heteroscedastic_data"
    num_features = check_positive_int(owner, "num_features", num_features)
    if not isinstance(noise_range, (tuple, list)) or len(noise_range) != 2:
        fail(owner, "noise_range to be a pair (low, high)", repr(noise_range), TypeError)
    low = check_range(owner, "noise_range[0]", noise_range[0], 0.0, low_inclusive=False)
    high = check_range(owner, "noise_range[1]", noise_range[1], low)
    gen = as_generator(owner, rng)
    psi = gen.permutation(np.geomspace(low, high, num_features))
    return make_linear_factor_data(
        num_samples, num_features, num_factors, noise_variance=psi, rng=gen, dtype=dtype
    )


def make_ica_sources(
    num_samples: int = 2000,
    *,
    kind: str = "non_gaussian",
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Three independent source signals, each with zero mean and unit variance.

    ``kind="non_gaussian"`` gives a sine (0.5 cycles per unit time), a square wave (1.3) and a
    sawtooth (0.9, its phase drawn from ``rng``); ``kind="gaussian"`` gives three independent
    Gaussian white noises, the case ICA cannot unmix.

    Parameters
    ----------
    num_samples : int, default 2000
        Length :math:`T` of each signal; the time axis spans :math:`[0, 8]`.
    kind : {"non_gaussian", "gaussian"}
        Which sources.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    dtype : {numpy.float64, numpy.float32}
        Floating type of both arrays.

    Returns
    -------
    S : numpy.ndarray
        Sources, one per column.
    t : numpy.ndarray
        Time of each sample.

    Shape
    -----
    - ``S``: ``(T, 3)``
    - ``t``: ``(T,)``

    References
    ----------
    Goodfellow et al., §13.2.

    Examples
    --------
    >>> S, t = make_ica_sources(1000, rng=np.random.default_rng(0))
    >>> S.shape, np.round(S.mean(axis=0), 12).tolist(), np.round(S.std(axis=0), 12).tolist()
    ((1000, 3), [0.0, 0.0, 0.0], [1.0, 1.0, 1.0])
    """
    owner = "make_ica_sources"
    num_samples = check_positive_int(owner, "num_samples", num_samples)
    if num_samples < 2:
        fail(owner, "num_samples >= 2", num_samples)
    dt = resolve_dtype(owner, dtype)
    gen = as_generator(owner, rng)
    t = np.linspace(0.0, 8.0, num_samples)
    if kind == "non_gaussian":
        phase = gen.uniform()
        S = np.stack(
            [
                np.sin(2.0 * np.pi * 0.5 * t),
                np.sign(np.sin(2.0 * np.pi * 1.3 * t)),
                2.0 * np.mod(0.9 * t + phase, 1.0) - 1.0,
            ],
            axis=1,
        )
    elif kind == "gaussian":
        S = gen.standard_normal((num_samples, 3))
    else:
        fail(owner, "kind 'non_gaussian' or 'gaussian'", repr(kind))
    S = (S - S.mean(axis=0)) / S.std(axis=0)
    return S.astype(dt), t.astype(dt)


def mix_signals(
    S: Any,
    mixing: Any = None,
    *,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Mix sources linearly: :math:`x_t = A s_t`, i.e. ``X = S @ A.T``.

    Without ``mixing`` a random square matrix with standard-normal entries is drawn, redrawn
    until its condition number is below 10 so that the mixtures are not nearly degenerate.

    Parameters
    ----------
    S : array_like
        Sources, one per column.
    mixing : array_like, optional
        :math:`A`, shape ``(m, k)``; ``None`` draws a ``(k, k)`` one from ``rng``.
    rng : numpy.random.Generator, optional
        Used only when ``mixing`` is ``None``.

    Returns
    -------
    X : numpy.ndarray
        Mixtures, one per column, in the dtype of ``S``.
    A : numpy.ndarray
        The mixing matrix.

    Shape
    -----
    - ``S``: ``(T, k)``
    - ``A``: ``(m, k)``
    - ``X``: ``(T, m)``

    References
    ----------
    Goodfellow et al., §13.2.

    Examples
    --------
    >>> S = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> X, A = mix_signals(S, [[1.0, 2.0], [0.0, 1.0]])
    >>> X.tolist()
    [[1.0, 0.0], [2.0, 1.0], [3.0, 1.0]]
    """
    owner = "mix_signals"
    S = as_float_array(owner, S, "S")
    check_ndim(owner, S, 2, "S of shape (T, k)")
    num_sources = S.shape[1]
    if mixing is None:
        gen = as_generator(owner, rng)
        while True:
            A = gen.standard_normal((num_sources, num_sources))
            if np.linalg.cond(A) < 10.0:
                break
    else:
        A = as_float_array(owner, mixing, "mixing").astype(np.float64)
        check_ndim(owner, A, 2, f"mixing of shape (m, {num_sources})")
        if A.shape[1] != num_sources:
            fail(owner, f"mixing of shape (m, {num_sources})", tuple(A.shape))
    X = S @ A.T.astype(S.dtype)
    return X, A.astype(S.dtype)


def make_sinusoid_mixture(
    num_samples: int = 2000,
    *,
    frequencies: Any = (0.1, 0.9, 2.3, 5.1),
    duration: float = 20.0,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Sinusoids :math:`s_j(t) = \sqrt2 \sin(2\pi f_j t + \phi_j)` mixed by a random matrix.

    Each source has unit variance over whole periods; the phases :math:`\phi_j` and the mixing
    matrix (from :func:`mix_signals`) come from ``rng``. The first frequency is the slowest
    source, the one slow feature analysis should recover from the mixtures.

    Parameters
    ----------
    num_samples : int, default 2000
        Number of time steps :math:`T`.
    frequencies : sequence of float, default (0.1, 0.9, 2.3, 5.1)
        Distinct positive frequencies (cycles per unit time), one per source.
    duration : float, default 20.0
        The time axis spans ``[0, duration]``.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    dtype : {numpy.float64, numpy.float32}
        Floating type of the arrays.

    Returns
    -------
    X : numpy.ndarray
        The mixtures.
    S : numpy.ndarray
        The sources, in the order of ``frequencies``.
    A : numpy.ndarray
        The mixing matrix, ``X = S @ A.T``.
    t : numpy.ndarray
        Time of each sample.

    Shape
    -----
    - ``X`` and ``S``: ``(T, k)`` for ``k`` frequencies
    - ``A``: ``(k, k)``
    - ``t``: ``(T,)``

    References
    ----------
    Goodfellow et al., §13.3.

    Examples
    --------
    >>> X, S, A, t = make_sinusoid_mixture(500, rng=np.random.default_rng(0))
    >>> X.shape, S.shape, A.shape
    ((500, 4), (500, 4), (4, 4))
    """
    owner = "make_sinusoid_mixture"
    num_samples = check_positive_int(owner, "num_samples", num_samples)
    duration = check_range(owner, "duration", duration, 0.0, low_inclusive=False)
    dt = resolve_dtype(owner, dtype)
    gen = as_generator(owner, rng)
    freqs = as_float_array(owner, frequencies, "frequencies").astype(np.float64)
    if freqs.ndim != 1 or freqs.size < 1 or np.any(freqs <= 0) or not np.all(np.isfinite(freqs)):
        fail(owner, "a sequence of positive frequencies", repr(frequencies))
    if np.unique(freqs).size != freqs.size:
        fail(owner, "distinct frequencies", freqs.tolist())
    t = np.linspace(0.0, duration, num_samples)
    phases = gen.uniform(0.0, 2.0 * np.pi, freqs.size)
    S = np.sqrt(2.0) * np.sin(2.0 * np.pi * freqs * t[:, None] + phases)
    X, A = mix_signals(S, rng=gen)
    return X.astype(dt), S.astype(dt), A.astype(dt), t.astype(dt)
