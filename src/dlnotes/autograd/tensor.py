"""``Tensor``: an array that remembers how it was computed, so gradients can flow back.

A tensor created by the user is a *leaf* of the computational graph (Goodfellow et al.,
§6.5.1); a tensor returned by an operation on tensors that require gradients points to the
:class:`~dlnotes.autograd.function.Context` node that produced it. ``backward()`` then runs
the general back-propagation algorithm (§6.5.6, :mod:`dlnotes.autograd.backprop`) and adds
into ``.grad`` of every leaf that requires a gradient.

Every operator and method is a :class:`~dlnotes.autograd.function.Function` from
:mod:`dlnotes.autograd.ops`, whose derivative is written beside its forward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dlnotes._validation import as_float_array, fail, resolve_dtype
from dlnotes.autograd import ops
from dlnotes.autograd.backprop import run_backward

if TYPE_CHECKING:
    from dlnotes.autograd.function import Context

__all__ = ["Tensor"]


class Tensor:
    """A floating array with an optional gradient and a link to the operation that made it.

    Parameters
    ----------
    data : array_like or Tensor
        The value. Floating arrays keep their dtype (float32 stays float32); integers and
        booleans become float64. A Tensor contributes its ``data`` (not its graph).
    requires_grad : bool
        Whether back-propagation should compute ``d loss / d self`` into ``.grad``.
    dtype : {None, numpy.float32, numpy.float64}
        Cast to this dtype.

    Attributes
    ----------
    data : numpy.ndarray
        The value (optimizers update it in place).
    grad : numpy.ndarray or None
        Accumulated gradient, same shape and dtype as ``data``; ``None`` until a backward pass
        reaches this tensor. Reset with ``zero_grad()`` or ``t.grad = None``.
    requires_grad : bool
        Leaves: as given. Results of operations: true exactly when the operation was recorded.

    Notes
    -----
    Operators broadcast as NumPy does and the gradient of each operand is summed back to its
    shape. Python numbers combine without changing the dtype (``float32_tensor * 2.0`` is
    float32); two tensors of different dtypes promote as NumPy does, and the gradient of each
    is cast back to its own dtype.

    Examples
    --------
    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()          # y = sum_i x_i^2
    >>> y.backward()
    >>> x.grad                     # dy/dx = 2x
    array([2., 4., 6.])
    """

    # Make NumPy defer to Tensor: `ndarray + Tensor` calls Tensor.__radd__.
    __array_ufunc__ = None

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None) -> None:
        if isinstance(data, Tensor):
            data = data.data
        array = as_float_array("Tensor", data, "data")
        if dtype is not None:
            array = array.astype(resolve_dtype("Tensor", dtype), copy=False)
        self.data: np.ndarray = array
        self.grad: np.ndarray | None = None
        self.requires_grad = bool(requires_grad)
        self._ctx: Context | None = None  # the node that produced this tensor; None: a leaf
        self._output_index = 0
        self._retain_grad = False

    @classmethod
    def _from_array(cls, array: np.ndarray, requires_grad: bool) -> Tensor:
        """Wrap an operation's output without re-validating it (hot path of the engine)."""
        tensor = cls.__new__(cls)
        tensor.data, tensor.grad, tensor.requires_grad = array, None, requires_grad
        tensor._ctx, tensor._output_index, tensor._retain_grad = None, 0, False
        return tensor

    # --- array-like properties -------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of ``data``."""
        return self.data.shape

    @property
    def ndim(self) -> int:
        """Number of axes of ``data``."""
        return self.data.ndim

    @property
    def size(self) -> int:
        """Number of elements of ``data``."""
        return self.data.size

    @property
    def dtype(self) -> np.dtype:
        """dtype of ``data`` (float32 or float64)."""
        return self.data.dtype

    @property
    def is_leaf(self) -> bool:
        """True for tensors created by the user (or by an unrecorded operation)."""
        return self._ctx is None

    @property
    def grad_fn(self) -> Context | None:
        """The graph node (a ``Context``) that produced this tensor, or ``None``."""
        return self._ctx

    def __len__(self) -> int:
        if self.ndim == 0:
            fail("Tensor", "a tensor with at least one dimension for len()", "shape ()", TypeError)
        return len(self.data)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="Tensor(")
        flag = ", requires_grad=True" if self.requires_grad else ""
        kind = "" if self.dtype == np.float64 else f", dtype={self.dtype}"
        return f"Tensor({body}{kind}{flag})"

    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied)."""
        return self.data

    def item(self) -> float:
        """The value of a one-element tensor as a Python float.

        >>> Tensor([[2.5]]).item()
        2.5
        """
        if self.size != 1:
            fail("item", "a tensor with one element", f"shape {self.shape}")
        return float(self.data.reshape(()))

    # --- gradients ------------------------------------------------------------------------

    def backward(self, grad: Any = None, retain_graph: bool = False) -> None:
        """Back-propagate from this tensor: add ``d self / d leaf`` (times ``grad``) into leaves.

        Parameters
        ----------
        grad : array_like, optional
            Upstream gradient of this tensor's shape (the vector in the vector-Jacobian
            product). May be omitted only for a one-element tensor, where it is 1.
        retain_graph : bool
            Keep the saved arrays so the graph can be back-propagated again.

        Examples
        --------
        >>> x = Tensor([1.0, 2.0], requires_grad=True)
        >>> (x * 3).backward(np.array([1.0, -1.0]))
        >>> x.grad
        array([ 3., -3.])
        >>> (x * 3).backward()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: backward: expected a one-element tensor when grad is omitted ..., got shape (2,)
        """
        if not self.requires_grad:
            fail(
                "backward",
                "a tensor that requires grad (a leaf with requires_grad=True or a "
                "result recorded from one)",
                "requires_grad=False",
                RuntimeError,
            )
        if grad is None:
            if self.size != 1:
                fail(
                    "backward",
                    "a one-element tensor when grad is omitted (pass grad= of the tensor's shape)",
                    f"shape {self.shape}",
                )
            grad_array = np.ones(self.shape, dtype=self.dtype)
        else:
            grad_array = np.asarray(grad.data if isinstance(grad, Tensor) else grad)
            if grad_array.shape != self.shape:
                fail("backward", f"grad of shape {self.shape}", grad_array.shape)
            grad_array = grad_array.astype(self.dtype, copy=False)
        run_backward(self, grad_array, retain_graph)

    def retain_grad(self) -> Tensor:
        """Keep this intermediate tensor's gradient in ``.grad`` (leaves always keep theirs)."""
        if self._ctx is not None:
            self._retain_grad = True
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the accumulated gradient (``None``, or zeros with ``set_to_none=False``)."""
        self.grad = None if set_to_none else np.zeros_like(self.data)

    def detach(self) -> Tensor:
        """A new leaf sharing ``data``, cut from the graph (``requires_grad=False``).

        >>> x = Tensor([1.0], requires_grad=True)
        >>> (x * 2).detach().requires_grad
        False
        """
        return Tensor._from_array(self.data, requires_grad=False)

    # --- operators ------------------------------------------------------------------------

    def _operand(self, other: Any) -> Tensor:
        """``other`` as a Tensor; numbers take this tensor's dtype (no silent upcast)."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, (bool, int, float, np.number)) or (
            isinstance(other, np.ndarray) and other.ndim == 0 and other.dtype.kind in "biuf"
        ):
            return Tensor._from_array(np.asarray(other, dtype=self.dtype), requires_grad=False)
        return Tensor(other)

    def __add__(self, other: Any) -> Tensor:
        return ops.Add.apply(self, self._operand(other))

    def __radd__(self, other: Any) -> Tensor:
        return ops.Add.apply(self._operand(other), self)

    def __sub__(self, other: Any) -> Tensor:
        return ops.Sub.apply(self, self._operand(other))

    def __rsub__(self, other: Any) -> Tensor:
        return ops.Sub.apply(self._operand(other), self)

    def __mul__(self, other: Any) -> Tensor:
        return ops.Mul.apply(self, self._operand(other))

    def __rmul__(self, other: Any) -> Tensor:
        return ops.Mul.apply(self._operand(other), self)

    def __truediv__(self, other: Any) -> Tensor:
        return ops.Div.apply(self, self._operand(other))

    def __rtruediv__(self, other: Any) -> Tensor:
        return ops.Div.apply(self._operand(other), self)

    def __pow__(self, exponent: Any) -> Tensor:
        if isinstance(exponent, (int, float, np.number)) and not isinstance(exponent, bool):
            return ops.PowScalar.apply(self, exponent)
        return ops.Pow.apply(self, self._operand(exponent))

    def __rpow__(self, base: Any) -> Tensor:
        return ops.Pow.apply(self._operand(base), self)

    def __neg__(self) -> Tensor:
        return ops.Neg.apply(self)

    def __matmul__(self, other: Any) -> Tensor:
        return ops.MatMul.apply(self, self._operand(other))

    def __rmatmul__(self, other: Any) -> Tensor:
        return ops.MatMul.apply(self._operand(other), self)

    def matmul(self, other: Any) -> Tensor:
        """Matrix product ``self @ other`` (batched, NumPy semantics; see ``ops.MatMul``).

        >>> Tensor(np.ones((4, 2, 3))).matmul(Tensor(np.ones(3))).shape
        (4, 2)
        """
        return self @ other

    def __getitem__(self, key: Any) -> Tensor:
        """Indexing with ints, slices, ``None``, ``...`` and integer or boolean NumPy arrays.

        >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> x[np.array([2, 2])].sum().backward()
        >>> x.grad
        array([0., 0., 2.])
        """
        parts = key if isinstance(key, tuple) else (key,)
        if any(isinstance(p, Tensor) for p in parts):
            fail(
                "index",
                "ints, slices or integer/boolean NumPy arrays as indices",
                "a Tensor (use its .data cast to int)",
                TypeError,
            )
        if isinstance(key, list):
            key = np.asarray(key)
        return ops.Index.apply(self, key)

    # --- reductions -----------------------------------------------------------------------

    def sum(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all axes when None); the gradient is copied back over ``axis``.

        >>> x = Tensor(np.ones((2, 3)), requires_grad=True)
        >>> x.sum(axis=1).backward(np.array([1.0, 2.0])); x.grad
        array([[1., 1., 1.],
               [2., 2., 2.]])
        """
        return ops.Sum.apply(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (all axes when None).

        >>> Tensor([[1.0, 2.0], [3.0, 6.0]]).mean(axis=0).data
        array([2., 4.])
        """
        return ops.Mean.apply(self, axis=axis, keepdims=keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``; ties share the gradient evenly.

        >>> Tensor([[1.0, 5.0], [7.0, 2.0]]).max(axis=1).data
        array([5., 7.])
        """
        return ops.Max.apply(self, axis=axis, keepdims=keepdims)

    # --- element-wise functions -----------------------------------------------------------

    def exp(self) -> Tensor:
        """Element-wise :math:`e^x`."""
        return ops.Exp.apply(self)

    def log(self) -> Tensor:
        """Element-wise natural logarithm."""
        return ops.Log.apply(self)

    def tanh(self) -> Tensor:
        """Element-wise hyperbolic tangent."""
        return ops.Tanh.apply(self)

    def sigmoid(self) -> Tensor:
        """Element-wise logistic sigmoid (stable for any input)."""
        return ops.Sigmoid.apply(self)

    def relu(self) -> Tensor:
        """Element-wise :math:`\\max(x, 0)`."""
        return ops.ReLU.apply(self)

    # --- shape ----------------------------------------------------------------------------

    def reshape(self, *shape: Any) -> Tensor:
        """Same elements, new shape: ``t.reshape(2, 3)`` or ``t.reshape((2, 3))``.

        >>> Tensor(np.arange(6.0)).reshape(2, -1).shape
        (2, 3)
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return ops.Reshape.apply(self, shape)

    def transpose(self, *axes: Any) -> Tensor:
        """Permute axes: ``t.transpose()`` reverses them, ``t.transpose(0, 2, 1)`` permutes.

        >>> Tensor(np.zeros((2, 3, 4))).transpose(0, 2, 1).shape
        (2, 4, 3)
        """
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        return ops.Transpose.apply(self, axes if axes else None)

    @property
    def T(self) -> Tensor:  # noqa: N802 - NumPy's and PyTorch's name
        """All axes reversed (the matrix transpose for 2-D tensors)."""
        return self.transpose()
