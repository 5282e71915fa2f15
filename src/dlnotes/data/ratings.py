"""Synthetic low-rank ratings with missing entries, for collaborative filtering
(Goodfellow et al., §12.5.1).

The generating model is the one matrix factorisation fits, so a fitted model can be compared
with the truth: :math:`r_{ui} = \\mu + b_u + c_i + \\boldsymbol a_u^\\top\\boldsymbol b_i +`
noise, observed on a random subset of the (user, item) pairs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range

__all__ = ["Ratings", "make_low_rank_ratings"]


class Ratings(NamedTuple):
    """Observed ratings as ``(user, item, rating)`` triples, split into training and test."""

    train_users: np.ndarray
    train_items: np.ndarray
    train_ratings: np.ndarray
    test_users: np.ndarray
    test_items: np.ndarray
    test_ratings: np.ndarray
    n_users: int
    n_items: int
    #: The noise-free matrix ``(n_users, n_items)`` the ratings were drawn from.
    true_matrix: np.ndarray


def make_low_rank_ratings(
    n_users: int = 300,
    n_items: int = 200,
    rank: int = 3,
    density: float = 0.1,
    noise: float = 0.3,
    test_fraction: float = 0.2,
    rng: np.random.Generator | None = None,
) -> Ratings:
    r"""Ratings :math:`r_{ui} = 3 + b_u + c_i + \boldsymbol a_u^\top\boldsymbol b_i +
    \varepsilon` observed on a random ``density`` share of the pairs.

    Biases are :math:`\mathcal N(0, 0.5^2)`, user-factor entries :math:`\mathcal N(0, 1/k)` and
    item-factor entries :math:`\mathcal N(0, 1)` (so the interaction has unit variance), the noise
    :math:`\mathcal N(0, \text{noise}^2)`. A random ``test_fraction`` of the observed triples is
    held out.

    Returns
    -------
    Ratings

    Examples
    --------
    >>> data = make_low_rank_ratings(50, 40, rank=2, density=0.5, rng=np.random.default_rng(0))
    >>> len(data.train_ratings) + len(data.test_ratings)
    1000
    """
    owner = "make_low_rank_ratings"
    n_users = check_positive_int(owner, "n_users", n_users)
    n_items = check_positive_int(owner, "n_items", n_items)
    rank = check_positive_int(owner, "rank", rank)
    density = check_range(owner, "density", density, 0.0, 1.0, low_inclusive=False)
    noise = check_range(owner, "noise", noise, 0.0)
    test_fraction = check_range(
        owner,
        "test_fraction",
        test_fraction,
        0.0,
        1.0,
        low_inclusive=False,
        high_inclusive=False,
    )
    gen = as_generator(owner, rng)
    A = gen.standard_normal((n_users, rank)) / np.sqrt(rank)
    B = gen.standard_normal((n_items, rank))
    truth = 3.0 + 0.5 * gen.standard_normal((n_users, 1)) + 0.5 * gen.standard_normal(n_items)
    truth = truth + A @ B.T
    n_obs = int(round(density * n_users * n_items))
    flat = gen.choice(n_users * n_items, size=n_obs, replace=False)
    users, items = np.divmod(flat, n_items)
    ratings = truth[users, items] + noise * gen.standard_normal(n_obs)
    n_test = int(round(test_fraction * n_obs))
    test, train = np.arange(n_test), np.arange(n_test, n_obs)  # flat is already shuffled
    return Ratings(
        users[train],
        items[train],
        ratings[train],
        users[test],
        items[test],
        ratings[test],
        n_users,
        n_items,
        truth,
    )
