"""Small real datasets that ship with scikit-learn and load with no network.

``load_digits`` is the book's stand-in for MNIST: 1 797 handwritten digits of 8 x 8 pixels
(intensities 0-16), ten classes. ``load_iris`` is Fisher's 150 flowers with four measurements.
Both return a :class:`~dlnotes.data.split.Split` made by our own seeded stratified split, so
every chapter sees the same training and test sets. scikit-learn is imported only when a
loader is called.

Goodfellow et al., §5.3 (training, validation and test sets) and §12.2 (MNIST-like benchmarks).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from dlnotes._validation import check_bool, check_nonnegative_int, resolve_dtype
from dlnotes.data.split import Split, train_test_split

__all__ = ["load_digits", "load_iris"]


@cache
def _sklearn_dataset(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Raw (data, target) of a bundled scikit-learn dataset, read once per process."""
    from sklearn import datasets

    bunch = getattr(datasets, f"load_{name}")()
    data = np.asarray(bunch.data, dtype=np.float64)
    target = np.asarray(bunch.target, dtype=np.int64)
    # Cached arrays are shared between calls: make accidental in-place edits fail loudly.
    data.setflags(write=False)
    target.setflags(write=False)
    return data, target


def _check_seed(owner: str, seed: Any) -> int:
    return check_nonnegative_int(owner, "seed", seed)


def load_digits(
    *,
    flat: bool = False,
    test_size: float = 0.25,
    seed: int = 0,
    dtype: Any = np.float64,
) -> Split:
    """The 8 x 8 handwritten digits, scaled to [0, 1], with a fixed stratified split.

    Pixels are divided by 16 (their maximum), so ``x ∈ [0, 1]``. The split is
    :func:`~dlnotes.data.split.train_test_split` with ``rng=numpy.random.default_rng(seed)``:
    the same ``seed`` always gives the same arrays, and each digit keeps its share (about 10 %)
    in both parts.

    Parameters
    ----------
    flat : bool, default False
        Return images as vectors of 64 pixels instead of one-channel 8 x 8 images.
    test_size : float, default 0.25
        Fraction of the 1 797 samples in the test set (450 by default).
    seed : int, default 0
        Seed of the split.
    dtype : {numpy.float64, numpy.float32}
        Floating type of the images.

    Returns
    -------
    Split
        ``(X_train, y_train, X_test, y_test)``, labels ``int64`` in ``0..9``.

    Shape
    -----
    Images ``(N, 1, 8, 8)`` (NCHW, as ``Conv2d`` expects) or ``(N, 64)`` with ``flat=True``;
    labels ``(N,)``. ``N`` is 1 347 for training and 450 for testing by default.

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = load_digits()
    >>> X_train.shape, X_test.shape, y_train.dtype
    ((1347, 1, 8, 8), (450, 1, 8, 8), dtype('int64'))
    >>> float(X_train.min()), float(X_train.max())
    (0.0, 1.0)
    """
    dt = resolve_dtype("load_digits", dtype)
    seed = _check_seed("load_digits", seed)
    flat = check_bool("load_digits", "flat", flat)
    data, target = _sklearn_dataset("digits")
    X = (data / 16.0).astype(dt)
    if not flat:
        X = X.reshape(-1, 1, 8, 8)
    return train_test_split(X, target.copy(), test_size=test_size, rng=np.random.default_rng(seed))


def load_iris(
    *,
    test_size: float = 0.25,
    seed: int = 0,
    standardize: bool = False,
    dtype: Any = np.float64,
) -> Split:
    r"""Fisher's iris flowers (4 measurements in cm, 3 species) with a fixed stratified split.

    With ``standardize=True`` every feature is shifted and scaled by the mean and standard
    deviation of the **training** part, :math:`x' = (x - \mu_{train}) / \sigma_{train}`, and
    the same transformation is applied to the test part, so no test information leaks into
    training.

    Parameters
    ----------
    test_size : float, default 0.25
        Fraction of the 150 samples in the test set.
    seed : int, default 0
        Seed of the split.
    standardize : bool, default False
        Standardise the features with training-set statistics.
    dtype : {numpy.float64, numpy.float32}
        Floating type of the features.

    Returns
    -------
    Split
        ``(X_train, y_train, X_test, y_test)``, labels ``int64`` in ``0..2``.

    Shape
    -----
    Features ``(N, 4)``, labels ``(N,)``; ``N`` is 112 and 38 by default.

    Examples
    --------
    >>> s = load_iris(standardize=True)
    >>> s.X_train.shape, np.allclose(s.X_train.mean(axis=0), 0)
    ((112, 4), True)
    """
    dt = resolve_dtype("load_iris", dtype)
    seed = _check_seed("load_iris", seed)
    standardize = check_bool("load_iris", "standardize", standardize)
    data, target = _sklearn_dataset("iris")
    split = train_test_split(
        data.copy(), target.copy(), test_size=test_size, rng=np.random.default_rng(seed)
    )
    X_train, y_train, X_test, y_test = split
    if standardize:
        mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
        X_train = (X_train - mean) / std
        X_test = (X_test - mean) / std
    return Split(X_train.astype(dt), y_train, X_test.astype(dt), y_test)
