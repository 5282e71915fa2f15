"""Draw a graph of :class:`~dlnotes.autograd.Value` nodes with Matplotlib only.

Nodes are laid out left to right in *topological layers* (the output in the last column,
every other node one column left of its leftmost consumer), so arrows always point right, in
the direction of the forward pass; back-propagation reads the figure from right to left
(Goodfellow et al., §6.5.1, figures of computational graphs; §6.5.6).
"""

from __future__ import annotations

from typing import Any

from dlnotes._validation import fail
from dlnotes.autograd.value import Value

__all__ = ["NODE_GID", "draw_graph", "graph_layout"]

#: The gid of every node box, so tests and pages can find the boxes among the artists.
NODE_GID = "value-node"


def graph_layout(nodes: list[Value]) -> dict[int, tuple[float, float]]:
    """Positions ``id(node) -> (x, y)``: ``x`` the topological layer, ``y`` spread evenly.

    The output is in the last column and every node one column left of its leftmost consumer,
    so ``x(parent) < x(child)`` on every edge.

    ``nodes`` must be in topological order (as ``Value.graph()`` returns them).

    Examples
    --------
    >>> a, b = Value(1.0), Value(2.0)
    >>> c = a + b
    >>> pos = graph_layout(c.graph()[0])
    >>> pos[id(a)][0], pos[id(c)][0]
    (0.0, 1.0)
    """
    # Layer = longest path *to the output*, counted from the right: every node sits one
    # column left of its leftmost consumer, so an input feeding a late operation (a
    # bias) sits next to it instead of far left with its arrow crossing the whole figure.
    consumers: dict[int, list[Value]] = {id(node): [] for node in nodes}
    for node in nodes:
        for parent in node.parents:
            consumers[id(parent)].append(node)
    depth: dict[int, int] = {}
    for node in reversed(nodes):
        depth[id(node)] = 1 + max((depth[id(c)] for c in consumers[id(node)]), default=-1)
    last = max(depth.values())
    layer = {key: last - d for key, d in depth.items()}
    columns: dict[int, list[Value]] = {}
    for node in nodes:
        columns.setdefault(layer[id(node)], []).append(node)
    positions: dict[int, tuple[float, float]] = {}
    # Place columns right to left; within a column, order nodes by the mean height of their
    # already placed consumers (a barycentre heuristic), so arrows cross less.
    for x in sorted(columns, reverse=True):
        column = columns[x]

        def height(node: Value) -> float:
            ys = [positions[id(c)][1] for c in consumers[id(node)] if id(c) in positions]
            return -sum(ys) / len(ys) if ys else 0.0

        column = sorted(column, key=height)  # stable: ties keep topological order
        for row, node in enumerate(column):
            # Centre each column vertically around 0, top to bottom.
            positions[id(node)] = (float(x), (len(column) - 1) / 2 - row)
    return positions


def _node_text(node: Value) -> str:
    name = node.label or (node.op if node.op else f"{node.data:.4g}")
    head = f"{name}  [{node.op}]" if node.op and node.label else name
    return f"{head}\ndata {node.data:.4f}\ngrad {node.grad:.4f}"


def draw_graph(value: Value, ax: Any = None) -> Any:
    """Draw the computational graph ending at ``value``: one box per node, one arrow per edge.

    Each box shows the node's label (or its operation, or its value for an unlabelled
    constant), the operation in brackets, ``data`` and ``grad``; call ``value.backward()``
    first to show gradients.

    Parameters
    ----------
    value : Value
        The output node.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the graph when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Node boxes are text artists with gid ``"value-node"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> x, w = Value(2.0, label="x"), Value(-1.0, label="w")
    >>> y = (x * w).tanh(); y.label = "y"
    >>> y.backward()
    >>> ax = draw_graph(y)
    >>> sum(t.get_gid() == "value-node" for t in ax.texts)
    4
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    if not isinstance(value, Value):
        fail("draw_graph", "a Value", type(value).__name__, TypeError)
    from matplotlib.patches import FancyArrowPatch

    nodes, edges = value.graph()
    positions = graph_layout(nodes)
    width = 1 + max(x for x, _ in positions.values())
    height = 1 + max(abs(y) for _, y in positions.values()) * 2
    if ax is None:
        from dlnotes.book.figures import new_figure

        _, ax = new_figure(width=max(3.0, 2.2 * width), height=max(2.0, 1.2 * height))
    boxes = {}
    for node in nodes:
        x, y = positions[id(node)]
        leaf = not node.parents
        boxes[id(node)] = ax.text(
            x,
            y,
            _node_text(node),
            ha="center",
            va="center",
            fontsize=8,
            family="monospace",
            gid=NODE_GID,
            zorder=2,
            bbox={
                "boxstyle": "round,pad=0.4",
                "linewidth": 1.0,
                "facecolor": "#E8F1F8" if leaf else "white",
                "edgecolor": "#0072B2",
            },
        )
    for parent, child in edges:
        # patchA/patchB clip the arrow to the two boxes at draw time, whatever their size.
        arrow = FancyArrowPatch(
            positions[id(parent)],
            positions[id(child)],
            patchA=boxes[id(parent)].get_bbox_patch(),
            patchB=boxes[id(child)].get_bbox_patch(),
            arrowstyle="-|>",
            mutation_scale=12,
            shrinkA=1,
            shrinkB=1,
            color="0.35",
            linewidth=1.0,
            zorder=3,
        )
        ax.add_patch(arrow)
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-height / 2, height / 2)
    ax.set_axis_off()
    return ax
