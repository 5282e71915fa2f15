"""Applications of deep learning (Goodfellow et al., chapter 12), one concept per module.

- ``contrast``: global and local contrast normalisation of images (§12.2.1.1).
- ``vocabulary``: token ids shared by the language models (§12.4).
- ``ngram``: count-based n-gram language models, additive and interpolated smoothing,
  perplexity (§12.4.1).
- ``neural_lm``: a neural language model with word embeddings over a fixed window (§12.4.2).
- ``hierarchical_softmax``: a balanced binary tree of binary decisions over the vocabulary
  (§12.4.3.2).
- ``importance_sampling``: the importance-sampled softmax gradient (§12.4.3.3).
- ``collaborative_filtering``: biased matrix factorisation by alternating least squares
  (§12.5.1).
- ``distillation``: knowledge distillation into a smaller network (§12.1.4).
- ``bandits``: ε-greedy and UCB1, exploration against exploitation (§12.5.1.1).
"""

from dlnotes.applications.bandits import BanditRun, epsilon_greedy, ucb1, ucb1_regret_bound
from dlnotes.applications.collaborative_filtering import MatrixFactorization, rmse
from dlnotes.applications.contrast import global_contrast_normalize, local_contrast_normalize
from dlnotes.applications.distillation import (
    DistillationLoss,
    distillation_targets,
    relu_mlp,
    softmax_with_temperature,
)
from dlnotes.applications.hierarchical_softmax import HierarchicalSoftmax, full_softmax_log_prob
from dlnotes.applications.importance_sampling import (
    exact_softmax_gradient,
    importance_sampled_gradient,
    unigram_proposal,
)
from dlnotes.applications.neural_lm import NeuralLM, context_windows, train_neural_lm
from dlnotes.applications.ngram import NGramLM, perplexity, smoothing_grid
from dlnotes.applications.vocabulary import UNK, Vocabulary

__all__ = [
    "BanditRun",
    "DistillationLoss",
    "HierarchicalSoftmax",
    "MatrixFactorization",
    "NGramLM",
    "NeuralLM",
    "UNK",
    "Vocabulary",
    "context_windows",
    "distillation_targets",
    "epsilon_greedy",
    "exact_softmax_gradient",
    "full_softmax_log_prob",
    "global_contrast_normalize",
    "importance_sampled_gradient",
    "local_contrast_normalize",
    "perplexity",
    "relu_mlp",
    "rmse",
    "smoothing_grid",
    "softmax_with_temperature",
    "ucb1",
    "train_neural_lm",
    "ucb1_regret_bound",
    "unigram_proposal",
]
