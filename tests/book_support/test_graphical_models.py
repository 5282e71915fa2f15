"""Drawing directed and undirected models: one arrow per parent, one line per clique pair."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlnotes.book.graphical_models import (  # noqa: E402
    draw_directed,
    draw_undirected,
    factorisation,
    undirected_edges,
)

POS = {"a": (0.0, 1.0), "b": (-1.0, 0.0), "c": (1.0, 0.0), "d": (0.0, -1.0)}
PARENTS = {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}


def test_directed_graph_has_an_arrow_per_parent_ending_on_the_child_rim():
    fig, ax = plt.subplots()
    draw_directed(ax, PARENTS, POS, radius=0.2)
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(arrows) == 4 and len(ax.patches) == 8  # 4 arrows, 4 nodes
    # the arrow a -> b runs from rim to rim: it stops on b's circle, not at its centre
    start, end = (np.array(p) for p in arrows[0]._posA_posB)
    assert np.linalg.norm(start - np.array(POS["a"])) == pytest.approx(0.2)
    assert np.linalg.norm(end - np.array(POS["b"])) == pytest.approx(0.2)
    plt.close(fig)


def test_undirected_graph_connects_every_clique_pair_once():
    cliques = [["a", "b"], ["a", "c"], ["b", "c", "d"]]
    assert undirected_edges(cliques) == [("a", "b"), ("a", "c"), ("b", "c"), ("b", "d"), ("c", "d")]
    fig, ax = plt.subplots()
    draw_undirected(ax, cliques, POS)
    assert len(ax.lines) == 5 and len(ax.patches) == 4
    plt.close(fig)


def test_factorisation_formulas():
    assert factorisation(parents=PARENTS) == (r"p(a)\,p(b \mid a)\,p(c \mid a)\,p(d \mid b, c)")
    assert factorisation(cliques=[["a", "b"]]) == r"\frac{1}{Z}\,\phi^{(1)}(a, b)"


def test_bad_input():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="draw_directed: expected a position for every variable"):
        draw_directed(ax, {"a": [], "z": ["a"]}, {"a": (0, 0)})
    with pytest.raises(ValueError, match="expected nodes farther apart than two radii"):
        draw_directed(ax, {"a": [], "b": ["a"]}, {"a": (0, 0), "b": (0.1, 0)})
    with pytest.raises(ValueError, match="factorisation: expected exactly one of parents"):
        factorisation()
    plt.close(fig)
