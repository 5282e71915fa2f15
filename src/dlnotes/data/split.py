"""Train/test splits: the ``Split`` container and a seeded stratified split.

Goodfellow et al., §5.3 (hyperparameters and validation sets): the test set must stay unseen
while a model is fitted, and a *stratified* split keeps the class proportions of the whole set
in both parts, so a small test set is not accidentally short of one class.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_generator, check_range, fail

__all__ = ["Split", "train_test_split", "stratified_test_counts"]


class Split(NamedTuple):
    """Training and test arrays of a dataset: ``X_train, y_train, X_test, y_test = split``."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def stratified_test_counts(class_counts: np.ndarray, n_test: int) -> np.ndarray:
    """Share ``n_test`` test samples among classes in proportion to their sizes.

    Each class receives the floor of its quota ``n_test * n_c / N``; the samples left over go
    to the classes with the largest fractional remainders (ties to the smaller class index),
    so the counts sum to exactly ``n_test`` and each is within one of its quota.

    Examples
    --------
    >>> stratified_test_counts(np.array([50, 30, 20]), 25)
    array([13, 7, 5])
    """
    counts = np.asarray(class_counts, dtype=np.int64)
    quotas = counts * n_test / counts.sum()
    out = np.floor(quotas).astype(np.int64)
    leftover = n_test - int(out.sum())
    # A stable sort on the negated remainders gives the largest first, ties by class index.
    order = np.argsort(-(quotas - out), kind="stable")
    out[order[:leftover]] += 1
    return out


def train_test_split(
    X: Any,
    y: Any,
    *,
    test_size: float = 0.25,
    rng: np.random.Generator | None = None,
    stratify: bool = True,
) -> Split:
    """Split ``(X, y)`` into random training and test parts.

    ``ceil(test_size * N)`` samples go to the test set. With ``stratify=True`` the test count
    of each class follows :func:`stratified_test_counts` and the members are drawn without
    replacement within each class; both parts are then shuffled, so they are not sorted by
    class.

    Parameters
    ----------
    X : array_like, shape (N, ...)
        Inputs; any trailing shape.
    y : array_like, shape (N,)
        Labels (class indices when ``stratify=True``).
    test_size : float, default 0.25
        Fraction of the samples in the test set, in the open interval (0, 1).
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    stratify : bool, default True
        Keep the class proportions of ``y`` in both parts.

    Returns
    -------
    Split
        ``(X_train, y_train, X_test, y_test)``; new arrays, the inputs are not modified.

    Shape
    -----
    ``X_train``: ``(N - n_test, ...)``, ``X_test``: ``(n_test, ...)``, labels alike.

    Examples
    --------
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0] * 6 + [1] * 4)
    >>> s = train_test_split(X, y, test_size=0.5, rng=np.random.default_rng(0))
    >>> s.X_train.shape, np.bincount(s.y_test).tolist()
    ((5, 2), [3, 2])
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim != 1 or len(X) != len(y):
        fail(
            "train_test_split",
            "X of shape (N, ...) and y of shape (N,)",
            f"{X.shape} and {y.shape}",
        )
    check_range(
        "train_test_split",
        "test_size",
        test_size,
        0.0,
        1.0,
        low_inclusive=False,
        high_inclusive=False,
    )
    gen = as_generator("train_test_split", rng)
    n = len(y)
    n_test = int(np.ceil(test_size * n))
    if not 0 < n_test < n:
        fail(
            "train_test_split",
            f"test_size leaving both parts non-empty for {n} samples",
            repr(test_size),
        )
    if stratify:
        classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
        test_counts = stratified_test_counts(counts, n_test)
        test_parts = []
        for c in range(len(classes)):
            members = np.flatnonzero(inverse == c)
            test_parts.append(gen.choice(members, size=test_counts[c], replace=False))
        test_idx = np.concatenate(test_parts)
    else:
        test_idx = gen.choice(n, size=n_test, replace=False)
    is_test = np.zeros(n, dtype=bool)
    is_test[test_idx] = True
    train_idx = gen.permutation(np.flatnonzero(~is_test))
    test_idx = gen.permutation(test_idx)
    return Split(X[train_idx], y[train_idx], X[test_idx], y[test_idx])
