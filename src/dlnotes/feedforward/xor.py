r"""XOR, the function a linear model cannot learn, and the ReLU network that computes it.

Goodfellow et al., §6.1. With the four inputs :math:`\{0,1\}^2` and targets
:math:`x_1 \oplus x_2`, the least-squares linear model is the constant 1/2; one hidden layer of
two rectified linear units, :math:`f(x) = w^\top \max(0, W^\top x + c) + b`, computes XOR
exactly. All arrays use the book's notation: the hidden layer is :math:`h = \max(0, XW + c)`
for a design matrix :math:`X` with one example per row (PyTorch's ``Linear.weight`` is
:math:`W^\top`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_last_dim,
    check_ndim,
    check_positive_int,
    check_range,
    check_same_shape,
    fail,
)
from dlnotes.data.synthetic import xor_points
from dlnotes.nn import Linear, MSELoss, ReLU, Sequential
from dlnotes.nn.functional import relu
from dlnotes.optim import Adam
from dlnotes.training import History, fit

__all__ = [
    "XorNetwork",
    "xor_relu_network",
    "xor_forward",
    "LinearFit",
    "least_squares_linear_fit",
    "XorTraining",
    "train_xor_mlp",
    "xor_success_rate",
]


class XorNetwork(NamedTuple):
    r"""Parameters of :math:`f(x) = w^\top \max(0, W^\top x + c) + b` in the book's layout."""

    #: Input-to-hidden weights, shape ``(2, H)`` (column ``j`` feeds hidden unit ``j``).
    W: np.ndarray
    #: Hidden biases, shape ``(H,)``.
    c: np.ndarray
    #: Hidden-to-output weights, shape ``(H,)``.
    w: np.ndarray
    #: Output bias.
    b: float


def xor_relu_network(dtype: Any = np.float64) -> XorNetwork:
    r"""The hand-set solution of §6.1.

    Both hidden units compute :math:`x_1 + x_2` (so ``W`` is all ones); the first passes it
    unchanged (``c_1 = 0``), the second only the part above 1 (``c_2 = -1``), which is
    non-zero for :math:`(1, 1)` alone. The output :math:`h_1 - 2 h_2` is then
    ``0, 1, 1, 2 - 2 = 0`` on the four corners.

    Returns
    -------
    XorNetwork
        ``W = [[1, 1], [1, 1]]``, ``c = [0, -1]``, ``w = [1, -2]``, ``b = 0``.

    Examples
    --------
    >>> net = xor_relu_network()
    >>> net.W.tolist(), net.c.tolist(), net.w.tolist(), net.b
    ([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -2.0], 0.0)
    """
    dt = np.dtype(dtype)
    return XorNetwork(
        W=np.ones((2, 2), dtype=dt),
        c=np.array([0.0, -1.0], dtype=dt),
        w=np.array([1.0, -2.0], dtype=dt),
        b=0.0,
    )


def xor_forward(X: Any, net: XorNetwork) -> tuple[np.ndarray, np.ndarray]:
    r"""Run the network: :math:`h = \max(0, XW + c)`, :math:`\hat y = h w + b`.

    Parameters
    ----------
    X : array_like, shape (N, 2)
        One input per row.
    net : XorNetwork
        Parameters, e.g. :func:`xor_relu_network`.

    Returns
    -------
    y_hat : numpy.ndarray, shape (N,)
        Network outputs.
    h : numpy.ndarray, shape (N, H)
        Hidden representation (the learned features of §6.1).

    Shape
    -----
    ``X``: ``(N, D)`` with ``D = W.shape[0]``.

    Examples
    --------
    >>> from dlnotes.data import xor_points
    >>> X, y = xor_points()
    >>> y_hat, h = xor_forward(X, xor_relu_network())
    >>> y_hat.tolist(), h.tolist()
    ([0.0, 1.0, 1.0, 0.0], [[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [2.0, 1.0]])
    """
    X = as_float_array("xor_forward", X)
    check_ndim("xor_forward", X, 2, f"input of shape (N, {net.W.shape[0]})")
    check_last_dim("xor_forward", X, net.W.shape[0])
    h = relu(X @ net.W + net.c)
    return h @ net.w + net.b, h


class LinearFit(NamedTuple):
    r"""Least-squares affine model :math:`\hat y = x^\top w + b`."""

    w: np.ndarray
    b: float

    def predict(self, X: Any) -> np.ndarray:
        r"""Outputs :math:`Xw + b` for inputs ``X`` of shape ``(N, D)``."""
        return as_float_array("LinearFit", X) @ self.w + self.b


def least_squares_linear_fit(X: Any, y: Any) -> LinearFit:
    r"""Minimise the mean squared error :math:`\frac1N\|Xw + b\mathbf 1 - y\|^2` in closed form.

    Solved by least squares on the design matrix :math:`[X, \mathbf 1]` (minimum-norm solution
    if it is rank deficient). On the four XOR points the answer is :math:`w = 0`, :math:`b = 1/2`
    (§6.1): the best linear model predicts 1/2 everywhere.

    Parameters
    ----------
    X : array_like, shape (N, D)
    y : array_like, shape (N,)

    Returns
    -------
    LinearFit

    Examples
    --------
    >>> from dlnotes.data import xor_points
    >>> fit = least_squares_linear_fit(*xor_points())
    >>> np.round(fit.w, 12).tolist(), round(fit.b, 12)
    ([0.0, 0.0], 0.5)
    """
    X = as_float_array("least_squares_linear_fit", X)
    y = as_float_array("least_squares_linear_fit", y, "target")
    check_ndim("least_squares_linear_fit", X, 2, "input of shape (N, D)")
    check_same_shape("least_squares_linear_fit", y, X[:, 0], "target (N,) and input rows")
    design = np.hstack([X, np.ones((len(X), 1), dtype=X.dtype)])
    theta = np.linalg.lstsq(design, y, rcond=None)[0]
    return LinearFit(w=theta[:-1], b=float(theta[-1]))


class XorTraining(NamedTuple):
    r"""Result of :func:`train_xor_mlp`."""

    #: ``Linear(2, H) -> ReLU -> Linear(H, 1)`` after training.
    model: Sequential
    #: Per-epoch training loss.
    history: History
    #: :math:`\max_i |f(x_i) - y_i|` over the four XOR points.
    max_error: float
    #: Learned hidden representation :math:`\max(0, x W^\top + c)` of the four points, ``(4, H)``.
    hidden: np.ndarray


def train_xor_mlp(
    hidden_features: int = 2,
    *,
    rng: np.random.Generator | None = None,
    num_epochs: int = 500,
    lr: float = 0.05,
) -> XorTraining:
    r"""Train ``Linear(2, H) -> ReLU -> Linear(H, 1)`` on the four XOR points from random weights.

    Mean squared error, as in §6.1, full batch (the four points), Adam; weights drawn by
    ``Linear``'s default initialisation from ``rng``. Whether training finds XOR depends on
    the draw: with two hidden units, a unit that is inactive on most inputs receives almost no
    gradient, and units that are active on all four inputs make the network affine there (the
    best it can then do is the constant 1/2); either way gradient descent stalls. See
    :func:`xor_success_rate`.

    Parameters
    ----------
    hidden_features : int, default 2
        Hidden units ``H``.
    rng : numpy.random.Generator, optional
        Draws the initial weights and the (irrelevant, single-batch) epoch permutations.
    num_epochs : int, default 500
        Full-batch steps.
    lr : float, default 0.05
        Adam's learning rate.

    Returns
    -------
    XorTraining

    Examples
    --------
    >>> result = train_xor_mlp(8, rng=np.random.default_rng(0), num_epochs=300)
    >>> result.max_error < 0.05
    True
    """
    hidden_features = check_positive_int("train_xor_mlp", "hidden_features", hidden_features)
    num_epochs = check_positive_int("train_xor_mlp", "num_epochs", num_epochs)
    lr = check_range("train_xor_mlp", "lr", lr, 0.0, low_inclusive=False)
    gen = as_generator("train_xor_mlp", rng)
    X, y = xor_points()
    model = Sequential(
        Linear(2, hidden_features, rng=gen), ReLU(), Linear(hidden_features, 1, rng=gen)
    )
    history = fit(
        model,
        MSELoss(),
        Adam(model.parameters(), lr=lr),
        (X, y[:, None]),
        num_epochs=num_epochs,
        batch_size=4,
        rng=gen,
        progress=False,
    )
    y_hat = model(X)[:, 0]
    hidden = model[1](model[0](X))
    return XorTraining(model, history, float(np.abs(y_hat - y).max()), hidden)


def xor_success_rate(
    hidden_features: int,
    seeds: Any,
    *,
    tol: float = 0.05,
    num_epochs: int = 500,
    lr: float = 0.05,
) -> float:
    r"""Fraction of seeds for which :func:`train_xor_mlp` fits all four points within ``tol``.

    Parameters
    ----------
    hidden_features : int
        Hidden units.
    seeds : iterable of int
        Each seeds ``numpy.random.default_rng(seed)`` for one training run.
    tol : float, default 0.05
        Success means :math:`\max_i |f(x_i) - y_i| <` ``tol``.
    num_epochs, lr
        As in :func:`train_xor_mlp`.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> xor_success_rate(8, range(2), num_epochs=300)
    1.0
    """
    tol = check_range("xor_success_rate", "tol", tol, 0.0, low_inclusive=False)
    results = [
        train_xor_mlp(
            hidden_features, rng=np.random.default_rng(seed), num_epochs=num_epochs, lr=lr
        ).max_error
        < tol
        for seed in seeds
    ]
    if not results:
        fail("xor_success_rate", "at least one seed", "none")
    return float(np.mean(results))
