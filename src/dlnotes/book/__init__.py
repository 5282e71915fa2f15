"""Support code for the book's pages: figures, glue helpers, naive foils and demos.

Nothing in the library proper imports this package (an import contract in the test suite
checks it); the pages and the from-scratch chapters do.
"""

from dlnotes.book.figures import (
    PALETTE,
    equal_axes,
    glue_figure,
    image_grid,
    new_figure,
    plot_unit_balls,
    plot_vectors,
    use_style,
)

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
