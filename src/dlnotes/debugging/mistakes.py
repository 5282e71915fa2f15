"""The most confident mistakes: where to look first when a model errs.

Sorting the wrongly classified examples by the model's confidence in its (wrong) answer puts
first the cases it is most sure about; these often reveal a defect in the data or the
preprocessing rather than a hard example — in the book's Street View system, crops that cut
digits off.

Goodfellow et al., §11.5 ("visualize the worst mistakes") and §11.6.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, fail

__all__ = ["most_confident_mistakes"]


def most_confident_mistakes(y_true: Any, y_pred: Any, confidence: Any, k: int) -> np.ndarray:
    """Indices of the ``k`` misclassified examples with the highest confidence, highest first.

    Parameters
    ----------
    y_true, y_pred : array_like, shape (N,)
        True and predicted labels.
    confidence : array_like, shape (N,)
        The model's confidence in ``y_pred`` (e.g. the largest softmax probability).
    k : int
        How many to return (fewer if there are fewer mistakes).

    Returns
    -------
    numpy.ndarray of int
        Indices into the inputs; ties keep the order of the inputs.

    Shape
    -----
    - y_true, y_pred, confidence: ``(N,)``; output ``(min(k, number of mistakes),)``

    Notes
    -----
    Goodfellow et al., §11.5.

    Examples
    --------
    >>> most_confident_mistakes([0, 1, 2, 3], [0, 2, 1, 3], [0.9, 0.6, 0.8, 0.7], k=5)
    array([2, 1])
    """
    k = check_positive_int("most_confident_mistakes", "k", k)
    t, p, c = np.asarray(y_true), np.asarray(y_pred), np.asarray(confidence)
    if t.ndim != 1 or p.shape != t.shape or c.shape != t.shape:
        fail(
            "most_confident_mistakes",
            "y_true, y_pred and confidence of the same shape (N,)",
            f"{t.shape}, {p.shape} and {c.shape}",
        )
    wrong = np.flatnonzero(t != p)
    order = np.argsort(-c[wrong], kind="stable")
    return wrong[order[:k]]
