"""``Dropout``: inverted dropout in training mode, the identity in evaluation mode.

Goodfellow et al., §7.12.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_forward_called,
    check_pytorch_default,
    check_range,
    fail,
    resolve_dtype,
)
from dlnotes.nn.functional.dropout import dropout_backward, dropout_forward
from dlnotes.nn.module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    r"""Zero each element with probability ``p`` and scale the rest by :math:`1/(1-p)`.

    In evaluation mode (``model.eval()``) the layer is the identity; the scaling during training
    keeps the expected activation equal in both modes (Goodfellow et al., §7.12).

    Parameters
    ----------
    p : float
        Drop probability in ``[0, 1]``.
    rng : numpy.random.Generator, optional
        Draws the masks; ``None`` means a fresh generator.
    dtype : numpy dtype, optional
        Cast inputs to this dtype; ``None`` keeps the input's floating dtype.

    Shape
    -----
    Input ``(*)``, output the same shape.

    Examples
    --------
    >>> drop = Dropout(0.5, rng=np.random.default_rng(0))
    >>> sorted(set(drop(np.ones(100)).tolist()))
    [0.0, 2.0]
    >>> drop.eval()(np.ones(3))
    array([1., 1., 1.])
    """

    def __init__(
        self,
        p: float = 0.5,
        rng: np.random.Generator | None = None,
        dtype: Any = None,
        *,
        inplace: bool = False,
    ) -> None:
        super().__init__()
        check_pytorch_default("Dropout", "inplace", inplace, False, "out-of-place dropout only")
        self.p = check_range("Dropout", "p", p, 0.0, 1.0)
        self.rng = as_generator("Dropout", rng)
        self._dtype = None if dtype is None else resolve_dtype("Dropout", dtype)
        self._mask: np.ndarray | None = None
        self._out_shape: tuple[int, ...] | None = None

    def forward(self, x: Any) -> np.ndarray:
        """Drop and rescale in training mode; return ``x`` unchanged in evaluation mode."""
        x = as_float_array("Dropout", x)
        if self._dtype is not None:
            x = x.astype(self._dtype, copy=False)
        out, self._mask = dropout_forward(x, self.p, self.training, self.rng, owner="Dropout")
        self._out_shape = out.shape
        return out

    def backward(self, grad_output: Any) -> np.ndarray:
        """Return the upstream gradient through the forward pass's scaled mask."""
        check_forward_called("Dropout", self._out_shape)
        grad = np.asarray(grad_output)
        if grad.shape != self._out_shape:
            fail("Dropout", f"grad_output of shape {self._out_shape}", tuple(grad.shape))
        return dropout_backward(grad, self._mask)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace=False"
