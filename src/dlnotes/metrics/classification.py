r"""Precision, recall and the F-score of a binary classifier.

With :math:`TP`, :math:`FP` and :math:`FN` the counts of true positives, false positives and
false negatives, precision is :math:`p = TP/(TP + FP)` (the fraction of detections that are
right), recall :math:`r = TP/(TP + FN)` (the fraction of true events detected) and the F-score
their harmonic mean :math:`F = 2pr/(p + r) = 2TP/(2TP + FP + FN)`.

Zero division follows ``sklearn.metrics``: when a denominator is zero (no predicted positives
for precision, no true positives in the data for recall, neither for F) the value is
``zero_division`` (default 0.0). scikit-learn's default, ``zero_division="warn"``, also returns
0.0 but warns; here there is no warning.

Goodfellow et al., §11.1.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_range, fail
from dlnotes.metrics._labels import binary_labels

__all__ = ["BinaryCounts", "binary_counts", "precision_score", "recall_score", "f1_score"]


class BinaryCounts(NamedTuple):
    """The four cells of a binary confusion matrix."""

    tp: int
    fp: int
    fn: int
    tn: int


def binary_counts(y_true: Any, y_pred: Any) -> BinaryCounts:
    """Count true/false positives and negatives of predictions ``y_pred`` against ``y_true``.

    Parameters
    ----------
    y_true, y_pred : array_like of 0/1 or bool, shape (N,)
        True and predicted labels; 1 is the positive class.

    Returns
    -------
    BinaryCounts
        ``(tp, fp, fn, tn)``.

    Shape
    -----
    - y_true, y_pred: ``(N,)``

    Notes
    -----
    Goodfellow et al., §11.1.

    Examples
    --------
    >>> binary_counts([1, 1, 0, 0], [1, 0, 1, 0])
    BinaryCounts(tp=1, fp=1, fn=1, tn=1)
    """
    t = binary_labels("binary_counts", y_true)
    p = binary_labels("binary_counts", y_pred, "y_pred")
    if p.shape != t.shape:
        fail("binary_counts", f"y_pred of shape {t.shape}", p.shape)
    return BinaryCounts(
        int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    )


def _ratio(owner: str, num: int, den: int, zero_division: float) -> float:
    zero_division = check_range(owner, "zero_division", zero_division, 0.0, 1.0)
    return float(num / den) if den > 0 else zero_division


def precision_score(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> float:
    r"""Precision :math:`TP / (TP + FP)` of binary predictions.

    Parameters
    ----------
    y_true, y_pred : array_like of 0/1 or bool, shape (N,)
    zero_division : float in [0, 1], default 0.0
        Returned when nothing is predicted positive (as ``sklearn.metrics.precision_score``).

    Returns
    -------
    float

    Shape
    -----
    - y_true, y_pred: ``(N,)``

    Notes
    -----
    Goodfellow et al., §11.1.

    Examples
    --------
    >>> precision_score([1, 1, 0, 0], [1, 1, 1, 0])
    0.6666666666666666
    """
    c = binary_counts(y_true, y_pred)
    return _ratio("precision_score", c.tp, c.tp + c.fp, zero_division)


def recall_score(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> float:
    r"""Recall :math:`TP / (TP + FN)` of binary predictions.

    Parameters
    ----------
    y_true, y_pred : array_like of 0/1 or bool, shape (N,)
    zero_division : float in [0, 1], default 0.0
        Returned when ``y_true`` has no positive (as ``sklearn.metrics.recall_score``).

    Returns
    -------
    float

    Shape
    -----
    - y_true, y_pred: ``(N,)``

    Notes
    -----
    Goodfellow et al., §11.1.

    Examples
    --------
    >>> recall_score([1, 1, 0, 0], [1, 0, 0, 0])
    0.5
    """
    c = binary_counts(y_true, y_pred)
    return _ratio("recall_score", c.tp, c.tp + c.fn, zero_division)


def f1_score(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> float:
    r"""F-score :math:`2pr/(p + r) = 2TP/(2TP + FP + FN)` of binary predictions.

    The count form is used, as in scikit-learn (since 1.3), so the score is defined whenever
    anything is positive in ``y_true`` or ``y_pred``, even when one of :math:`p`, :math:`r` is
    a zero division.

    Parameters
    ----------
    y_true, y_pred : array_like of 0/1 or bool, shape (N,)
    zero_division : float in [0, 1], default 0.0
        Returned when both ``y_true`` and ``y_pred`` are all negative.

    Returns
    -------
    float

    Shape
    -----
    - y_true, y_pred: ``(N,)``

    Notes
    -----
    Goodfellow et al., §11.1.

    Examples
    --------
    >>> f1_score([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    c = binary_counts(y_true, y_pred)
    return _ratio("f1_score", 2 * c.tp, 2 * c.tp + c.fp + c.fn, zero_division)
