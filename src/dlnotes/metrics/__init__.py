"""Performance metrics of chapter 11: what to measure before deciding what to improve.

Precision, recall and the F-score of a binary detector, the precision–recall curve and its
average precision (conventions of ``sklearn.metrics``, checked against it in the tests), and
coverage, the fraction of examples a system answers when it may refuse the uncertain ones.

Goodfellow et al., §11.1.
"""

from dlnotes.metrics.classification import (
    BinaryCounts,
    binary_counts,
    f1_score,
    precision_score,
    recall_score,
)
from dlnotes.metrics.coverage import CoverageCurve, coverage_at_accuracy, coverage_curve
from dlnotes.metrics.precision_recall import (
    PRCurve,
    average_precision_score,
    precision_recall_curve,
)

__all__ = [
    "BinaryCounts",
    "CoverageCurve",
    "PRCurve",
    "average_precision_score",
    "binary_counts",
    "coverage_at_accuracy",
    "coverage_curve",
    "f1_score",
    "precision_recall_curve",
    "precision_score",
    "recall_score",
]
