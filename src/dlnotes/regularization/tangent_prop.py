r"""Tangent propagation: penalise the change of the output along known invariance directions.

If the class should not change when an image is shifted slightly, the derivative of the
network's output :math:`f(x)` along the *tangent vector* :math:`v` of that transformation
(the image's derivative with respect to the shift) should vanish. Tangent prop adds

.. math:: \Omega(f) = \sum_i \big\|J_f(x)\, v^{(i)}\big\|^2,
   \qquad J_f(x) = \partial f / \partial x,

to the loss, averaged over training points (Simard et al., 1992; Goodfellow et al., §7.14;
for a scalar output the term is :math:`((\nabla_x f)^\top v^{(i)})^2`, the book's form).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail

__all__ = ["jacobian_vector_product", "tangent_prop_penalty", "translation_tangent"]


def jacobian_vector_product(model: Any, x: Any, v: Any) -> np.ndarray:
    r"""Directional derivative :math:`J_f(x)\,v` of the model's outputs, per sample.

    Computed exactly by back-propagation: one ``model.backward`` per output unit :math:`c`
    gives :math:`\nabla_x f_c` for the whole batch, and :math:`(J v)_c = \nabla_x f_c \cdot v`.
    The model's parameter gradients are restored afterwards.

    Parameters
    ----------
    model : dlnotes.nn.Module
        Maps ``(N, *)`` inputs to ``(N, C)`` outputs; samples must not interact (no batch
        norm in training mode).
    x : array_like, shape (N, *)
    v : array_like, shape (N, *)
        One tangent vector per sample.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Notes
    -----
    Goodfellow et al., §7.14.

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> layer = Linear(2, 1, rng=np.random.default_rng(0))
    >>> jvp = jacobian_vector_product(layer, np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    >>> bool(np.isclose(jvp[0, 0], layer.weight.data[0, 0]))
    True
    """
    owner = "jacobian_vector_product"
    x = as_float_array(owner, x, "x")
    v = as_float_array(owner, v, "v")
    if v.shape != x.shape:
        fail(owner, f"v of the input's shape {x.shape}", tuple(v.shape))
    saved = [p.grad.copy() for p in model.parameters()]
    try:
        out = np.asarray(model(x))
        if out.ndim != 2 or out.shape[0] != x.shape[0]:
            fail(owner, f"model outputs of shape ({x.shape[0]}, C)", tuple(out.shape))
        jvp = np.empty(out.shape)
        for c in range(out.shape[1]):
            model(x)  # refresh the caches: backward may consume them
            seed = np.zeros_like(out)
            seed[:, c] = 1.0
            grad_x = np.asarray(model.backward(seed))
            jvp[:, c] = (grad_x * v).reshape(len(x), -1).sum(axis=1)
    finally:
        for p, g in zip(model.parameters(), saved, strict=True):
            p.grad[...] = g
    return jvp


def tangent_prop_penalty(model: Any, x: Any, tangents: Any) -> float:
    r"""Mean over samples of :math:`\sum_i \|J_f(x)\, v^{(i)}\|^2`.

    Parameters
    ----------
    model : dlnotes.nn.Module
    x : array_like, shape (N, *)
    tangents : array_like, shape (N, *) or (T, N, *)
        One tangent vector per sample, or ``T`` of them.

    Returns
    -------
    float

    Notes
    -----
    Goodfellow et al., §7.14, equation (7.67).

    Examples
    --------
    >>> from dlnotes.nn import Linear
    >>> layer = Linear(2, 1, rng=np.random.default_rng(0))
    >>> w = layer.weight.data[0]
    >>> pen = tangent_prop_penalty(layer, np.zeros((1, 2)), np.array([[0.0, 1.0]]))
    >>> bool(np.isclose(pen, w[1] ** 2))
    True
    """
    x = as_float_array("tangent_prop_penalty", x, "x")
    t = as_float_array("tangent_prop_penalty", tangents, "tangents")
    if t.shape == x.shape:
        t = t[None]
    if t.shape[1:] != x.shape:
        fail("tangent_prop_penalty", f"tangents of shape {x.shape} or (T, *{x.shape})", t.shape)
    total = sum(np.sum(jacobian_vector_product(model, x, v) ** 2, axis=1) for v in t)
    return float(np.mean(total))


def translation_tangent(images: Any, axis: int = -1) -> np.ndarray:
    r"""Tangent vector of a sub-pixel shift: the image's derivative along ``axis``.

    Shifting an image :math:`I` by :math:`s` pixels gives :math:`I(u - s)`, whose derivative at
    :math:`s = 0` is :math:`-\partial I/\partial u`; it is estimated by central differences
    with zero padding (the background of the digits), :math:`-(I_{u+1} - I_{u-1})/2`.

    Parameters
    ----------
    images : array_like, shape (..., H, W)
    axis : int, default -1
        -1 for a horizontal shift, -2 for a vertical one.

    Returns
    -------
    numpy.ndarray
        Same shape as ``images``.

    Notes
    -----
    Goodfellow et al., §7.14 (tangent vectors from known transformations).

    Examples
    --------
    >>> translation_tangent(np.array([[0.0, 1.0, 0.0]]))
    array([[-0.5,  0. ,  0.5]])
    """
    img = as_float_array("translation_tangent", images, "images")
    if img.ndim < 2 or axis not in (-1, -2):
        fail("translation_tangent", "images (..., H, W) and axis -1 or -2", (img.shape, axis))
    pad = [(0, 0)] * img.ndim
    pad[axis] = (1, 1)
    p = np.pad(img, pad)
    n = img.shape[axis]
    ahead = np.take(p, np.arange(2, n + 2), axis=axis)
    behind = np.take(p, np.arange(0, n), axis=axis)
    return -(ahead - behind) / 2.0
