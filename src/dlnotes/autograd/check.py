r"""Compare the gradients of the autograd engine with central differences.

For a function :math:`F` of several arrays returning a Tensor :math:`Y`, draw a random
upstream gradient :math:`G` of :math:`Y`'s shape, back-propagate it, and compare the gradient
of each argument with the central-difference gradient of the scalar
:math:`\phi = \sum G \odot F(\dots)`. A random :math:`G` weights every output element
differently, so a backward pass that swaps, drops or zeroes contributions cannot pass
(with :math:`G = 1`, i.e. :math:`\phi = \sum Y`, a softmax or normalisation layer has a zero
true gradient and a backward returning zeros would pass).

Goodfellow et al., §6.5 (back-propagation) and §11.5 (numerical gradient checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, fail
from dlnotes.autograd.grad_mode import no_grad
from dlnotes.autograd.tensor import Tensor
from dlnotes.gradcheck import numerical_gradient, relative_error

__all__ = ["gradient_relative_errors"]


def gradient_relative_errors(
    fn: Callable[..., Tensor],
    *arrays: Any,
    rng: np.random.Generator | None = None,
    eps: float = 1e-6,
) -> list[float]:
    r"""Relative error between autograd and central differences, one number per argument.

    Each error is :math:`\max_i |a_i - n_i| / \max(\max_i|a_i|, \max_i|n_i|)` with :math:`a`
    the autograd gradient and :math:`n` the central difference (see
    :func:`dlnotes.gradcheck.relative_error`).

    Parameters
    ----------
    fn : callable
        Takes one Tensor per array and returns a Tensor built from autograd operations.
    *arrays : array_like
        Points at which to differentiate; converted to float64 copies.
    rng : numpy.random.Generator, optional
        Draws the upstream gradient.
    eps : float
        Central-difference step.

    Returns
    -------
    list of float
        Relative error of each argument's gradient.

    Examples
    --------
    >>> errors = gradient_relative_errors(lambda a, b: (a * b).exp(), np.ones(3), np.zeros(3),
    ...                                   rng=np.random.default_rng(0))
    >>> max(errors) < 1e-8
    True
    """
    if not arrays:
        fail("gradient_relative_errors", "at least one array argument", "none", TypeError)
    gen = as_generator("gradient_relative_errors", rng)
    points = [np.array(a, dtype=np.float64) for a in arrays]
    tensors = [Tensor(p.copy(), requires_grad=True) for p in points]
    out = fn(*tensors)
    if not isinstance(out, Tensor):
        fail("gradient_relative_errors", "fn returning a Tensor", type(out).__name__, TypeError)
    upstream = gen.normal(size=out.shape)
    out.backward(upstream)

    def objective(index: int) -> Callable[[np.ndarray], float]:
        """``phi`` as a function of argument ``index`` alone, the others held at their points."""

        def phi(point: np.ndarray) -> float:
            args = [*points[:index], point, *points[index + 1 :]]
            with no_grad():
                return float(np.sum(upstream * fn(*(Tensor(a) for a in args)).data))

        return phi

    errors = []
    for index, (point, tensor) in enumerate(zip(points, tensors, strict=True)):
        if tensor.grad is None:
            fail(
                "gradient_relative_errors",
                f"a gradient for argument {index}",
                "none (fn does not depend on it)",
            )
        numeric = numerical_gradient(objective(index), point, eps)
        errors.append(relative_error(tensor.grad, numeric))
    return errors
