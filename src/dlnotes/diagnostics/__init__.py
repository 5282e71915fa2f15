"""Training diagnostics: measurements that show why optimising deep models is hard.

Surrogate losses against the 0-1 loss (§8.1.2), minibatch gradient noise (§8.1.3),
activation statistics through depth for several initialisations (§8.4), a deep tanh network
with and without batch normalisation (§8.7.1) and noisy SGD with Polyak averaging (§8.7.3).
The landscapes of §8.2 (a saddle, a cliff) live in :mod:`dlnotes.numerics`.
"""

from dlnotes.diagnostics.activations import ActivationStatistics, activation_statistics
from dlnotes.diagnostics.batch_norm import batch_norm_comparison, deep_tanh_mlp
from dlnotes.diagnostics.gradient_noise import (
    GradientNoise,
    loglog_slope,
    minibatch_gradient_noise,
    per_example_gradients,
)
from dlnotes.diagnostics.noisy_sgd import NoisySGDRun, noisy_sgd_with_averaging
from dlnotes.diagnostics.surrogate import (
    SurrogateCurves,
    first_zero_error_epoch,
    surrogate_loss_curves,
    zero_one_loss,
)

__all__ = [
    "ActivationStatistics",
    "GradientNoise",
    "NoisySGDRun",
    "SurrogateCurves",
    "activation_statistics",
    "batch_norm_comparison",
    "deep_tanh_mlp",
    "first_zero_error_epoch",
    "loglog_slope",
    "minibatch_gradient_noise",
    "noisy_sgd_with_averaging",
    "per_example_gradients",
    "surrogate_loss_curves",
    "zero_one_loss",
]
