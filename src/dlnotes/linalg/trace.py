r"""The trace operator and the identities that make it useful in derivations.

:math:`\operatorname{Tr}(A) = \sum_i A_{i,i}`. It is invariant under transposition and under
cyclic permutation of a product, :math:`\operatorname{Tr}(ABC) = \operatorname{Tr}(CAB) =
\operatorname{Tr}(BCA)`, even when the permuted products have different sizes, and it writes
the Frobenius norm without a sum: :math:`\|A\|_F = \sqrt{\operatorname{Tr}(A A^\top)}`.
Goodfellow et al., §2.10.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import fail
from dlnotes.linalg._checks import as_matrix, as_square
from dlnotes.linalg.norms import frobenius_norm

__all__ = ["trace", "trace_identities"]


def trace(A: Any) -> float:
    r"""The trace :math:`\operatorname{Tr}(A) = \sum_i A_{i,i}` of a square matrix.

    Parameters
    ----------
    A : array_like
        A square matrix.

    Returns
    -------
    float
        The sum of the diagonal entries (also the sum of the eigenvalues).

    Shape
    -----
    ``A``: ``(n, n)``.

    References
    ----------
    Goodfellow et al., §2.10.

    Examples
    --------
    >>> trace(np.array([[1.0, 2.0], [3.0, 4.0]]))
    5.0
    """
    A = as_square("trace", A)
    return float(np.sum(np.diagonal(A)))


def trace_identities(A: Any, B: Any, C: Any) -> dict[str, tuple[float, float]]:
    r"""Both sides of the trace identities of §2.10, evaluated on concrete matrices.

    For :math:`A \in \mathbb{R}^{m \times n}`, :math:`B \in \mathbb{R}^{n \times p}`,
    :math:`C \in \mathbb{R}^{p \times m}` the products :math:`ABC` (:math:`m \times m`),
    :math:`CAB` (:math:`p \times p`) and :math:`BCA` (:math:`n \times n`) have different
    sizes but the same trace. Each side is computed independently, so agreement is a check,
    not a tautology.

    Parameters
    ----------
    A, B, C : array_like
        Matrices whose product :math:`ABC` is defined and square.

    Returns
    -------
    dict of str to (float, float)
        ``"Tr(ABC) = Tr(CAB)"``, ``"Tr(ABC) = Tr(BCA)"``, ``"Tr(ABC) = Tr((ABC)^T)"``,
        ``"||A||_F = sqrt(Tr(A A^T))"`` and ``"Tr(ABC) = sum of eigenvalues"``, each mapped to
        (left side, right side).

    Shape
    -----
    ``A``: ``(m, n)``, ``B``: ``(n, p)``, ``C``: ``(p, m)``.

    References
    ----------
    Goodfellow et al., §2.10.

    Examples
    --------
    >>> A, B, C = np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 2))
    >>> trace_identities(A, B, C)["Tr(ABC) = Tr(CAB)"]
    (24.0, 24.0)
    """
    A = as_matrix("trace_identities", A, "A")
    B = as_matrix("trace_identities", B, "B")
    C = as_matrix("trace_identities", C, "C")
    if A.shape[1] != B.shape[0] or B.shape[1] != C.shape[0] or C.shape[1] != A.shape[0]:
        fail(
            "trace_identities", "shapes (m, n), (n, p), (p, m)", f"{A.shape}, {B.shape}, {C.shape}"
        )
    ABC = A @ B @ C
    eigenvalues = np.linalg.eigvals(ABC)  # complex in general; the imaginary parts cancel
    return {
        "Tr(ABC) = Tr(CAB)": (trace(ABC), trace(C @ A @ B)),
        "Tr(ABC) = Tr(BCA)": (trace(ABC), trace(B @ C @ A)),
        "Tr(ABC) = Tr((ABC)^T)": (trace(ABC), trace(ABC.T)),
        "||A||_F = sqrt(Tr(A A^T))": (float(frobenius_norm(A)), float(np.sqrt(trace(A @ A.T)))),
        "Tr(ABC) = sum of eigenvalues": (trace(ABC), float(np.sum(eigenvalues).real)),
    }
