r"""SGD with noisy gradients on a quadratic: constant or decaying rate, with Polyak averaging.

With a constant learning rate, stochastic gradient descent does not converge: once near the
minimum it keeps being kicked by gradient noise and wanders in a cloud whose size grows with
the learning rate and the noise. The running average of the iterates
(:class:`dlnotes.optim.AveragedParameters`) averages the kicks away and ends much closer to
the minimum than the last iterate.

A decaying learning rate is the other cure (§8.3.1): with :math:`\sum_k\epsilon_k = \infty`
and :math:`\sum_k\epsilon_k^2 < \infty` the kicks shrink fast enough for the iterates
themselves to converge.

Goodfellow et al., §8.3.1 and §8.7.3.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_nonnegative_int,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.nn.module import Parameter
from dlnotes.optim.averaging import AveragedParameters
from dlnotes.optim.lr_scheduler import LambdaLR
from dlnotes.optim.sgd import SGD

__all__ = ["NoisySGDRun", "noisy_sgd_with_averaging"]


class NoisySGDRun(NamedTuple):
    """Iterates of noisy SGD and their running average.

    Fields:

    path : numpy.ndarray, shape (num_steps + 1, n)
        SGD iterates, starting point first.
    averaged : numpy.ndarray, shape (num_steps + 1, n)
        Row ``t`` is the Polyak average of iterates ``start .. t`` (equal to ``path[t]``
        before ``start``).
    """

    path: np.ndarray
    averaged: np.ndarray


def noisy_sgd_with_averaging(
    function: Any,
    x0: Any,
    *,
    lr: float,
    noise_std: float,
    num_steps: int,
    start: int = 0,
    lr_lambda: Callable[[int], float] | None = None,
    rng: np.random.Generator | None = None,
) -> NoisySGDRun:
    r"""Run :class:`~dlnotes.optim.SGD` on ``function.grad(x) + noise`` and average the iterates.

    The noise is Gaussian, :math:`\mathcal N(0, \sigma^2 I)`, fresh at every step, standing in
    for the error of a minibatch gradient (§8.1.3). Averaging starts after ``start`` steps, so
    the far-away early iterates do not bias the average (the book's "discard the beginning"
    remark for non-convex problems, §8.7.3).

    Parameters
    ----------
    function : object with ``grad``
        E.g. :class:`dlnotes.numerics.Quadratic`.
    x0 : array_like, shape (n,)
    lr, noise_std : float
    num_steps : int
    start : int, default 0
    lr_lambda : callable, optional
        A learning-rate schedule :math:`\epsilon_k = \epsilon_0 f(k)`, applied with
        :class:`dlnotes.optim.lr_scheduler.LambdaLR` stepped after every step; ``None`` keeps
        the rate constant. A decay with :math:`\sum_k\epsilon_k = \infty` and
        :math:`\sum_k\epsilon_k^2 < \infty`, such as :math:`f(k) = 1/(1 + k/k_0)`, makes
        the iterates themselves converge (§8.3.1).
    rng : numpy.random.Generator, optional

    Returns
    -------
    NoisySGDRun

    Notes
    -----
    Goodfellow et al., §8.7.3.

    Examples
    --------
    >>> from dlnotes.numerics import Quadratic
    >>> run = noisy_sgd_with_averaging(Quadratic(np.eye(2)), [3.0, 3.0], lr=0.1, noise_std=1.0,
    ...                                num_steps=2000, start=100, rng=np.random.default_rng(0))
    >>> bool(np.linalg.norm(run.averaged[-1]) < np.linalg.norm(run.path[-1]))
    True
    """
    owner = "noisy_sgd_with_averaging"
    if not callable(getattr(function, "grad", None)):
        fail(owner, "a function with a grad method", type(function).__name__, TypeError)
    start_point = as_float_array(owner, x0, "x0")
    if start_point.ndim != 1:
        fail(owner, "x0 of shape (n,)", start_point.shape)
    lr = check_range(owner, "lr", lr, 0.0, low_inclusive=False)
    noise_std = check_range(owner, "noise_std", noise_std, 0.0)
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    start = check_nonnegative_int(owner, "start", start)
    gen = as_generator(owner, rng)
    point = Parameter(np.array(start_point, dtype=np.float64, copy=True))
    optimizer = SGD([point], lr=lr)
    scheduler = None if lr_lambda is None else LambdaLR(optimizer, lr_lambda)
    averager = AveragedParameters([point])
    path, averaged = [point.data.copy()], [point.data.copy()]
    for step in range(1, num_steps + 1):
        optimizer.zero_grad()
        point.grad += function.grad(point.data) + noise_std * gen.standard_normal(point.shape)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        path.append(point.data.copy())
        if step >= start:
            averager.update()
            averaged.append(averager.averages[0].copy())
        else:
            averaged.append(point.data.copy())
    return NoisySGDRun(np.stack(path), np.stack(averaged))
