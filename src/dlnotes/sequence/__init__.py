"""Sequence modelling (Goodfellow et al., chapter 10), one concept per module.

- ``power_dynamics``: the linear recurrence :math:`\\boldsymbol h^{(t)} = \\boldsymbol W^t
  \\boldsymbol h^{(0)}` and how its norm grows or decays with the spectral radius of
  :math:`\\boldsymbol W` (§10.7).
- ``gradient_through_time``: the norm of :math:`\\partial \\boldsymbol h^{(T)} / \\partial
  \\boldsymbol h^{(T-k)}` through a tanh RNN against the lag :math:`k` (§10.7).
- ``leaky_units``: running averages with time constant :math:`-1/\\ln\\alpha` (§10.9.2).
- ``adding_task``: vanilla, LSTM and GRU layers trained on the adding problem as the
  sequence grows, against the predict-the-mean baseline (§10.7, §10.10).
- ``echo_state``: a fixed random reservoir with a chosen spectral radius and a ridge read-out
  (§10.8).
- ``free_running``: an output-recurrent (autoregressive) network trained with teacher forcing,
  then run on its own predictions (§10.2.1).
- ``recursive``: a recursive net over a balanced tree against a chain, depth and the Jacobian
  reaching each leaf (§10.6).
- ``soft_memory``: attention as a soft, differentiable read from memory slots (§10.12).
- ``autoregressive``: a linear AR(p) predictor, one-step against iterated (multi-step)
  prediction (§10.2.3).
- ``bptt_gradients``: a gradient check of BPTT over a whole sequence, and the norm of the
  gradient reaching each earlier input (§10.2.2, §10.7).

The generated series of the echo-state demonstration is :func:`dlnotes.data.make_mackey_glass`;
the character language model is :class:`dlnotes.seq2seq.CharLanguageModel`; gradient clipping
is :func:`dlnotes.nn.utils.clip_grad_norm_` and :func:`dlnotes.nn.utils.clip_grad_value_`.
"""

from dlnotes.sequence.adding_task import (
    ADDING_BASELINE_MSE,
    AddingTaskResult,
    adding_task_mse,
    adding_task_sweep,
)
from dlnotes.sequence.echo_state import EchoStateNetwork, EchoStateSweep, echo_state_sweep
from dlnotes.sequence.free_running import AutoregressiveNet, HorizonErrors, horizon_errors
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
from dlnotes.sequence.recursive import (
    LeafJacobians,
    RecursiveNet,
    Tree,
    balanced_tree,
    chain_tree,
    tree_depths,
)
from dlnotes.sequence.soft_memory import (
    SharpeningCurve,
    sharpening_curve,
    soft_read,
    soft_read_query_gradient,
)

__all__ = [
    "ADDING_BASELINE_MSE",
    "AddingTaskResult",
    "AutoregressiveNet",
    "EchoStateNetwork",
    "EchoStateSweep",
    "HorizonErrors",
    "LeafJacobians",
    "RecursiveNet",
    "SharpeningCurve",
    "Tree",
    "adding_task_mse",
    "adding_task_sweep",
    "balanced_tree",
    "chain_tree",
    "echo_state_sweep",
    "horizon_errors",
    "ARModel",
    "bptt_relative_errors",
    "fit_autoregressive",
    "input_gradient_norms",
    "iterated_forecast_rmse",
    "iterated_predictions",
    "one_step_predictions",
    "leaky_unit",
    "power_norms",
    "sharpening_curve",
    "soft_read",
    "soft_read_query_gradient",
    "spectral_radius",
    "tanh_rnn_jacobian_norms",
    "time_constant",
    "tree_depths",
    "with_spectral_radius",
]
