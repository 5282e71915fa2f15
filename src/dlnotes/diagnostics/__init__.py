"""Training diagnostics: measurements that show why optimisation of deep models is hard.

Surrogate losses against the 0-1 loss (§8.1.2), minibatch gradient noise (§8.1.3),
activation statistics through depth for several initialisations (§8.4), a cliff that
gradient clipping tames (§8.2.4), a saddle that attracts Newton's method (§8.2.3) and
noisy SGD with Polyak averaging (§8.7.3). Chapter 11's debugging kit extends it.
"""

from dlnotes.diagnostics.gradient_noise import (
    GradientNoise,
    loglog_slope,
    minibatch_gradient_noise,
    per_example_gradients,
)
from dlnotes.diagnostics.surrogate import (
    SurrogateCurves,
    first_zero_error_epoch,
    surrogate_loss_curves,
    zero_one_loss,
)

__all__ = [
    "GradientNoise",
    "SurrogateCurves",
    "first_zero_error_epoch",
    "loglog_slope",
    "minibatch_gradient_noise",
    "per_example_gradients",
    "surrogate_loss_curves",
    "zero_one_loss",
]
