"""Probability and information theory (Goodfellow et al., chapter 3).

Distributions with ``pdf``/``logpdf``/``sample(n, rng)``, the sigmoid and softplus with their
identities, entropy and KL divergence, fitting a Gaussian by minimising either direction of the
KL divergence, the change-of-variables formula and Monte-Carlo estimates.
"""

from dlnotes.prob.change_of_variables import transformed_density
from dlnotes.prob.distributions import (
    Bernoulli,
    Categorical,
    Empirical,
    Exponential,
    Gaussian,
    GaussianMixture,
    Laplace,
    MultivariateGaussian,
)
from dlnotes.prob.functions import (
    logit,
    sigmoid,
    softplus,
    softplus_inverse,
)
from dlnotes.prob.information import (
    binary_entropy,
    cross_entropy,
    entropy,
    gaussian_entropy,
    gaussian_kl,
    kl_divergence,
    kl_divergence_on_grid,
    self_information,
)
from dlnotes.prob.kl_fit import KLFit, fit_gaussian_by_kl
from dlnotes.prob.monte_carlo import running_mean_and_variance

__all__ = [
    "Bernoulli",
    "Categorical",
    "Empirical",
    "Exponential",
    "Gaussian",
    "GaussianMixture",
    "KLFit",
    "Laplace",
    "MultivariateGaussian",
    "binary_entropy",
    "cross_entropy",
    "entropy",
    "fit_gaussian_by_kl",
    "gaussian_entropy",
    "gaussian_kl",
    "kl_divergence",
    "kl_divergence_on_grid",
    "logit",
    "running_mean_and_variance",
    "self_information",
    "sigmoid",
    "softplus",
    "softplus_inverse",
    "transformed_density",
]
