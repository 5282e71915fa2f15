r"""Bayesian linear regression: Gaussian prior, Gaussian likelihood, Gaussian posterior.

Goodfellow et al., §5.6.1. With prior :math:`w\sim\mathcal N(\mu_0,\Lambda_0)` and targets
:math:`y=Xw+\varepsilon`, :math:`\varepsilon\sim\mathcal N(0,\sigma^2I)`, the posterior is
:math:`\mathcal N(\mu_m,\Lambda_m)` with

.. math:: \Lambda_m=\left(\Lambda_0^{-1}+\sigma^{-2}X^\top X\right)^{-1},\qquad
          \mu_m=\Lambda_m\left(\Lambda_0^{-1}\mu_0+\sigma^{-2}X^\top y\right).

(The book takes :math:`\sigma^2=1`.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)

__all__ = ["BayesianLinearRegression"]


class BayesianLinearRegression:
    r"""Exact posterior and predictive distribution of a linear-Gaussian model.

    Parameters
    ----------
    num_features : int
        :math:`p`, the length of :math:`w`.
    prior_var : float
        Prior :math:`w\sim\mathcal N(0,\tau^2 I)` with :math:`\tau^2` = ``prior_var``
        (used when ``prior_mean``/``prior_cov`` are not given).
    noise_var : float
        :math:`\sigma^2`.
    prior_mean : array_like, shape (p,), optional
    prior_cov : array_like, shape (p, p), optional
    dtype : dtype, optional
        float64 (default) or float32 for the stored posterior and the predictions.

    Shape
    -----
    ``fit(X, y)``: (N, p), (N,). ``predict(X)`` → mean (N,), variance (N,).
    ``sample_weights(n, rng)`` → (n, p).

    References
    ----------
    Goodfellow et al., §5.6 and §5.6.1.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> model = BayesianLinearRegression(2, prior_var=1e6, noise_var=1e-6).fit(X, y)
    >>> np.round(model.mean, 4)
    array([1., 2.])
    """

    def __init__(
        self,
        num_features: int,
        *,
        prior_var: float = 1.0,
        noise_var: float = 1.0,
        prior_mean: Any = None,
        prior_cov: Any = None,
        dtype: Any = None,
    ) -> None:
        owner = "BayesianLinearRegression"
        self.dtype = resolve_dtype(owner, dtype)
        p = check_positive_int(owner, "num_features", num_features)
        self.noise_var = check_range(owner, "noise_var", noise_var, 0.0, low_inclusive=False)
        tau2 = check_range(owner, "prior_var", prior_var, 0.0, low_inclusive=False)
        mu0 = np.zeros(p) if prior_mean is None else as_float_array(owner, prior_mean, "prior_mean")
        cov0 = (
            tau2 * np.eye(p) if prior_cov is None else as_float_array(owner, prior_cov, "prior_cov")
        )
        if mu0.shape != (p,) or cov0.shape != (p, p):
            fail(
                owner,
                f"prior_mean ({p},) and prior_cov ({p}, {p})",
                f"{mu0.shape} and {cov0.shape}",
            )
        self.num_features = p
        self.prior_mean, self.prior_cov = mu0.astype(self.dtype), cov0.astype(self.dtype)
        self.mean, self.cov = self.prior_mean.copy(), self.prior_cov.copy()

    def fit(self, X: Any, y: Any) -> BayesianLinearRegression:
        """Condition the prior on data; returns ``self`` with ``mean``/``cov`` updated."""
        owner = "BayesianLinearRegression"
        X, y = as_float_array(owner, X, "X"), as_float_array(owner, y, "y")
        X, y = X.astype(self.dtype, copy=False), y.astype(self.dtype, copy=False)
        if X.ndim != 2 or X.shape[1] != self.num_features or y.shape != (X.shape[0],):
            fail(
                owner,
                f"X of shape (N, {self.num_features}) and y of shape (N,)",
                f"{X.shape} and {y.shape}",
            )
        prior_precision = np.linalg.inv(self.prior_cov)
        precision = prior_precision + X.T @ X / self.noise_var
        self.cov = np.linalg.inv(precision)
        self.cov = 0.5 * (self.cov + self.cov.T)  # keep it exactly symmetric
        self.mean = np.linalg.solve(
            precision, prior_precision @ self.prior_mean + X.T @ y / self.noise_var
        )
        return self

    def predict(self, X: Any, *, include_noise: bool = True) -> tuple[np.ndarray, np.ndarray]:
        r"""Predictive mean :math:`x^\top\mu_m` and variance :math:`x^\top\Lambda_m x+\sigma^2`.

        ``include_noise=False`` drops :math:`\sigma^2`: the uncertainty about the regression
        line itself rather than about a new noisy target.
        """
        X = as_float_array("BayesianLinearRegression", X, "X").astype(self.dtype, copy=False)
        if X.ndim != 2 or X.shape[1] != self.num_features:
            fail("BayesianLinearRegression", f"X of shape (N, {self.num_features})", X.shape)
        var = np.einsum("ij,jk,ik->i", X, self.cov, X)
        noise = self.dtype.type(self.noise_var if include_noise else 0.0)
        return X @ self.mean, var + noise

    def sample_weights(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws of :math:`w` from the current (prior or posterior) distribution."""
        n = check_positive_int("BayesianLinearRegression", "n", n)
        rng = as_generator("BayesianLinearRegression", rng)
        return rng.multivariate_normal(self.mean, self.cov, size=n, method="eigh")

    @property
    def map_estimate(self) -> np.ndarray:
        r"""The MAP weights. For a Gaussian posterior the mode is the mean :math:`\mu_m`; with
        a zero-mean prior :math:`\mathcal N(0,\tau^2I)` it equals ridge regression with
        :math:`\alpha=\sigma^2/\tau^2` (Goodfellow et al., §5.6.1)."""
        return self.mean
