"""Shared check for the autograd tests: autograd gradients against central differences.

A plain module rather than a ``conftest.py``: under ``--doctest-modules`` a second
``conftest.py`` basename collides with ``tests/conftest.py`` at collection.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlnotes.autograd import Tensor, no_grad
from dlnotes.gradcheck import numerical_gradient_in_place


def check_gradients(
    fn: Callable[..., Tensor],
    *arrays: np.ndarray,
    rng: np.random.Generator | None = None,
    atol: float = 1e-7,
    rtol: float = 1e-6,
) -> None:
    """Compare autograd with central differences of ``sum(G * fn(*arrays))``, G random.

    A random upstream gradient G (never all ones) exercises every output element with a
    different weight, so a backward that mixes up elements or returns zeros fails.
    """
    rng = np.random.default_rng(1) if rng is None else rng
    arrays = tuple(np.array(a, dtype=np.float64) for a in arrays)
    tensors = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = fn(*tensors)
    upstream = rng.normal(size=out.shape)
    out.backward(upstream)
    for index, (array, tensor) in enumerate(zip(arrays, tensors, strict=True)):

        def objective() -> float:
            with no_grad():
                return float(np.sum(fn(*(Tensor(a) for a in arrays)).data * upstream))

        expected = numerical_gradient_in_place(objective, array)
        assert tensor.grad is not None, f"argument {index}: no gradient"
        assert tensor.grad.shape == array.shape
        np.testing.assert_allclose(
            tensor.grad, expected, atol=atol, rtol=rtol, err_msg=f"argument {index}"
        )
