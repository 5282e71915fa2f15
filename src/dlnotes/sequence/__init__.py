"""Sequence modelling (Goodfellow et al., chapter 10), one concept per module.

- ``power_dynamics``: the linear recurrence :math:`\\boldsymbol h^{(t)} = \\boldsymbol W^t
  \\boldsymbol h^{(0)}` and how its norm grows or decays with the spectral radius of
  :math:`\\boldsymbol W` (§10.7).
- ``gradient_through_time``: the norm of :math:`\\partial \\boldsymbol h^{(T)} / \\partial
  \\boldsymbol h^{(T-k)}` through a tanh RNN against the lag :math:`k` (§10.7).
- ``autoregressive``: a linear AR(p) predictor, one-step against iterated (multi-step)
  prediction (§10.2.3).
- ``bptt_gradients``: a gradient check of BPTT over a whole sequence, and the norm of the
  gradient reaching each earlier input (§10.2.2, §10.7).
- ``leaky_units``: running averages with time constant :math:`-1/\\ln\\alpha` (§10.9.1).
"""

from dlnotes.sequence.autoregressive import (
    ARModel,
    fit_autoregressive,
    iterated_forecast_rmse,
    iterated_predictions,
    one_step_predictions,
)
from dlnotes.sequence.bptt_gradients import bptt_relative_errors, input_gradient_norms
from dlnotes.sequence.gradient_through_time import tanh_rnn_jacobian_norms
from dlnotes.sequence.leaky_units import leaky_unit, time_constant
from dlnotes.sequence.power_dynamics import power_norms, spectral_radius, with_spectral_radius

__all__ = [
    "ARModel",
    "bptt_relative_errors",
    "fit_autoregressive",
    "input_gradient_norms",
    "iterated_forecast_rmse",
    "iterated_predictions",
    "one_step_predictions",
    "leaky_unit",
    "power_norms",
    "spectral_radius",
    "tanh_rnn_jacobian_norms",
    "time_constant",
    "with_spectral_radius",
]
