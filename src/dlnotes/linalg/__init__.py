"""Linear algebra for deep learning (Goodfellow et al., chapter 2), one concept per module.

- ``norms``: :math:`L^p`, max and Frobenius norms; unit-ball boundaries.
- ``eigen``: symmetric eigendecomposition, principal axes, definiteness.
- ``subspaces``: rank and null space from the SVD.
- ``pseudoinverse``: the Moore–Penrose pseudoinverse.
- ``trace``: the trace and its identities.
- ``determinant``: the determinant as signed area.
- ``pca``: principal components analysis as an encoder/decoder.
"""

from dlnotes.linalg.determinant import polygon_signed_area, unit_square_image
from dlnotes.linalg.eigen import (
    definiteness,
    principal_axes,
    symmetric_eigendecomposition,
    unit_circle_image,
)
from dlnotes.linalg.norms import frobenius_norm, lp_norm, max_norm, unit_ball_boundary
from dlnotes.linalg.pca import PCA, pca_reconstruction_errors
from dlnotes.linalg.pseudoinverse import pinv
from dlnotes.linalg.subspaces import default_rcond, matrix_rank, null_space
from dlnotes.linalg.trace import trace, trace_identities

__all__ = [
    "PCA",
    "default_rcond",
    "definiteness",
    "frobenius_norm",
    "lp_norm",
    "matrix_rank",
    "max_norm",
    "null_space",
    "pca_reconstruction_errors",
    "pinv",
    "polygon_signed_area",
    "principal_axes",
    "symmetric_eigendecomposition",
    "trace",
    "trace_identities",
    "unit_ball_boundary",
    "unit_circle_image",
    "unit_square_image",
]
