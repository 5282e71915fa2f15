"""Deep feedforward networks: the mathematics of Goodfellow et al., chapter 6.

- :mod:`~dlnotes.feedforward.xor` — the §6.1 XOR network, the least-squares linear model,
  an MLP trained on XOR;
- :mod:`~dlnotes.feedforward.separability` — linear separability by a linear program;
- :mod:`~dlnotes.feedforward.saturation` — logit gradients of sigmoid and softmax outputs under
  squared error versus cross-entropy (§6.2.2.2, §6.2.2.3);
- :mod:`~dlnotes.feedforward.mixture_density` and
  :mod:`~dlnotes.feedforward.mixture_density_network` — mixture-density outputs (§6.2.2.4);
- :mod:`~dlnotes.feedforward.folding` — the tent-map construction of §6.4.1 and shallow fits;
- :mod:`~dlnotes.feedforward.backprop` — the §6.5.7 MLP gradient by hand and by autograd, and
  the cost of a Jacobian chain in reverse and forward mode (§6.5.9).
"""

from dlnotes.feedforward.backprop import (
    ChainProduct,
    MLPGradients,
    jacobian_chain_product,
    mlp_example_autograd,
    mlp_example_cost,
    mlp_example_manual,
)
from dlnotes.feedforward.folding import (
    count_linear_pieces,
    fit_shallow_relu,
    parameter_count,
    sawtooth,
    tent_network,
)
from dlnotes.feedforward.mixture_density import (
    MixtureDensityCache,
    MixtureDensityLoss,
    mixture_density_nll,
    mixture_density_nll_backward,
    mixture_density_nll_forward,
    mixture_parameters,
    split_mixture_outputs,
)
from dlnotes.feedforward.mixture_density_network import (
    MixtureDensityFit,
    mixture_density_mlp,
    train_mixture_density,
)
from dlnotes.feedforward.saturation import (
    logit_descent,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_grad,
    sigmoid_squared_error,
    sigmoid_squared_error_grad,
    softmax_cross_entropy_grad,
    softmax_squared_error_grad,
)
from dlnotes.feedforward.separability import linearly_separable
from dlnotes.feedforward.xor import (
    LinearFit,
    XorNetwork,
    XorTraining,
    least_squares_linear_fit,
    train_xor_mlp,
    xor_forward,
    xor_relu_network,
    xor_success_rate,
)

__all__ = [
    "ChainProduct",
    "LinearFit",
    "MLPGradients",
    "MixtureDensityCache",
    "MixtureDensityFit",
    "MixtureDensityLoss",
    "XorNetwork",
    "XorTraining",
    "count_linear_pieces",
    "fit_shallow_relu",
    "jacobian_chain_product",
    "least_squares_linear_fit",
    "linearly_separable",
    "logit_descent",
    "mixture_density_mlp",
    "mlp_example_autograd",
    "mlp_example_cost",
    "mlp_example_manual",
    "mixture_density_nll",
    "mixture_density_nll_backward",
    "mixture_density_nll_forward",
    "mixture_parameters",
    "parameter_count",
    "sawtooth",
    "sigmoid_cross_entropy",
    "sigmoid_cross_entropy_grad",
    "sigmoid_squared_error",
    "sigmoid_squared_error_grad",
    "softmax_cross_entropy_grad",
    "softmax_squared_error_grad",
    "split_mixture_outputs",
    "tent_network",
    "train_mixture_density",
    "train_xor_mlp",
    "xor_forward",
    "xor_relu_network",
    "xor_success_rate",
]
