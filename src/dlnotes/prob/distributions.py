"""The common probability distributions of Goodfellow et al., §3.9.

Every distribution exposes ``pdf(x)`` (a probability *mass* for the discrete ones),
``logpdf(x)`` computed directly in log space (so it stays finite where ``pdf`` underflows),
``sample(n, rng)`` and its ``mean``/``var``. Parameters are stored in the requested ``dtype``
(float64 by default) and evaluations keep it.
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
from dlnotes.nn import functional as F

__all__ = [
    "Bernoulli",
    "Categorical",
    "Gaussian",
    "MultivariateGaussian",
    "Exponential",
    "Laplace",
    "Empirical",
    "GaussianMixture",
]

_LOG_2PI = float(np.log(2.0 * np.pi))


def _check_n(owner: str, n: Any) -> int:
    return check_positive_int(owner, "n", n)


class Bernoulli:
    r"""Distribution over a single binary variable: :math:`P(x=1)=\phi`, :math:`P(x=0)=1-\phi`.

    :math:`P(x) = \phi^x (1-\phi)^{1-x}`, mean :math:`\phi`, variance :math:`\phi(1-\phi)`
    (Goodfellow et al., §3.9.1).

    Parameters
    ----------
    p : float
        Probability :math:`\phi` of the outcome 1, in [0, 1].
    dtype : dtype, optional
        float64 (default) or float32.

    Shape
    -----
    ``pdf``/``logpdf``: outcomes of any shape → same shape; ``sample(n)`` → (n,) int64.

    Examples
    --------
    >>> d = Bernoulli(0.3)
    >>> d.pdf(np.array([0, 1]))
    array([0.7, 0.3])
    >>> d.var
    0.21
    """

    def __init__(self, p: float, *, dtype: Any = None) -> None:
        self.p = check_range("Bernoulli", "p", p, 0.0, 1.0)
        self.dtype = resolve_dtype("Bernoulli", dtype)

    @property
    def mean(self) -> float:
        return self.p

    @property
    def var(self) -> float:
        return self.p * (1.0 - self.p)

    def _outcomes(self, x: Any) -> np.ndarray:
        x = np.asarray(x)
        if x.size and not np.all((x == 0) | (x == 1)):
            fail("Bernoulli", "outcomes in {0, 1}", np.unique(x)[:5])
        return x

    def pdf(self, x: Any) -> np.ndarray:
        """Probability mass of each outcome in ``x`` (same shape as ``x``)."""
        x = self._outcomes(x)
        return np.where(x == 1, self.p, 1.0 - self.p).astype(self.dtype)

    def logpdf(self, x: Any) -> np.ndarray:
        """Log of :meth:`pdf` (``-inf`` for an outcome of probability 0)."""
        with np.errstate(divide="ignore"):
            return np.log(self.pdf(x))

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` independent draws, shape ``(n,)``, values 0 or 1 as int64."""
        n = _check_n("Bernoulli", n)
        rng = as_generator("Bernoulli", rng)
        return (rng.random(n) < self.p).astype(np.int64)


class Categorical:
    r"""Multinoulli distribution over :math:`k` states with probabilities :math:`\boldsymbol p`.

    :math:`P(x = i) = p_i`, :math:`\sum_i p_i = 1` (Goodfellow et al., §3.9.2).

    Parameters
    ----------
    probs : array_like, shape (k,)
        Non-negative probabilities summing to 1.
    dtype : dtype, optional
        float64 (default) or float32.

    Shape
    -----
    ``pdf``/``logpdf``: integer states of any shape → same shape; ``sample(n)`` → (n,) int64.

    Examples
    --------
    >>> d = Categorical([0.2, 0.5, 0.3])
    >>> d.pdf(np.array([1, 2]))
    array([0.5, 0.3])
    """

    def __init__(self, probs: Any, *, dtype: Any = None) -> None:
        self.dtype = resolve_dtype("Categorical", dtype)
        p = as_float_array("Categorical", probs, "probs").astype(self.dtype)
        if p.ndim != 1 or p.size == 0:
            fail("Categorical", "probs of shape (k,)", tuple(p.shape))
        if np.any(p < 0) or not np.isclose(p.sum(), 1.0, atol=1e-6):
            fail("Categorical", "non-negative probs summing to 1", f"sum {float(p.sum()):.6g}")
        self.probs = p

    @property
    def num_states(self) -> int:
        return int(self.probs.size)

    def _states(self, x: Any) -> np.ndarray:
        x = np.asarray(x)
        if x.dtype.kind not in "iu":
            fail("Categorical", "integer states", f"dtype {x.dtype}", TypeError)
        if x.size and (x.min() < 0 or x.max() >= self.num_states):
            fail(
                "Categorical",
                f"states in [0, {self.num_states - 1}]",
                f"range [{x.min()}, {x.max()}]",
            )
        return x

    def pdf(self, x: Any) -> np.ndarray:
        """Probability of each state in ``x`` (same shape as ``x``)."""
        return self.probs[self._states(x)]

    def logpdf(self, x: Any) -> np.ndarray:
        """Log probability of each state in ``x``."""
        with np.errstate(divide="ignore"):
            return np.log(self.pdf(x))

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws, shape ``(n,)`` int64, by inverting the cumulative distribution."""
        n = _check_n("Categorical", n)
        rng = as_generator("Categorical", rng)
        cdf = np.cumsum(self.probs, dtype=np.float64)
        idx = np.searchsorted(cdf / cdf[-1], rng.random(n), side="right")
        return np.minimum(idx, self.num_states - 1).astype(np.int64)


class Gaussian:
    r"""Univariate normal distribution :math:`\mathcal N(x;\mu,\sigma^2)`.

    .. math:: \mathcal N(x;\mu,\sigma^2)=\sqrt{\tfrac{1}{2\pi\sigma^2}}
              \exp\!\left(-\tfrac{(x-\mu)^2}{2\sigma^2}\right)
              =\sqrt{\tfrac{\beta}{2\pi}}\exp\!\left(-\tfrac12\beta(x-\mu)^2\right)

    Give either ``std`` (:math:`\sigma`) or ``precision`` (:math:`\beta = 1/\sigma^2`). The
    precision form is the cheaper one when the density must be evaluated for many *different
    parameter values* (a precision can be used as it is; a standard deviation must first be
    squared and inverted) (Goodfellow et al., §3.9.3).

    Parameters
    ----------
    mean : float
    std : float, optional
        Standard deviation (> 0). Default 1 when ``precision`` is not given.
    precision : float, optional
        Inverse variance (> 0); exclusive with ``std``.
    dtype : dtype, optional

    Shape
    -----
    ``pdf``/``logpdf``: any shape → same shape; ``sample(n)`` → (n,).

    Examples
    --------
    >>> round(float(Gaussian(0.0, 1.0).pdf(0.0)), 6)
    0.398942
    >>> Gaussian(1.0, precision=4.0).std
    0.5
    """

    def __init__(
        self,
        mean: float = 0.0,
        std: float | None = None,
        *,
        precision: float | None = None,
        dtype: Any = None,
    ) -> None:
        self.dtype = resolve_dtype("Gaussian", dtype)
        self.mean = check_range("Gaussian", "mean", mean)
        if std is not None and precision is not None:
            fail("Gaussian", "either std or precision, not both", (std, precision))
        if precision is not None:
            self.precision = check_range(
                "Gaussian", "precision", precision, 0.0, low_inclusive=False
            )
        else:
            s = check_range(
                "Gaussian", "std", 1.0 if std is None else std, 0.0, low_inclusive=False
            )
            self.precision = 1.0 / (s * s)

    @property
    def var(self) -> float:
        return 1.0 / self.precision

    @property
    def std(self) -> float:
        return float(np.sqrt(self.var))

    def logpdf(self, x: Any) -> np.ndarray:
        """Log density, same shape as ``x``."""
        x = np.asarray(x, dtype=self.dtype)
        return (
            0.5 * (np.log(self.precision) - _LOG_2PI) - 0.5 * self.precision * (x - self.mean) ** 2
        ).astype(self.dtype)

    def pdf(self, x: Any) -> np.ndarray:
        """Density, same shape as ``x``."""
        return np.exp(self.logpdf(x))

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws, shape ``(n,)``: :math:`\\mu+\\sigma z`, :math:`z\\sim\\mathcal N(0,1)`."""
        n = _check_n("Gaussian", n)
        rng = as_generator("Gaussian", rng)
        return (self.mean + self.std * rng.standard_normal(n)).astype(self.dtype)


class MultivariateGaussian:
    r"""Normal distribution over :math:`\mathbb R^d` with mean :math:`\boldsymbol\mu`.

    .. math:: \mathcal N(\boldsymbol x;\boldsymbol\mu,\boldsymbol\Sigma)=
              \frac{1}{\sqrt{(2\pi)^d\det\boldsymbol\Sigma}}
              \exp\!\left(-\tfrac12(\boldsymbol x-\boldsymbol\mu)^\top\boldsymbol\Sigma^{-1}
              (\boldsymbol x-\boldsymbol\mu)\right)

    Give ``cov`` (:math:`\boldsymbol\Sigma`) or ``precision`` (:math:`\boldsymbol\beta =
    \boldsymbol\Sigma^{-1}`), both symmetric positive definite (Goodfellow et al., §3.9.3).

    Parameters
    ----------
    mean : array_like, shape (d,)
    cov : array_like, shape (d, d), optional
        Covariance :math:`\Sigma` (symmetric positive definite).
    precision : array_like, shape (d, d), optional
        :math:`\Sigma^{-1}`; give exactly one of ``cov`` and ``precision``.
    dtype : dtype, optional
        float64 (default) or float32.

    Shape
    -----
    ``mean``: (d,); ``cov``/``precision``: (d, d); ``pdf`` input (..., d) → output (...);
    ``sample(n)`` → (n, d).

    Examples
    --------
    >>> g = MultivariateGaussian([0.0, 0.0], np.eye(2))
    >>> round(float(g.pdf(np.zeros(2))), 6)
    0.159155
    """

    def __init__(
        self, mean: Any, cov: Any = None, *, precision: Any = None, dtype: Any = None
    ) -> None:
        owner = "MultivariateGaussian"
        self.dtype = resolve_dtype(owner, dtype)
        self.mean = as_float_array(owner, mean, "mean").astype(self.dtype)
        if self.mean.ndim != 1:
            fail(owner, "mean of shape (d,)", tuple(self.mean.shape))
        d = self.mean.size
        if (cov is None) == (precision is None):
            fail(owner, "exactly one of cov and precision", "both" if cov is not None else "none")
        m = as_float_array(owner, cov if cov is not None else precision, "cov").astype(self.dtype)
        if m.shape != (d, d):
            fail(owner, f"a ({d}, {d}) covariance or precision", tuple(m.shape))
        if not np.allclose(m, m.T):
            fail(owner, "a symmetric covariance or precision", "a non-symmetric matrix")
        try:
            chol = np.linalg.cholesky(m)
        except np.linalg.LinAlgError:
            fail(owner, "a positive definite covariance or precision", "a singular matrix")
        self.cov = m if cov is not None else np.linalg.inv(m)
        self.precision = m if precision is not None else np.linalg.inv(m)
        # log det Sigma from the Cholesky factor of whichever matrix was given.
        logdet = 2.0 * np.sum(np.log(np.diag(chol)))
        self._logdet_cov = logdet if cov is not None else -logdet
        self._chol_cov = np.linalg.cholesky(self.cov)

    @property
    def dim(self) -> int:
        return int(self.mean.size)

    def logpdf(self, x: Any) -> np.ndarray:
        """Log density of points ``x`` of shape (..., d); returns shape (...)."""
        x = as_float_array("MultivariateGaussian", x)
        if x.ndim == 0 or x.shape[-1] != self.dim:
            fail("MultivariateGaussian", f"points with last dimension {self.dim}", x.shape)
        diff = x.astype(self.dtype, copy=False) - self.mean
        maha = np.einsum("...i,ij,...j->...", diff, self.precision, diff)
        return (-0.5 * (self.dim * _LOG_2PI + self._logdet_cov + maha)).astype(self.dtype)

    def pdf(self, x: Any) -> np.ndarray:
        """Density of points ``x`` of shape (..., d)."""
        return np.exp(self.logpdf(x))

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws, shape ``(n, d)``: :math:`\\mu+Lz` with :math:`LL^\\top=\\Sigma`."""
        n = _check_n("MultivariateGaussian", n)
        rng = as_generator("MultivariateGaussian", rng)
        z = rng.standard_normal((n, self.dim))
        return (self.mean + z @ self._chol_cov.T).astype(self.dtype)


class Exponential:
    r"""Exponential distribution :math:`p(x;\lambda)=\lambda\,\mathbf 1_{x\ge0}\,e^{-\lambda x}`.

    A density with a sharp point at :math:`x=0` (Goodfellow et al., §3.9.4). Mean
    :math:`1/\lambda`, variance :math:`1/\lambda^2`.

    Parameters
    ----------
    rate : float
        :math:`\lambda > 0`.
    dtype : dtype, optional
        float64 (default) or float32.

    Shape
    -----
    ``pdf``/``logpdf``: any shape → same shape; ``sample(n)`` → (n,).

    Examples
    --------
    >>> Exponential(2.0).pdf(np.array([-1.0, 0.0]))
    array([0., 2.])
    """

    def __init__(self, rate: float = 1.0, *, dtype: Any = None) -> None:
        self.rate = check_range("Exponential", "rate", rate, 0.0, low_inclusive=False)
        self.dtype = resolve_dtype("Exponential", dtype)

    @property
    def mean(self) -> float:
        return 1.0 / self.rate

    @property
    def var(self) -> float:
        return 1.0 / self.rate**2

    def logpdf(self, x: Any) -> np.ndarray:
        """Log density (``-inf`` for negative ``x``)."""
        x = np.asarray(x, dtype=self.dtype)
        return np.where(x >= 0, np.log(self.rate) - self.rate * x, -np.inf).astype(self.dtype)

    def pdf(self, x: Any) -> np.ndarray:
        """Density, zero for negative ``x``."""
        return np.exp(self.logpdf(x))

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws by inverse-CDF sampling, :math:`-\\log(1-u)/\\lambda`."""
        n = _check_n("Exponential", n)
        rng = as_generator("Exponential", rng)
        return (-np.log1p(-rng.random(n)) / self.rate).astype(self.dtype)


class Laplace:
    r"""Laplace distribution :math:`p(x;\mu,\gamma)=\frac1{2\gamma}e^{-|x-\mu|/\gamma}`.

    Puts a sharp peak of mass at an arbitrary point :math:`\mu` (Goodfellow et al., §3.9.4).
    Mean :math:`\mu`, variance :math:`2\gamma^2`.

    Parameters
    ----------
    loc : float
        :math:`\mu`, the location of the peak.
    scale : float
        :math:`\gamma > 0`.
    dtype : dtype, optional
        float64 (default) or float32.

    Shape
    -----
    ``pdf``/``logpdf``: any shape → same shape; ``sample(n)`` → (n,).

    Examples
    --------
    >>> float(Laplace(0.0, 0.5).pdf(0.0))
    1.0
    """

    def __init__(self, loc: float = 0.0, scale: float = 1.0, *, dtype: Any = None) -> None:
        self.loc = check_range("Laplace", "loc", loc)
        self.scale = check_range("Laplace", "scale", scale, 0.0, low_inclusive=False)
        self.dtype = resolve_dtype("Laplace", dtype)

    @property
    def mean(self) -> float:
        return self.loc

    @property
    def var(self) -> float:
        return 2.0 * self.scale**2

    def logpdf(self, x: Any) -> np.ndarray:
        """Log density, same shape as ``x``."""
        x = np.asarray(x, dtype=self.dtype)
        return (-np.log(2.0 * self.scale) - np.abs(x - self.loc) / self.scale).astype(self.dtype)

    def pdf(self, x: Any) -> np.ndarray:
        """Density, same shape as ``x``."""
        return np.exp(self.logpdf(x))

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws by inverting the CDF of a uniform on (-1/2, 1/2)."""
        n = _check_n("Laplace", n)
        rng = as_generator("Laplace", rng)
        u = rng.random(n) - 0.5
        return (self.loc - self.scale * np.sign(u) * np.log1p(-2.0 * np.abs(u))).astype(self.dtype)


class Empirical:
    r"""Empirical distribution: a Dirac spike of mass :math:`1/m` on each of :math:`m` samples.

    :math:`\hat p(\boldsymbol x)=\frac1m\sum_{i=1}^m\delta(\boldsymbol x-\boldsymbol x^{(i)})`,
    the distribution that maximises the likelihood of the training data (Goodfellow et al.,
    §3.9.5). Because a Dirac delta has no finite density, :meth:`pdf` returns the *mass*
    the distribution places at each query point (a multiple of :math:`1/m`, zero off the
    data). Expectations under it are plain averages over the data.

    Parameters
    ----------
    data : array_like, shape (m,) or (m, d)
        The examples carrying mass 1/m each.
    dtype : dtype, optional
        float64 (default) or float32.

    Shape
    -----
    ``data``: (m,) or (m, d); ``sample(n)`` → (n,) or (n, d).

    Examples
    --------
    >>> e = Empirical(np.array([1.0, 2.0, 2.0, 5.0]))
    >>> e.pdf(np.array([2.0, 3.0]))
    array([0.5, 0. ])
    >>> e.mean
    2.5
    """

    def __init__(self, data: Any, *, dtype: Any = None) -> None:
        self.dtype = resolve_dtype("Empirical", dtype)
        d = as_float_array("Empirical", data, "data").astype(self.dtype)
        if d.ndim not in (1, 2) or d.shape[0] == 0:
            fail("Empirical", "non-empty data of shape (m,) or (m, d)", tuple(d.shape))
        self.data = d

    @property
    def mean(self) -> Any:
        m = self.data.mean(axis=0)
        return float(m) if self.data.ndim == 1 else m

    @property
    def var(self) -> Any:
        v = self.data.var(axis=0)
        return float(v) if self.data.ndim == 1 else v

    def pdf(self, x: Any) -> np.ndarray:
        """Mass at each query point: (number of equal data points) / m."""
        x = np.asarray(x, dtype=self.dtype)
        if self.data.ndim == 1:
            return (x[..., None] == self.data).mean(axis=-1).astype(self.dtype)
        return np.all(x[..., None, :] == self.data, axis=-1).mean(axis=-1).astype(self.dtype)

    def logpdf(self, x: Any) -> np.ndarray:
        """Log of :meth:`pdf` (``-inf`` off the data)."""
        with np.errstate(divide="ignore"):
            return np.log(self.pdf(x))

    def expectation(self, f: Any) -> Any:
        """:math:`\\mathbb E_{\\hat p}[f(x)] = \\frac1m\\sum_i f(x^{(i)})`."""
        return np.mean(f(self.data), axis=0)

    def sample(self, n: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """``n`` draws with replacement from the data."""
        n = _check_n("Empirical", n)
        rng = as_generator("Empirical", rng)
        return self.data[rng.integers(0, self.data.shape[0], n)]


class GaussianMixture:
    r"""Mixture of Gaussians, :math:`p(\boldsymbol x)=\sum_i P(c=i)\,
    \mathcal N(\boldsymbol x;\boldsymbol\mu^{(i)},\boldsymbol\Sigma^{(i)})`.

    The component identity :math:`c` is a latent variable. :meth:`sample` draws by ancestral
    sampling: first :math:`c` from the multinoulli ``weights``, then :math:`\boldsymbol x` from
    component :math:`c` (Goodfellow et al., §3.9.6).

    Parameters
    ----------
    weights : array_like, shape (k,)
        Mixing probabilities :math:`P(c=i)`.
    means : array_like, shape (k,) or (k, d)
        Component means; shape (k,) makes a univariate mixture.
    covs : array_like, shape (k,) or (k, d, d), optional
        Component variances (univariate) or covariance matrices.
    stds : array_like, shape (k,), optional
        Univariate only, instead of ``covs``: component standard deviations, the spread
        :class:`Gaussian` takes. Give exactly one of ``covs`` and ``stds``.
    dtype : dtype, optional

    Shape
    -----
    Univariate: ``pdf`` input (...) → (...); ``sample(n)`` → (n,).
    Multivariate: ``pdf`` input (..., d) → (...); ``sample(n)`` → (n, d).

    Examples
    --------
    >>> gm = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    >>> x, c = gm.sample(4, np.random.default_rng(0), return_components=True)
    >>> x.shape, c.shape
    ((4,), (4,))
    """

    def __init__(
        self,
        weights: Any,
        means: Any,
        covs: Any = None,
        *,
        stds: Any = None,
        dtype: Any = None,
    ) -> None:
        owner = "GaussianMixture"
        self.dtype = resolve_dtype(owner, dtype)
        self.prior = Categorical(weights, dtype=self.dtype)
        k = self.prior.num_states
        mu = as_float_array(owner, means, "means").astype(self.dtype)
        if mu.shape[0] != k or mu.ndim not in (1, 2):
            fail(owner, f"means of shape ({k},) or ({k}, d)", tuple(mu.shape))
        if (covs is None) == (stds is None):
            fail(owner, "exactly one of covs and stds", "both" if stds is not None else "neither")
        if stds is not None:
            sd = as_float_array(owner, stds, "stds").astype(self.dtype)
            if mu.ndim != 1 or sd.shape != (k,) or np.any(sd <= 0):
                fail(owner, f"univariate means and positive stds of shape ({k},)", sd.shape)
            covs = sd * sd
        cov = as_float_array(owner, covs, "covs").astype(self.dtype)
        self.univariate = mu.ndim == 1
        self.components: list[Any]
        if self.univariate:
            if cov.shape != (k,) or np.any(cov <= 0):
                fail(owner, f"positive variances of shape ({k},)", tuple(cov.shape))
            self.components = [
                Gaussian(float(m), float(np.sqrt(v)), dtype=self.dtype)
                for m, v in zip(mu, cov, strict=True)
            ]
        else:
            d = mu.shape[1]
            if cov.shape != (k, d, d):
                fail(owner, f"covs of shape ({k}, {d}, {d})", tuple(cov.shape))
            self.components = [
                MultivariateGaussian(m, c, dtype=self.dtype) for m, c in zip(mu, cov, strict=True)
            ]
        self.means, self.covs = mu, cov

    @property
    def weights(self) -> np.ndarray:
        return self.prior.probs

    def component_logpdf(self, x: Any) -> np.ndarray:
        """:math:`\\log P(c=i) + \\log p(x\\mid c=i)`, shape (..., k)."""
        return np.stack(
            [
                np.log(w) + comp.logpdf(x)
                for w, comp in zip(self.weights, self.components, strict=True)
            ],
            axis=-1,
        )

    def logpdf(self, x: Any) -> np.ndarray:
        """Log density by log-sum-exp over the components (no underflow in the tails)."""
        return F.logsumexp(self.component_logpdf(x), dim=-1).astype(self.dtype, copy=False)

    def pdf(self, x: Any) -> np.ndarray:
        """Density of the mixture."""
        return np.exp(self.logpdf(x))

    def posterior(self, x: Any) -> np.ndarray:
        """Responsibilities :math:`P(c=i\\mid x)` by Bayes' rule, shape (..., k)."""
        return F.softmax(self.component_logpdf(x), dim=-1)

    def sample(
        self, n: int, rng: np.random.Generator | None = None, *, return_components: bool = False
    ) -> Any:
        """Ancestral sampling: ``c ~ Categorical(weights)``, then ``x ~ component c``.

        Returns ``x`` (shape (n,) or (n, d)), and the int64 components ``c`` (shape (n,)) when
        ``return_components`` is true.
        """
        n = _check_n("GaussianMixture", n)
        rng = as_generator("GaussianMixture", rng)
        c = self.prior.sample(n, rng)
        x = np.empty((n,) + self.means.shape[1:], dtype=self.dtype)
        for i, comp in enumerate(self.components):
            picked = np.flatnonzero(c == i)
            if picked.size:
                x[picked] = comp.sample(picked.size, rng)
        return (x, c) if return_components else x
