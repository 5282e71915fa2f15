"""Hyper-parameter search and the experiments that guide it (chapter 11).

Search spaces of named uniform, log-uniform and choice dimensions; random search and grid
search with the same budget, and the count of distinct values each tries of one
hyper-parameter; learning curves against training-set size (whether to gather more data) and
the learning-rate sweep whose error is U-shaped in the log learning rate.

Goodfellow et al., §11.3 and §11.4.
"""

from dlnotes.tuning.curves import (
    LearningCurve,
    LearningRateSweep,
    classification_error,
    learning_curve,
    learning_rate_sweep,
)
from dlnotes.tuning.search import (
    SearchResult,
    Trial,
    distinct_values,
    grid_search,
    random_search,
)
from dlnotes.tuning.space import (
    Choice,
    Dimension,
    LogUniform,
    SearchSpace,
    Uniform,
    grid_configurations,
    sample_configurations,
)

__all__ = [
    "Choice",
    "Dimension",
    "LearningCurve",
    "LearningRateSweep",
    "LogUniform",
    "SearchResult",
    "SearchSpace",
    "Trial",
    "Uniform",
    "classification_error",
    "distinct_values",
    "grid_configurations",
    "grid_search",
    "learning_curve",
    "learning_rate_sweep",
    "random_search",
    "sample_configurations",
]
