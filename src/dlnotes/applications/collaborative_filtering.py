r"""Matrix factorisation for collaborative filtering, fitted by alternating least squares
(Goodfellow et al., §12.5.1).

The ratings matrix is modelled as a low-rank product plus per-user and per-item biases,

.. math:: \hat r_{ui} = \mu + b_u + c_i + \boldsymbol a_u^\top\boldsymbol b_i ,

fitted only to the observed entries. The book writes :math:`\hat R_{u,i} = b_u + c_i +
\sum_j A_{u,j}B_{j,i}`; the global mean :math:`\mu` here is a constant that could be folded
into the biases, kept apart so that the penalty shrinks the biases towards the mean rating
rather than towards zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_nonnegative_int,
    check_positive_int,
    check_range,
    fail,
)

__all__ = ["MatrixFactorization", "rmse"]


def rmse(predicted: Any, actual: Any) -> float:
    """Root mean squared error :math:`\\sqrt{\\frac1N\\sum_k (\\hat r_k - r_k)^2}`.

    Examples
    --------
    >>> rmse(np.array([1.0, 3.0]), np.array([2.0, 2.0]))
    1.0
    """
    p, a = np.asarray(predicted, dtype=np.float64), np.asarray(actual, dtype=np.float64)
    if p.shape != a.shape or p.size == 0:
        fail("rmse", "two non-empty arrays of the same shape", f"{p.shape} and {a.shape}")
    return float(np.sqrt(np.mean((p - a) ** 2)))


class MatrixFactorization:
    r"""Biased matrix factorisation :math:`\hat r_{ui} = \mu + b_u + c_i +
    \boldsymbol a_u^\top\boldsymbol b_i` by alternating ridge regressions.

    Minimises, over the observed set :math:`\Omega`,

    .. math::
        \sum_{(u,i)\in\Omega} (r_{ui} - \hat r_{ui})^2 + \lambda\Big(\sum_u
        \|\boldsymbol a_u\|^2 + b_u^2 + \sum_i \|\boldsymbol b_i\|^2 + c_i^2\Big).

    With the item side fixed, the problem separates into one ridge regression per user for
    :math:`(\boldsymbol a_u, b_u)`, solved exactly; then the same for the items. No step can
    increase the objective. ``rank=0`` fits the biases alone, the usual baseline.

    Parameters
    ----------
    rank : int
        Number of latent factors :math:`k` (0 for the bias-only model).
    reg : float, default 1
        Penalty :math:`\lambda \ge 0`.
    num_iter : int, default 20
        Alternations (each updates every user, then every item).
    rng : numpy.random.Generator, optional
        Draws the initial item factors, :math:`\mathcal N(0, 0.1^2)`.

    Attributes
    ----------
    user_factors, item_factors : numpy.ndarray
        ``(n_users, rank)`` and ``(n_items, rank)``.
    user_bias, item_bias : numpy.ndarray
    global_mean : float
    objective_history : list of float
        The penalised objective after each alternation (non-increasing).

    Examples
    --------
    >>> u, i = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    >>> mf = MatrixFactorization(0, reg=0.0).fit(u, i, np.array([1.0, 2.0, 3.0, 4.0]), 2, 2)
    >>> np.round(mf.predict(u, i), 6)
    array([1., 2., 3., 4.])
    """

    def __init__(
        self,
        rank: int,
        reg: float = 1.0,
        num_iter: int = 20,
        rng: np.random.Generator | None = None,
    ) -> None:
        owner = "MatrixFactorization"
        self.rank = check_nonnegative_int(owner, "rank", rank)
        self.reg = check_range(owner, "reg", reg, 0.0)
        self.num_iter = check_positive_int(owner, "num_iter", num_iter)
        self.rng = as_generator(owner, rng)

    def _check(self, users: Any, items: Any, n_users: int, n_items: int) -> tuple:
        u = np.asarray(users, dtype=np.int64)
        i = np.asarray(items, dtype=np.int64)
        if u.ndim != 1 or u.shape != i.shape or u.size == 0:
            fail("MatrixFactorization", "equal non-empty 1-D user and item ids", f"{u.shape}")
        if u.min() < 0 or u.max() >= n_users or i.min() < 0 or i.max() >= n_items:
            fail("MatrixFactorization", "ids within n_users and n_items", (n_users, n_items))
        return u, i

    @staticmethod
    def _solve_side(
        rows: np.ndarray,
        cols: np.ndarray,
        target: np.ndarray,
        other: np.ndarray,
        n: int,
        reg: float,
    ) -> np.ndarray:
        # One ridge regression per row entity: features [other factors, 1], joint bias.
        k1 = other.shape[1] + 1
        Z_all = np.c_[other, np.ones(len(other))]
        out = np.zeros((n, k1))
        order = np.argsort(rows, kind="stable")
        bounds = np.searchsorted(rows[order], np.arange(n + 1))
        for r in range(n):
            idx = order[bounds[r] : bounds[r + 1]]
            if idx.size == 0:
                continue  # no ratings: the penalty keeps everything at zero
            Z = Z_all[cols[idx]]
            out[r] = np.linalg.solve(Z.T @ Z + reg * np.eye(k1), Z.T @ target[idx])
        return out

    def _objective(self, u: np.ndarray, i: np.ndarray, r: np.ndarray) -> float:
        err = r - self.predict(u, i)
        penalty = (
            np.sum(self.user_factors**2)
            + np.sum(self.item_factors**2)
            + np.sum(self.user_bias**2)
            + np.sum(self.item_bias**2)
        )
        return float(np.sum(err**2) + self.reg * penalty)

    def fit(
        self, users: Any, items: Any, ratings: Any, n_users: int, n_items: int
    ) -> MatrixFactorization:
        """Fit to the observed ``(users[k], items[k], ratings[k])`` triples; returns ``self``."""
        n_users = check_positive_int("MatrixFactorization", "n_users", n_users)
        n_items = check_positive_int("MatrixFactorization", "n_items", n_items)
        u, i = self._check(users, items, n_users, n_items)
        r = np.asarray(ratings, dtype=np.float64)
        if r.shape != u.shape:
            fail("MatrixFactorization", "one rating per (user, item) pair", r.shape)
        k = self.rank
        self.global_mean = float(r.mean())
        self.user_factors = np.zeros((n_users, k))
        self.item_factors = 0.1 * self.rng.standard_normal((n_items, k))
        self.user_bias, self.item_bias = np.zeros(n_users), np.zeros(n_items)
        self.objective_history: list[float] = []
        centred = r - self.global_mean
        for _ in range(self.num_iter):
            sol = self._solve_side(
                u, i, centred - self.item_bias[i], self.item_factors, n_users, self.reg
            )
            self.user_factors, self.user_bias = sol[:, :k], sol[:, k]
            sol = self._solve_side(
                i, u, centred - self.user_bias[u], self.user_factors, n_items, self.reg
            )
            self.item_factors, self.item_bias = sol[:, :k], sol[:, k]
            self.objective_history.append(self._objective(u, i, r))
        return self

    def predict(self, users: Any, items: Any) -> np.ndarray:
        """Predicted ratings :math:`\\hat r_{ui}` for the given pairs.

        Shape
        -----
        - users: ``(N,)``
        - items: ``(N,)``
        - result: ``(N,)``
        """
        if not hasattr(self, "global_mean"):
            fail("MatrixFactorization", "fit to be called first", "an unfitted model", RuntimeError)
        u, i = self._check(users, items, len(self.user_bias), len(self.item_bias))
        dot = np.sum(self.user_factors[u] * self.item_factors[i], axis=1)
        return self.global_mean + self.user_bias[u] + self.item_bias[i] + dot
