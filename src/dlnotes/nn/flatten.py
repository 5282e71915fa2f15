"""``Flatten``: merge a range of axes into one, as between convolutional and dense layers.

Goodfellow et al., §9.1 (convolutional features feeding fully connected layers).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail, resolve_dtype
from dlnotes.nn.module import Module

__all__ = ["Flatten"]


def _check_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        fail("Flatten", f"{name} to be an integer", repr(value), TypeError)
    return int(value)


class Flatten(Module):
    """Flatten axes ``start_dim`` .. ``end_dim`` (inclusive) into one; backward reshapes back.

    Parameters
    ----------
    start_dim, end_dim : int
        First and last axis to merge (negative values count from the end), as PyTorch.
    dtype : numpy dtype, optional
        Cast inputs to this dtype; ``None`` keeps the input's floating dtype.

    Shape
    -----
    - Input: ``(*, S_start, ..., S_end, *)``.
    - Output: ``(*, S_start * ... * S_end, *)``.

    Examples
    --------
    >>> flat = Flatten()
    >>> flat(np.zeros((8, 1, 28, 28))).shape
    (8, 784)
    >>> flat.backward(np.zeros((8, 784))).shape
    (8, 1, 28, 28)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1, dtype: Any = None) -> None:
        super().__init__()
        self.start_dim = _check_int("start_dim", start_dim)
        self.end_dim = _check_int("end_dim", end_dim)
        self._dtype = None if dtype is None else resolve_dtype("Flatten", dtype)
        self._input_shape: tuple[int, ...] | None = None
        self._output_shape: tuple[int, ...] | None = None

    def forward(self, x: Any) -> np.ndarray:
        x = as_float_array("Flatten", x)
        if self._dtype is not None:
            x = x.astype(self._dtype, copy=False)
        ndim = max(x.ndim, 1)
        start, end = self.start_dim, self.end_dim
        if not (-ndim <= start < ndim and -ndim <= end < ndim):
            fail(
                "Flatten",
                f"start_dim and end_dim in [{-ndim}, {ndim - 1}] for input of shape "
                f"{tuple(x.shape)}",
                f"start_dim={start}, end_dim={end}",
            )
        start, end = start % ndim, end % ndim
        if start > end:
            fail("Flatten", "start_dim <= end_dim", f"start_dim={start}, end_dim={end}")
        if x.ndim == 0:
            new_shape: tuple[int, ...] = (1,)
        else:
            new_shape = (
                *x.shape[:start],
                int(np.prod(x.shape[start : end + 1])),
                *x.shape[end + 1 :],
            )
        self._input_shape, self._output_shape = x.shape, new_shape
        return x.reshape(new_shape)

    def backward(self, grad_output: Any) -> np.ndarray:
        if self._input_shape is None:
            fail("Flatten", "forward to be called before backward", "no cached input", RuntimeError)
        grad = np.asarray(grad_output)
        if grad.shape != self._output_shape:
            fail("Flatten", f"grad_output of shape {self._output_shape}", tuple(grad.shape))
        return grad.reshape(self._input_shape)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
