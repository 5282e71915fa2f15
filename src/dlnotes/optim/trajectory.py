r"""Run a ``dlnotes.optim`` optimizer on a function of a point and record the path.

The loop is the same one that trains a network — ``zero_grad()``, put the gradient in
``Parameter.grad``, ``step()`` — with a single parameter (the point) and an exact gradient in
place of back-propagation, so optimizers can be compared on two-dimensional test functions
and their paths drawn on contour plots.

Goodfellow et al., §8.3 and §8.5.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_nonnegative_int, fail
from dlnotes.nn.module import Parameter
from dlnotes.optim.optimizer import Optimizer


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
