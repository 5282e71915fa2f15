r"""Drawing small structured probabilistic models (Goodfellow et al., §3.14).

A directed model is given by each variable's parents,
:math:`p(\mathbf x) = \prod_i p(x_i \mid \mathrm{Pa}(x_i))`; an undirected one by its cliques,
:math:`p(\mathbf x) = \frac1Z \prod_i \phi^{(i)}(\mathcal C^{(i)})`. :func:`draw_directed` and
:func:`draw_undirected` draw the two graphs on a Matplotlib axis, and :func:`factorisation`
writes the formula the graph stands for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from dlnotes._validation import fail

__all__ = ["draw_directed", "draw_undirected", "factorisation", "undirected_edges"]

Positions = Mapping[str, tuple[float, float]]


def _check_positions(owner: str, names: Sequence[str], positions: Positions) -> None:
    missing = [name for name in names if name not in positions]
    if missing:
        fail(owner, "a position for every variable", f"none for {missing}")


def _draw_nodes(ax: Any, positions: Positions, radius: float) -> None:
    from matplotlib.patches import Circle

    for name, (x, y) in positions.items():
        ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor="0.2", lw=1.5, zorder=3))
        ax.text(x, y, f"${name}$", ha="center", va="center", fontsize=13, zorder=4)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad = 2 * radius
    ax.set(xlim=(min(xs) - pad, max(xs) + pad), ylim=(min(ys) - pad, max(ys) + pad))
    ax.set_aspect("equal")
    ax.axis("off")


def draw_directed(
    ax: Any, parents: Mapping[str, Sequence[str]], positions: Positions, radius: float = 0.18
) -> Any:
    """Draw the directed acyclic graph with an arrow from every parent to its child.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    parents : mapping
        ``{child: [parents...]}``, one entry per variable (roots have no parents).
    positions : mapping
        ``{variable: (x, y)}``.
    radius : float
        Node radius in data units.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Goodfellow et al., §3.14.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = draw_directed(ax, {"a": [], "b": ["a"]}, {"a": (0, 0), "b": (1, 0)})
    >>> len(ax.patches)   # two nodes and one arrow
    3
    >>> plt.close(fig)
    """
    _check_positions(
        "draw_directed", [*parents, *(p for ps in parents.values() for p in ps)], positions
    )
    from matplotlib.patches import FancyArrowPatch

    for child, ps in parents.items():
        for parent in ps:
            (x0, y0), (x1, y1) = positions[parent], positions[child]
            length = math.hypot(x1 - x0, y1 - y0)
            if length <= 2 * radius:
                fail("draw_directed", "nodes farther apart than two radii", (parent, child))
            dx, dy = radius * (x1 - x0) / length, radius * (y1 - y0) / length
            # from rim to rim, so the arrow head touches the child's circle
            arrow = FancyArrowPatch(
                (x0 + dx, y0 + dy),
                (x1 - dx, y1 - dy),
                arrowstyle="-|>",
                mutation_scale=16,
                shrinkA=0,
                shrinkB=0,
                color="0.2",
                lw=1.4,
                zorder=2,
            )
            ax.add_patch(arrow)
    _draw_nodes(ax, positions, radius)
    return ax


def undirected_edges(cliques: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Every pair of variables that share a clique, each pair once, in first-seen order.

    Examples
    --------
    >>> undirected_edges([["a", "b", "c"], ["c", "d"]])
    [('a', 'b'), ('a', 'c'), ('b', 'c'), ('c', 'd')]
    """
    edges: list[tuple[str, str]] = []
    for clique in cliques:
        for u, v in combinations(clique, 2):
            if (u, v) not in edges and (v, u) not in edges:
                edges.append((u, v))
    return edges


def draw_undirected(
    ax: Any, cliques: Sequence[Sequence[str]], positions: Positions, radius: float = 0.18
) -> Any:
    """Draw the undirected graph in which the variables of each clique are all connected.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    cliques : sequence of sequences
        The variables of each factor :math:`\\phi^{(i)}`.
    positions : mapping
        ``{variable: (x, y)}``.
    radius : float
        Node radius in data units.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Goodfellow et al., §3.14.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = draw_undirected(ax, [["a", "b", "c"]], {"a": (0, 0), "b": (1, 0), "c": (0, 1)})
    >>> len(ax.lines), len(ax.patches)   # three edges, three nodes
    (3, 3)
    >>> plt.close(fig)
    """
    _check_positions("draw_undirected", [v for c in cliques for v in c], positions)
    for u, v in undirected_edges(cliques):
        (x0, y0), (x1, y1) = positions[u], positions[v]
        ax.plot([x0, x1], [y0, y1], color="0.2", lw=1.4, zorder=2)
    _draw_nodes(ax, positions, radius)
    return ax


def factorisation(
    parents: Mapping[str, Sequence[str]] | None = None,
    cliques: Sequence[Sequence[str]] | None = None,
) -> str:
    r"""The LaTeX formula of a directed (``parents``) or undirected (``cliques``) model.

    Examples
    --------
    >>> factorisation(parents={"a": [], "b": ["a"]})
    'p(a)\\,p(b \\mid a)'
    >>> factorisation(cliques=[["a", "b"], ["b", "c"]])
    '\\frac{1}{Z}\\,\\phi^{(1)}(a, b)\\,\\phi^{(2)}(b, c)'
    """
    if (parents is None) == (cliques is None):
        fail("factorisation", "exactly one of parents and cliques", "both or neither")
    if parents is not None:
        terms = [
            f"p({child} \\mid {', '.join(ps)})" if ps else f"p({child})"
            for child, ps in parents.items()
        ]
        return "\\,".join(terms)
    assert cliques is not None
    factors = [f"\\phi^{{({i})}}({', '.join(c)})" for i, c in enumerate(cliques, 1)]
    return "\\frac{1}{Z}\\," + "\\,".join(factors)
