"""Data on which regularisation visibly matters: sparse regression and a noisy digits subset.

* :func:`make_sparse_regression` — a linear model in which only a few of many features
  matter, the setting where an L1 penalty recovers exact zeros (Goodfellow et al., §7.1.2);
* :func:`make_noisy_digits` — a small subset of the 8 x 8 digits with corrupted training
  labels and optional pixel noise, on which a network over-fits within a few dozen epochs so
  that early stopping and dropout have something to prevent (§7.8, §7.12).

Both draw only from the ``numpy.random.Generator`` they are given.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_nonnegative_int,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)

__all__ = ["SparseRegression", "NoisyDigits", "make_sparse_regression", "make_noisy_digits"]


class SparseRegression(NamedTuple):
    """``X, y, coef = make_sparse_regression(...)``: design, targets and the true weights."""

    X: np.ndarray
    y: np.ndarray
    coef: np.ndarray


class NoisyDigits(NamedTuple):
    """Training, validation and (clean) test arrays of :func:`make_noisy_digits`."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def make_sparse_regression(
    n_samples: int = 100,
    n_features: int = 20,
    n_informative: int = 5,
    *,
    noise: float = 0.5,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> SparseRegression:
    r"""Linear data :math:`y = X w^\star + \sigma\,\varepsilon` with only a few non-zero weights.

    Rows of ``X`` are standard normal; the first ``n_informative`` entries of :math:`w^\star`
    have magnitudes drawn uniformly from ``[1, 3]`` and random signs, the others are exactly
    zero; :math:`\varepsilon` is standard normal.

    Parameters
    ----------
    n_samples, n_features : int
        Size of the design matrix.
    n_informative : int
        Number of non-zero true weights (at most ``n_features``).
    noise : float, default 0.5
        Standard deviation :math:`\sigma` of the target noise.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    dtype : {numpy.float64, numpy.float32}

    Returns
    -------
    SparseRegression
        ``(X, y, coef)``.

    Shape
    -----
    ``X`` is ``(n_samples, n_features)``, ``y`` is ``(n_samples,)``, ``coef`` is
    ``(n_features,)``.

    Notes
    -----
    Goodfellow et al., §7.1.2 (L1 regularisation yields sparse solutions).

    Examples
    --------
    >>> X, y, coef = make_sparse_regression(50, 10, 3, rng=np.random.default_rng(0))
    >>> X.shape, y.shape, int((coef != 0).sum())
    ((50, 10), (50,), 3)
    """
    owner = "make_sparse_regression"
    n = check_positive_int(owner, "n_samples", n_samples)
    d = check_positive_int(owner, "n_features", n_features)
    k = check_nonnegative_int(owner, "n_informative", n_informative)
    if k > d:
        fail(owner, f"n_informative <= n_features = {d}", k)
    sigma = check_range(owner, "noise", noise, 0.0)
    dt = resolve_dtype(owner, dtype)
    gen = as_generator(owner, rng)
    coef = np.zeros(d)
    coef[:k] = gen.uniform(1.0, 3.0, k) * gen.choice([-1.0, 1.0], k)
    X = gen.standard_normal((n, d))
    y = X @ coef + sigma * gen.standard_normal(n)
    return SparseRegression(X.astype(dt), y.astype(dt), coef.astype(dt))


def make_noisy_digits(
    n_train: int = 300,
    n_val: int = 300,
    *,
    label_noise: float = 0.3,
    pixel_noise: float = 0.0,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> NoisyDigits:
    r"""A small digits subset whose training and validation labels are partly wrong.

    The 8 x 8 digits (scaled to [0, 1], as :func:`~dlnotes.data.load_digits`, flattened to 64
    pixels) are shuffled with ``rng``; the first ``n_train`` go to
    training, the next ``n_val`` to validation and the rest (clean) to the test set. In the
    training and validation parts each label is, with probability ``label_noise``, replaced by
    a *different* class drawn uniformly; the validation set is a held-out part of the same noisy
    data, so early stopping watches the distribution it was trained on. With ``pixel_noise``
    :math:`> 0`, Gaussian noise of that standard deviation is added to the training and
    validation images (clipped back to [0, 1]).

    Parameters
    ----------
    n_train, n_val : int
        Sizes of the training and validation parts (together below 1 797).
    label_noise : float, default 0.3
        Probability in [0, 1) that a training or validation label is corrupted.
    pixel_noise : float, default 0
        Standard deviation of additive pixel noise.
    rng : numpy.random.Generator, optional
        Source of the shuffle and of the noise (``None``: a fresh generator).
    dtype : {numpy.float64, numpy.float32}

    Returns
    -------
    NoisyDigits
        ``(X_train, y_train, X_val, y_val, X_test, y_test)``; labels ``int64``.

    Shape
    -----
    Images ``(N, 64)``, labels ``(N,)``; the test part has ``1797 - n_train - n_val`` samples.

    Notes
    -----
    Goodfellow et al., §7.8 (the validation curve turns up when a network starts fitting noise)
    and §7.5.1 (noisy labels).

    Examples
    --------
    >>> d = make_noisy_digits(200, 100, label_noise=0.2, rng=np.random.default_rng(0))
    >>> d.X_train.shape, d.X_val.shape, d.X_test.shape
    ((200, 64), (100, 64), (1497, 64))
    """
    from dlnotes.data.datasets import _sklearn_dataset

    owner = "make_noisy_digits"
    n_tr = check_positive_int(owner, "n_train", n_train)
    n_va = check_positive_int(owner, "n_val", n_val)
    rate = check_range(owner, "label_noise", label_noise, 0.0, 1.0, high_inclusive=False)
    sigma = check_range(owner, "pixel_noise", pixel_noise, 0.0)
    dt = resolve_dtype(owner, dtype)
    data, target = _sklearn_dataset("digits")
    if n_tr + n_va >= len(target):
        fail(owner, f"n_train + n_val < {len(target)}", n_tr + n_va)
    gen = as_generator(owner, rng)
    order = gen.permutation(len(target))
    X = data[order] / 16.0
    y = target[order].copy()
    n_noisy = n_tr + n_va
    flip = gen.random(n_noisy) < rate
    # Adding 1..9 modulo 10 always lands on a different class, uniformly among the other nine.
    y[:n_noisy] = np.where(flip, (y[:n_noisy] + gen.integers(1, 10, n_noisy)) % 10, y[:n_noisy])
    X_noisy = X[:n_noisy]
    if sigma > 0:
        X_noisy = np.clip(X_noisy + sigma * gen.standard_normal(X_noisy.shape), 0.0, 1.0)
    X = np.concatenate([X_noisy, X[n_noisy:]]).astype(dt)
    return NoisyDigits(
        X[:n_tr],
        y[:n_tr],
        X[n_tr:n_noisy],
        y[n_tr:n_noisy],
        X[n_noisy:],
        y[n_noisy:],
    )
