r"""The error of an ensemble average: :math:`v/k + (k-1)c/k`.

If :math:`k` models make errors :math:`\varepsilon_i` with zero mean, variance
:math:`\mathbb E[\varepsilon_i^2] = v` and covariance :math:`\mathbb E[\varepsilon_i
\varepsilon_j] = c` (:math:`i \ne j`), the averaged prediction errs by
:math:`\bar\varepsilon = \frac1k\sum_i \varepsilon_i` and

.. math:: \mathbb E[\bar\varepsilon^2] = \frac{v}{k} + \frac{k-1}{k}c .

Perfectly correlated errors (:math:`c = v`) gain nothing; uncorrelated ones (:math:`c = 0`)
divide the expected squared error by :math:`k` (Goodfellow et al., §7.11).
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, fail

__all__ = ["ensemble_squared_error", "simulate_ensemble_squared_error"]


def _check(owner: str, variance: float, covariance: float, k: int) -> tuple[float, float, int]:
    v = check_range(owner, "variance", variance, 0.0)
    c = float(covariance)
    k = check_positive_int(owner, "k", k)
    # A covariance matrix v I + c (11^T - I) is positive semi-definite iff -v/(k-1) <= c <= v.
    low = -v / (k - 1) if k > 1 else -np.inf
    if not low - 1e-15 <= c <= v + 1e-15:
        fail(owner, f"covariance in [-v/(k-1), v] = [{low:g}, {v:g}]", c)
    return v, c, k


def ensemble_squared_error(variance: float, covariance: float, k: int) -> float:
    r"""Expected squared error of the average of :math:`k` models, :math:`v/k + (k-1)c/k`.

    Parameters
    ----------
    variance : float
        :math:`v = \mathbb E[\varepsilon_i^2] \ge 0`.
    covariance : float
        :math:`c = \mathbb E[\varepsilon_i\varepsilon_j]`, between :math:`-v/(k-1)` and
        :math:`v` (otherwise no such errors exist).
    k : int
        Number of models.

    Returns
    -------
    float

    Notes
    -----
    Goodfellow et al., §7.11, equation (7.50).

    Examples
    --------
    >>> ensemble_squared_error(1.0, 0.0, 4), ensemble_squared_error(1.0, 1.0, 4)
    (0.25, 1.0)
    """
    v, c, k = _check("ensemble_squared_error", variance, covariance, k)
    return v / k + (k - 1) * c / k


def simulate_ensemble_squared_error(
    variance: float,
    covariance: float,
    k: int,
    *,
    num_trials: int = 100_000,
    rng: np.random.Generator | None = None,
) -> float:
    r"""Monte-Carlo estimate of :math:`\mathbb E[\bar\varepsilon^2]` with Gaussian errors.

    Draws ``num_trials`` vectors :math:`\varepsilon \sim \mathcal N(0, \Sigma)` with
    :math:`\Sigma_{ii} = v`, :math:`\Sigma_{ij} = c`, and averages :math:`\bar\varepsilon^2`.
    The estimate has standard error
    :math:`\sqrt{2}\,\mathbb E[\bar\varepsilon^2]/\sqrt{\text{num\_trials}}`
    (:math:`\bar\varepsilon` is Gaussian).

    Parameters
    ----------
    variance, covariance, k
        As in :func:`ensemble_squared_error`.
    num_trials : int, default 100000
    rng : numpy.random.Generator, optional

    Returns
    -------
    float

    Notes
    -----
    Goodfellow et al., §7.11.

    Examples
    --------
    >>> est = simulate_ensemble_squared_error(1.0, 0.5, 5, rng=np.random.default_rng(0))
    >>> abs(est - ensemble_squared_error(1.0, 0.5, 5)) < 0.01
    True
    """
    owner = "simulate_ensemble_squared_error"
    v, c, k = _check(owner, variance, covariance, k)
    n = check_positive_int(owner, "num_trials", num_trials)
    gen = as_generator(owner, rng)
    cov = np.full((k, k), c)
    np.fill_diagonal(cov, v)
    errors = gen.multivariate_normal(np.zeros(k), cov, size=n, method="eigh")
    return float(np.mean(errors.mean(axis=1) ** 2))
