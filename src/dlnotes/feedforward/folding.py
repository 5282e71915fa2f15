r"""Depth as folding: a ReLU network of depth :math:`d` and width 2 computes a sawtooth with
:math:`2^d` linear pieces (Goodfellow et al., §6.4.1; Montúfar et al., 2014).

The *tent map* :math:`T(x) = 2\max(0, x) - 4\max(0, x - \tfrac12)` equals :math:`2x` on
:math:`[0, \tfrac12]` and :math:`2 - 2x` on :math:`[\tfrac12, 1]`: it folds the unit interval in
half onto itself. Composing it :math:`d` times folds :math:`d` times,

.. math:: T^{(d)}(x) = 2\,\bigl|2^{d-1}x - \operatorname{round}(2^{d-1}x)\bigr|,

a sawtooth with :math:`2^{d-1}` teeth and :math:`2^d` linear pieces, from :math:`6d + 1`
parameters. A network with one hidden layer of :math:`n` ReLUs on a scalar input is
piecewise linear with at most :math:`n + 1` pieces, so it needs at least :math:`2^d - 1` units
(about :math:`3 \cdot 2^d` parameters) for the same function: exponentially many in ``d``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, check_positive_int, check_range, fail
from dlnotes.nn import Linear, ReLU, Sequential
from dlnotes.nn.functional import relu

__all__ = [
    "sawtooth",
    "tent_network",
    "count_linear_pieces",
    "parameter_count",
    "fit_shallow_relu",
]


def sawtooth(x: Any, depth: int) -> np.ndarray:
    r"""The ``depth``-fold composition of the tent map on [0, 1], in closed form.

    Parameters
    ----------
    x : array_like
        Points in [0, 1] (any shape).
    depth : int
        Number of folds :math:`d \ge 1`.

    Returns
    -------
    numpy.ndarray
        :math:`2|2^{d-1}x - \operatorname{round}(2^{d-1}x)|`, values in [0, 1].

    Examples
    --------
    >>> sawtooth(np.array([0.0, 0.25, 0.5, 0.75, 1.0]), 2)
    array([0., 1., 0., 1., 0.])
    """
    x = as_float_array("sawtooth", x)
    depth = check_positive_int("sawtooth", "depth", depth)
    u = x * 2.0 ** (depth - 1)
    return 2 * np.abs(u - np.round(u))


def tent_network(depth: int, dtype: Any = np.float64) -> Sequential:
    r"""A hand-set ``dlnotes.nn`` ReLU network computing :func:`sawtooth` exactly on [0, 1].

    Each hidden layer has two units, :math:`h_1 = \max(0, t)` and
    :math:`h_2 = \max(0, t - \tfrac12)`, of the previous tent value :math:`t = 2h_1 - 4h_2`
    (the first layer reads :math:`t = x`); the linear read-out of one layer is folded into the
    weights of the next. So layer 1 has weight :math:`(1, 1)^\top`, every later layer
    :math:`\begin{pmatrix} 2 & -4 \\ 2 & -4 \end{pmatrix}`, biases :math:`(0, -\tfrac12)`, and
    the output layer :math:`(2, -4)`.

    Parameters
    ----------
    depth : int
        Hidden layers :math:`d`.
    dtype : {numpy.float64, numpy.float32}

    Returns
    -------
    dlnotes.nn.Sequential
        ``Linear(1, 2), ReLU, [Linear(2, 2), ReLU] * (d - 1), Linear(2, 1)``;
        :func:`parameter_count` is :math:`6d + 1`.

    Examples
    --------
    >>> net = tent_network(3)
    >>> x = np.linspace(0, 1, 9)[:, None]
    >>> bool(np.array_equal(net(x), sawtooth(x, 3)))
    True
    >>> parameter_count(net)
    19
    """
    depth = check_positive_int("tent_network", "depth", depth)
    dt = np.dtype(dtype)
    fold = np.array([[2.0, -4.0], [2.0, -4.0]])
    layers: list[Any] = []
    for i in range(depth):
        layer = Linear(1 if i == 0 else 2, 2, dtype=dt, rng=np.random.default_rng(0))
        layer.weight.data[...] = np.ones((2, 1)) if i == 0 else fold
        layer.bias.data[...] = [0.0, -0.5]
        layers += [layer, ReLU()]
    out = Linear(2, 1, dtype=dt, rng=np.random.default_rng(0))
    out.weight.data[...] = [[2.0, -4.0]]
    out.bias.data[...] = 0.0
    return Sequential(*layers, out)


def count_linear_pieces(x: Any, f: Any, *, rtol: float = 1e-6) -> int:
    r"""Number of maximal linear pieces of a piecewise-linear function sampled on a grid.

    Consecutive slopes :math:`(f_{i+1} - f_i)/(x_{i+1} - x_i)` that differ by more than
    ``rtol`` times the largest slope magnitude start a new piece. The count is exact when every
    breakpoint lies on a grid point (a dyadic grid for :func:`sawtooth`); a breakpoint between
    grid points shows up as one or two extra short pieces, never as fewer.

    Parameters
    ----------
    x : array_like, shape (M,)
        Strictly increasing sample points.
    f : array_like, shape (M,) or (M, 1)
        Function values at ``x``.
    rtol : float, default 1e-6
        Relative tolerance for "the same slope".

    Returns
    -------
    int

    Examples
    --------
    >>> x = np.linspace(0, 1, 17)
    >>> count_linear_pieces(x, sawtooth(x, 3)), count_linear_pieces(x, 3 * x + 1)
    (8, 1)
    """
    x = as_float_array("count_linear_pieces", x)
    f = as_float_array("count_linear_pieces", f, "f").reshape(-1)
    check_ndim("count_linear_pieces", x, 1, "sample points of shape (M,)")
    if f.shape != x.shape or len(x) < 2:
        fail("count_linear_pieces", f"f of shape {x.shape} with M >= 2", f.shape)
    if np.any(np.diff(x) <= 0):
        fail("count_linear_pieces", "strictly increasing sample points", "unsorted x")
    rtol = check_range("count_linear_pieces", "rtol", rtol, 0.0)
    slopes = np.diff(f) / np.diff(x)
    scale = max(float(np.abs(slopes).max()), 1e-300)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > rtol * scale))


def parameter_count(model: Any) -> int:
    """Total number of scalar parameters of a ``dlnotes.nn`` module.

    >>> parameter_count(Linear(3, 4))
    16
    """
    return int(sum(p.size for p in model.parameters()))


def fit_shallow_relu(x: Any, target: Any, num_units: int) -> Sequential:
    r"""A one-hidden-layer ReLU network fitted to ``target`` with fixed, evenly spaced kinks.

    Hidden unit :math:`j = 0, \dots, n-1` computes :math:`\max(0, x - j/n)`, so its kink sits
    at :math:`j/n`; the output layer (``n`` weights and a bias) is solved by linear least
    squares on the samples, the best read-out for these hidden units. Such a network is linear
    between consecutive kinks, so it has at most :math:`n + 1` pieces on the real line and
    :math:`n` on [0, 1]: it reproduces :func:`sawtooth` of depth :math:`d` exactly if and only
    if :math:`n` is a multiple of :math:`2^d` (then every breakpoint :math:`i/2^d` of the
    sawtooth is a kink), whatever the read-out. Any one-hidden-layer network with
    :math:`n` units has at most :math:`n + 1` pieces, so none computes the sawtooth with fewer
    than :math:`2^d - 1` units (Goodfellow et al., §6.4.1).

    Parameters
    ----------
    x : array_like, shape (M,)
        Sample points in [0, 1].
    target : array_like, shape (M,)
        Values to fit.
    num_units : int
        Hidden units :math:`n`; :func:`parameter_count` of the result is :math:`3n + 1`.

    Returns
    -------
    dlnotes.nn.Sequential
        ``Linear(1, n), ReLU, Linear(n, 1)``.

    Examples
    --------
    >>> x = np.linspace(0, 1, 65)
    >>> net = fit_shallow_relu(x, sawtooth(x, 2), 4)
    >>> bool(np.allclose(net(x[:, None])[:, 0], sawtooth(x, 2))), parameter_count(net)
    (True, 13)
    """
    x = as_float_array("fit_shallow_relu", x)
    target = as_float_array("fit_shallow_relu", target, "target")
    check_ndim("fit_shallow_relu", x, 1, "sample points of shape (M,)")
    if target.shape != x.shape:
        fail("fit_shallow_relu", f"target of shape {x.shape}", target.shape)
    n = check_positive_int("fit_shallow_relu", "num_units", num_units)
    knots = np.arange(n) / n
    first = Linear(1, n, dtype=x.dtype, rng=np.random.default_rng(0))
    first.weight.data[...] = 1.0
    first.bias.data[...] = -knots
    features = relu(first(x[:, None]))
    design = np.hstack([features, np.ones((len(x), 1), dtype=x.dtype)])
    coef = np.linalg.lstsq(design, target, rcond=None)[0]
    out = Linear(n, 1, dtype=x.dtype, rng=np.random.default_rng(0))
    out.weight.data[...] = coef[:-1][None, :]
    out.bias.data[...] = coef[-1]
    return Sequential(first, ReLU(), out)
