"""The fully connected layer ``Linear``.

Goodfellow et al., §6.1 and §6.3 (affine transformation followed by a nonlinearity).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_bool,
    check_forward_called,
    check_positive_int,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional.linear import LinearCache, linear_backward, linear_forward
from dlnotes.nn.module import Module, Parameter

__all__ = ["Linear"]


class Linear(Module):
    r"""Affine layer :math:`y = x W^\top + b` with PyTorch's parameter layout.

    The book writes a hidden layer as :math:`h = g(W^\top x + c)` with :math:`W` of shape
    ``(in_features, out_features)``; that :math:`W` is ``weight.T`` here, and :math:`c` is
    ``bias`` (Goodfellow et al., §6.1, §6.3).

    Parameters
    ----------
    in_features, out_features : int
        Sizes of each input and output sample.
    bias : bool
        Whether to learn an additive bias.
    dtype : numpy dtype, optional
        float64 (default) or float32. Inputs are cast to it.
    rng : numpy.random.Generator, optional
        Draws the initial weights; ``None`` means a fresh generator.

    Attributes
    ----------
    weight : Parameter
        ``(out_features, in_features)``, initialised as PyTorch does (Kaiming-uniform with
        ``a = sqrt(5)``), i.e. :math:`\mathcal U(-k, k)` with
        :math:`k = 1/\sqrt{\text{in\_features}}`.
    bias : Parameter or None
        ``(out_features,)``, :math:`\mathcal U(-k, k)`.

    Shape
    -----
    - Input: ``(*, in_features)``; ``*`` is any number of leading axes (including none).
    - Output: ``(*, out_features)``.

    Examples
    --------
    >>> layer = Linear(4, 3, rng=np.random.default_rng(0))
    >>> layer(np.ones((8, 4))).shape
    (8, 3)
    >>> layer.backward(np.ones((8, 3))).shape, layer.weight.grad.shape
    ((8, 4), (3, 4))
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        **unsupported: Any,
    ) -> None:
        super().__init__()
        reject_unsupported("Linear", unsupported)
        self.in_features = check_positive_int("Linear", "in_features", in_features)
        self.out_features = check_positive_int("Linear", "out_features", out_features)
        check_bool("Linear", "bias", bias)
        dt = resolve_dtype("Linear", dtype)
        gen = as_generator("Linear", rng)
        # kaiming_uniform_(a=sqrt(5)) on a (out, in) weight has bound
        # sqrt(6 / ((1 + a^2) fan_in)) = 1 / sqrt(fan_in); PyTorch uses the same bound for the bias.
        bound = 1.0 / math.sqrt(self.in_features)
        self.weight = Parameter(
            gen.uniform(-bound, bound, (self.out_features, self.in_features)).astype(dt)
        )
        if bias:
            self.bias = Parameter(gen.uniform(-bound, bound, self.out_features).astype(dt))
        else:
            self.register_parameter("bias", None)
        self._cache: LinearCache | None = None

    def forward(self, x: Any) -> np.ndarray:
        """Return ``x @ weight.T + bias`` and keep the input for ``backward``."""
        # The layer computes in its own dtype; the kernel checks the shape (owner: Linear).
        x = as_float_array("Linear", x).astype(self.weight.dtype, copy=False)
        out, self._cache = linear_forward(
            x, self.weight.data, None if self.bias is None else self.bias.data, owner="Linear"
        )
        return out

    def backward(self, grad_output: Any) -> np.ndarray:
        """Return dL/dx; add dL/dW and dL/db into ``weight.grad`` and ``bias.grad``."""
        cache = check_forward_called("Linear", self._cache)
        # The layer computes in its own dtype: a float64 gradient must not upcast float32 work.
        grad = np.asarray(grad_output).astype(self.weight.dtype, copy=False)
        dx, dweight, dbias = linear_backward(grad, cache, owner="Linear")
        self.weight.grad += dweight
        if self.bias is not None:
            self.bias.grad += dbias
        return dx

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
