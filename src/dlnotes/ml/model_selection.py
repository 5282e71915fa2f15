r"""Capacity, hyper-parameters and validation (Goodfellow et al., §5.2–5.3).

Train and test error of polynomial regression as the degree, the weight decay or the training
set size varies, and k-fold cross-validation (algorithm 5.1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail
from dlnotes.ml.linear_regression import fit_ridge, mean_squared_error
from dlnotes.ml.polynomial import polynomial_features

__all__ = [
    "fit_polynomial",
    "predict_polynomial",
    "capacity_curve",
    "weight_decay_curve",
    "learning_curve",
    "kfold_indices",
    "cross_validate",
]


def _xy(owner: str, x: Any, y: Any, names: str = "x and y") -> tuple[np.ndarray, np.ndarray]:
    x, y = as_float_array(owner, x, "x"), as_float_array(owner, y, "y")
    if x.ndim != 1 or x.shape != y.shape:
        fail(owner, f"{names} of the same shape (N,)", f"{x.shape} and {y.shape}")
    return x, y


def fit_polynomial(x: Any, y: Any, degree: int, alpha: float = 0.0) -> np.ndarray:
    r"""Coefficients of a degree-:math:`d` polynomial fitted by (ridge) least squares.

    ``alpha = 0`` uses a tiny ridge of :math:`10^{-10}` only to keep the normal equations
    solvable when the degree exceeds the number of points (then the fit interpolates).

    Parameters
    ----------
    x, y : array_like, shape (N,)
    degree : int
    alpha : float
        Weight decay.

    Returns
    -------
    numpy.ndarray, shape (degree + 1,)

    Shape
    -----
    ``x``, ``y``: (N,) → (degree + 1,).

    References
    ----------
    Goodfellow et al., §5.2.

    Examples
    --------
    >>> np.round(fit_polynomial(np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 5.0]), 2), 6)
    array([1., 0., 1.])
    """
    x, y = _xy("fit_polynomial", x, y)
    return fit_ridge(polynomial_features(x, degree), y, max(alpha, 1e-10))


def predict_polynomial(coef: Any, x: Any) -> np.ndarray:
    r"""Evaluate :math:`\sum_j w_j x^j` at ``x`` (N,) → (N,).

    Parameters
    ----------
    coef : array_like, shape (d + 1,)
        Coefficients of :math:`1, x, \dots, x^d`.
    x : array_like, shape (N,)

    Returns
    -------
    numpy.ndarray, shape (N,)

    Shape
    -----
    ``coef``: (d + 1,), ``x``: (N,) → (N,).

    References
    ----------
    Goodfellow et al., §5.2.

    Examples
    --------
    >>> predict_polynomial(np.array([1.0, 0.0, 1.0]), np.array([2.0]))
    array([5.])
    """
    coef = as_float_array("predict_polynomial", coef, "coef")
    x = as_float_array("predict_polynomial", x, "x")
    if coef.ndim != 1 or x.ndim != 1:
        fail("predict_polynomial", "coef (d + 1,) and x (N,)", f"{coef.shape} and {x.shape}")
    return polynomial_features(x, coef.size - 1) @ coef


def capacity_curve(
    x_train: Any,
    y_train: Any,
    x_test: Any,
    y_test: Any,
    degrees: Sequence[int],
    alpha: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Training and test MSE of polynomial fits of each degree (the capacity U-curve).

    Training error falls as capacity grows; test error falls, then rises once the model
    starts fitting noise (Goodfellow et al., §5.2, figure 5.3).

    Parameters
    ----------
    x_train, y_train : array_like, shape (N,)
    x_test, y_test : array_like, shape (T,)
    degrees : sequence of int
    alpha : float
        Weight decay used for every fit.

    Returns
    -------
    train_mse, test_mse : numpy.ndarray, shape (len(degrees),)

    Shape
    -----
    ``x_train``, ``y_train``: (N,); ``x_test``, ``y_test``: (T,); outputs (len(degrees),).

    Examples
    --------
    >>> x = np.linspace(-1, 1, 20); y = x ** 2
    >>> tr, te = capacity_curve(x, y, x, y, [0, 2])
    >>> bool(tr[1] < 1e-8)
    True
    """
    x_train, y_train = _xy("capacity_curve", x_train, y_train, "x_train and y_train")
    x_test, y_test = _xy("capacity_curve", x_test, y_test, "x_test and y_test")
    train, test = [], []
    for d in degrees:
        coef = fit_polynomial(x_train, y_train, d, alpha)
        train.append(mean_squared_error(predict_polynomial(coef, x_train), y_train))
        test.append(mean_squared_error(predict_polynomial(coef, x_test), y_test))
    return np.array(train), np.array(test)


def weight_decay_curve(
    x_train: Any, y_train: Any, x_test: Any, y_test: Any, degree: int, alphas: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    r"""Training and test MSE of a degree-:math:`d` fit for each weight decay :math:`\alpha`.

    Large :math:`\alpha` underfits (weights forced to zero), tiny :math:`\alpha` overfits;
    test error is lowest in between (Goodfellow et al., §5.2.2, figure 5.5).

    Parameters
    ----------
    x_train, y_train : array_like, shape (N,)
    x_test, y_test : array_like, shape (T,)
    degree : int
    alphas : sequence of float

    Shape
    -----
    ``x_train``, ``y_train``: (N,); ``x_test``, ``y_test``: (T,); outputs (len(alphas),).

    Examples
    --------
    >>> x = np.linspace(-1, 1, 20)
    >>> tr, te = weight_decay_curve(x, x, x, x, 3, [1e-6, 1e3])
    >>> bool(tr[0] < tr[1])
    True
    """
    x_train, y_train = _xy("weight_decay_curve", x_train, y_train, "x_train and y_train")
    x_test, y_test = _xy("weight_decay_curve", x_test, y_test, "x_test and y_test")
    train, test = [], []
    for a in alphas:
        coef = fit_polynomial(x_train, y_train, degree, a)
        train.append(mean_squared_error(predict_polynomial(coef, x_train), y_train))
        test.append(mean_squared_error(predict_polynomial(coef, x_test), y_test))
    return np.array(train), np.array(test)


def learning_curve(
    make_data: Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]],
    sizes: Sequence[int],
    degree: int,
    x_test: Any,
    y_test: Any,
    *,
    alpha: float = 0.0,
    num_repeats: int = 20,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Mean training and test MSE versus training-set size, averaged over fresh data sets.

    ``make_data(n, rng)`` returns ``(x, y)`` of ``n`` examples. With more data the test error
    of a fixed model falls toward its best achievable error and the training error rises
    toward it (Goodfellow et al., §5.2.1, figure 5.4).

    Parameters
    ----------
    make_data : callable
        ``(n, rng) -> (x, y)``.
    sizes : sequence of int
        Training-set sizes.
    degree : int
    x_test, y_test : array_like, shape (T,)
    alpha : float
    num_repeats : int
        Training sets averaged per size.
    rng : numpy.random.Generator, optional

    Returns
    -------
    train_mse, test_mse : numpy.ndarray, shape (len(sizes),)

    Shape
    -----
    ``x_test``, ``y_test``: (T,); outputs (len(sizes),).

    Examples
    --------
    >>> from dlnotes.data import make_sine_regression
    >>> xt, yt = make_sine_regression(500, np.random.default_rng(1))
    >>> tr, te = learning_curve(make_sine_regression, [20, 500], 3, xt, yt,
    ...                         num_repeats=5, rng=np.random.default_rng(0))
    >>> bool(tr[0] < tr[1] and te[1] < te[0])
    True
    """
    if not callable(make_data):
        fail("learning_curve", "make_data to be callable", type(make_data).__name__, TypeError)
    rng = as_generator("learning_curve", rng)
    num_repeats = check_positive_int("learning_curve", "num_repeats", num_repeats)
    x_test, y_test = _xy("learning_curve", x_test, y_test, "x_test and y_test")
    train = np.zeros(len(sizes))
    test = np.zeros(len(sizes))
    for i, n in enumerate(sizes):
        for _ in range(num_repeats):
            x, y = make_data(check_positive_int("learning_curve", "size", n), rng)
            tr, te = capacity_curve(x, y, x_test, y_test, [degree], alpha)
            train[i] += tr[0] / num_repeats
            test[i] += te[0] / num_repeats
    return train, test


def kfold_indices(
    n: int, k: int, rng: np.random.Generator | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Split ``range(n)`` into ``k`` folds; return ``(train_idx, test_idx)`` per fold.

    The examples are shuffled with ``rng`` (pass ``None`` for a fresh generator), then cut into
    ``k`` nearly equal parts; each part is the test set once and the other parts train
    (Goodfellow et al., §5.3.1, algorithm 5.1). The test sets partition the data.

    Parameters
    ----------
    n : int
        Number of examples.
    k : int
        Number of folds, 2 <= k <= n.
    rng : numpy.random.Generator, optional

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)

    Shape
    -----
    ``k`` pairs of int arrays: train (about n(k-1)/k,), test (about n/k,).

    Examples
    --------
    >>> folds = kfold_indices(5, 2, np.random.default_rng(0))
    >>> sorted(np.concatenate([test for _, test in folds]).tolist())
    [0, 1, 2, 3, 4]
    """
    n = check_positive_int("kfold_indices", "n", n)
    k = check_positive_int("kfold_indices", "k", k)
    if not 2 <= k <= n:
        fail("kfold_indices", f"k in [2, n] = [2, {n}]", k)
    perm = as_generator("kfold_indices", rng).permutation(n)
    parts = np.array_split(perm, k)
    return [
        (np.sort(np.concatenate(parts[:i] + parts[i + 1 :])), np.sort(parts[i])) for i in range(k)
    ]


def cross_validate(
    fit_predict: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    X: Any,
    y: Any,
    k: int = 5,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""k-fold cross-validation: the test MSE of each fold, shape (k,).

    ``fit_predict(X_train, y_train, X_test)`` fits on the training folds and returns
    predictions for the held-out fold. The mean of the returned errors estimates the
    generalisation error; their spread shows how uncertain that estimate is
    (Goodfellow et al., §5.3.1).

    Parameters
    ----------
    fit_predict : callable
        ``(X_train, y_train, X_test) -> y_hat``.
    X : array_like, shape (N, ...)
    y : array_like, shape (N,)
    k : int
        Number of folds.
    rng : numpy.random.Generator, optional
        Shuffles the examples.

    Returns
    -------
    numpy.ndarray, shape (k,)

    Shape
    -----
    ``X``: (N, ...) and ``y``: (N,) → (k,).

    Examples
    --------
    >>> x = np.linspace(-1, 1, 30); y = 2 * x
    >>> fp = lambda a, b, c: predict_polynomial(fit_polynomial(a, b, 1), c)
    >>> bool(cross_validate(fp, x, y, 3, np.random.default_rng(0)).max() < 1e-12)
    True
    """
    if not callable(fit_predict):
        fail("cross_validate", "fit_predict to be callable", type(fit_predict).__name__, TypeError)
    X, y = as_float_array("cross_validate", X, "X"), as_float_array("cross_validate", y, "y")
    if y.ndim != 1 or X.shape[0] != y.shape[0]:
        fail(
            "cross_validate", "X and y with the same number of examples", f"{X.shape} and {y.shape}"
        )
    errors = [
        mean_squared_error(fit_predict(X[tr], y[tr], X[te]), y[te])
        for tr, te in kfold_indices(y.shape[0], k, rng)
    ]
    return np.array(errors)
