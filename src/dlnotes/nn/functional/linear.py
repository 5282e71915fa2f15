"""The affine map ``y = x W^T + b``, forward and backward.

PyTorch's layout: ``weight`` has shape ``(out_features, in_features)``. The book writes a
hidden layer as ``h = g(W^T x + c)`` with ``W`` of shape ``(in, out)``; that ``W`` is
``weight.T`` here.

Goodfellow et al., §6.1 (the affine layer), §6.5.4 and §6.5.7 (its back-propagation).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_ndim, fail

__all__ = ["LinearCache", "linear_forward", "linear_backward", "linear"]


class LinearCache(NamedTuple):
    """What :func:`linear_backward` needs: the input, the weight and whether there was a bias."""

    x: np.ndarray
    weight: np.ndarray
    has_bias: bool


def linear_forward(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    *,
    owner: str = "linear",
) -> tuple[np.ndarray, LinearCache]:
    r"""Affine map :math:`y = x W^\top + b` over the last axis of ``x``.

    Parameters
    ----------
    x : numpy.ndarray
        Input, shape ``(*, in_features)``.
    weight : numpy.ndarray
        Shape ``(out_features, in_features)``.
    bias : numpy.ndarray, optional
        Shape ``(out_features,)``.
    owner : str
        Name used in error messages (the public class that calls the kernel).

    Returns
    -------
    out : numpy.ndarray
        Shape ``(*, out_features)``.
    cache : LinearCache
        For :func:`linear_backward`.

    Shape
    -----
    - Input: ``(*, H_in)`` with ``H_in = in_features``; ``*`` any number of leading axes.
    - Output: ``(*, H_out)`` with ``H_out = out_features``.

    Examples
    --------
    >>> out, _ = linear_forward(np.ones((2, 3)), np.ones((4, 3)), np.arange(4.0))
    >>> out
    array([[3., 4., 5., 6.],
           [3., 4., 5., 6.]])
    """
    x = as_float_array(owner, x)
    weight = as_float_array(owner, weight, "weight")
    check_ndim(owner, weight, 2, "weight of shape (out_features, in_features)")
    if x.ndim == 0 or x.shape[-1] != weight.shape[1]:
        fail(owner, f"input with last dimension {weight.shape[1]}", tuple(x.shape))
    # One 2-D product over all leading axes: a single BLAS call, and weight.T is a free view.
    out = (x.reshape(-1, weight.shape[1]) @ weight.T).reshape(*x.shape[:-1], weight.shape[0])
    if bias is not None:
        bias = as_float_array(owner, bias, "bias")
        if bias.shape != (weight.shape[0],):
            fail(owner, f"bias of shape ({weight.shape[0]},)", tuple(bias.shape))
        out += bias
    return out, LinearCache(x, weight, bias is not None)


def linear_backward(
    grad_output: np.ndarray, cache: LinearCache, *, owner: str = "linear_backward"
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    r"""Gradients of the affine map.

    With :math:`G` the upstream gradient flattened to ``(M, out_features)`` and :math:`X` the
    input flattened to ``(M, in_features)``:
    :math:`\partial x = G W`, :math:`\partial W = G^\top X`, :math:`\partial b = \sum_m G_m`.

    Returns
    -------
    dx : numpy.ndarray
        Shape of the input.
    dweight : numpy.ndarray
        ``(out_features, in_features)``.
    dbias : numpy.ndarray or None
        ``(out_features,)``, or ``None`` if the forward had no bias.

    Shape
    -----
    ``grad_output`` is ``(*, out_features)`` and ``dx`` ``(*, in_features)``, the shapes of
    the forward output and input.

    Examples
    --------
    >>> _, cache = linear_forward(np.array([[1.0, 2.0]]), np.eye(2), np.zeros(2))
    >>> dx, dw, db = linear_backward(np.array([[1.0, -1.0]]), cache)
    >>> dw
    array([[ 1.,  2.],
           [-1., -2.]])
    """
    x, weight, has_bias = cache
    out_features, in_features = weight.shape
    expected = (*x.shape[:-1], out_features)
    if np.shape(grad_output) != expected:
        fail(owner, f"grad_output of shape {expected}", np.shape(grad_output))
    g2 = np.reshape(grad_output, (-1, out_features))
    x2 = x.reshape(-1, in_features)
    dx = (g2 @ weight).reshape(x.shape)
    dweight = g2.T @ x2
    dbias = g2.sum(axis=0) if has_bias else None
    return dx, dweight, dbias


def linear(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """One-way affine map ``x @ weight.T + bias``.

    Shape
    -----
    Input ``(*, in_features)``, output ``(*, out_features)``.

    Examples
    --------
    >>> linear(np.array([1.0, 2.0]), np.array([[1.0, 1.0]]))
    array([3.])
    """
    return linear_forward(x, weight, bias)[0]
