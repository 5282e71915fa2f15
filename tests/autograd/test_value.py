"""The scalar Value engine: each operation, a random expression against PyTorch, the graph."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlnotes.autograd import Value

UNARY = {
    "exp": (lambda v: v.exp(), math.exp),
    "log": (lambda v: v.log(), math.log),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "sigmoid": (lambda v: v.sigmoid(), lambda x: 1 / (1 + math.exp(-x))),
    "relu": (lambda v: v.relu(), lambda x: max(x, 0.0)),
    "neg": (lambda v: -v, lambda x: -x),
    "pow": (lambda v: v**3, lambda x: x**3),
    "rpow": (lambda v: 2**v, lambda x: 2**x),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("x", [0.7, 1.9])
def test_unary_derivative_matches_central_difference(name, x):
    op, reference = UNARY[name]
    v = Value(x)
    out = op(v)
    out.backward()
    eps = 1e-6
    numeric = (reference(x + eps) - reference(x - eps)) / (2 * eps)
    assert out.data == pytest.approx(reference(x), rel=1e-12)
    assert v.grad == pytest.approx(numeric, rel=1e-6, abs=1e-9)


BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_derivatives_match_central_differences(name):
    f = BINARY[name]
    a, b = Value(1.3), Value(0.6)
    f(a, b).backward()
    eps = 1e-6
    da = (f(1.3 + eps, 0.6) - f(1.3 - eps, 0.6)) / (2 * eps)
    db = (f(1.3, 0.6 + eps) - f(1.3, 0.6 - eps)) / (2 * eps)
    assert a.grad == pytest.approx(da, rel=1e-6)
    assert b.grad == pytest.approx(db, rel=1e-6)


def test_reflected_operations_with_numbers():
    x = Value(2.0)
    y = 1 + 3 * x - 4 / x + (1 - x) ** 2
    y.backward()
    assert y.data == pytest.approx(1 + 6 - 2 + 1)
    assert x.grad == pytest.approx(3 + 4 / 4 + 2 * (2 - 1))


@pytest.mark.torch
def test_random_expression_against_torch(torch):
    rng = np.random.default_rng(3)
    values = rng.uniform(0.2, 1.5, size=4)

    def expression(a, b, c, d, exp, log, tanh, sigmoid, relu):
        h = tanh(a * b + c) * sigmoid(d - a) + relu(b - c)
        h = h + exp(c / (d + 1.0)) * a**2 - log(b * d + 0.5) + (a * h) ** 1.5
        return h / (1.0 + h * h) + 2.0 ** (c - d) + (b + 1.0) ** (a + 0.1)

    ours = [Value(float(v), label=name) for v, name in zip(values, "abcd", strict=True)]
    out = expression(
        *ours, exp=Value.exp, log=Value.log, tanh=Value.tanh, sigmoid=Value.sigmoid, relu=Value.relu
    )
    out.backward()
    theirs = [torch.tensor(float(v), requires_grad=True) for v in values]
    out_t = expression(
        *theirs,
        exp=torch.exp,
        log=torch.log,
        tanh=torch.tanh,
        sigmoid=torch.sigmoid,
        relu=torch.relu,
    )
    out_t.backward()
    assert out.data == pytest.approx(out_t.item(), rel=1e-12)
    for v, t in zip(ours, theirs, strict=True):
        assert v.grad == pytest.approx(t.grad.item(), rel=1e-10, abs=1e-12)


def test_node_used_twice_accumulates_and_zero_grad_resets():
    a = Value(3.0, label="a")
    b = a * a + a
    b.backward()
    assert a.grad == 7.0
    b.zero_grad()
    assert a.grad == 0.0 and b.grad == 0.0


def test_graph_nodes_edges_op_and_label():
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    z = x * w
    z.label = "z"
    y = z.tanh()
    nodes, edges = y.graph()
    assert nodes[-1] is y and set(map(id, nodes)) == {id(x), id(w), id(z), id(y)}
    assert {(p.label, c.label) for p, c in edges} == {("x", "z"), ("w", "z"), ("z", "")}
    assert (z.op, y.op, x.op) == ("*", "tanh", "")
    order = {id(n): i for i, n in enumerate(nodes)}
    assert all(order[id(p)] < order[id(c)] for p, c in edges)
    assert "x=2" in repr(x)


def test_sigmoid_is_stable():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_bad_input():
    with pytest.raises(TypeError, match="Value: expected a real number, got str"):
        Value("1")
    with pytest.raises(TypeError, match="Value: expected a Value or a real number as operand"):
        Value(1.0) + [1]
    with pytest.raises(ValueError, match="Value.log: expected a positive input, got -1.0"):
        Value(-1.0).log()
    with pytest.raises(ZeroDivisionError, match="Value.__truediv__: expected a non-zero"):
        Value(1.0) / 0
    with pytest.raises(ValueError, match="Value.__pow__: expected a non-negative base"):
        Value(-2.0) ** 0.5
