r"""Two small landscapes of §8.2: a saddle with two minima, and a cliff.

:class:`SaddleWithMinima` is :math:`f(x,y) = x^2 + \tfrac14y^4 - \tfrac12y^2`: a saddle at the
origin (Hessian eigenvalues 2 and -1) between two minima at :math:`(0,\pm1)`. Newton's method
jumps to the critical point of the local quadratic model, whatever its kind, and near the
origin that point is the saddle; gradient descent only goes downhill and escapes to a minimum.

:class:`Cliff` is a gentle bowl with a steep step in it. On the cliff face the gradient is
huge, and an unclipped gradient step throws the point far away; clipping the gradient norm
(:func:`dlnotes.nn.utils.clip_grad_norm_`) bounds the step to ``lr * max_norm``.

Goodfellow et al., §8.2.3 (saddle points) and §8.2.4 (cliffs and exploding gradients).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail
from dlnotes.nn.module import Parameter
from dlnotes.nn.utils import clip_grad_norm_
from dlnotes.optim.sgd import SGD

__all__ = ["Cliff", "SaddleWithMinima", "clipped_gradient_descent"]


def _points(owner: str, x: Any) -> np.ndarray:
    x = as_float_array(owner, x, "x")
    if x.ndim == 0 or x.shape[-1] != 2:
        fail(owner, "x with last dimension 2", x.shape)
    return x


class SaddleWithMinima:
    r""":math:`f(x,y)=x^2+\tfrac14y^4-\tfrac12y^2`: a saddle at 0, minima at :math:`(0,\pm1)`.

    Hessian :math:`\operatorname{diag}(2,\ 3y^2-1)`: indefinite for :math:`|y| < 1/\sqrt3`.
    Newton's step in :math:`y` is :math:`y \mapsto 2y^3/(3y^2-1)`; for :math:`|y| < 1/\sqrt5`
    it shrinks :math:`|y|` by the factor :math:`2y^2/(1-3y^2) < 1` and converges to 0 (the
    saddle).

    Shape
    -----
    ``__call__``, ``grad``: (..., 2); ``hessian``: (2,) → (2, 2).

    Notes
    -----
    Goodfellow et al., §8.2.3.

    Examples
    --------
    >>> f = SaddleWithMinima()
    >>> float(f(np.array([0.0, 1.0]))), f.grad(np.zeros(2)), np.diag(f.hessian(np.zeros(2)))
    (-0.25, array([0., 0.]), array([ 2., -1.]))
    """

    saddle = np.zeros(2)
    minima = (np.array([0.0, -1.0]), np.array([0.0, 1.0]))

    def __call__(self, x: Any) -> np.ndarray:
        x = _points("SaddleWithMinima", x)
        return x[..., 0] ** 2 + 0.25 * x[..., 1] ** 4 - 0.5 * x[..., 1] ** 2

    def grad(self, x: Any) -> np.ndarray:
        x = _points("SaddleWithMinima", x)
        return np.stack([2 * x[..., 0], x[..., 1] ** 3 - x[..., 1]], axis=-1)

    def hessian(self, x: Any) -> np.ndarray:
        x = _points("SaddleWithMinima", x)
        return np.diag([2.0, 3 * float(x[1]) ** 2 - 1.0])


class Cliff:
    r"""A bowl with a cliff: :math:`f=\tfrac12a(x-c)^2+\tfrac12y^2+h\,\sigma((x_0-x)/w)`.

    The sigmoid term is a step of height ``height`` at :math:`x = x_0` of width ``width``:
    for :math:`x < x_0` the point sits on a high plateau, and on the cliff face the slope
    reaches :math:`h/(4w)`. The minimum is near :math:`(c, 0)` below the cliff.

    Parameters
    ----------
    height, width, edge, center, curvature : float
        :math:`h`, :math:`w`, :math:`x_0`, :math:`c`, :math:`a`.

    Shape
    -----
    ``__call__``, ``grad``: (..., 2).

    Notes
    -----
    Goodfellow et al., §8.2.4 (Figure 8.3 draws such a cliff).

    Examples
    --------
    >>> f = Cliff()
    >>> g = f.grad(np.array([f.edge, 0.0]))
    >>> bool(abs(g[0]) > 100)
    True
    """

    def __init__(
        self,
        height: float = 10.0,
        width: float = 0.02,
        edge: float = 0.0,
        center: float = 0.5,
        curvature: float = 1.0,
    ) -> None:
        self.height = check_range("Cliff", "height", height, 0.0)
        self.width = check_range("Cliff", "width", width, 0.0, low_inclusive=False)
        self.edge = check_range("Cliff", "edge", edge)
        self.center = check_range("Cliff", "center", center)
        self.curvature = check_range("Cliff", "curvature", curvature, 0.0, low_inclusive=False)

    def _step(self, x: np.ndarray) -> np.ndarray:
        z = (self.edge - x) / self.width
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-z))

    def __call__(self, x: Any) -> np.ndarray:
        x = _points("Cliff", x)
        return (
            0.5 * self.curvature * (x[..., 0] - self.center) ** 2
            + 0.5 * x[..., 1] ** 2
            + self.height * self._step(x[..., 0])
        )

    def grad(self, x: Any) -> np.ndarray:
        x = _points("Cliff", x)
        s = self._step(x[..., 0])
        dx = self.curvature * (x[..., 0] - self.center) - self.height * s * (1 - s) / self.width
        return np.stack([dx, x[..., 1]], axis=-1)

    @property
    def minimizer(self) -> np.ndarray:
        """The minimum below the cliff (found by a few Newton steps on :math:`\\partial_x f`)."""
        x = self.center
        for _ in range(50):
            s = self._step(np.array(x))
            g = self.curvature * (x - self.center) - self.height * s * (1 - s) / self.width
            h = self.curvature + self.height * s * (1 - s) * (1 - 2 * s) / self.width**2
            x = float(x - g / h)
        return np.array([x, 0.0])


def clipped_gradient_descent(
    function: Any, x0: Any, *, lr: float, num_steps: int, max_norm: float | None = None
) -> np.ndarray:
    r"""Gradient descent with :class:`dlnotes.optim.SGD`, optionally clipping the gradient norm.

    Each step puts ``function.grad(x)`` into a :class:`~dlnotes.nn.Parameter`, calls
    :func:`dlnotes.nn.utils.clip_grad_norm_` when ``max_norm`` is given (rescaling the
    gradient to norm at most ``max_norm``), then ``SGD.step``; every step is therefore at most
    ``lr * max_norm`` long.

    Parameters
    ----------
    function : object with ``grad``
    x0 : array_like, shape (n,)
    lr : float
    num_steps : int
    max_norm : float, optional

    Returns
    -------
    numpy.ndarray, shape (num_steps + 1, n)

    Notes
    -----
    Goodfellow et al., §8.2.4 and §10.11.1.

    Examples
    --------
    >>> path = clipped_gradient_descent(Cliff(), [-0.1, 0.5], lr=0.1, num_steps=3, max_norm=1.0)
    >>> bool(np.all(np.linalg.norm(np.diff(path, axis=0), axis=1) <= 0.1 + 1e-12))
    True
    """
    owner = "clipped_gradient_descent"
    start = as_float_array(owner, x0, "x0")
    if start.ndim != 1:
        fail(owner, "x0 of shape (n,)", start.shape)
    num_steps = check_positive_int(owner, "num_steps", num_steps)
    point = Parameter(np.array(start, dtype=np.float64, copy=True))
    optimizer = SGD([point], lr=lr)
    path = [point.data.copy()]
    for _ in range(num_steps):
        optimizer.zero_grad()
        point.grad += function.grad(point.data)
        if max_norm is not None:
            clip_grad_norm_([point], max_norm)
        optimizer.step()
        path.append(point.data.copy())
    return np.stack(path)
