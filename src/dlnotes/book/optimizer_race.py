r"""The optimizer race of chapter S3: each optimizer's path on the same test functions.

:func:`optimizer_trajectory` runs one ``dlnotes.optim`` optimizer on a function of a point and
records the path. The loop is the same one that trains a network — ``zero_grad()``, put the
gradient in ``Parameter.grad``, ``step()`` — with a single parameter (the point) and an exact
gradient in place of back-propagation, so optimizers can be compared on two-dimensional test
functions (:mod:`dlnotes.book.objectives`) and their paths drawn on contour plots
(:mod:`dlnotes.book.optimizer_race_plots`).

A :class:`BenchmarkProblem` bundles a function, a starting point, a number of steps and one
hyper-parameter setting per optimizer; :func:`run_benchmark` runs them all with
:func:`optimizer_trajectory`. The quadratic problem is the one whose claim the tests assert:
every optimizer ends within ``tolerance`` of the minimum.

The settings were chosen by hand, once, to give each method a fair run (a learning rate near
the largest stable one), not tuned to any result quoted in the text. AdamW runs with Adam's
learning rate and PyTorch's default decoupled weight decay, :data:`WEIGHT_DECAY`.

Goodfellow et al., §8.3, §8.5 and §8.2 (ill conditioning, curved valleys, plateaus).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_nonnegative_int, check_range, fail
from dlnotes.book.objectives import Beale, Rosenbrock, ill_conditioned_quadratic
from dlnotes.nn.module import Parameter
from dlnotes.optim.adadelta import Adadelta
from dlnotes.optim.adagrad import Adagrad
from dlnotes.optim.adam import Adam, AdamW
from dlnotes.optim.optimizer import Optimizer
from dlnotes.optim.rmsprop import RMSprop
from dlnotes.optim.sgd import SGD

__all__ = [
    "WEIGHT_DECAY",
    "BenchmarkProblem",
    "Setting",
    "benchmark_problem",
    "distance_to_minimum",
    "optimizer_trajectory",
    "run_benchmark",
    "steps_to_reach",
    "tuned_gradient_descent",
    "tuned_heavy_ball",
]


def optimizer_trajectory(
    function: Any,
    x0: Any,
    optimizer_class: type[Optimizer],
    num_steps: int,
    *,
    scheduler_class: Any = None,
    scheduler_kwargs: dict[str, Any] | None = None,
    **hyperparameters: Any,
) -> np.ndarray:
    r"""Minimise ``function`` from ``x0`` with ``optimizer_class``; return every iterate.

    Parameters
    ----------
    function : object with a ``grad`` method
        ``function.grad(x)`` returns :math:`\nabla f(x)` with the shape of ``x``
        (e.g. :class:`dlnotes.numerics.Quadratic`, :class:`Rosenbrock`, :class:`Beale`).
    x0 : array_like, shape (n,)
        Starting point (copied; its dtype, float32 or float64, is kept).
    optimizer_class : type
        A :class:`dlnotes.optim.Optimizer` sub-class, built as
        ``optimizer_class([point], **hyperparameters)``.
    num_steps : int
        Number of optimizer steps.
    scheduler_class : type, optional
        A learning-rate scheduler from :mod:`dlnotes.optim.lr_scheduler`, stepped once after
        every optimizer step, built with ``scheduler_kwargs``.
    scheduler_kwargs : dict, optional
    **hyperparameters
        Passed to the optimizer (``lr=...``, ``momentum=...``).

    Returns
    -------
    numpy.ndarray, shape (k + 1, n)
        Row 0 is ``x0``; ``k = num_steps`` unless an iterate stopped being finite (a diverging
        run), in which case the path ends at that iterate.

    Notes
    -----
    Goodfellow et al., §8.3 and §8.5.

    Examples
    --------
    >>> from dlnotes.optim import SGD
    >>> from dlnotes.numerics import Quadratic
    >>> f = Quadratic(np.eye(2))
    >>> optimizer_trajectory(f, [1.0, -2.0], SGD, 2, lr=0.5)
    array([[ 1.  , -2.  ],
           [ 0.5 , -1.  ],
           [ 0.25, -0.5 ]])
    """
    owner = "optimizer_trajectory"
    if not callable(getattr(function, "grad", None)):
        fail(owner, "a function with a grad method", type(function).__name__, TypeError)
    if not (isinstance(optimizer_class, type) and issubclass(optimizer_class, Optimizer)):
        fail(
            owner,
            "optimizer_class to be a dlnotes.optim.Optimizer sub-class",
            repr(optimizer_class),
            TypeError,
        )
    start = as_float_array(owner, x0, "x0")
    if start.ndim != 1:
        fail(owner, "x0 of shape (n,)", start.shape)
    num_steps = check_nonnegative_int(owner, "num_steps", num_steps)
    point = Parameter(start.copy())
    optimizer = optimizer_class([point], **hyperparameters)
    scheduler = (
        scheduler_class(optimizer, **(scheduler_kwargs or {}))
        if scheduler_class is not None
        else None
    )
    path = [point.data.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(num_steps):
            optimizer.zero_grad()
            point.grad += function.grad(point.data)
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            path.append(point.data.copy())
            if not np.all(np.isfinite(point.data)):
                break
    return np.stack(path)


Setting = tuple[type[Optimizer], dict[str, Any]]

#: AdamW's decoupled weight decay in the race: ``torch.optim.AdamW``'s default. Every step
#: shrinks the iterate by the factor ``1 - lr * WEIGHT_DECAY`` whatever the gradient, a pull
#: towards the origin that matters on the problems whose minimum is elsewhere.
WEIGHT_DECAY = 0.01


@dataclass(frozen=True)
class BenchmarkProblem:
    """A test function, where to start, how long to run, and each optimizer's settings.

    Attributes
    ----------
    name : str
    function : object with ``__call__``, ``grad`` and ``minimizer``
    x0 : numpy.ndarray, shape (2,)
    num_steps : int
    settings : dict
        Optimizer name to ``(optimizer class, hyper-parameters)``.
    xlim, ylim : tuple of float
        A plotting window containing the start and the minimum.
    tolerance : float
        Distance to the minimum that counts as "reached" (asserted for the quadratic).
    """

    name: str
    function: Any
    x0: np.ndarray
    num_steps: int
    settings: dict[str, Setting]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    tolerance: float = 1e-4


def benchmark_problem(name: str) -> BenchmarkProblem:
    r"""One of the chapter's three problems: ``"quadratic"``, ``"rosenbrock"`` or ``"beale"``.

    ``"quadratic"`` is :func:`~dlnotes.book.objectives.ill_conditioned_quadratic`
    with :math:`\kappa = 20` from :math:`(-4, 1.5)`, 300 steps, tolerance :math:`10^{-4}`;
    ``"rosenbrock"`` starts at :math:`(-1.5, 2)` and ``"beale"`` at :math:`(1, 1.5)`, 3000
    steps each.

    Parameters
    ----------
    name : {"quadratic", "rosenbrock", "beale"}

    Returns
    -------
    BenchmarkProblem

    Examples
    --------
    >>> problem = benchmark_problem("quadratic")
    >>> problem.num_steps, sorted(problem.settings)[:3]
    (300, ['AdaDelta', 'AdaGrad', 'Adam'])
    """
    if name == "quadratic":
        # Largest stable plain-GD step is 2 / lambda_max = 0.1; AdaDelta's effective step
        # tends to lr * sqrt((u + eps) / eps) >= lr near the minimum, so it needs lr < 0.1 too.
        settings: dict[str, Setting] = {
            "SGD": (SGD, {"lr": 0.09}),
            "Momentum": (SGD, {"lr": 0.05, "momentum": 0.5}),
            "Nesterov": (SGD, {"lr": 0.05, "momentum": 0.5, "nesterov": True}),
            "AdaGrad": (Adagrad, {"lr": 1.0}),
            "RMSProp": (RMSprop, {"lr": 0.05}),
            "AdaDelta": (Adadelta, {"lr": 0.09, "eps": 0.1}),
            "Adam": (Adam, {"lr": 0.1}),
            "AdamW": (AdamW, {"lr": 0.1, "weight_decay": WEIGHT_DECAY}),
        }
        return BenchmarkProblem(
            name,
            ill_conditioned_quadratic(20.0),
            np.array([-4.0, 1.5]),
            300,
            settings,
            (-4.5, 1.5),
            (-2.0, 2.0),
        )
    if name in ("rosenbrock", "beale"):
        rosenbrock = name == "rosenbrock"
        settings = {
            "SGD": (SGD, {"lr": 1e-3}),
            "Momentum": (SGD, {"lr": 1e-3, "momentum": 0.9}),
            "Nesterov": (SGD, {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
            "AdaGrad": (Adagrad, {"lr": 0.5}),
            "RMSProp": (RMSprop, {"lr": 0.01}),
            "AdaDelta": (Adadelta, {"lr": 1.0 if rosenbrock else 0.1, "rho": 0.95, "eps": 1e-4}),
            "Adam": (Adam, {"lr": 0.05}),
            "AdamW": (AdamW, {"lr": 0.05, "weight_decay": WEIGHT_DECAY}),
        }
        if rosenbrock:
            return BenchmarkProblem(
                name, Rosenbrock(), np.array([-1.5, 2.0]), 3000, settings, (-2.0, 2.0), (-1.0, 3.0)
            )
        return BenchmarkProblem(
            name, Beale(), np.array([1.0, 1.5]), 3000, settings, (-0.5, 4.0), (-1.0, 2.0)
        )
    fail("benchmark_problem", "name 'quadratic', 'rosenbrock' or 'beale'", repr(name))


def run_benchmark(problem: BenchmarkProblem) -> dict[str, np.ndarray]:
    r"""Run every optimizer of ``problem`` from ``problem.x0``; return each path.

    Parameters
    ----------
    problem : BenchmarkProblem

    Returns
    -------
    dict
        Optimizer name to its path, shape ``(num_steps + 1, 2)`` (shorter if it diverged).

    Examples
    --------
    >>> paths = run_benchmark(benchmark_problem("quadratic"))
    >>> paths["Adam"].shape
    (301, 2)
    """
    if not isinstance(problem, BenchmarkProblem):
        fail("run_benchmark", "a BenchmarkProblem", type(problem).__name__, TypeError)
    return {
        name: optimizer_trajectory(
            problem.function, problem.x0, cls, problem.num_steps, **hyperparameters
        )
        for name, (cls, hyperparameters) in problem.settings.items()
    }


def distance_to_minimum(path: np.ndarray, minimizer: np.ndarray) -> np.ndarray:
    r"""Euclidean distance :math:`\|x_t - x^*\|` of every iterate, shape ``(len(path),)``.

    Examples
    --------
    >>> distance_to_minimum(np.array([[3.0, 4.0], [0.0, 0.0]]), np.zeros(2))
    array([5., 0.])
    """
    path, minimizer = np.asarray(path), np.asarray(minimizer)
    if path.ndim != 2 or path.shape[1:] != minimizer.shape:
        fail("distance_to_minimum", f"a path of shape (k, {minimizer.size})", path.shape)
    return np.linalg.norm(path - minimizer, axis=1)


def steps_to_reach(path: np.ndarray, minimizer: np.ndarray, rel_tol: float) -> int | None:
    r"""First step :math:`t` with :math:`\|x_t-x^*\| \le \mathrm{rel\_tol}\,\|x_0-x^*\|`.

    Returns ``None`` when the path never gets that close.

    Examples
    --------
    >>> steps_to_reach(np.array([[4.0, 0.0], [1.0, 0.0], [0.01, 0.0]]), np.zeros(2), 0.1)
    2
    """
    distance = distance_to_minimum(path, minimizer)
    reached = np.flatnonzero(distance <= rel_tol * distance[0])
    return int(reached[0]) if reached.size else None


def tuned_gradient_descent(lambda_min: float, lambda_max: float) -> dict[str, float]:
    r"""The constant step minimising gradient descent's worst rate on a quadratic.

    With Hessian eigenvalues in :math:`[\lambda_{\min}, \lambda_{\max}]` the error along
    eigenvector :math:`i` shrinks by :math:`|1-\epsilon\lambda_i|` per step; the largest factor
    is smallest for :math:`\epsilon = 2/(\lambda_{\min}+\lambda_{\max})`, where it equals
    :math:`(\kappa-1)/(\kappa+1)`, :math:`\kappa=\lambda_{\max}/\lambda_{\min}`: about
    :math:`\kappa/2` steps per factor :math:`e` (Goodfellow et al., §4.3.1).

    Returns
    -------
    dict
        ``{"lr": epsilon}``, ready for :class:`dlnotes.optim.SGD`.

    Examples
    --------
    >>> tuned_gradient_descent(1.0, 9.0)
    {'lr': 0.2}
    """
    low, high = _eigen_range("tuned_gradient_descent", lambda_min, lambda_max)
    return {"lr": 2.0 / (low + high)}


def tuned_heavy_ball(lambda_min: float, lambda_max: float) -> dict[str, float]:
    r"""Polyak's optimal momentum settings for a quadratic, in ``torch.optim.SGD``'s form.

    :math:`\epsilon = 4/(\sqrt{\lambda_{\max}}+\sqrt{\lambda_{\min}})^2` and
    :math:`\mu = \bigl((\sqrt\kappa-1)/(\sqrt\kappa+1)\bigr)^2`, which shrink the error by
    about :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)` per step: :math:`\sqrt\kappa/2` steps per
    factor :math:`e` instead of :math:`\kappa/2` (Goodfellow et al., §8.3.2). With a constant
    learning rate the buffer form :math:`b \leftarrow \mu b + g,\ \theta \leftarrow \theta -
    \epsilon b` is the heavy-ball method.

    Returns
    -------
    dict
        ``{"lr": epsilon, "momentum": mu}``, ready for :class:`dlnotes.optim.SGD`.

    Examples
    --------
    >>> tuned_heavy_ball(1.0, 9.0)
    {'lr': 0.25, 'momentum': 0.25}
    """
    low, high = _eigen_range("tuned_heavy_ball", lambda_min, lambda_max)
    root_kappa = np.sqrt(high / low)
    return {
        "lr": float(4.0 / (np.sqrt(high) + np.sqrt(low)) ** 2),
        "momentum": float(((root_kappa - 1) / (root_kappa + 1)) ** 2),
    }


def _eigen_range(owner: str, lambda_min: float, lambda_max: float) -> tuple[float, float]:
    low = check_range(owner, "lambda_min", lambda_min, 0.0, low_inclusive=False)
    high = check_range(owner, "lambda_max", lambda_max, low)
    return low, high
