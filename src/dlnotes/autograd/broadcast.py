"""Broadcasting in the forward pass, un-broadcasting in the backward pass.

When NumPy broadcasts an operand of shape ``(3, 1)`` against one of shape ``(4,)`` the result
has shape ``(3, 4)``: each element of the first operand is *used* four times. By the chain rule
(Goodfellow et al., §6.5.2) the gradient of a variable used several times is the sum of the
gradients of its uses, so the backward pass sums the upstream gradient over every axis that
broadcasting created or stretched. :func:`unbroadcast` does exactly that.
"""

from __future__ import annotations

import numpy as np

from dlnotes._validation import fail

__all__ = ["unbroadcast", "broadcast_shape"]


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    r"""Sum ``grad`` down to ``shape``, undoing NumPy broadcasting.

    Two steps, in NumPy's broadcasting order (shapes are aligned on the right):

    1. axes that broadcasting *prepended* (``grad.ndim - len(shape)`` leading axes) are summed
       away;
    2. axes where ``shape`` has size 1 but ``grad`` does not were *stretched*; they are summed
       with ``keepdims=True`` so the size-1 axis stays.

    .. math:: \frac{\partial L}{\partial a_{i}} = \sum_{j \,:\, a_i \text{ used at } j}
              \frac{\partial L}{\partial y_j}

    Parameters
    ----------
    grad : numpy.ndarray
        Gradient with respect to the broadcast result.
    shape : tuple of int
        Shape of the operand before broadcasting; must broadcast to ``grad.shape``.

    Returns
    -------
    numpy.ndarray
        Array of shape ``shape`` and the dtype of ``grad``.

    Shape
    -----
    - grad: ``broadcast(shape, other_shape)``
    - output: ``shape``

    Examples
    --------
    >>> g = np.ones((2, 3, 4))
    >>> unbroadcast(g, (3, 1)).tolist()
    [[8.0], [8.0], [8.0]]
    >>> unbroadcast(g, ()).item()
    24.0
    """
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    try:
        compatible = extra >= 0 and np.broadcast_shapes(shape, grad.shape) == grad.shape
    except ValueError:
        compatible = False
    if not compatible:
        fail("unbroadcast", f"a gradient whose shape broadcasts from {shape}", grad.shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def broadcast_shape(owner: str, *shapes: tuple[int, ...]) -> tuple[int, ...]:
    """Broadcast result shape, or a ``ValueError`` in the project's format.

    Examples
    --------
    >>> broadcast_shape("add", (3, 1), (4,))
    (3, 4)
    >>> broadcast_shape("add", (3,), (4,))
    Traceback (most recent call last):
    ...
    ValueError: add: expected operands with broadcast-compatible shapes, got (3,) and (4,)
    """
    if len(set(shapes)) == 1:
        return tuple(shapes[0])  # the common case, without NumPy's general machinery
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        fail(
            owner,
            "operands with broadcast-compatible shapes",
            " and ".join(str(tuple(s)) for s in shapes),
        )
