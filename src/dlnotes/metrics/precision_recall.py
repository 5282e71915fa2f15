r"""The precision–recall curve of a scored binary classifier and its average precision.

A classifier that outputs a score :math:`s_i` detects example :math:`i` when
:math:`s_i \ge \tau`. Sweeping the threshold :math:`\tau` over the distinct scores trades
precision for recall; the curve of all the pairs is the PR curve, and the
**average precision** summarises it as the step-wise area

.. math:: \mathrm{AP} = \sum_n (r_n - r_{n-1})\, p_n,

the precision at each threshold weighted by the recall gained there. The conventions are those
of ``sklearn.metrics.precision_recall_curve`` and ``average_precision_score``: thresholds are
the distinct scores in increasing order (tied scores form one threshold), the curve ends with
the point :math:`(r, p) = (0, 1)`, and with no positive in ``y_true`` recall is set to 1 at
every threshold (scikit-learn warns; here there is no warning), which makes AP 0.

Goodfellow et al., §11.1.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes.metrics._labels import binary_labels, scores_like

__all__ = ["PRCurve", "precision_recall_curve", "average_precision_score"]


class PRCurve(NamedTuple):
    """``precision, recall, thresholds = precision_recall_curve(...)``.

    ``precision[k]`` and ``recall[k]`` belong to the rule "positive when score >=
    thresholds[k]"; the last entries (1 and 0) have no threshold.
    """

    precision: np.ndarray
    recall: np.ndarray
    thresholds: np.ndarray


def precision_recall_curve(y_true: Any, y_score: Any) -> PRCurve:
    """Precision and recall at every distinct score used as a threshold.

    Parameters
    ----------
    y_true : array_like of 0/1 or bool, shape (N,)
        True labels, 1 the positive class.
    y_score : array_like, shape (N,)
        Scores; higher means more confident of the positive class.

    Returns
    -------
    PRCurve
        ``precision`` and ``recall`` of shape ``(T + 1,)`` and ``thresholds`` of shape
        ``(T,)``, ``T`` the number of distinct scores, thresholds increasing.

    Shape
    -----
    - y_true, y_score: ``(N,)``; outputs ``(T + 1,)``, ``(T + 1,)``, ``(T,)``

    Notes
    -----
    Goodfellow et al., §11.1. Matches ``sklearn.metrics.precision_recall_curve`` with its
    default ``drop_intermediate=False``.

    Examples
    --------
    >>> curve = precision_recall_curve([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.35])
    >>> curve.thresholds
    array([0.1 , 0.35, 0.4 , 0.8 ])
    >>> curve.precision.round(3)
    array([0.5  , 0.667, 1.   , 1.   , 1.   ])
    """
    t = binary_labels("precision_recall_curve", y_true)
    s = scores_like("precision_recall_curve", y_score, t)
    order = np.argsort(-s, kind="mergesort")
    s_sorted, t_sorted = s[order], t[order]
    # the last index of each run of equal scores: a tie is one threshold, not several
    last = np.r_[np.flatnonzero(np.diff(s_sorted)), s.size - 1]
    tps = np.cumsum(t_sorted)[last].astype(np.float64)
    fps = (last + 1) - tps
    precision = tps / (tps + fps)  # tps + fps = detections >= 1 at every threshold
    positives = tps[-1]
    recall = tps / positives if positives > 0 else np.ones_like(tps)
    # reversed so the thresholds increase, then the closing point (r, p) = (0, 1)
    return PRCurve(
        np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], s_sorted[last][::-1].copy()
    )


def average_precision_score(y_true: Any, y_score: Any) -> float:
    r"""Average precision :math:`\sum_n (r_n - r_{n-1}) p_n` over the PR curve's thresholds.

    Not the trapezoidal area: the step form does not interpolate between operating points,
    which would be optimistic (Davis and Goadrich's point).

    Parameters
    ----------
    y_true : array_like of 0/1 or bool, shape (N,)
    y_score : array_like, shape (N,)

    Returns
    -------
    float
        In [0, 1]; 0 when ``y_true`` has no positive (as scikit-learn).

    Shape
    -----
    - y_true, y_score: ``(N,)``

    Notes
    -----
    Goodfellow et al., §11.1; ``sklearn.metrics.average_precision_score``.

    Examples
    --------
    >>> average_precision_score([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.35])
    1.0
    """
    precision, recall, _ = precision_recall_curve(y_true, y_score)
    # recall decreases along the arrays, hence the minus sign
    return float(-np.sum(np.diff(recall) * precision[:-1]))
