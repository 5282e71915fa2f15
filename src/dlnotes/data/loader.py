"""Minibatch iteration: each epoch visits every sample exactly once, in a fresh random order.

Minibatch stochastic gradient descent estimates the gradient of the average loss from a small
random batch of examples. Sampling *without replacement* — a new permutation of the training
set at every epoch, cut into consecutive batches — keeps each batch an unbiased sample while
guaranteeing that every example contributes once per pass.

Goodfellow et al., §5.9 (stochastic gradient descent) and §8.1.3 (batch and minibatch
algorithms: why minibatches must be drawn at random, and shuffled once per pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_bool, check_positive_int, fail

__all__ = ["DataLoader", "iterate_minibatches"]


def _as_arrays(owner: str, arrays: Any) -> tuple[np.ndarray, ...]:
    """Validate a tuple of arrays sharing their first dimension (the samples)."""
    out = tuple(np.asarray(a) for a in arrays)
    if not out:
        fail(owner, "at least one array", "none")
    for a in out:
        if a.ndim == 0:
            fail(owner, "arrays with a leading sample dimension", "a 0-d array")
    lengths = [len(a) for a in out]
    if len(set(lengths)) != 1:
        fail(
            owner,
            "arrays with the same number of samples (first dimension)",
            " and ".join(str(a.shape) for a in out),
        )
    if lengths[0] == 0:
        fail(owner, "at least one sample", "0")
    return out


class DataLoader:
    """Iterate over aligned arrays in minibatches, reshuffled at every epoch.

    Every ``iter(loader)`` (every ``for`` loop) starts a new epoch: with ``shuffle=True`` it
    draws a new permutation of the sample indices from ``rng`` and yields consecutive slices of
    it, so each sample appears exactly once per epoch (sampling without replacement) and the
    order differs between epochs. The last batch is smaller when ``batch_size`` does not divide
    the number of samples, unless ``drop_last=True`` drops it.

    Parameters
    ----------
    dataset : numpy.ndarray or tuple of numpy.ndarray
        One array, or several arrays (``(X, y)``) with the same first dimension ``N``.
    batch_size : int, default 32
        Samples per batch.
    shuffle : bool, default True
        Draw a new order at every epoch; otherwise iterate in storage order.
    rng : numpy.random.Generator, optional
        Source of the permutations (``None``: a fresh generator).
    drop_last : bool, default False
        Skip the final incomplete batch.

    Yields
    ------
    numpy.ndarray or tuple of numpy.ndarray
        A batch of the single array, or a tuple with a batch of each array.

    Shape
    -----
    Each array ``(N, *)`` gives batches ``(B, *)`` with ``B = batch_size`` except possibly the
    last.

    Notes
    -----
    Goodfellow et al., §8.1.3.

    Examples
    --------
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    >>> loader = DataLoader((X, y), batch_size=2, rng=np.random.default_rng(0))
    >>> len(loader), [len(yb) for _, yb in loader]
    (3, [2, 2, 1])
    >>> sorted(np.concatenate([yb for _, yb in loader]).tolist())
    [0, 1, 2, 3, 4]
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 32,
        shuffle: bool = True,
        rng: np.random.Generator | None = None,
        drop_last: bool = False,
    ) -> None:
        self._single = isinstance(dataset, np.ndarray)
        if not self._single and not isinstance(dataset, (tuple, list)):
            fail("DataLoader", "an array or a tuple of arrays", type(dataset).__name__, TypeError)
        self.arrays = _as_arrays("DataLoader", (dataset,) if self._single else dataset)
        self.batch_size = check_positive_int("DataLoader", "batch_size", batch_size)
        self.shuffle = check_bool("DataLoader", "shuffle", shuffle)
        self.drop_last = check_bool("DataLoader", "drop_last", drop_last)
        self.rng = as_generator("DataLoader", rng)

    @property
    def num_samples(self) -> int:
        """Number of samples ``N``."""
        return len(self.arrays[0])

    def __len__(self) -> int:
        """Number of batches per epoch."""
        full, rest = divmod(self.num_samples, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def batch_indices(self) -> Iterator[np.ndarray]:
        """Index arrays of one epoch's batches (a new permutation when shuffling)."""
        n = self.num_samples
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        stop = n - n % self.batch_size if self.drop_last else n
        for start in range(0, stop, self.batch_size):
            yield order[start : start + self.batch_size]

    def __iter__(self) -> Iterator[Any]:
        for idx in self.batch_indices():
            batch = tuple(a[idx] for a in self.arrays)
            yield batch[0] if self._single else batch

    def __repr__(self) -> str:
        return (
            f"DataLoader(num_samples={self.num_samples}, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, drop_last={self.drop_last})"
        )


def iterate_minibatches(
    X: Any,
    y: Any,
    batch_size: int,
    shuffle: bool = True,
    rng: np.random.Generator | None = None,
    drop_last: bool = False,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs covering one epoch.

    A one-epoch shortcut for ``DataLoader((X, y), batch_size, shuffle, rng, drop_last)``:
    every sample appears exactly once, in a random order when ``shuffle=True``.

    Parameters
    ----------
    X : array_like, shape (N, ...)
        Inputs.
    y : array_like, shape (N, ...)
        Targets.
    batch_size : int
        Samples per batch.
    shuffle : bool, default True
        Random order (a permutation drawn from ``rng``).
    rng : numpy.random.Generator, optional
        Source of the permutation (``None``: a fresh generator).
    drop_last : bool, default False
        Skip the final incomplete batch.

    Yields
    ------
    tuple of numpy.ndarray
        ``(X_batch, y_batch)`` of shapes ``(B, ...)``.

    Notes
    -----
    Goodfellow et al., §8.1.3.

    Examples
    --------
    >>> X, y = np.zeros((7, 3)), np.arange(7)
    >>> [xb.shape for xb, _ in iterate_minibatches(X, y, 3, shuffle=False)]
    [(3, 3), (3, 3), (1, 3)]
    """
    loader = DataLoader(
        (X, y), batch_size=batch_size, shuffle=shuffle, rng=rng, drop_last=drop_last
    )
    # A plain function returning an iterator (not a generator function), so bad arguments
    # raise at the call rather than at the first next().
    return iter(loader)
