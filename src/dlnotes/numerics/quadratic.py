r"""Quadratic functions :math:`f(x)=\tfrac12x^\top Ax-b^\top x+c`, the test bed of §4.3."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, fail, resolve_dtype

__all__ = ["Quadratic"]


class Quadratic:
    r"""The quadratic :math:`f(x)=\tfrac12x^\top Ax-b^\top x+c` with symmetric :math:`A`.

    Gradient :math:`\nabla f=Ax-b`, Hessian :math:`A` everywhere. With :math:`A` positive
    definite the unique minimiser is :math:`x^*=A^{-1}b`. Every smooth function looks like
    this near a point (its second-order Taylor expansion, Goodfellow et al., §4.3.1), which is
    why gradient descent and Newton's method are studied on it.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric matrix (the Hessian).
    b : array_like, shape (n,), optional
        Linear term; zeros by default.
    c : float
        Constant.
    dtype : dtype, optional

    Shape
    -----
    ``__call__`` and ``grad`` take ``x`` of shape (..., n); ``__call__`` returns (...).

    Examples
    --------
    >>> q = Quadratic(np.diag([1.0, 4.0]), np.array([1.0, 4.0]))
    >>> q.minimizer
    array([1., 1.])
    >>> float(q(q.minimizer))
    -2.5
    """

    def __init__(self, A: Any, b: Any = None, c: float = 0.0, *, dtype: Any = None) -> None:
        self.dtype = resolve_dtype("Quadratic", dtype)
        A = as_float_array("Quadratic", A, "A").astype(self.dtype)
        if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
            fail("Quadratic", "a square matrix A", A.shape)
        if not np.allclose(A, A.T):
            fail("Quadratic", "a symmetric matrix A", "a non-symmetric matrix")
        n = A.shape[0]
        b = np.zeros(n, self.dtype) if b is None else as_float_array("Quadratic", b, "b")
        if b.shape != (n,):
            fail("Quadratic", f"b of shape ({n},)", b.shape)
        self.A, self.b, self.c = A, b.astype(self.dtype), float(c)

    @property
    def dim(self) -> int:
        return int(self.A.shape[0])

    def _x(self, x: Any) -> np.ndarray:
        x = as_float_array("Quadratic", x, "x")
        if x.ndim == 0 or x.shape[-1] != self.dim:
            fail("Quadratic", f"x with last dimension {self.dim}", x.shape)
        return x

    def __call__(self, x: Any) -> np.ndarray:
        x = self._x(x)
        return 0.5 * np.einsum("...i,ij,...j->...", x, self.A, x) - x @ self.b + self.c

    def grad(self, x: Any) -> np.ndarray:
        """:math:`Ax-b`, same shape as ``x``."""
        return self._x(x) @ self.A - self.b  # A is symmetric, so x A = (A x)^T

    def hessian(self, x: Any = None) -> np.ndarray:
        """The constant Hessian :math:`A`."""
        return self.A

    @property
    def minimizer(self) -> np.ndarray:
        """:math:`A^{-1}b` (the minimum when :math:`A` is positive definite)."""
        return np.linalg.solve(self.A, self.b)

    @property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of the Hessian, ascending."""
        return np.linalg.eigvalsh(self.A)
