"""``Value``: a scalar node of a computational graph, for the figures of §6.5.

The same algorithm as :class:`~dlnotes.autograd.Tensor` stripped to scalars: every operation
creates a node that records its inputs (``parents``), the operation's name (``op``) and the
*local derivatives* of its output with respect to each input, computed right beside the
operation. ``backward()`` then walks the graph in reverse topological order and applies the
chain rule, :math:`\\bar p \\mathrel{+}= \\frac{\\partial v}{\\partial p}\\,\\bar v`
(Goodfellow et al., §6.5.1 computational graphs, §6.5.2 chain rule, §6.5.6 general
back-propagation). Small graphs of Values are what
:func:`~dlnotes.book.graph_drawing.draw_graph` draws.
"""

from __future__ import annotations

import math
from typing import Any

from dlnotes._validation import fail
from dlnotes.autograd.backprop import topological_order

__all__ = ["Value"]

Number = (int, float)


class Value:
    """A scalar that records how it was computed.

    Parameters
    ----------
    data : float
        The value.
    label : str
        Name shown in figures (e.g. ``"x"``, ``"w1"``).

    Attributes
    ----------
    data : float
    grad : float
        :math:`\\partial L / \\partial` this node after ``L.backward()``; starts at 0.
        Gradients accumulate over passes: call :meth:`zero_grad` on the output between them.
    op : str
        The operation that produced the node (``""`` for an input).
    parents : tuple of Value
        The operation's inputs (a node used twice, as in ``a * a``, appears twice).

    Examples
    --------
    >>> x = Value(2.0, label="x")
    >>> y = x * x + x.exp()           # y = x^2 + e^x
    >>> y.backward()
    >>> round(x.grad, 6)              # 2x + e^x
    11.389056
    """

    def __init__(
        self,
        data: float,
        label: str = "",
        *,
        _parents: tuple[Value, ...] = (),
        _local_grads: tuple[float, ...] = (),
        _op: str = "",
    ) -> None:
        if (
            isinstance(data, bool)
            or not isinstance(data, (int, float))
            and not hasattr(data, "__float__")
        ):
            fail("Value", "a real number", type(data).__name__, TypeError)
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = _op
        self.parents = _parents
        # d self / d parent_i, written by the operation that created this node.
        self._local_grads = _local_grads

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other: Any) -> Value:
        if isinstance(other, Value):
            return other
        if isinstance(other, bool) or not isinstance(other, Number):
            fail("Value", "a Value or a real number as operand", type(other).__name__, TypeError)
        return Value(other)

    # --- operations: forward value and local derivatives side by side -------------------

    def __add__(self, other: Any) -> Value:
        other = self._lift(other)
        return Value(
            self.data + other.data, _parents=(self, other), _local_grads=(1.0, 1.0), _op="+"
        )

    def __mul__(self, other: Any) -> Value:
        other = self._lift(other)
        return Value(
            self.data * other.data,
            _parents=(self, other),
            _local_grads=(other.data, self.data),
            _op="*",
        )

    def __pow__(self, other: Any) -> Value:
        other = self._lift(other)
        a, b = self.data, other.data
        if a < 0 and not float(b).is_integer():
            fail("Value.__pow__", "a non-negative base for a non-integer exponent", a)
        if a == 0 and b < 0:
            fail("Value.__pow__", "a non-zero base for a negative exponent", a)
        out = a**b
        d_base = 0.0 if b == 0 else b * a ** (b - 1)
        # d(a^b)/db = a^b log a; taken as 0 at a = 0 (PyTorch's convention) and undefined
        # (NaN) for a negative base, where only integer exponents are allowed anyway.
        d_exponent = 0.0 if a == 0 else (out * math.log(a) if a > 0 else math.nan)
        return Value(out, _parents=(self, other), _local_grads=(d_base, d_exponent), _op="**")

    def __neg__(self) -> Value:
        return Value(-self.data, _parents=(self,), _local_grads=(-1.0,), _op="neg")

    def __sub__(self, other: Any) -> Value:
        other = self._lift(other)
        return Value(
            self.data - other.data, _parents=(self, other), _local_grads=(1.0, -1.0), _op="-"
        )

    def __truediv__(self, other: Any) -> Value:
        other = self._lift(other)
        if other.data == 0:
            fail("Value.__truediv__", "a non-zero divisor", other.data, ZeroDivisionError)
        a, b = self.data, other.data
        return Value(a / b, _parents=(self, other), _local_grads=(1 / b, -a / (b * b)), _op="/")

    def __radd__(self, other: Any) -> Value:
        return self._lift(other) + self

    def __rmul__(self, other: Any) -> Value:
        return self._lift(other) * self

    def __rsub__(self, other: Any) -> Value:
        return self._lift(other) - self

    def __rtruediv__(self, other: Any) -> Value:
        return self._lift(other) / self

    def __rpow__(self, other: Any) -> Value:
        return self._lift(other) ** self

    def exp(self) -> Value:
        """:math:`e^x`, local derivative :math:`e^x`."""
        out = math.exp(self.data)
        return Value(out, _parents=(self,), _local_grads=(out,), _op="exp")

    def log(self) -> Value:
        """:math:`\\log x` for :math:`x > 0`, local derivative :math:`1/x`."""
        if self.data <= 0:
            fail("Value.log", "a positive input", self.data)
        return Value(
            math.log(self.data), _parents=(self,), _local_grads=(1 / self.data,), _op="log"
        )

    def tanh(self) -> Value:
        """:math:`\\tanh x`, local derivative :math:`1 - \\tanh^2 x`."""
        out = math.tanh(self.data)
        return Value(out, _parents=(self,), _local_grads=(1 - out * out,), _op="tanh")

    def sigmoid(self) -> Value:
        """:math:`\\sigma(x)` (stable for large :math:`|x|`), local derivative
        :math:`\\sigma(x)(1-\\sigma(x))`."""
        e = math.exp(-abs(self.data))
        out = 1 / (1 + e) if self.data >= 0 else e / (1 + e)
        return Value(out, _parents=(self,), _local_grads=(out * (1 - out),), _op="sigmoid")

    def relu(self) -> Value:
        """:math:`\\max(x, 0)`, local derivative :math:`[x > 0]`."""
        positive = self.data > 0
        return Value(
            self.data if positive else 0.0,
            _parents=(self,),
            _local_grads=(1.0 if positive else 0.0,),
            _op="relu",
        )

    # --- the graph and back-propagation -------------------------------------------------

    def topological_order(self) -> list[Value]:
        """Every node this one depends on, inputs first and ``self`` last (no recursion).

        ``Value`` stays a self-contained teaching object (it records local derivatives rather
        than ``Function`` nodes) but shares the engine's one iterative sort,
        ``dlnotes.autograd.backprop.topological_order``.
        """
        return topological_order(self, _parents)

    def backward(self) -> None:
        """Set ``self.grad = 1`` and add :math:`\\partial\\,\\text{self}/\\partial v` into every
        node ``v`` of the graph, in reverse topological order.

        >>> a, b = Value(3.0), Value(-2.0)
        >>> c = a * b + a
        >>> c.backward(); (a.grad, b.grad)
        (-1.0, 3.0)
        """
        self.grad = 1.0
        for node in reversed(self.topological_order()):
            for parent, local in zip(node.parents, node._local_grads, strict=True):
                parent.grad += local * node.grad

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on every node of the graph ending here."""
        for node in self.topological_order():
            node.grad = 0.0

    def graph(self) -> tuple[list[Value], list[tuple[Value, Value]]]:
        """The graph as plain lists, for drawing.

        Returns
        -------
        nodes : list of Value
            Topological order, inputs first.
        edges : list of (Value, Value)
            ``(parent, child)`` pairs, one per distinct pair (``a * a`` gives one edge).

        Examples
        --------
        >>> x = Value(1.0, label="x")
        >>> nodes, edges = (x * x + 1).graph()
        >>> len(nodes), len(edges)
        (4, 3)
        """
        nodes = self.topological_order()
        edges: list[tuple[Value, Value]] = []
        seen: set[tuple[int, int]] = set()
        for child in nodes:
            for parent in child.parents:
                key = (id(parent), id(child))
                if key not in seen:
                    seen.add(key)
                    edges.append((parent, child))
        return nodes, edges


def _parents(node: Value) -> tuple[Value, ...]:
    return node.parents
