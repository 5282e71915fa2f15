r"""The Moore–Penrose pseudoinverse, computed from the singular value decomposition.

With :math:`A = U D V^\top`, the pseudoinverse is :math:`A^+ = V D^+ U^\top`, where :math:`D^+`
transposes :math:`D` and inverts its non-zero entries. :math:`x = A^+ y` is the least-squares
solution of :math:`A x = y` when :math:`A` is tall and the solution of smallest Euclidean norm
when :math:`A` is wide. Goodfellow et al., §2.9.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes.linalg.subspaces import _rank_and_svd

__all__ = ["pinv"]


def pinv(A: Any, rcond: float | None = None) -> np.ndarray:
    r"""Moore–Penrose pseudoinverse :math:`A^+ = V D^+ U^\top` from the SVD :math:`A = U D V^\top`.

    Singular values at or below ``rcond`` times the largest one are treated as exact zeros
    (their reciprocal would be round-off magnified). The default cutoff is that of
    ``numpy.linalg.pinv(A, rtol=None)`` and ``torch.linalg.pinv``; NumPy's own default is a fixed
    ``rcond=1e-15``, which keeps (and inverts) more of the tiny singular values.

    Parameters
    ----------
    A : array_like
        Any real matrix (float32 stays float32).
    rcond : float, optional
        Relative cutoff for small singular values; ``None`` uses
        :func:`~dlnotes.linalg.default_rcond`, :math:`\max(m, n)\,\epsilon`.

    Returns
    -------
    numpy.ndarray
        :math:`A^+`. For invertible ``A`` it is :math:`A^{-1}`.

    Shape
    -----
    ``A``: ``(m, n)``; output: ``(n, m)``.

    References
    ----------
    Goodfellow et al., §2.9.

    Examples
    --------
    >>> A = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    >>> pinv(A)
    array([[1. , 0. , 0. ],
           [0. , 0.5, 0. ]])
    """
    A, rank, U, s, Vt = _rank_and_svd("pinv", A, rcond)
    # Only the first `rank` singular triplets contribute: A^+ = sum_i v_i u_i^T / sigma_i.
    return (Vt[:rank].T / s[:rank]) @ U[:, :rank].T
