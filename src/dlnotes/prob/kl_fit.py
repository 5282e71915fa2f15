r"""Fit one Gaussian :math:`q` to a density :math:`p` by minimising either KL direction.

Goodfellow et al., §3.13 (figure 3.6's argument): the two directions of the KL divergence ask
for different things when :math:`p` has several modes.

* :math:`D_{KL}(p\|q)` is large wherever :math:`p` has mass and :math:`q` does not, so the best
  :math:`q` spreads to **cover every mode** (for a Gaussian :math:`q` it matches the mean and
  variance of :math:`p`).
* :math:`D_{KL}(q\|p)` is large wherever :math:`q` has mass and :math:`p` does not, so the
  best :math:`q` **sits on one mode** and avoids the gap between modes.

Both integrals are evaluated on a grid; the optimiser works on :math:`(\mu, \log\sigma)`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail

__all__ = [
    "KLFit",
    "fit_gaussian_by_kl",
]


class KLFit(NamedTuple):
    """Result of :func:`fit_gaussian_by_kl`: the fitted Gaussian and the divergence reached.

    References
    ----------
    Goodfellow et al., §3.13.

    Examples
    --------
    >>> KLFit(mean=0.0, std=2.0, kl=0.1).std
    2.0
    """

    mean: float
    std: float
    kl: float


def _gaussian_logpdf(x: np.ndarray, mean: float, log_std: float) -> np.ndarray:
    return -0.5 * np.log(2.0 * np.pi) - log_std - 0.5 * ((x - mean) * np.exp(-log_std)) ** 2


def fit_gaussian_by_kl(
    log_p: Any,
    grid: Any,
    direction: str = "forward",
    *,
    init_mean: float | None = None,
    init_std: float | None = None,
) -> KLFit:
    r"""Gaussian :math:`q=\mathcal N(\mu,\sigma^2)` minimising a KL divergence to :math:`p`.

    ``direction="forward"`` minimises :math:`D_{KL}(p\|q)=\int p\log\frac pq\,dx`
    (mode covering); ``direction="reverse"`` minimises :math:`D_{KL}(q\|p)=\int q\log\frac qp\,dx`
    (mode seeking). The reverse objective has one local minimum per mode: the initial mean
    chooses which one is found (Goodfellow et al., §3.13).

    Parameters
    ----------
    log_p : array_like, shape (n,)
        Log density of :math:`p` on ``grid`` (log space keeps the tails exact).
    grid : array_like, shape (n,)
        Evenly spaced points covering the mass of :math:`p` and of the fitted :math:`q`.
    direction : {"forward", "reverse"}
    init_mean, init_std : float, optional
        Starting point; defaults to the mean and standard deviation of :math:`p`.

    Returns
    -------
    KLFit
        ``(mean, std, kl)``.

    Shape
    -----
    ``log_p``, ``grid``: (n,).

    Examples
    --------
    >>> x = np.linspace(-10, 10, 2001)
    >>> log_p = -0.5 * (x - 1.0) ** 2 / 4.0 - 0.5 * np.log(2 * np.pi * 4.0)
    >>> fit = fit_gaussian_by_kl(log_p, x, "reverse", init_mean=0.0, init_std=1.0)
    >>> round(fit.mean, 3), round(fit.std, 3)
    (1.0, 2.0)
    """
    from scipy.optimize import minimize

    owner = "fit_gaussian_by_kl"
    lp = as_float_array(owner, log_p, "log_p").astype(np.float64)
    x = as_float_array(owner, grid, "grid").astype(np.float64)
    if x.ndim != 1 or lp.shape != x.shape or x.size < 3:
        fail(
            owner, "log_p and grid of the same shape (n,) with n >= 3", f"{lp.shape} and {x.shape}"
        )
    if direction not in ("forward", "reverse"):
        fail(owner, "direction 'forward' or 'reverse'", repr(direction))
    dx = float(x[1] - x[0])
    p = np.exp(lp)
    mass = p.sum() * dx
    p_mean = float(np.sum(x * p) * dx / mass)
    p_std = float(np.sqrt(np.sum((x - p_mean) ** 2 * p) * dx / mass))
    mu0 = p_mean if init_mean is None else check_range(owner, "init_mean", init_mean)
    s0 = (
        p_std
        if init_std is None
        else check_range(owner, "init_std", init_std, 0.0, low_inclusive=False)
    )
    p_log_p = np.sum(np.where(p > 0, p * lp, 0.0)) * dx

    def objective(theta: np.ndarray) -> float:
        lq = _gaussian_logpdf(x, theta[0], theta[1])
        if direction == "forward":
            return float(p_log_p - np.sum(p * lq) * dx)
        q = np.exp(lq)
        return float(np.sum(q * (lq - lp)) * dx)

    res = minimize(
        objective,
        np.array([mu0, np.log(s0)]),
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 4000},
    )
    return KLFit(float(res.x[0]), float(np.exp(res.x[1])), float(res.fun))
