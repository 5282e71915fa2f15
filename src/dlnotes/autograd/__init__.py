"""Reverse-mode automatic differentiation: the back-propagation of Goodfellow et al., §6.5.

- :class:`Tensor` — arrays that record the computational graph (§6.5.1);
- :class:`Function` / :class:`Context` — one node with its local derivative (§6.5.2), the API
  for new differentiable operations (see :mod:`dlnotes.autograd.function`);
- :mod:`~dlnotes.autograd.backprop` — the iterative reverse pass (§6.5.6);
- :func:`no_grad` / :func:`is_grad_enabled` — switch recording off;
- :mod:`~dlnotes.autograd.functions` — heavy functions (linear, cross-entropy, ...) that reuse
  the hand-written ``dlnotes.nn.functional`` kernels, so this engine doubles as their check;
- :class:`Value` — scalar graphs small enough to draw in a figure
  (:func:`dlnotes.book.graph_drawing.draw_graph` draws them).

``import dlnotes.autograd`` needs NumPy only.
"""

from dlnotes.autograd.broadcast import unbroadcast
from dlnotes.autograd.function import Context, Function
from dlnotes.autograd.functions import (
    avg_pool2d,
    conv2d,
    conv_transpose2d,
    cross_entropy,
    gru_cell,
    linear,
    log_softmax,
    lstm_cell,
    max_pool2d,
    mse_loss,
    scaled_dot_product_attention,
    softmax,
)
from dlnotes.autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from dlnotes.autograd.tensor import Tensor
from dlnotes.autograd.value import Value

__all__ = [
    "Tensor",
    "Function",
    "Context",
    "no_grad",
    "enable_grad",
    "is_grad_enabled",
    "set_grad_enabled",
    "unbroadcast",
    "Value",
    "linear",
    "cross_entropy",
    "softmax",
    "log_softmax",
    "mse_loss",
    "conv2d",
    "conv_transpose2d",
    "max_pool2d",
    "avg_pool2d",
    "lstm_cell",
    "gru_cell",
    "scaled_dot_product_attention",
]
