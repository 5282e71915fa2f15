"""Machine learning basics (Goodfellow et al., chapter 5).

Polynomial regression with and without weight decay, capacity and learning curves, k-fold
cross-validation, estimator bias and variance, Bayesian linear regression, a kernel SVM,
k-nearest neighbours and decision trees, k-means, and the concentration of distances in high
dimension. PCA
lives in :mod:`dlnotes.linalg`.

The closed-form least-squares and ridge solutions live here
(:mod:`~dlnotes.ml.linear_regression`) and nowhere else; :mod:`dlnotes.numerics` calls them
for the constrained least squares of chapter 4. Synthetic data sets come from
:mod:`dlnotes.data`.
"""

from dlnotes.ml.bayesian_regression import BayesianLinearRegression
from dlnotes.ml.dimensionality import DistanceStats, pairwise_distance_stats
from dlnotes.ml.estimators import (
    BiasVariance,
    EstimatorStats,
    bias_variance_decomposition,
    estimator_statistics,
    variance_mle,
    variance_unbiased,
)
from dlnotes.ml.kernel_machines import KernelSVM, rbf_kernel
from dlnotes.ml.kmeans import KMeansResult, kmeans, kmeans_plus_plus_init
from dlnotes.ml.linear_regression import fit_least_squares, fit_ridge, mean_squared_error
from dlnotes.ml.model_selection import (
    capacity_curve,
    cross_validate,
    fit_polynomial,
    kfold_indices,
    learning_curve,
    predict_polynomial,
    weight_decay_curve,
)
from dlnotes.ml.nonparametric import DecisionTreeClassifier, KNeighborsClassifier
from dlnotes.ml.polynomial import polynomial_features

__all__ = [
    "BayesianLinearRegression",
    "BiasVariance",
    "DecisionTreeClassifier",
    "DistanceStats",
    "EstimatorStats",
    "KMeansResult",
    "KNeighborsClassifier",
    "KernelSVM",
    "bias_variance_decomposition",
    "capacity_curve",
    "cross_validate",
    "estimator_statistics",
    "fit_least_squares",
    "fit_polynomial",
    "fit_ridge",
    "kfold_indices",
    "kmeans",
    "kmeans_plus_plus_init",
    "learning_curve",
    "mean_squared_error",
    "pairwise_distance_stats",
    "polynomial_features",
    "predict_polynomial",
    "rbf_kernel",
    "variance_mle",
    "variance_unbiased",
    "weight_decay_curve",
]
