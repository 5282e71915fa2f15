r"""NumPy's broadcasting rule, spelled out step by step.

Two shapes are aligned at their *last* axis; the shorter one is padded with 1s on the left;
then, axis by axis, the sizes must be equal or one of them 1, and a size-1 axis is stretched
(without copying) to the other size. The result has the larger size on every axis.

Goodfellow et al., §2.1 (adding a vector to every row of a matrix).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dlnotes._validation import check_nonnegative_int, fail

__all__ = ["BroadcastSteps", "broadcast_steps"]


class BroadcastSteps(NamedTuple):
    """The operands' shapes padded on the left with 1s, and the broadcast result shape."""

    padded: tuple[tuple[int, ...], ...]
    result: tuple[int, ...]


def broadcast_steps(*shapes: Any) -> BroadcastSteps:
    r"""Apply the broadcasting rule to ``shapes`` and show the padded shapes.

    Parameters
    ----------
    *shapes : tuple of int
        One shape per operand (at least one).

    Returns
    -------
    BroadcastSteps
        ``padded``: every shape left-padded with 1s to the common number of axes;
        ``result``: the shape of the broadcast result (equals ``numpy.broadcast_shapes``).

    Raises
    ------
    ValueError
        When an axis has two sizes that differ and are both different from 1; the message
        names the axis, counted from the right as NumPy aligns them.

    Notes
    -----
    Goodfellow et al., §2.1.

    Examples
    --------
    >>> broadcast_steps((3, 1), (4,))
    BroadcastSteps(padded=((3, 1), (1, 4)), result=(3, 4))
    >>> broadcast_steps((2, 3), (2,))
    Traceback (most recent call last):
    ...
    ValueError: broadcast_steps: expected sizes that are equal or 1 on axis -1, got 3 and 2
    """
    owner = "broadcast_steps"
    if not shapes:
        fail(owner, "at least one shape", "none")
    clean = []
    for shape in shapes:
        if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__"):
            fail(owner, "each shape to be a tuple of ints", repr(shape), TypeError)
        clean.append(tuple(check_nonnegative_int(owner, "each size", s) for s in shape))
    ndim = max(len(s) for s in clean)
    padded = tuple((1,) * (ndim - len(s)) + s for s in clean)
    result = []
    for axis in range(ndim):
        sizes = {s[axis] for s in padded} - {1}
        if len(sizes) > 1:
            first, second = sorted(sizes, key=[s[axis] for s in padded].index)[:2]
            fail(owner, f"sizes that are equal or 1 on axis {axis - ndim}", f"{first} and {second}")
        result.append(sizes.pop() if sizes else 1)
    return BroadcastSteps(padded, tuple(result))
