"""The reverse pass: general back-propagation over a recorded graph, without recursion.

Goodfellow et al., §6.5.6 describe back-propagation as a table-filling algorithm: visit the
nodes of the computational graph in *reverse topological order*, and at each node turn the
gradient with respect to its outputs into gradients with respect to its inputs with the
node's local ``backward`` (a vector-Jacobian product, §6.5.2), **adding** contributions when a
variable feeds several consumers.

Both steps here are loops over explicit lists and stacks, never recursive calls, so the depth
of the graph is limited by memory only: a chain of 100 000 operations back-propagates as
easily as a chain of ten (a recursive depth-first search stops near Python's recursion limit
of about 1 000).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

from dlnotes._validation import fail

if TYPE_CHECKING:
    from dlnotes.autograd.function import Context
    from dlnotes.autograd.tensor import Tensor

__all__ = ["topological_order", "run_backward"]

_Node = TypeVar("_Node")


def _parent_nodes(ctx: Context) -> list[Context]:
    return [t._ctx for t in ctx._inputs if t is not None and t._ctx is not None]


def topological_order(
    root: _Node, parents: Callable[[_Node], Iterable[_Node]] | None = None
) -> list[_Node]:
    """Nodes reachable from ``root``, every node listed after all nodes it consumes.

    An iterative depth-first search: each stack entry is ``(node, expanded)``. A node is
    pushed once unexpanded; when popped it is marked visited and pushed back *expanded* above
    its unvisited producers, so it is emitted only after all of them.

    This is the one topological sort of dlnotes: the Tensor engine calls it on graph nodes
    (:class:`~dlnotes.autograd.function.Context`), and the scalar
    :class:`~dlnotes.autograd.Value` calls it with ``parents=lambda v: v.parents``.

    Parameters
    ----------
    root : Context or any graph node
        The node that produced the tensor ``backward`` was called on.
    parents : callable, optional
        ``parents(node)`` lists the nodes ``node`` consumes (a node may appear twice). By
        default, the recorded producers of a ``Context``'s input tensors.

    Returns
    -------
    list
        Producers first, ``root`` last; the backward pass walks it reversed.

    Examples
    --------
    >>> from dlnotes.autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> y = (x * 2).exp().sum()
    >>> [node.function.__name__ for node in topological_order(y.grad_fn)]
    ['Mul', 'Exp', 'Sum']
    >>> topological_order("c", {"c": "ab", "b": "a", "a": ""}.__getitem__)
    ['a', 'b', 'c']
    """
    producers = parents if parents is not None else cast(Any, _parent_nodes)
    order: list[_Node] = []
    visited: set[int] = set()
    stack: list[tuple[_Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        for parent in producers(node):
            if id(parent) not in visited:
                stack.append((parent, False))
    return order


def _name(ctx: Context) -> str:
    return ctx.function.__name__ if ctx.function is not None else "unrecorded"


def _add(existing: np.ndarray | None, grad: np.ndarray) -> np.ndarray:
    # A new array, never an in-place update: the first contribution may be a read-only
    # broadcast view or an array the caller still holds.
    return grad if existing is None else existing + grad


def _accumulate_into_grad(tensor: Tensor, grad: np.ndarray) -> None:
    """Add ``grad`` to ``tensor.grad`` (a fresh, writable array on first arrival)."""
    if tensor.grad is None:
        tensor.grad = np.array(grad, dtype=tensor.dtype, copy=True)
    else:
        tensor.grad = tensor.grad + grad


def _input_gradients(ctx: Context, grad_outputs: tuple[np.ndarray, ...]) -> tuple[Any, ...]:
    """Call the node's backward and check it returned one gradient per positional input."""
    function = ctx.function
    if function is None:
        fail("backward", "a recorded graph node", repr(ctx), RuntimeError)
    name = function.__name__
    grads = function.backward(ctx, *grad_outputs)
    if not isinstance(grads, tuple):
        grads = (grads,)
    if len(grads) != len(ctx._inputs):
        fail(
            f"{name}.backward",
            f"{len(ctx._inputs)} gradient(s), one per positional forward argument",
            f"{len(grads)}",
        )
    return grads


def run_backward(root: Tensor, grad: np.ndarray, retain_graph: bool = False) -> None:
    """Back-propagate ``grad`` (the gradient of some scalar with respect to ``root``).

    Gradients are **added** into ``.grad`` of every leaf tensor that requires one and of every
    intermediate tensor that called ``retain_grad()``; other intermediate gradients live only
    in this function's table and are dropped as soon as their node has been processed.

    Parameters
    ----------
    root : Tensor
        Where the pass starts.
    grad : numpy.ndarray
        Upstream gradient, already of ``root``'s shape and dtype.
    retain_graph : bool
        Keep the saved arrays so the same graph can be back-propagated again.
    """
    if root._ctx is None:
        # A leaf: d root / d root is the identity.
        _accumulate_into_grad(root, grad)
        return
    if root._retain_grad:
        _accumulate_into_grad(root, grad)
    table: dict[int, list[np.ndarray | None]] = {
        id(root._ctx): [None] * len(root._ctx._output_meta)
    }
    table[id(root._ctx)][root._output_index] = grad
    for ctx in reversed(topological_order(root._ctx)):
        slots = table.pop(id(ctx), None)
        if slots is None:
            continue  # every backward that reached this node returned None for it
        if ctx._released:
            fail(
                "backward",
                "a graph whose saved arrays are alive (pass retain_graph=True to "
                "the first backward to back-propagate twice)",
                "a graph freed by a previous backward",
                RuntimeError,
            )
        # An output nobody used contributes nothing: its gradient is zero.
        grad_outputs = tuple(
            np.zeros(shape, dtype) if g is None else g
            for g, (shape, dtype) in zip(slots, ctx._output_meta, strict=True)
        )
        input_grads = _input_gradients(ctx, grad_outputs)
        for index, (tensor, g) in enumerate(zip(ctx._inputs, input_grads, strict=True)):
            if tensor is None or not tensor.requires_grad or g is None:
                continue
            g = np.asarray(g)
            if g.shape != tensor.shape:
                fail(
                    f"{_name(ctx)}.backward",
                    f"gradient of shape {tensor.shape} for argument {index}",
                    g.shape,
                )
            g = g.astype(tensor.dtype, copy=False)
            if tensor._ctx is None:
                _accumulate_into_grad(tensor, g)
                continue
            producer = tensor._ctx
            pending = table.setdefault(id(producer), [None] * len(producer._output_meta))
            pending[tensor._output_index] = _add(pending[tensor._output_index], g)
            if tensor._retain_grad:
                _accumulate_into_grad(tensor, g)
        if not retain_graph:
            ctx.release()
