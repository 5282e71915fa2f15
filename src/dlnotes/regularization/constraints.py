r"""Norm penalties as constraints: projection onto a ball, max-norm per unit, re-projection.

Minimising :math:`J(w)` subject to :math:`\Omega(w) \le k` has the generalised Lagrangian
:math:`J(w) + \alpha(\Omega(w) - k)`; at the solution the multiplier :math:`\alpha^\star \ge 0`
makes the constrained optimum a minimiser of the penalised cost with :math:`\alpha =
\alpha^\star` (Goodfellow et al., §7.2). Instead of a penalty one may take a gradient step and
*re-project* onto the feasible set; with the max-norm constraint of Srebro and Shraibman, each
unit's incoming weight vector is rescaled whenever its norm exceeds :math:`c`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_positive_int, check_range, fail
from dlnotes.regularization._checks import symmetric_psd, vector_of
from dlnotes.regularization.l2 import l2_regularized_optimum

__all__ = [
    "ConstrainedOptimum",
    "MaxNorm",
    "project_l2_ball",
    "max_norm_rows",
    "l2_ball_constrained_optimum",
    "projected_gradient_descent",
]


class ConstrainedOptimum(NamedTuple):
    """``w, alpha = l2_ball_constrained_optimum(...)``: the point and its KKT multiplier."""

    w: np.ndarray
    alpha: float


def project_l2_ball(w: Any, radius: float) -> np.ndarray:
    r"""Euclidean projection onto :math:`\{w : \|w\|_2 \le r\}`: :math:`w \min(1, r/\|w\|)`.

    Parameters
    ----------
    w : array_like
        Any shape; the norm is over all entries.
    radius : float
        :math:`r \ge 0`.

    Returns
    -------
    numpy.ndarray
        A new array of the same shape (the input is not modified).

    Notes
    -----
    Goodfellow et al., §7.2 (re-projection after a gradient step).

    Examples
    --------
    >>> project_l2_ball(np.array([3.0, 4.0]), 1.0)
    array([0.6, 0.8])
    """
    w = as_float_array("project_l2_ball", w, "w")
    r = check_range("project_l2_ball", "radius", radius, 0.0)
    norm = float(np.linalg.norm(w))
    return w.copy() if norm <= r else w * (r / norm)


def max_norm_rows(W: Any, max_norm: float) -> np.ndarray:
    r"""Rescale every row of ``W`` whose L² norm exceeds ``max_norm`` down to that norm.

    A ``Linear`` weight has shape ``(out_features, in_features)``: row :math:`j` holds the
    incoming weights of unit :math:`j`, so this is the per-unit max-norm constraint
    (``torch.renorm(W, 2, 0, max_norm)`` up to PyTorch's small ``1e-7`` guard).

    Parameters
    ----------
    W : array_like, shape (out, in)
    max_norm : float
        :math:`c > 0`.

    Returns
    -------
    numpy.ndarray, shape (out, in)
        A new array.

    Notes
    -----
    Goodfellow et al., §7.2 (constraining the norm of each column of a weight matrix — a
    column of the book's :math:`W`, a row of PyTorch's ``weight``).

    Examples
    --------
    >>> max_norm_rows(np.array([[3.0, 4.0], [0.3, 0.4]]), 1.0)
    array([[0.6, 0.8],
           [0.3, 0.4]])
    """
    W = as_float_array("max_norm_rows", W, "W")
    if W.ndim != 2:
        fail("max_norm_rows", "W of shape (out, in)", tuple(W.shape))
    c = check_range("max_norm_rows", "max_norm", max_norm, 0.0, low_inclusive=False)
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    scale = np.where(norms > c, c / np.where(norms > 0, norms, 1.0), 1.0)
    return W * scale


class MaxNorm:
    """Wrap an optimizer so every step is followed by the per-unit max-norm re-projection.

    ``step()`` runs the wrapped optimizer's step, then replaces the weight of every ``Linear``
    in ``model`` by :func:`max_norm_rows` of it. ``zero_grad()`` is passed through, so the
    wrapper goes wherever an optimizer goes — in particular into :func:`dlnotes.training.fit`.

    Parameters
    ----------
    optimizer : dlnotes.optim.Optimizer
        Built on ``model.parameters()``.
    model : dlnotes.nn.Module
        Its ``Linear`` sub-modules (the model itself included) are constrained.
    max_norm : float
        :math:`c > 0`, the largest allowed norm of a unit's incoming weight vector.

    Notes
    -----
    Goodfellow et al., §7.2; Srebro and Shraibman (2005); Hinton et al. (2012) combine it with
    dropout and a high learning rate.

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> from dlnotes.optim import SGD
    >>> layer = Linear(3, 2, rng=np.random.default_rng(0))
    >>> opt = MaxNorm(SGD(layer.parameters(), lr=10.0), layer, max_norm=0.5)
    >>> layer.weight.grad[...] = 1.0
    >>> opt.step()
    >>> bool(np.all(np.linalg.norm(layer.weight.data, axis=1) <= 0.5 + 1e-12))
    True
    """

    def __init__(self, optimizer: Any, model: Any, max_norm: float) -> None:
        from dlnotes.nn import Linear

        for method in ("step", "zero_grad"):
            if not callable(getattr(optimizer, method, None)):
                fail("MaxNorm", "an optimizer with step and zero_grad", type(optimizer).__name__)
        if not callable(getattr(model, "modules", None)):
            fail("MaxNorm", "a dlnotes.nn.Module", type(model).__name__, TypeError)
        self.optimizer = optimizer
        self.max_norm = check_range("MaxNorm", "max_norm", max_norm, 0.0, low_inclusive=False)
        self.layers = [m for m in model.modules() if isinstance(m, Linear)]
        if not self.layers:
            fail("MaxNorm", "a model containing at least one Linear layer", type(model).__name__)

    def zero_grad(self) -> None:
        """Reset every gradient (the wrapped optimizer's ``zero_grad``)."""
        self.optimizer.zero_grad()

    def step(self) -> None:
        """One optimizer step, then the re-projection of every unit's weights."""
        self.optimizer.step()
        for layer in self.layers:
            layer.weight.data[...] = max_norm_rows(layer.weight.data, self.max_norm)


def l2_ball_constrained_optimum(
    H: Any, w_star: Any, radius: float, *, tol: float = 1e-12
) -> ConstrainedOptimum:
    r"""Minimise :math:`\tfrac12 (w - w^\star)^\top H (w - w^\star)` subject to :math:`\|w\| \le r`.

    If :math:`\|w^\star\| \le r` the constraint is inactive (:math:`\alpha = 0`). Otherwise the
    solution is the weight-decay optimum :math:`\tilde w(\alpha) = (H + \alpha I)^{-1} H w^\star`
    whose norm equals :math:`r`; the norm falls monotonically in :math:`\alpha`, so bisection
    finds :math:`\alpha`, which is the KKT multiplier of the constraint
    :math:`\tfrac12(\|w\|^2 - r^2) \le 0`.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric positive definite.
    w_star : array_like, shape (d,)
    radius : float
        :math:`r > 0`.
    tol : float, default 1e-12
        Relative tolerance of the bisection on :math:`\alpha`.

    Returns
    -------
    ConstrainedOptimum
        ``(w, alpha)``.

    Notes
    -----
    Goodfellow et al., §7.2 and §4.4 (KKT conditions).

    Examples
    --------
    >>> w, alpha = l2_ball_constrained_optimum(np.eye(2), np.array([3.0, 4.0]), 1.0)
    >>> w.round(6), round(alpha, 6)
    (array([0.6, 0.8]), 4.0)
    """
    owner = "l2_ball_constrained_optimum"
    H = symmetric_psd(owner, H)
    w = vector_of(owner, w_star, H.shape[0], "w_star")
    r = check_range(owner, "radius", radius, 0.0, low_inclusive=False)
    if np.linalg.norm(w) <= r:
        return ConstrainedOptimum(w.copy(), 0.0)
    lo, hi = 0.0, 1.0
    while np.linalg.norm(l2_regularized_optimum(H, w, hi)) > r:
        hi *= 2.0
    while hi - lo > tol * hi:
        mid = 0.5 * (lo + hi)
        if np.linalg.norm(l2_regularized_optimum(H, w, mid)) > r:
            lo = mid
        else:
            hi = mid
    alpha = 0.5 * (lo + hi)
    return ConstrainedOptimum(l2_regularized_optimum(H, w, alpha), alpha)


def projected_gradient_descent(
    H: Any,
    w_star: Any,
    radius: float,
    *,
    lr: float,
    num_steps: int,
    w0: Any = None,
) -> np.ndarray:
    r"""Gradient steps on the quadratic, each followed by projection onto the L² ball.

    :math:`w \leftarrow \Pi_r\big(w - \epsilon H (w - w^\star)\big)`, the steps taken with
    :class:`dlnotes.optim.SGD` on a :class:`dlnotes.nn.Parameter`.

    Parameters
    ----------
    H : array_like, shape (d, d)
    w_star : array_like, shape (d,)
    radius : float
        :math:`r \ge 0`.
    lr : float
        Step :math:`\epsilon`; converges for :math:`0 < \epsilon < 2/\lambda_{\max}(H)`.
    num_steps : int
    w0 : array_like, shape (d,), optional
        Start (zeros by default).

    Returns
    -------
    numpy.ndarray, shape (num_steps + 1, d)
        The iterates, the start included.

    Notes
    -----
    Goodfellow et al., §7.2.

    Examples
    --------
    >>> path = projected_gradient_descent(np.eye(2), [3.0, 4.0], 1.0, lr=0.5, num_steps=50)
    >>> path[-1].round(6)
    array([0.6, 0.8])
    """
    from dlnotes.nn import Parameter
    from dlnotes.optim import SGD

    owner = "projected_gradient_descent"
    H = symmetric_psd(owner, H)
    target = vector_of(owner, w_star, H.shape[0], "w_star")
    r = check_range(owner, "radius", radius, 0.0)
    steps = check_positive_int(owner, "num_steps", num_steps)
    start = np.zeros_like(target) if w0 is None else vector_of(owner, w0, len(target), "w0")
    w = Parameter(project_l2_ball(start, r))
    optimizer = SGD([w], lr=check_range(owner, "lr", lr, 0.0, low_inclusive=False))
    path = [w.data.copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        w.grad += H @ (w.data - target)
        optimizer.step()
        w.data[...] = project_l2_ball(w.data, r)
        path.append(w.data.copy())
    return np.stack(path)
