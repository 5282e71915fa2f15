"""draw_graph: one box per Value, laid out in topological layers, Matplotlib only."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from dlnotes.autograd import Value  # noqa: E402
from dlnotes.book.graph_drawing import NODE_GID, draw_graph, graph_layout  # noqa: E402


def _neuron():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.88, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def test_one_node_box_per_value_and_one_arrow_per_edge():
    o = _neuron()
    o.backward()
    nodes, edges = o.graph()
    fig, ax = plt.subplots()
    returned = draw_graph(o, ax=ax)
    assert returned is ax
    boxes = [t for t in ax.texts if t.get_gid() == NODE_GID]
    assert len(boxes) == len(nodes) == 10
    assert len(ax.patches) == len(edges)
    labels = " ".join(t.get_text() for t in boxes)
    assert "o  [tanh]" in labels and "grad" in labels and "x1" in labels
    plt.close(fig)


def test_layers_go_left_to_right():
    o = _neuron()
    nodes, edges = o.graph()
    positions = graph_layout(nodes)
    assert all(positions[id(p)][0] < positions[id(c)][0] for p, c in edges)
    assert positions[id(o)][0] == max(x for x, _ in positions.values())


def test_draws_a_new_figure_and_rejects_non_values():
    ax = draw_graph(Value(1.0, label="a") * 2)
    assert len([t for t in ax.texts if t.get_gid() == NODE_GID]) == 3
    plt.close("all")
    with pytest.raises(TypeError, match="draw_graph: expected a Value, got float"):
        draw_graph(1.0)
