"""Linear factor models (Goodfellow et al., chapter 13), one concept per module.

- ``linear_gaussian``: the model :math:`x = W h + b + \\varepsilon` with Gaussian factors and
  noise — covariance, likelihood, posterior, ancestral sampling.
- ``ppca``: probabilistic PCA in closed form (Tipping and Bishop) and by EM; the σ → 0 limit.
- ``factor_analysis``: factor analysis by EM, one noise variance per feature.
- ``whitening``: PCA whitening.
- ``ica``: FastICA from scratch and its non-Gaussianity contrast.
- ``matching``: comparing recovered and true components up to order, sign and scale.
- ``slow_features``: linear slow feature analysis as a generalised eigenproblem.
- ``sparse_coding``: soft thresholding, ISTA/FISTA, the sparsity–error trade-off.
- ``dictionary_learning``: learning the sparse-coding dictionary.
- ``manifold``: PCA as a linear manifold; error = sum of the discarded eigenvalues.
"""

from dlnotes.linear_factors.dictionary_learning import DictionaryLearning
from dlnotes.linear_factors.factor_analysis import FactorAnalysis
from dlnotes.linear_factors.ica import FastICA, negentropy_contrast, unmix_images
from dlnotes.linear_factors.linear_gaussian import LinearFactorModel
from dlnotes.linear_factors.manifold import ManifoldErrors, linear_manifold_errors
from dlnotes.linear_factors.matching import (
    ComponentMatch,
    abs_correlation_matrix,
    match_components,
)
from dlnotes.linear_factors.ppca import PPCA
from dlnotes.linear_factors.slow_features import LinearSFA, slowness
from dlnotes.linear_factors.sparse_coding import (
    ISTAResult,
    SparsityTradeoff,
    ista,
    sparse_coding_objective,
    sparsity_tradeoff,
)
from dlnotes.linear_factors.whitening import Whitening, whiten

__all__ = [
    "ComponentMatch",
    "DictionaryLearning",
    "FactorAnalysis",
    "FastICA",
    "ISTAResult",
    "LinearFactorModel",
    "LinearSFA",
    "ManifoldErrors",
    "PPCA",
    "SparsityTradeoff",
    "Whitening",
    "abs_correlation_matrix",
    "ista",
    "linear_manifold_errors",
    "match_components",
    "negentropy_contrast",
    "slowness",
    "sparse_coding_objective",
    "sparsity_tradeoff",
    "unmix_images",
    "whiten",
]
