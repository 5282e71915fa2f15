"""Generated two-dimensional classification problems: XOR, spirals and moons.

Each generator draws only from the ``numpy.random.Generator`` it is given, so the same seed
gives the same points and NumPy's global random state is never touched. Inputs have the
requested floating ``dtype`` and labels are ``int64`` class indices, ready for
``CrossEntropyLoss``.

Goodfellow et al., §6.1 (XOR, the problem a linear model cannot solve) and §5.11.3 (manifold
learning: data concentrated near curved low-dimensional sets, like spirals and moons).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)

__all__ = ["xor_points", "make_xor", "make_spirals", "make_moons"]


def _finish(
    owner: str,
    X: np.ndarray,
    y: np.ndarray,
    noise: float,
    gen: np.random.Generator,
    shuffle: bool,
    dtype: np.dtype,
) -> tuple[np.ndarray, np.ndarray]:
    """Add isotropic Gaussian noise of standard deviation ``noise``, shuffle, and cast."""
    if not isinstance(shuffle, (bool, np.bool_)):
        fail(owner, "shuffle to be a bool", repr(shuffle), TypeError)
    X = X + noise * gen.standard_normal(X.shape)
    if shuffle:
        order = gen.permutation(len(y))
        X, y = X[order], y[order]
    return X.astype(dtype), y.astype(np.int64)


def xor_points(dtype: Any = np.float64) -> tuple[np.ndarray, np.ndarray]:
    r"""The four points of the XOR problem and their targets, exactly as in §6.1.

    :math:`\mathbb{X} = \{(0,0), (0,1), (1,0), (1,1)\}` with :math:`y = x_1 \oplus x_2`.
    The targets are returned as **floats** because §6.1 fits them by least squares
    (``MSELoss``); use ``y.astype(np.int64)`` for a classifier.

    Parameters
    ----------
    dtype : {numpy.float64, numpy.float32}
        Floating type of both arrays.

    Returns
    -------
    X : numpy.ndarray, shape (4, 2)
    y : numpy.ndarray, shape (4,)

    Examples
    --------
    >>> X, y = xor_points()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    dt = resolve_dtype("xor_points", dtype)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dt)
    y = np.array([0, 1, 1, 0], dtype=dt)
    return X, y


def make_xor(
    n: int,
    *,
    noise: float = 0.1,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy XOR: corners of the unit square plus Gaussian noise, labelled :math:`x_1 \oplus x_2`.

    Each sample picks a corner :math:`c \in \{0, 1\}^2` uniformly at random, is labelled
    :math:`c_1 \oplus c_2` and placed at :math:`c + \sigma \varepsilon` with
    :math:`\varepsilon \sim \mathcal N(0, I)` and :math:`\sigma` = ``noise``.

    Parameters
    ----------
    n : int
        Number of samples.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise (0 gives the exact corners).
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    shuffle : bool, default True
        Permute the samples (they are drawn in random order anyway; the argument keeps the
        generators' signatures alike).
    dtype : {numpy.float64, numpy.float32}
        Floating type of ``X``.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int64, shape (n,)

    Examples
    --------
    >>> X, y = make_xor(8, noise=0.0, rng=np.random.default_rng(0))
    >>> bool(np.all(y == (X[:, 0] != X[:, 1])))
    True
    """
    n = check_positive_int("make_xor", "n", n)
    noise = check_range("make_xor", "noise", noise, 0.0)
    dt = resolve_dtype("make_xor", dtype)
    gen = as_generator("make_xor", rng)
    corners = gen.integers(0, 2, size=(n, 2))
    y = corners[:, 0] ^ corners[:, 1]
    return _finish("make_xor", corners.astype(np.float64), y, noise, gen, shuffle, dt)


def make_spirals(
    n_per_class: int,
    n_classes: int = 3,
    *,
    noise: float = 0.1,
    turns: float = 0.75,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Interleaved spiral arms, one per class.

    Arm :math:`k` is the curve :math:`r \mapsto r(\cos\theta, \sin\theta)` with
    :math:`\theta = 2\pi k / K + 2\pi\,\text{turns}\; r` for radii :math:`r` evenly spaced in
    [0, 1]; every point then receives Gaussian noise of standard deviation ``noise``. The arms
    are rotated copies of each other, so no straight line separates any two of them.

    Parameters
    ----------
    n_per_class : int
        Points on each arm.
    n_classes : int, default 3
        Number of arms (classes), at least 2.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise.
    turns : float, default 0.75
        How many full turns each arm makes from the centre to radius 1.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    shuffle : bool, default True
        Shuffle the samples; otherwise they come grouped by class, from the centre outwards.
    dtype : {numpy.float64, numpy.float32}
        Floating type of ``X``.

    Returns
    -------
    X : numpy.ndarray, shape (n_classes * n_per_class, 2)
    y : numpy.ndarray of int64, shape (n_classes * n_per_class,)

    Examples
    --------
    >>> X, y = make_spirals(100, n_classes=3, rng=np.random.default_rng(0))
    >>> X.shape, np.bincount(y).tolist()
    ((300, 2), [100, 100, 100])
    """
    n_per_class = check_positive_int("make_spirals", "n_per_class", n_per_class)
    n_classes = check_positive_int("make_spirals", "n_classes", n_classes)
    if n_classes < 2:
        fail("make_spirals", "n_classes >= 2", repr(n_classes))
    noise = check_range("make_spirals", "noise", noise, 0.0)
    turns = check_range("make_spirals", "turns", turns, 0.0, low_inclusive=False)
    dt = resolve_dtype("make_spirals", dtype)
    gen = as_generator("make_spirals", rng)
    radius = np.linspace(0.0, 1.0, n_per_class)
    arms = []
    for k in range(n_classes):
        theta = 2.0 * np.pi * k / n_classes + 2.0 * np.pi * turns * radius
        arms.append(radius[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1))
    X = np.concatenate(arms)
    y = np.repeat(np.arange(n_classes), n_per_class)
    return _finish("make_spirals", X, y, noise, gen, shuffle, dt)


def make_moons(
    n: int,
    *,
    noise: float = 0.1,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
    dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles ("moons").

    Class 0 lies on the upper unit half circle :math:`(\cos t, \sin t)`, class 1 on the lower
    half circle :math:`(1 - \cos t, \tfrac12 - \sin t)`, with :math:`t` evenly spaced in
    :math:`[0, \pi]`; then Gaussian noise of standard deviation ``noise`` is added. Class 0
    gets ``n // 2`` points (rounded down) and class 1 the rest, as scikit-learn's
    ``make_moons`` does with the same curves — but drawn from our ``rng``.

    Parameters
    ----------
    n : int
        Number of samples, at least 2.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise.
    rng : numpy.random.Generator, optional
        Source of randomness (``None``: a fresh generator).
    shuffle : bool, default True
        Shuffle the samples; otherwise class 0 comes first.
    dtype : {numpy.float64, numpy.float32}
        Floating type of ``X``.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int64, shape (n,)

    Examples
    --------
    >>> X, y = make_moons(200, rng=np.random.default_rng(0))
    >>> X.shape, np.bincount(y).tolist()
    ((200, 2), [100, 100])
    """
    n = check_positive_int("make_moons", "n", n)
    if n < 2:
        fail("make_moons", "n >= 2 (one point per moon at least)", repr(n))
    noise = check_range("make_moons", "noise", noise, 0.0)
    dt = resolve_dtype("make_moons", dtype)
    gen = as_generator("make_moons", rng)
    n_upper = n // 2
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n - n_upper)
    upper = np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1)
    lower = np.stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1)
    X = np.concatenate([upper, lower])
    y = np.concatenate([np.zeros(n_upper, dtype=np.int64), np.ones(n - n_upper, dtype=np.int64)])
    return _finish("make_moons", X, y, noise, gen, shuffle, dt)
