r"""Sparsity penalties on an autoencoder's code (Goodfellow et al., §14.2.1).

A sparse autoencoder minimises :math:`L(\boldsymbol x, g(f(\boldsymbol x))) +
\Omega(\boldsymbol h)`, where :math:`\Omega` is small when most code units are (near) zero.
Two penalties are implemented, each with its gradient written out:

* the L1 penalty :math:`\Omega(\boldsymbol h) = \lambda \sum_j |h_j|`, the negative
  log-prior of independent Laplace code units (§14.2.1);
* the KL penalty towards a target mean activation :math:`\rho` for units in (0, 1), a common
  alternative to L1:
  :math:`\Omega = \beta \sum_j \mathrm{KL}(\rho \,\|\, \hat\rho_j)` with
  :math:`\hat\rho_j` the mean of unit :math:`j` over the minibatch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_forward_called, check_range, fail

__all__ = ["KLSparsityPenalty", "L1CodePenalty", "bernoulli_kl"]


def _as_codes(owner: str, h: Any) -> np.ndarray:
    h = as_float_array(owner, h, "h")
    if h.ndim != 2 or len(h) == 0:
        fail(owner, "codes h of shape (N, k) with N >= 1", tuple(h.shape))
    return h


class L1CodePenalty:
    r""":math:`\Omega(h) = \frac{\lambda}{N} \sum_{n, j} |h_{nj}|`, gradient
    :math:`\frac{\lambda}{N}\operatorname{sign}(h_{nj})`.

    The sub-gradient at :math:`h_{nj} = 0` is taken as 0 (NumPy's ``sign``). Goodfellow et
    al., §14.2.1 (and §7.10 for sparse representations).

    Parameters
    ----------
    strength : float
        :math:`\lambda \ge 0`.

    Shape
    -----
    - h ``(N, k)``; the gradient has the same shape.

    Examples
    --------
    >>> penalty = L1CodePenalty(0.5)
    >>> penalty(np.array([[1.0, -2.0], [0.0, 1.0]]))
    1.0
    >>> penalty.backward()
    array([[ 0.25, -0.25],
           [ 0.  ,  0.25]])
    """

    def __init__(self, strength: float) -> None:
        self.strength = check_range("L1CodePenalty", "strength", strength, 0.0)
        self._h: np.ndarray | None = None

    def __call__(self, h: Any) -> float:
        """The penalty of the batch of codes ``h``; keeps ``h`` for ``backward``."""
        self._h = _as_codes("L1CodePenalty", h)
        return self.strength * float(np.abs(self._h).sum()) / len(self._h)

    def backward(self, grad_output: float = 1.0) -> np.ndarray:
        """``grad_output`` times dΩ/dh for the last batch."""
        h = check_forward_called("L1CodePenalty", self._h)
        return grad_output * self.strength * np.sign(h) / len(h)

    def __repr__(self) -> str:
        return f"L1CodePenalty(strength={self.strength})"


def bernoulli_kl(rho: float, rho_hat: Any) -> np.ndarray:
    r"""KL divergence between Bernoulli distributions, :math:`\mathrm{KL}(\rho\,\|\,\hat\rho)`.

    .. math:: \mathrm{KL}(\rho \,\|\, \hat\rho) = \rho \log\frac{\rho}{\hat\rho}
              + (1 - \rho)\log\frac{1 - \rho}{1 - \hat\rho} \;\ge 0,

    zero exactly when :math:`\hat\rho = \rho` (Goodfellow et al., §3.13).

    Parameters
    ----------
    rho : float
        Target probability in (0, 1).
    rho_hat : array_like
        Probabilities in (0, 1).

    Returns
    -------
    numpy.ndarray
        Element-wise divergences, the shape of ``rho_hat``.

    Shape
    -----
    - rho_hat any shape; output the same shape.

    Examples
    --------
    >>> float(bernoulli_kl(0.5, 0.5))
    0.0
    """
    rho = check_range(
        "bernoulli_kl", "rho", rho, 0.0, 1.0, low_inclusive=False, high_inclusive=False
    )
    q = as_float_array("bernoulli_kl", rho_hat, "rho_hat")
    if np.any((q <= 0) | (q >= 1)):
        fail("bernoulli_kl", "rho_hat strictly inside (0, 1)", f"range [{q.min()}, {q.max()}]")
    return rho * np.log(rho / q) + (1 - rho) * np.log((1 - rho) / (1 - q))


class KLSparsityPenalty:
    r""":math:`\Omega(h) = \beta \sum_j \mathrm{KL}(\rho\,\|\,\hat\rho_j)`,
    :math:`\hat\rho_j = \frac1N \sum_n h_{nj}`.

    For code units in (0, 1) (sigmoid units), :math:`\hat\rho_j` is unit :math:`j`'s mean
    activation over the minibatch; the penalty pulls it towards the small target
    :math:`\rho`. Since :math:`\partial \hat\rho_j / \partial h_{nj} = 1/N`,

    .. math:: \frac{\partial \Omega}{\partial h_{nj}} = \frac{\beta}{N}
              \Big(-\frac{\rho}{\hat\rho_j} + \frac{1 - \rho}{1 - \hat\rho_j}\Big),

    the same for every sample of the batch; it is negative (pushing the unit up) when
    :math:`\hat\rho_j < \rho` and positive when :math:`\hat\rho_j > \rho`. A common
    alternative to the L1 penalty for the sparse autoencoder of Goodfellow et al., §14.2.1.

    Parameters
    ----------
    rho : float
        Target mean activation, in (0, 1).
    strength : float
        :math:`\beta \ge 0`.

    Shape
    -----
    - h ``(N, k)`` with entries in (0, 1); the gradient has the same shape.

    Examples
    --------
    >>> penalty = KLSparsityPenalty(0.1, strength=1.0)
    >>> penalty(np.full((4, 3), 0.1))
    0.0
    >>> float(np.abs(penalty.backward()).max())
    0.0
    """

    def __init__(self, rho: float, strength: float = 1.0) -> None:
        self.rho = check_range(
            "KLSparsityPenalty", "rho", rho, 0.0, 1.0, low_inclusive=False, high_inclusive=False
        )
        self.strength = check_range("KLSparsityPenalty", "strength", strength, 0.0)
        self._cache: tuple[np.ndarray, int] | None = None

    def __call__(self, h: Any) -> float:
        """The penalty of the batch of codes ``h``; keeps the mean activations."""
        h = _as_codes("KLSparsityPenalty", h)
        rho_hat = h.mean(axis=0)
        self._cache = (rho_hat, h.shape[0])
        return self.strength * float(bernoulli_kl(self.rho, rho_hat).sum())

    def backward(self, grad_output: float = 1.0) -> np.ndarray:
        """``grad_output`` times dΩ/dh for the last batch (rows all equal)."""
        rho_hat, n = check_forward_called("KLSparsityPenalty", self._cache)
        rho = self.rho
        per_unit = self.strength * (-rho / rho_hat + (1 - rho) / (1 - rho_hat)) / n
        return grad_output * np.broadcast_to(per_unit, (n, len(rho_hat))).copy()

    def __repr__(self) -> str:
        return f"KLSparsityPenalty(rho={self.rho}, strength={self.strength})"
