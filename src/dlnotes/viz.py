"""Plot helpers shared by every chapter: one look, readable in the site's light and dark modes.

Figures keep an opaque white background (the site's dark mode would otherwise show black
axes labels on a dark page) and use a colour-blind-safe palette (Okabe and Ito's eight
colours), so colour is never the only cue a reader needs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["PALETTE", "use_style", "new_figure", "glue_figure"]

#: Okabe–Ito colour-blind-safe palette (black last, used for reference lines).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

_STYLE = {
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

    mpl.rcParams.update(_STYLE)
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
