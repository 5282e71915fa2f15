r"""A linearly separable two-class problem with a guaranteed margin.

Points are drawn from a standard Gaussian in ``n_features`` dimensions, labelled by the side
of a random hyperplane through the origin they fall on, and those closer to the hyperplane
than ``margin`` are redrawn. A linear classifier can therefore reach zero training error,
which is what §8.1.2's surrogate-loss argument needs.

Goodfellow et al., §8.1.2 (surrogate loss functions).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, check_range, resolve_dtype

__all__ = ["make_linearly_separable"]


def make_linearly_separable(
    n_samples: int = 200,
    n_features: int = 2,
    *,
    margin: float = 0.1,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Gaussian points labelled by a random hyperplane, none within ``margin`` of it.

    The label is :math:`y = [\,w^\top x > 0\,]` for a random unit vector :math:`w`; every
    returned point has :math:`|w^\top x| \ge` ``margin``.

    Parameters
    ----------
    n_samples : int, default 200
    n_features : int, default 2
    margin : float, default 0.1
        Half-width of the empty band around the hyperplane, in :math:`[0, 3]`.
    rng : numpy.random.Generator, optional
    dtype : {numpy.float64, numpy.float32}

    Returns
    -------
    X : numpy.ndarray, shape (n_samples, n_features)
    y : numpy.ndarray of int64, shape (n_samples,)
        Class indices 0 and 1.
    w : numpy.ndarray, shape (n_features,)
        The separating unit normal.

    Shape
    -----
    ``X``: (n_samples, n_features), ``y``: (n_samples,), ``w``: (n_features,).

    Notes
    -----
    Goodfellow et al., §8.1.2.

    Examples
    --------
    >>> X, y, w = make_linearly_separable(50, margin=0.2, rng=np.random.default_rng(0))
    >>> X.shape, bool(np.all(np.abs(X @ w) >= 0.2)), bool(np.all((X @ w > 0) == (y == 1)))
    ((50, 2), True, True)
    """
    owner = "make_linearly_separable"
    n_samples = check_positive_int(owner, "n_samples", n_samples)
    n_features = check_positive_int(owner, "n_features", n_features)
    margin = check_range(owner, "margin", margin, 0.0, 3.0)  # beyond 3 almost all draws fail
    gen = as_generator(owner, rng)
    dt = resolve_dtype(owner, dtype)
    w = gen.standard_normal(n_features)
    w /= np.linalg.norm(w)
    X = np.empty((0, n_features))
    while len(X) < n_samples:  # the band holds a fraction erf(margin / sqrt 2) of the mass
        draw = gen.standard_normal((2 * n_samples, n_features))
        X = np.concatenate([X, draw[np.abs(draw @ w) >= margin]])
    X = X[:n_samples]
    y = (X @ w > 0).astype(np.int64)
    return X.astype(dt), y, w.astype(dt)
