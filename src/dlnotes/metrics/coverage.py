r"""Coverage: the accuracy a system reaches when it may refuse to answer.

A classifier that reports a confidence :math:`c_i` with each prediction can answer only when
:math:`c_i \ge \tau` and hand the other cases to a person. The **coverage** is the fraction of
examples it answers, :math:`\kappa(\tau) = \frac1N\sum_i [c_i \ge \tau]`, and its accuracy on
those is :math:`a(\tau)`. Raising :math:`\tau` trades coverage for accuracy (when confidence
ranks errors last, which a calibrated model does on average, not always); a required accuracy
fixes the smallest usable threshold, and the coverage there is the figure of merit. The book's
Street View transcription system had to reach 98 % accuracy and then maximise coverage.

Goodfellow et al., §11.1 and §11.6.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import check_range, fail
from dlnotes.metrics._labels import scores_like

__all__ = ["CoverageCurve", "coverage_curve", "coverage_at_accuracy"]


class CoverageCurve(NamedTuple):
    """``coverage, accuracy, thresholds``, one entry per distinct confidence (decreasing).

    Entry ``k`` belongs to the rule "answer when confidence >= thresholds[k]".
    """

    coverage: np.ndarray
    accuracy: np.ndarray
    thresholds: np.ndarray


def _correct(owner: str, y_true: Any, y_pred: Any) -> np.ndarray:
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if t.ndim != 1 or t.size == 0:
        fail(owner, "y_true as a non-empty 1-D array", t.shape)
    if p.shape != t.shape:
        fail(owner, f"y_pred of shape {t.shape}", p.shape)
    return t == p


def coverage_curve(y_true: Any, y_pred: Any, confidence: Any) -> CoverageCurve:
    """Coverage and accuracy of "answer only when confident" at every distinct confidence.

    Parameters
    ----------
    y_true, y_pred : array_like, shape (N,)
        True and predicted labels (any number of classes).
    confidence : array_like, shape (N,)
        Confidence of each prediction, e.g. the largest softmax probability.

    Returns
    -------
    CoverageCurve
        Arrays of shape ``(T,)``, ``T`` the number of distinct confidences; coverage increases
        to 1 and the last accuracy is the plain accuracy.

    Shape
    -----
    - y_true, y_pred, confidence: ``(N,)``; outputs ``(T,)``

    Notes
    -----
    Goodfellow et al., §11.1. Tied confidences are answered or refused together.

    Examples
    --------
    >>> curve = coverage_curve([0, 1, 2, 2], [0, 1, 1, 2], [0.9, 0.8, 0.5, 0.7])
    >>> curve.coverage, curve.accuracy
    (array([0.25, 0.5 , 0.75, 1.  ]), array([1.  , 1.  , 1.  , 0.75]))
    """
    correct = _correct("coverage_curve", y_true, y_pred)
    c = scores_like("coverage_curve", confidence, correct, "confidence")
    order = np.argsort(-c, kind="mergesort")
    c_sorted = c[order]
    last = np.r_[np.flatnonzero(np.diff(c_sorted)), c.size - 1]  # one entry per tie group
    answered = last + 1
    hits = np.cumsum(correct[order])[last]
    return CoverageCurve(answered / c.size, hits / answered, c_sorted[last])


def coverage_at_accuracy(y_true: Any, y_pred: Any, confidence: Any, target: float) -> float:
    """Largest coverage whose accuracy on the answered examples is at least ``target``.

    Parameters
    ----------
    y_true, y_pred, confidence : array_like, shape (N,)
        As in :func:`coverage_curve`.
    target : float in [0, 1]
        Required accuracy.

    Returns
    -------
    float
        Coverage in [0, 1]; 0 when no threshold reaches ``target``.

    Shape
    -----
    - y_true, y_pred, confidence: ``(N,)``

    Notes
    -----
    Goodfellow et al., §11.1 and §11.6 (98 % accuracy for Street View transcription).

    Examples
    --------
    >>> coverage_at_accuracy([0, 1, 2, 2], [0, 1, 1, 2], [0.9, 0.8, 0.5, 0.7], 0.9)
    0.75
    """
    target = check_range("coverage_at_accuracy", "target", target, 0.0, 1.0)
    curve = coverage_curve(y_true, y_pred, confidence)
    ok = curve.accuracy >= target
    return float(curve.coverage[ok].max()) if ok.any() else 0.0
