"""Plot helpers shared by every chapter: one look, readable in the site's light and dark modes.

Figures keep an opaque white background (the site's dark mode would otherwise show black
axes labels on a dark page) and use a colour-blind-safe palette (Okabe and Ito's eight
colours), so colour is never the only cue a reader needs.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

__all__ = [
    "PALETTE",
    "use_style",
    "new_figure",
    "glue_figure",
    "equal_axes",
    "plot_vectors",
    "plot_unit_balls",
    "image_grid",
]

#: Okabe–Ito colour-blind-safe palette (black last, used for reference lines).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

_STYLE: dict[str, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 110,
    "savefig.dpi": 160,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
    "figure.constrained_layout.use": True,
}


def use_style() -> None:
    """Apply the book's Matplotlib style (call once at the top of a page).

    Examples
    --------
    >>> use_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["figure.facecolor"]
    'white'
    """
    import matplotlib as mpl
    from cycler import cycler

    # rcParams is typed with a Literal of every key; the style dict is keyed by plain str.
    mpl.rcParams.update(cast(Any, _STYLE))
    mpl.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)


def new_figure(
    nrows: int = 1, ncols: int = 1, width: float = 6.4, height: float = 4.0, **kwargs: Any
) -> tuple[Any, Any]:
    """A figure and its axes in the book's style (``width`` and ``height`` in inches).

    Returns ``(fig, axes)`` as ``matplotlib.pyplot.subplots`` does; pass ``squeeze=False``
    for a 2-D array of axes.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> fig.get_facecolor()[:3]
    (1.0, 1.0, 1.0)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    use_style()
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), **kwargs)
    if isinstance(axes, np.ndarray):
        for ax in axes.flat:
            ax.set_axisbelow(True)
    else:
        axes.set_axisbelow(True)
    return fig, axes


def glue_figure(name: str, fig: Any) -> None:
    """Store ``fig`` for a ``{glue:figure}`` directive and close it.

    Closing matters: a figure left open is also drawn again under the cell that made it,
    so the page would show it twice. Needs myst-nb (the book environment).
    """
    import matplotlib.pyplot as plt
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)


def equal_axes(ax: Any, limit: float | None = None, *, origin_lines: bool = True) -> Any:
    """Make one unit the same length on both axes (so circles look round and angles true).

    Parameters
    ----------
    ax
        The Matplotlib axes to adjust.
    limit : float, optional
        If given, both axes span ``[-limit, limit]``.
    origin_lines : bool, default True
        Draw thin grey lines through the origin.

    Returns
    -------
    Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = equal_axes(ax, 2.0)
    >>> tuple(map(float, ax.get_xlim())), ax.get_aspect()
    ((-2.0, 2.0), 1.0)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    ax.set_aspect("equal", adjustable="box")
    if limit is not None:
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
    if origin_lines:
        ax.axhline(0.0, color="0.6", linewidth=0.8, zorder=0)
        ax.axvline(0.0, color="0.6", linewidth=0.8, zorder=0)
    return ax


def plot_vectors(
    ax: Any,
    vectors: Any,
    *,
    origin: Any = (0.0, 0.0),
    colors: Any = None,
    labels: Any = None,
    width: float = 0.012,
    label_offset: float = 4.0,
    **kwargs: Any,
) -> Any:
    """Draw 2-D vectors as arrows from ``origin`` (true length in data units).

    Parameters
    ----------
    ax
        The Matplotlib axes to draw on.
    vectors : array_like
        One vector per row, shape ``(k, 2)`` (a single ``(2,)`` vector is accepted).
    origin : array_like, optional
        Tail(s) of the arrows, shape ``(2,)`` or ``(k, 2)``; the origin by default.
    colors : list of str, optional
        One Matplotlib colour per arrow; defaults to ``PALETTE`` in order.
    labels : list of str, optional
        Text placed just beyond each arrow's tip (mathtext such as ``"$q_1$"`` works).
    width : float, default 0.012
        Shaft width as a fraction of the axes width.
    label_offset : float, default 4.0
        Gap between an arrow's tip and its label, in points.
    **kwargs
        Passed on to ``ax.quiver``.

    Returns
    -------
    matplotlib.quiver.Quiver
        The arrows.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> arrows = plot_vectors(ax, [[1, 0], [0, 2]], labels=["$e_1$", "$2 e_2$"])
    >>> len(ax.texts)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    from dlnotes._validation import as_float_array, fail

    v = as_float_array("plot_vectors", vectors, "vectors")
    v = v.reshape(1, -1) if v.ndim == 1 else v
    if v.ndim != 2 or v.shape[1] != 2:
        fail("plot_vectors", "vectors of shape (k, 2)", tuple(np.shape(vectors)))
    tails = np.broadcast_to(as_float_array("plot_vectors", origin, "origin"), v.shape)
    if colors is None:
        colors = [PALETTE[i % len(PALETTE)] for i in range(len(v))]
    arrows = ax.quiver(
        tails[:, 0],
        tails[:, 1],
        v[:, 0],
        v[:, 1],
        angles="xy",
        scale_units="xy",
        scale=1,
        color=colors,
        width=width,
        zorder=3,
        **kwargs,
    )
    if labels is not None:
        for tail, vec, label, color in zip(tails, v, labels, colors, strict=False):
            # Place the label just past the tip, on the side the arrow points to, so that it
            # never sits on the arrow itself whatever the arrow's direction.
            length = float(np.hypot(*vec))
            dx, dy = (vec / length) if length > 0 else (0.0, 1.0)
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            ax.annotate(
                label,
                tail + vec,
                xytext=(label_offset * dx, label_offset * dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                color=color,
                fontsize=11,
            )
    # quiver does not update the data limits; include tails and tips explicitly.
    ax.update_datalim(np.concatenate([tails, tails + v]))
    ax.autoscale_view()
    return arrows


def plot_unit_balls(
    ax: Any, ps: Any = (1.0, 2.0, np.inf), *, points_per_octant: int = 64, fill: bool = False
) -> list[Any]:
    r"""Draw the boundaries :math:`\{x : \|x\|_p = 1\}` of 2-D unit balls, one line per ``p``.

    Each norm gets its own colour *and* line style, so the figure reads in grey scale too.

    Parameters
    ----------
    ax
        The Matplotlib axes to draw on (its aspect is set equal).
    ps : tuple of float, optional
        Orders of the norms, each ``>= 1``; ``(1, 2, inf)`` by default.
    points_per_octant : int, default 64
        Resolution of each curve.
    fill : bool, default False
        Shade the inside of each ball lightly.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One line per norm, labelled ``"$L^1$"``, ``"$L^2$"``, ``"$L^\infty$"`` (max norm), ...

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> [line.get_label() for line in plot_unit_balls(ax)]
    ['$L^{1}$', '$L^{2}$', '$L^\\infty$ (max)']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    from dlnotes.linalg import unit_ball_boundary

    styles = ["-", "--", ":", "-."]
    lines = []
    for i, p in enumerate(ps):
        points = unit_ball_boundary(p, points_per_octant=points_per_octant)
        if np.isinf(p):
            label = r"$L^\infty$ (max)"
        else:
            label = f"$L^{{{p:g}}}$"
        color = PALETTE[i % len(PALETTE)]
        (line,) = ax.plot(
            points[:, 0], points[:, 1], styles[i % len(styles)], color=color, label=label
        )
        if fill:
            ax.fill(points[:, 0], points[:, 1], color=color, alpha=0.08)
        lines.append(line)
    equal_axes(ax)
    return lines


def image_grid(
    images: Any,
    *,
    ncols: int = 8,
    image_shape: tuple[int, int] | None = None,
    titles: Any = None,
    cmap: str = "gray_r",
    vmin: float | None = None,
    vmax: float | None = None,
    size: float = 0.8,
) -> tuple[Any, Any]:
    """Show a batch of small images (digits, filters, principal components) in a grid.

    Parameters
    ----------
    images : array_like
        ``(k, H, W)``, ``(k, 1, H, W)`` (NCHW with one channel) or flat ``(k, H * W)`` with
        ``image_shape``.
    ncols : int, default 8
        Images per row (rows are added as needed).
    image_shape : tuple of int, optional
        ``(H, W)`` for flat input; a perfect square ``H * W`` is reshaped automatically.
    titles : list of str, optional
        One small title per image.
    cmap : str, default "gray_r"
        Colour map (ink dark on white by default; use a diverging map such as ``"RdBu_r"``
        with symmetric ``vmin``/``vmax`` for signed images such as principal components).
    vmin, vmax : float, optional
        Colour limits shared by all images (default: each image's own range).
    size : float, default 0.8
        Width of one image in inches.

    Returns
    -------
    fig, axes
        The figure and a 2-D array of axes (unused cells are hidden).

    Examples
    --------
    >>> fig, axes = image_grid(np.zeros((10, 64)), ncols=5)
    >>> axes.shape
    (2, 5)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    from dlnotes._validation import as_float_array, check_positive_int, fail

    imgs = as_float_array("image_grid", images, "images")
    ncols = check_positive_int("image_grid", "ncols", ncols)
    if imgs.ndim == 4 and imgs.shape[1] == 1:
        imgs = imgs[:, 0]
    if imgs.ndim == 2:
        side = int(round(np.sqrt(imgs.shape[1])))
        shape = image_shape or ((side, side) if side * side == imgs.shape[1] else None)
        if shape is None or shape[0] * shape[1] != imgs.shape[1]:
            fail(
                "image_grid", "flat images of size H * W with image_shape=(H, W)", tuple(imgs.shape)
            )
        imgs = imgs.reshape(-1, *shape)
    if imgs.ndim != 3 or len(imgs) == 0:
        fail(
            "image_grid",
            "images of shape (k, H, W), (k, 1, H, W) or (k, H * W)",
            tuple(np.shape(images)),
        )
    count = len(imgs)
    ncols = min(ncols, count)
    nrows = -(-count // ncols)
    height, width = imgs.shape[1:]
    title_room = 0.25 if titles is not None else 0.0
    fig, axes = new_figure(
        nrows,
        ncols,
        width=size * ncols,
        height=(size * height / width + title_room) * nrows,
        squeeze=False,
    )
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < count:
            ax.imshow(imgs[i], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8, pad=2)
    return fig, axes
