r"""The curse of dimensionality in numbers: pairwise distances concentrate
(Goodfellow et al., §5.11.1).

For points drawn uniformly from the unit cube :math:`[0, 1]^d`, the squared distance between
two of them is a sum of :math:`d` independent terms, with mean :math:`d/6` and a standard
deviation that grows only like :math:`\sqrt d`. The relative spread of distances therefore
shrinks like :math:`1/\sqrt d`: in high dimension every point is about equally far from every
other, and "the nearest training example" stops meaning much.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail

__all__ = ["DistanceStats", "pairwise_distance_stats"]


class DistanceStats(NamedTuple):
    r"""Summary of all pairwise Euclidean distances, one entry per dimension.

    ``contrast`` is :math:`(\max - \min)/\min`; ``spread`` is :math:`\mathrm{std}/\mathrm{mean}`.

    Shape
    -----
    Every field: ``(len(dims),)``.

    References
    ----------
    Goodfellow et al., §5.11.1.

    Examples
    --------
    >>> DistanceStats(*[np.ones(2)] * 7).mean.shape
    (2,)
    """

    dims: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    min: np.ndarray
    max: np.ndarray
    contrast: np.ndarray
    spread: np.ndarray


def pairwise_distance_stats(dims: Any, n_points: int = 200, rng: Any = None) -> DistanceStats:
    r"""Statistics of the pairwise distances of ``n_points`` uniform points in :math:`[0, 1]^d`.

    Parameters
    ----------
    dims : array_like of int
        The dimensions :math:`d` to try.
    n_points : int
        Points per dimension (at least 3).
    rng : numpy.random.Generator, optional

    Returns
    -------
    DistanceStats
        Mean, standard deviation, minimum, maximum, relative contrast and relative spread of
        the :math:`n(n-1)/2` distances, for each :math:`d`.

    Shape
    -----
    ``dims``: ``(K,)``; each field of the result ``(K,)``.

    References
    ----------
    Goodfellow et al., §5.11.1.

    Examples
    --------
    >>> s = pairwise_distance_stats([2, 200], n_points=50, rng=np.random.default_rng(0))
    >>> bool(s.spread[1] < s.spread[0] / 5)
    True
    """
    owner = "pairwise_distance_stats"
    d_all = np.asarray(dims)
    if d_all.ndim != 1 or d_all.size == 0 or not np.issubdtype(d_all.dtype, np.integer):
        fail(owner, "a non-empty 1-D sequence of integer dimensions", d_all)
    if np.any(d_all < 1):
        fail(owner, "positive dimensions", d_all.tolist())
    n = check_positive_int(owner, "n_points", n_points)
    if n < 3:
        fail(owner, "n_points >= 3", n)
    gen = as_generator(owner, rng)
    rows = []
    upper = np.triu_indices(n, 1)
    for d in d_all:
        X = gen.random((n, int(d)))
        sq = (X * X).sum(1)[:, None] - 2.0 * X @ X.T + (X * X).sum(1)[None, :]
        dist = np.sqrt(np.maximum(sq[upper], 0.0))
        lo, hi, mean, std = dist.min(), dist.max(), dist.mean(), dist.std()
        rows.append((mean, std, lo, hi, (hi - lo) / lo, std / mean))
    cols = np.array(rows).T
    return DistanceStats(d_all.copy(), *cols)
