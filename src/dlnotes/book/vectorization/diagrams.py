r"""Drawings of broadcasting and of memory layout, cell by cell (Matplotlib, imported lazily).

Goodfellow et al., §2.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from dlnotes._validation import fail
from dlnotes.book.vectorization.broadcasting import broadcast_steps

__all__ = ["draw_broadcast", "draw_memory_order"]

_REAL_COLORS = ("#0072B2", "#E69F00", "#009E73")  # Okabe-Ito blue, orange, green
_GHOST = "#DDDDDD"


def _as_small_2d(owner: str, x: Any, name: str) -> np.ndarray:
    arr = np.asarray(x)
    if arr.ndim > 2 or arr.dtype.kind not in "biuf":
        fail(owner, f"{name} to be a numeric array with at most 2 axes", arr.shape)
    return arr.reshape((1,) * (2 - arr.ndim) + arr.shape)


def _draw_grid(
    ax: Any, values: np.ndarray, real: np.ndarray, color: str, title: str, badges: bool = False
) -> None:
    """Cells of ``values``; ``real`` marks stored entries, the rest are stretched copies.

    With ``badges`` each number sits on a disc of the cell colour, above anything drawn
    through the cell centres (the memory-order path).
    """
    from matplotlib.patches import Rectangle

    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            stored = bool(real[r, c])
            ax.add_patch(
                Rectangle(
                    (c, -r - 1),
                    1,
                    1,
                    facecolor=color if stored else _GHOST,
                    edgecolor="black",
                    linewidth=1.2 if stored else 0.6,
                    linestyle="-" if stored else "--",
                    hatch=None if stored else "//",
                )
            )
            value = values[r, c]
            text = f"{value:g}" if np.issubdtype(values.dtype, np.floating) else str(value)
            badge = {"boxstyle": "circle,pad=0.25", "facecolor": color, "edgecolor": "none"}
            ax.text(
                c + 0.5,
                -r - 0.5,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color="white" if stored else "#555555",
                fontweight="bold" if stored else "normal",
                zorder=4,
                bbox=badge if badges else None,
            )
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(-rows - 0.1, 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=9)


def draw_broadcast(axes: Sequence[Any], a: Any, b: Any) -> np.ndarray:
    r"""Draw ``a + b`` under broadcasting on three axes: ``a`` stretched, ``b`` stretched, sum.

    Stored entries are solid and coloured; entries that exist only because a size-1 axis was
    stretched are grey, hatched and dashed (NumPy never copies them: their stride is 0).

    Parameters
    ----------
    axes : sequence of three matplotlib Axes
    a, b : array_like with at most 2 axes
        Small integer arrays read best (their values are printed in the cells).

    Returns
    -------
    numpy.ndarray
        ``a + b``.

    Notes
    -----
    Goodfellow et al., §2.1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 3)
    >>> draw_broadcast(axes, [[0], [10]], [1, 2, 3])
    array([[ 1,  2,  3],
           [11, 12, 13]])
    >>> plt.close(fig)
    """
    owner = "draw_broadcast"
    if len(axes) != 3:
        fail(owner, "three axes", len(axes))
    a2, b2 = _as_small_2d(owner, a, "a"), _as_small_2d(owner, b, "b")
    shape = broadcast_steps(a2.shape, b2.shape).result
    total = np.asarray(a) + np.asarray(b)
    rows, cols = np.indices(shape)
    for ax, arr, orig, color in zip(axes[:2], (a2, b2), (a, b), _REAL_COLORS[:2], strict=True):
        real = ((arr.shape[0] != 1) | (rows == 0)) & ((arr.shape[1] != 1) | (cols == 0))
        _draw_grid(
            ax, np.broadcast_to(arr, shape), real, color, f"shape {np.shape(orig)} → {shape}"
        )
    _draw_grid(
        axes[2],
        total.reshape(shape),
        np.ones(shape, bool),
        _REAL_COLORS[2],
        f"sum, shape {total.shape}",
    )
    return total


def draw_memory_order(
    ax: Any, shape: tuple[int, int], order: Literal["C", "F"] = "C", itemsize: int = 8
) -> tuple[int, int]:
    r"""Draw a 2-D array's cells numbered by their position in memory, joined in that order.

    In C order (row-major) the last index varies fastest, so consecutive memory holds a row;
    in Fortran order (column-major) the first index varies fastest and memory holds a column.

    Parameters
    ----------
    ax : matplotlib Axes
    shape : tuple of two ints
    order : {"C", "F"}
    itemsize : int, default 8
        Bytes per element (8 for float64), used for the strides in the title.

    Returns
    -------
    tuple of int
        The strides in bytes, equal to ``numpy.zeros(shape, order=order).strides`` for
        an 8-byte dtype.

    Notes
    -----
    Goodfellow et al., §2.1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> draw_memory_order(ax, (2, 3), "F")
    (8, 16)
    >>> plt.close(fig)
    """
    owner = "draw_memory_order"
    if order not in ("C", "F"):
        fail(owner, "order 'C' or 'F'", repr(order))
    if len(shape) != 2 or min(shape) < 1:
        fail(owner, "a 2-D shape with positive sizes", shape)
    position = np.arange(shape[0] * shape[1]).reshape(shape, order=order)
    row_stride, column_stride = np.zeros(shape, dtype=f"V{itemsize}", order=order).strides
    strides = (int(row_stride), int(column_stride))
    color = _REAL_COLORS[0] if order == "C" else _REAL_COLORS[1]
    _draw_grid(
        ax,
        position,
        np.ones(shape, bool),
        color,
        f"{order} order: strides {strides} bytes",
        badges=True,
    )
    rows, cols = np.unravel_index(np.arange(position.size), shape, order=order)
    xs, ys = cols + 0.5, -rows - 0.5
    ax.plot(xs, ys, color="white", linewidth=1.2, alpha=0.8, zorder=3)
    if position.size > 1:
        ax.annotate(
            "",
            xy=(xs[-1], ys[-1]),
            xytext=(xs[-2], ys[-2]),
            arrowprops={"arrowstyle": "->", "color": "white", "linewidth": 1.2},
        )
    return strides
