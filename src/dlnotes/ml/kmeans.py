r"""k-means clustering with k-means++ initialisation (Goodfellow et al., §5.8.2)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail

__all__ = ["KMeansResult", "kmeans_plus_plus_init", "kmeans"]


class KMeansResult(NamedTuple):
    """Centroids (k, d), labels (N,), final inertia and the inertia after each iteration.

    Shape
    -----
    ``centroids``: (k, d); ``labels``: (N,); ``history``: (number of passes,).

    References
    ----------
    Goodfellow et al., §5.8.2.

    Examples
    --------
    >>> KMeansResult(np.zeros((2, 1)), np.zeros(3, int), 0.0, np.zeros(1)).centroids.shape
    (2, 1)
    """

    centroids: np.ndarray
    labels: np.ndarray
    inertia: float
    history: np.ndarray


def _squared_distances(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2, clipped at 0 against round-off.
    d = (X * X).sum(1)[:, None] - 2.0 * X @ C.T + (C * C).sum(1)[None, :]
    return np.maximum(d, 0.0)


def kmeans_plus_plus_init(X: Any, k: int, rng: np.random.Generator | None = None) -> np.ndarray:
    r"""k-means++ seeding: each new centroid is a data point drawn with probability
    proportional to its squared distance to the nearest centroid chosen so far.

    Spreads the initial centroids out, which makes poor local optima much rarer.

    Parameters
    ----------
    X : array_like, shape (N, d)
    k : int
    rng : numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray, shape (k, d)

    Shape
    -----
    ``X``: (N, d) → (k, d).

    References
    ----------
    Goodfellow et al., §5.8.2.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 0.1], [10.0, 10.0]])
    >>> C = kmeans_plus_plus_init(X, 2, np.random.default_rng(0))
    >>> bool(np.any(np.all(C == [10.0, 10.0], axis=1)))
    True
    """
    X = as_float_array("kmeans_plus_plus_init", X, "X")
    k = check_positive_int("kmeans_plus_plus_init", "k", k)
    if X.ndim != 2 or X.shape[0] < k:
        fail("kmeans_plus_plus_init", f"X of shape (N, d) with N >= k = {k}", X.shape)
    rng = as_generator("kmeans_plus_plus_init", rng)
    centroids = [X[rng.integers(X.shape[0])]]
    for _ in range(1, k):
        d2 = _squared_distances(X, np.array(centroids)).min(axis=1)
        total = d2.sum()
        probs = d2 / total if total > 0 else np.full(X.shape[0], 1.0 / X.shape[0])
        centroids.append(X[rng.choice(X.shape[0], p=probs)])
    return np.array(centroids)


def kmeans(
    X: Any, k: int, *, rng: np.random.Generator | None = None, max_iter: int = 100
) -> KMeansResult:
    r"""Lloyd's algorithm: alternate assigning points to the nearest centroid and moving each
    centroid to the mean of its points, until the assignment stops changing.

    Each step can only lower the inertia :math:`\sum_i\|x_i-\mu_{c(i)}\|^2`, so the algorithm
    converges, though to a local optimum. k-means is a one-hot (sparse, extreme) representation
    learner: each example is coded by the index of its cluster (Goodfellow et al., §5.8.2).

    Parameters
    ----------
    X : array_like, shape (N, d)
    k : int
        Number of clusters.
    rng : numpy.random.Generator, optional
        Drives the k-means++ seeding.
    max_iter : int
        Maximum number of assignment passes.

    Returns
    -------
    KMeansResult

    Shape
    -----
    ``X``: (N, d). Returns centroids (k, d), labels (N,) int64.

    Examples
    --------
    >>> X = np.array([[0.0], [0.2], [5.0], [5.2]])
    >>> res = kmeans(X, 2, rng=np.random.default_rng(0))
    >>> sorted(np.round(res.centroids.ravel(), 6).tolist())
    [0.1, 5.1]
    """
    X = as_float_array("kmeans", X, "X")
    k = check_positive_int("kmeans", "k", k)
    max_iter = check_positive_int("kmeans", "max_iter", max_iter)
    if X.ndim != 2 or X.shape[0] < k:
        fail("kmeans", f"X of shape (N, d) with N >= k = {k}", X.shape)
    rng = as_generator("kmeans", rng)
    C = kmeans_plus_plus_init(X, k, rng)
    labels = np.full(X.shape[0], -1)
    history = []
    for _ in range(max_iter):
        d2 = _squared_distances(X, C)
        new_labels = d2.argmin(axis=1)
        history.append(float(d2[np.arange(X.shape[0]), new_labels].sum()))
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(k):
            members = X[labels == j]
            # An empty cluster keeps its centroid rather than becoming NaN.
            if members.size:
                C[j] = members.mean(axis=0)
    return KMeansResult(C, labels.astype(np.int64), history[-1], np.array(history))
