r"""Information theory: self-information, entropy, KL divergence and cross-entropy.

Goodfellow et al., §3.13. All quantities are in nats (natural logarithm) unless ``base`` is
given (``base=2`` gives bits). The convention :math:`0\log 0=0` is applied throughout.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = [
    "self_information",
    "entropy",
    "binary_entropy",
    "kl_divergence",
    "cross_entropy",
    "gaussian_entropy",
    "gaussian_kl",
    "kl_divergence_on_grid",
]


def _log(x: np.ndarray, base: float | None) -> np.ndarray:
    with np.errstate(divide="ignore"):
        out = np.log(x)
    return out if base is None else out / np.log(base)


def _probs(owner: str, p: Any, name: str = "p") -> np.ndarray:
    p = as_float_array(owner, p, name)
    if p.ndim == 0 or np.any(p < 0) or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-6):
        fail(owner, f"{name} to be probabilities over the last axis summing to 1", p.shape)
    return p


def self_information(p: Any, base: float | None = None) -> np.ndarray:
    r"""Self-information of an event of probability :math:`p`: :math:`I(x)=-\log P(x)`.

    Parameters
    ----------
    p : array_like
        Probabilities of events, in (0, 1].
    base : float, optional
        Logarithm base (default e, nats; 2 gives bits).

    Returns
    -------
    numpy.ndarray
        :math:`-\log p`.

    Shape
    -----
    ``p``: any shape → same shape.

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> float(self_information(np.array(0.5), base=2))
    1.0
    """
    p = as_float_array("self_information", p)
    if np.any((p <= 0) | (p > 1)):
        fail("self_information", "probabilities in (0, 1]", f"range [{p.min()}, {p.max()}]")
    return -_log(p, base)


def entropy(p: Any, base: float | None = None) -> np.ndarray:
    r"""Shannon entropy :math:`H(P)=-\sum_i p_i\log p_i` of a discrete distribution.

    Parameters
    ----------
    p : array_like
        Probabilities over the last axis.
    base : float, optional
        Logarithm base (default e, nats; 2 gives bits).

    Returns
    -------
    numpy.ndarray
        :math:`H(P)`.

    Shape
    -----
    ``p``: (..., k), probabilities over the last axis; output (...).

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> round(float(entropy(np.full(4, 0.25))), 6) == round(float(np.log(4)), 6)
    True
    """
    p = _probs("entropy", p)
    return -np.sum(np.where(p > 0, p * _log(np.where(p > 0, p, 1.0), base), 0.0), axis=-1)


def binary_entropy(p: Any, base: float | None = None) -> np.ndarray:
    r"""Entropy of a Bernoulli variable, :math:`-(1-p)\log(1-p)-p\log p`.

    Zero at :math:`p\in\{0,1\}`, maximal (:math:`\log 2`) at :math:`p=\tfrac12`.

    Parameters
    ----------
    p : array_like
        :math:`P(x=1)`, values in [0, 1].
    base : float, optional
        Logarithm base (default e, nats; 2 gives bits).

    Returns
    -------
    numpy.ndarray
        Entropy of each Bernoulli variable.

    Shape
    -----
    ``p``: any shape → same shape.

    References
    ----------
    Goodfellow et al., §3.13 (figure 3.5).

    Examples
    --------
    >>> binary_entropy(np.array([0.0, 0.5, 1.0]), base=2)
    array([0., 1., 0.])
    """
    p = as_float_array("binary_entropy", p)
    if np.any((p < 0) | (p > 1)):
        fail("binary_entropy", "probabilities in [0, 1]", f"range [{p.min()}, {p.max()}]")
    return entropy(np.stack([p, 1.0 - p], axis=-1), base)


def kl_divergence(p: Any, q: Any, base: float | None = None) -> np.ndarray:
    r"""Kullback–Leibler divergence :math:`D_{KL}(P\|Q)=\sum_i p_i\log\frac{p_i}{q_i}`.

    Non-negative, zero iff :math:`P=Q`, and **not symmetric**. Infinite when :math:`Q` puts
    zero mass where :math:`P` does not.

    Parameters
    ----------
    p : array_like
        Probabilities over the last axis.
    q : array_like
        Probabilities, same shape as ``p``.
    base : float, optional
        Logarithm base (default e, nats; 2 gives bits).

    Returns
    -------
    numpy.ndarray
        :math:`D_{KL}(P\|Q)` (``inf`` where ``q`` misses mass of ``p``).

    Shape
    -----
    ``p``, ``q``: (..., k); output (...).

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    >>> bool(kl_divergence(p, q) != kl_divergence(q, p))
    True
    """
    p, q = _probs("kl_divergence", p), _probs("kl_divergence", q, "q")
    if p.shape != q.shape:
        fail("kl_divergence", "p and q of the same shape", f"{p.shape} and {q.shape}")
    safe_p = np.where(p > 0, p, 1.0)
    terms = np.where(p > 0, p * (_log(safe_p, base) - _log(q, base)), 0.0)
    return np.sum(terms, axis=-1)


def cross_entropy(p: Any, q: Any, base: float | None = None) -> np.ndarray:
    r"""Cross-entropy :math:`H(P,Q)=-\sum_i p_i\log q_i = H(P)+D_{KL}(P\|Q)`.

    Minimising it over :math:`Q` is the same as minimising :math:`D_{KL}(P\|Q)`.

    Parameters
    ----------
    p : array_like
        Probabilities over the last axis.
    q : array_like
        Model probabilities, same shape as ``p``.
    base : float, optional
        Logarithm base (default e, nats; 2 gives bits).

    Returns
    -------
    numpy.ndarray
        :math:`H(P, Q)`.

    Shape
    -----
    ``p``, ``q``: (..., k) → (...).

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> p, q = np.array([0.25, 0.75]), np.array([0.5, 0.5])
    >>> bool(np.isclose(cross_entropy(p, q), entropy(p) + kl_divergence(p, q)))
    True
    """
    p, q = _probs("cross_entropy", p), _probs("cross_entropy", q, "q")
    if p.shape != q.shape:
        fail("cross_entropy", "p and q of the same shape", f"{p.shape} and {q.shape}")
    return -np.sum(np.where(p > 0, p * _log(q, base), 0.0), axis=-1)


def gaussian_entropy(var: float) -> float:
    r"""Differential entropy of a Gaussian, :math:`\frac12\log(2\pi e\sigma^2)`.

    Parameters
    ----------
    var : float
        :math:`\sigma^2 > 0`.

    Returns
    -------
    float
        Entropy in nats.

    Shape
    -----
    Scalar in, float out.

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> round(gaussian_entropy(1.0), 4)
    1.4189
    """
    v = check_range("gaussian_entropy", "var", var, 0.0, low_inclusive=False)
    return 0.5 * float(np.log(2.0 * np.pi * np.e * v))


def gaussian_kl(mean_p: float, var_p: float, mean_q: float, var_q: float) -> float:
    r"""Closed-form :math:`D_{KL}(\mathcal N(\mu_p,\sigma_p^2)\|\mathcal N(\mu_q,\sigma_q^2))`.

    .. math:: \log\frac{\sigma_q}{\sigma_p}+\frac{\sigma_p^2+(\mu_p-\mu_q)^2}{2\sigma_q^2}-\frac12

    Parameters
    ----------
    mean_p, var_p : float
        Mean and variance of :math:`P`.
    mean_q, var_q : float
        Mean and variance of :math:`Q`.

    Returns
    -------
    float
        The divergence in nats.

    Shape
    -----
    Scalars in, float out.

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> gaussian_kl(0.0, 1.0, 0.0, 1.0)
    0.0
    """
    owner = "gaussian_kl"
    mp, mq = check_range(owner, "mean_p", mean_p), check_range(owner, "mean_q", mean_q)
    vp = check_range(owner, "var_p", var_p, 0.0, low_inclusive=False)
    vq = check_range(owner, "var_q", var_q, 0.0, low_inclusive=False)
    return float(0.5 * np.log(vq / vp) + (vp + (mp - mq) ** 2) / (2.0 * vq) - 0.5)


def kl_divergence_on_grid(log_p: Any, log_q: Any, dx: float) -> float:
    r"""Numerical :math:`D_{KL}(p\|q)=\int p\,(\log p-\log q)\,dx` by a Riemann sum on a grid.

    Takes log-densities so that tails where a density underflows to 0 stay exact; the grid
    must cover the mass of ``p``.

    Parameters
    ----------
    log_p, log_q : array_like, shape (n,)
        Log-densities on the grid.
    dx : float
        Grid step.

    Returns
    -------
    float
        The divergence in nats.

    Shape
    -----
    ``log_p``, ``log_q``: (n,) values on an evenly spaced grid of step ``dx``.

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> x = np.linspace(-12, 12, 4001)
    >>> lp, lq = -0.5 * x**2 - 0.5 * np.log(2 * np.pi), -0.5 * (x - 1)**2 - 0.5 * np.log(2 * np.pi)
    >>> round(kl_divergence_on_grid(lp, lq, x[1] - x[0]), 6)
    0.5
    """
    lp = as_float_array("kl_divergence_on_grid", log_p, "log_p")
    lq = as_float_array("kl_divergence_on_grid", log_q, "log_q")
    if lp.ndim != 1 or lp.shape != lq.shape:
        fail(
            "kl_divergence_on_grid",
            "log_p and log_q of the same shape (n,)",
            f"{lp.shape} and {lq.shape}",
        )
    dx = check_range("kl_divergence_on_grid", "dx", dx, 0.0, low_inclusive=False)
    p = np.exp(lp)
    with np.errstate(invalid="ignore"):
        terms = np.where(p > 0, p * (lp - lq), 0.0)
    return float(np.sum(terms) * dx)
