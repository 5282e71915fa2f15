"""``Function`` and ``Context``: one node of the computational graph and its local derivative.

Back-propagation (Goodfellow et al., §6.5.6) needs, for every operation, two things: how to
compute its output from its inputs, and how to turn the gradient with respect to its output
into gradients with respect to its inputs (a vector-Jacobian product, §6.5.2). A
:class:`Function` subclass writes both, one beside the other::

    class Square(Function):
        @staticmethod
        def forward(ctx, x):              # arrays in, array out
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad_output):   # one upstream gradient per output
            (x,) = ctx.saved_tensors
            return 2 * x * grad_output    # one gradient per positional input

    y = Square.apply(t)                   # Tensor in, Tensor out, graph recorded

The contract, which every autograd function in ``dlnotes.autograd.functions`` follows:

``forward(ctx, *args, **kwargs)``
    Receives the positional arguments with every :class:`~dlnotes.autograd.Tensor` replaced by
    its ``numpy.ndarray`` (other arguments — ``None``, ints, strings, index arrays — pass
    through unchanged) and the keyword arguments unchanged. Returns one ``ndarray`` or a
    **tuple** of ``ndarray`` (a multi-output function; ``apply`` then returns a tuple of
    Tensors). It must not mutate its inputs.
``backward(ctx, *grad_outputs)``
    Receives one upstream gradient per output, each of that output's shape and dtype (an
    output whose gradient never arrives, because nothing used it, receives zeros). Returns
    one gradient per **positional** forward argument, in order — a single array when
    ``forward`` had one positional argument, else a tuple. Use ``None`` for arguments that
    are not differentiable (targets, options, ``None`` biases) or whose gradient you do not
    compute; ``ctx.needs_input_grad[i]`` says whether argument ``i`` is a Tensor that
    requires a gradient, so expensive gradients can be skipped. Keyword arguments get no
    gradient. Gradients must have the shape of their argument; the engine casts them to its
    dtype. ``backward`` must not mutate ``grad_outputs``.
``ctx``
    A :class:`Context`: ``ctx.save_for_backward(*arrays)`` and ``ctx.saved_tensors`` for the
    arrays backward needs, and any attribute you set (``ctx.cache = cache`` is how the
    kernel-backed functions keep a ``<op>_forward`` cache for ``<op>_backward``).
``Function.apply(*args, **kwargs)``
    Runs ``forward`` on the unwrapped arguments and returns Tensors. The node is recorded
    only when gradient mode is on (see :func:`~dlnotes.autograd.no_grad`) and some
    positional Tensor argument requires a gradient; otherwise the context is discarded.

After a backward pass the context's saved arrays and attributes are released (unless
``backward(retain_graph=True)``), as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from dlnotes._validation import fail
from dlnotes.autograd.grad_mode import is_grad_enabled

__all__ = ["Context", "Function"]

# Names the engine keeps on a context; everything else in its __dict__ belongs to the user.
_ENGINE_ATTRIBUTES = frozenset(
    {"needs_input_grad", "_saved", "_released", "_function", "_inputs", "_output_meta"}
)


class Context:
    """Scratch space shared by one call's ``forward`` and ``backward``; also the graph node.

    Any attribute may be set freely in ``forward`` and read in ``backward``; reading an
    attribute that was never set raises ``AttributeError`` (no silent ``None``).

    Attributes
    ----------
    needs_input_grad : tuple of bool
        For each positional forward argument, whether it is a Tensor requiring a gradient.

    Examples
    --------
    >>> ctx = Context()
    >>> ctx.save_for_backward(np.ones(2), np.zeros(3))
    >>> [a.shape for a in ctx.saved_tensors]
    [(2,), (3,)]
    >>> ctx.axis = 1; ctx.axis
    1
    """

    def __init__(self) -> None:
        self.needs_input_grad: tuple[bool, ...] = ()
        self._saved: tuple[Any, ...] = ()
        self._released = False
        # Filled by Function.apply when the node is recorded: the Function class, the
        # positional Tensor inputs (None for non-Tensors: these are the graph's edges) and the
        # (shape, dtype) of each output, used to give zeros to outputs nobody used.
        self._function: type[Function] | None = None
        self._inputs: tuple[Any, ...] = ()
        self._output_meta: tuple[tuple[tuple[int, ...], np.dtype], ...] = ()

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: an attribute forward never set. Raising (not
        # returning None) keeps typos in backward from passing silently.
        raise AttributeError(f"Context: expected attribute {name!r} to be set in forward, got none")

    if TYPE_CHECKING:
        # Tell type checkers that forward may set any attribute (no runtime cost).
        def __setattr__(self, name: str, value: Any) -> None: ...

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep ``arrays`` (usually inputs or outputs of forward) for the backward pass."""
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """The arrays given to :meth:`save_for_backward`, in the same order."""
        if self._released:
            fail(
                "Context",
                "saved arrays that are still alive (backward(retain_graph=True) "
                "keeps them for a second pass)",
                "arrays released by a previous backward",
                RuntimeError,
            )
        return self._saved

    @property
    def function(self) -> type[Function] | None:
        """The :class:`Function` subclass that created this node (``None`` if unrecorded)."""
        return self._function

    def release(self) -> None:
        """Drop the saved arrays and user attributes after backward (frees memory)."""
        self._saved = ()
        self._released = True
        for name in [n for n in vars(self) if n not in _ENGINE_ATTRIBUTES]:
            delattr(self, name)

    def __repr__(self) -> str:
        name = self._function.__name__ if self._function is not None else "unrecorded"
        return f"<Context of {name}>"


class Function:
    """Base class of differentiable operations (see the module docstring for the contract).

    Subclasses define the static methods ``forward(ctx, *args, **kwargs)`` and
    ``backward(ctx, *grad_outputs)`` and are called through :meth:`apply`. The pair is one
    entry of the table of local derivatives that the general back-propagation algorithm of
    Goodfellow et al., §6.5.6 walks in reverse topological order.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> class Cube(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return 3 * x ** 2 * grad_output
    >>> t = Tensor([1.0, 2.0], requires_grad=True)
    >>> Cube.apply(t).sum().backward()
    >>> t.grad
    array([ 3., 12.])
    """

    if TYPE_CHECKING:
        # Each subclass picks its own signature; the engine calls them with *args.
        forward: ClassVar[Callable[..., Any]]
        backward: ClassVar[Callable[..., Any]]
    else:

        @staticmethod
        def forward(ctx, *args, **kwargs):
            """Compute the output arrays from the input arrays (override in subclasses)."""
            raise TypeError(
                "Function.forward: expected a subclass overriding forward, got the base class"
            )

        @staticmethod
        def backward(ctx, *grad_outputs):
            """Return one gradient per positional forward argument (override in subclasses)."""
            raise TypeError(
                "Function.backward: expected a subclass overriding backward, got the base class"
            )

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` on unwrapped arguments; record the node if a gradient is needed.

        Returns
        -------
        Tensor or tuple of Tensor
            One Tensor per output array; a tuple exactly when ``forward`` returned a tuple.
        """
        Tensor = _tensor_class()
        ctx = Context()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        arrays = [a.data if isinstance(a, Tensor) else a for a in args]
        raw = cls.forward(ctx, *arrays, **kwargs)
        multi = isinstance(raw, tuple)
        outputs = tuple(_as_output(cls, o) for o in (raw if multi else (raw,)))
        record = is_grad_enabled() and any(ctx.needs_input_grad)
        tensors = tuple(Tensor._from_array(o, requires_grad=record) for o in outputs)
        if record:
            ctx._function = cls
            ctx._inputs = tuple(a if isinstance(a, Tensor) else None for a in args)
            ctx._output_meta = tuple((o.shape, o.dtype) for o in outputs)
            for index, tensor in enumerate(tensors):
                tensor._ctx = ctx
                tensor._output_index = index
        return tensors if multi else tensors[0]


def _tensor_class() -> Any:
    """``Tensor``, imported on first use: tensor.py imports the operations, which import
    this module, so a top-level import would be circular."""
    global _TENSOR_CLASS
    if _TENSOR_CLASS is None:
        from dlnotes.autograd.tensor import Tensor

        _TENSOR_CLASS = Tensor
    return _TENSOR_CLASS


_TENSOR_CLASS: Any = None


def _as_output(cls: type, out: Any) -> np.ndarray:
    """Accept an ndarray or a NumPy scalar (``np.sum`` returns one) from ``forward``."""
    if isinstance(out, np.ndarray):
        return out
    if isinstance(out, np.generic):
        return np.asarray(out)
    fail(
        f"{cls.__name__}.forward",
        "a numpy.ndarray or a tuple of them",
        type(out).__name__,
        TypeError,
    )
