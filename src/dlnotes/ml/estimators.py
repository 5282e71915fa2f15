r"""Point estimators, their bias and variance, and the bias–variance decomposition.

Goodfellow et al., §5.4. An estimator :math:`\hat\theta_m` is a function of :math:`m` samples;
its bias is :math:`\mathbb E[\hat\theta_m]-\theta` and its variance
:math:`\mathrm{Var}(\hat\theta_m)`, both over the random draw of the data. Both are measured
here by Monte Carlo: draw many data sets, apply the estimator to each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail

__all__ = [
    "variance_mle",
    "variance_unbiased",
    "EstimatorStats",
    "estimator_statistics",
    "BiasVariance",
    "bias_variance_decomposition",
]


def variance_mle(x: Any, axis: int = -1) -> np.ndarray:
    r"""Maximum-likelihood variance :math:`\hat\sigma^2_m=\frac1m\sum_i(x_i-\hat\mu_m)^2`.

    Biased: :math:`\mathbb E[\hat\sigma_m^2]=\frac{m-1}{m}\sigma^2` (Goodfellow et al.,
    §5.4.2), because the deviations are measured from the sample mean, which is closer to the
    data than the true mean is.

    Parameters
    ----------
    x : array_like
        Samples along ``axis``.
    axis : int

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    ``x``: samples along ``axis``; output has that axis removed.

    Examples
    --------
    >>> float(variance_mle(np.array([1.0, 3.0])))
    1.0
    """
    x = as_float_array("variance_mle", x, "x")
    if x.ndim == 0 or x.shape[axis] < 1:
        fail("variance_mle", "at least one sample along axis", x.shape)
    return np.var(x, axis=axis)


def variance_unbiased(x: Any, axis: int = -1) -> np.ndarray:
    r"""Unbiased variance :math:`\frac{1}{m-1}\sum_i(x_i-\hat\mu_m)^2` (Bessel's correction).

    Parameters
    ----------
    x : array_like
        At least two samples along ``axis``.
    axis : int

    Returns
    -------
    numpy.ndarray

    Shape
    -----
    ``x``: samples along ``axis``; output has that axis removed.

    References
    ----------
    Goodfellow et al., §5.4.2.

    Examples
    --------
    >>> float(variance_unbiased(np.array([1.0, 3.0])))
    2.0
    """
    x = as_float_array("variance_unbiased", x, "x")
    if x.ndim == 0 or x.shape[axis] < 2:
        fail("variance_unbiased", "at least two samples along axis", x.shape)
    return np.var(x, axis=axis, ddof=1)


class EstimatorStats(NamedTuple):
    """Monte-Carlo summary of an estimator over ``num_trials`` data sets.

    References
    ----------
    Goodfellow et al., §5.4.

    Examples
    --------
    >>> EstimatorStats(mean=1.9, bias=-0.1, variance=0.4, standard_error=0.02).bias
    -0.1
    """

    mean: float
    bias: float
    variance: float
    standard_error: float  # of ``mean`` (and so of ``bias``)


def estimator_statistics(
    estimator: Callable[[np.ndarray], np.ndarray],
    sample: Callable[[tuple[int, int], np.random.Generator], np.ndarray],
    true_value: float,
    m: int,
    num_trials: int = 10_000,
    rng: np.random.Generator | None = None,
) -> EstimatorStats:
    r"""Bias and variance of an estimator by Monte Carlo over ``num_trials`` data sets.

    ``sample((num_trials, m), rng)`` draws all data sets at once (one per row);
    ``estimator(data)`` reduces each row (``axis=-1``) to an estimate. Returns the mean of the
    estimates, the bias :math:`\text{mean}-\theta`, their variance, and the standard error of
    the mean, :math:`\sqrt{\mathrm{Var}/\text{num\_trials}}` (Goodfellow et al., §5.4).

    Parameters
    ----------
    estimator : callable
        Maps data sets (rows) to estimates.
    sample : callable
        ``(shape, rng) -> data``.
    true_value : float
        :math:`\theta`.
    m : int
        Examples per data set.
    num_trials : int
        Number of data sets.
    rng : numpy.random.Generator, optional

    Returns
    -------
    EstimatorStats

    Shape
    -----
    ``sample`` returns (num_trials, m); ``estimator`` maps it to (num_trials,).

    Examples
    --------
    >>> s = lambda shape, rng: rng.normal(0.0, 2.0, shape)
    >>> st = estimator_statistics(variance_mle, s, 4.0, m=2, rng=np.random.default_rng(0))
    >>> bool(abs(st.mean - 2.0) < 4 * st.standard_error)   # (m - 1) / m * 4 = 2
    True
    """
    owner = "estimator_statistics"
    if not callable(estimator) or not callable(sample):
        fail(
            owner,
            "estimator and sample to be callable",
            (type(estimator).__name__, type(sample).__name__),
            TypeError,
        )
    m = check_positive_int(owner, "m", m)
    num_trials = check_positive_int(owner, "num_trials", num_trials)
    rng = as_generator(owner, rng)
    estimates = np.asarray(estimator(sample((num_trials, m), rng)), dtype=np.float64)
    if estimates.shape != (num_trials,):
        fail(owner, f"one estimate per data set, shape ({num_trials},)", estimates.shape)
    var = float(estimates.var(ddof=1)) if num_trials > 1 else 0.0
    mean = float(estimates.mean())
    return EstimatorStats(mean, mean - float(true_value), var, float(np.sqrt(var / num_trials)))


class BiasVariance(NamedTuple):
    """Terms of the expected test error, each averaged over the test inputs.

    References
    ----------
    Goodfellow et al., §5.4.4.

    Examples
    --------
    >>> r = BiasVariance(0.1, 0.2, 0.09, 0.39)
    >>> round(r.bias_squared + r.variance + r.noise, 2)
    0.39
    """

    bias_squared: float
    variance: float
    noise: float
    expected_mse: float  # measured directly against fresh noisy targets


def bias_variance_decomposition(
    make_data: Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]],
    fit_predict: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    x_test: Any,
    f_test: Any,
    noise_var: float,
    *,
    m: int,
    num_datasets: int = 200,
    rng: np.random.Generator | None = None,
) -> BiasVariance:
    r"""Monte-Carlo bias–variance decomposition of a learning algorithm's test error.

    For targets :math:`y=f(x)+\varepsilon` with noise variance :math:`\sigma^2`, and a
    prediction :math:`\hat y(x)` from a model trained on a random data set of size :math:`m`,

    .. math:: \mathbb E[(\hat y-y)^2]=\underbrace{(\mathbb E\hat y-f)^2}_{\text{bias}^2}
              +\underbrace{\mathrm{Var}(\hat y)}_{\text{variance}}+\sigma^2

    (Goodfellow et al., §5.4.4). ``expected_mse`` is measured independently, against one
    fresh noisy target per data set, so the identity can be checked.

    Parameters
    ----------
    make_data : callable
        ``(m, rng) -> (x, y)`` draws a training set.
    fit_predict : callable
        ``(x_train, y_train, x_test) -> y_hat``.
    x_test, f_test : array_like, shape (T,)
        Test inputs and noiseless targets :math:`f(x)`.
    noise_var : float
        :math:`\sigma^2`.

    Shape
    -----
    ``x_test``, ``f_test``: (T,); ``fit_predict`` returns (T,).

    Examples
    --------
    >>> from dlnotes.data import make_sine_regression, sine_target
    >>> from dlnotes.ml import fit_polynomial, predict_polynomial
    >>> fp = lambda x, y, xt: predict_polynomial(fit_polynomial(x, y, 3), xt)
    >>> xt = np.linspace(-0.8, 0.8, 9)
    >>> r = bias_variance_decomposition(make_sine_regression, fp, xt, sine_target(xt), 0.09,
    ...                                 m=30, num_datasets=50, rng=np.random.default_rng(0))
    >>> bool(r.bias_squared < r.variance < r.noise)
    True
    """
    owner = "bias_variance_decomposition"
    if not callable(make_data) or not callable(fit_predict):
        fail(
            owner,
            "make_data and fit_predict to be callable",
            (type(make_data).__name__, type(fit_predict).__name__),
            TypeError,
        )
    x_test = as_float_array(owner, x_test, "x_test")
    f_test = as_float_array(owner, f_test, "f_test")
    if x_test.shape != f_test.shape:
        fail(owner, "x_test and f_test of the same shape", f"{x_test.shape} and {f_test.shape}")
    m = check_positive_int(owner, "m", m)
    num_datasets = check_positive_int(owner, "num_datasets", num_datasets)
    rng = as_generator(owner, rng)
    preds = np.stack([fit_predict(*make_data(m, rng), x_test) for _ in range(num_datasets)])
    fresh = f_test + np.sqrt(noise_var) * rng.standard_normal(preds.shape)
    bias_sq = float(np.mean((preds.mean(axis=0) - f_test) ** 2))
    variance = float(np.mean(preds.var(axis=0)))
    return BiasVariance(bias_sq, variance, float(noise_var), float(np.mean((preds - fresh) ** 2)))
