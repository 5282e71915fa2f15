"""Generative models built over :mod:`dlnotes.nn` (Goodfellow et al., chapters 14 and 20).

One concept per module. Autoencoders (chapter S11, Goodfellow et al., chapter 14):

* :mod:`~dlnotes.generative.autoencoder` — the encoder/decoder pair ``Autoencoder``, the
  training objective with code penalties and the training loop (§14.1);
* :mod:`~dlnotes.generative.linear_autoencoder` — a linear autoencoder's subspaces against
  PCA's, by principal angles (§14.1, §2.12);
* :mod:`~dlnotes.generative.denoising` — masking and Gaussian corruption (§14.2.2, §14.5);
* :mod:`~dlnotes.generative.sparsity` — L1 and KL sparsity penalties on the code (§14.2.1);
* :mod:`~dlnotes.generative.contractive` — the contractive penalty of a sigmoid encoder
  (§14.2.3, §14.7).
"""

from dlnotes.generative.autoencoder import (
    Autoencoder,
    AutoencoderObjective,
    CodePenalty,
    dense_autoencoder,
    reconstruction_error,
    train_autoencoder,
)
from dlnotes.generative.contractive import (
    ContractivePenalty,
    encoder_jacobian,
    mean_jacobian_norm,
)
from dlnotes.generative.denoising import AdditiveGaussianNoise, MaskingNoise
from dlnotes.generative.linear_autoencoder import PCAComparison, compare_with_pca, principal_angles
from dlnotes.generative.sparsity import KLSparsityPenalty, L1CodePenalty, bernoulli_kl

__all__ = [
    "AdditiveGaussianNoise",
    "Autoencoder",
    "AutoencoderObjective",
    "CodePenalty",
    "ContractivePenalty",
    "KLSparsityPenalty",
    "L1CodePenalty",
    "MaskingNoise",
    "PCAComparison",
    "bernoulli_kl",
    "compare_with_pca",
    "dense_autoencoder",
    "encoder_jacobian",
    "mean_jacobian_norm",
    "principal_angles",
    "reconstruction_error",
    "train_autoencoder",
]
