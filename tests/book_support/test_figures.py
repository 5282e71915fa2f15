"""Shared plot helpers: arrows at true length, unit balls, image grids, equal axes; bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlnotes.book.figures import (  # noqa: E402
    PALETTE,
    equal_axes,
    image_grid,
    new_figure,
    plot_unit_balls,
    plot_vectors,
)
from dlnotes.linalg import lp_norm  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = new_figure()
    yield ax
    plt.close(fig)


def test_plot_vectors_draws_true_vectors(ax):
    vectors = np.array([[1.0, 2.0], [-3.0, 0.5]])
    arrows = plot_vectors(ax, vectors, origin=(1.0, -1.0), labels=["a", "b"])
    np.testing.assert_allclose(np.column_stack([arrows.U, arrows.V]), vectors)
    np.testing.assert_allclose(arrows.X, [1.0, 1.0])
    np.testing.assert_allclose(arrows.Y, [-1.0, -1.0])
    assert (arrows.scale, arrows.scale_units, arrows.angles) == (1, "xy", "xy")
    assert [t.get_text() for t in ax.texts] == ["a", "b"]
    x0, x1 = ax.get_xlim()
    assert x0 <= -2.0 and x1 >= 2.0  # both tips are inside the view
    assert matplotlib.colors.same_color(arrows.get_facecolor()[0], PALETTE[0])


def test_plot_unit_balls(ax):
    lines = plot_unit_balls(ax, ps=(1, 2, np.inf), fill=True)
    assert len(lines) == 3
    assert len({line.get_linestyle() for line in lines}) == 3  # not colour alone
    for line, p in zip(lines, (1, 2, np.inf), strict=True):
        points = np.column_stack([line.get_xdata(), line.get_ydata()])
        np.testing.assert_allclose(lp_norm(points, p, axis=1), 1.0, rtol=1e-12)
    assert ax.get_aspect() == 1.0


def test_equal_axes(ax):
    assert equal_axes(ax, 3.0) is ax
    assert tuple(map(float, ax.get_ylim())) == (-3.0, 3.0)
    assert len(ax.lines) == 2  # the two origin lines


@pytest.mark.parametrize("shape", [(10, 64), (10, 8, 8), (10, 1, 8, 8)])
def test_image_grid_layouts(shape):
    fig, axes = image_grid(
        np.random.default_rng(0).random(shape), ncols=4, titles=[str(i) for i in range(10)]
    )
    assert axes.shape == (3, 4)
    shown = [a for a in axes.flat if a.images]
    assert len(shown) == 10
    assert shown[0].images[0].get_array().shape == (8, 8)
    assert shown[3].get_title() == "3"
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    plt.close(fig)


def test_image_grid_flat_with_explicit_shape():
    fig, axes = image_grid(np.zeros((3, 12)), image_shape=(3, 4))
    assert axes.shape == (1, 3)
    assert axes[0, 0].images[0].get_array().shape == (3, 4)
    plt.close(fig)


def test_bad_input(ax):
    with pytest.raises(
        ValueError,
        match=r"plot_vectors: expected vectors of shape \(k, 2\), "
        r"got \(2, 3\)",
    ):
        plot_vectors(ax, np.ones((2, 3)))
    with pytest.raises(ValueError, match="image_grid: expected flat images of size H \\* W"):
        image_grid(np.zeros((2, 10)))
    with pytest.raises(ValueError, match="image_grid: expected images of shape"):
        image_grid(np.zeros(5))
    with pytest.raises(ValueError, match="image_grid: expected ncols to be a positive integer"):
        image_grid(np.zeros((2, 4, 4)), ncols=0)
    with pytest.raises(ValueError, match=r"unit_ball_boundary: expected p in \[1.0, inf\]"):
        plot_unit_balls(ax, ps=(0.5,))
