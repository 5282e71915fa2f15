"""Reverse-mode automatic differentiation: the back-propagation of Goodfellow et al., §6.5.

- :class:`Tensor` — arrays that record the computational graph (§6.5.1);
- :class:`Function` / :class:`Context` — one node with its local derivative (§6.5.2), the API
  for new differentiable operations (see :mod:`dlnotes.autograd.function`);
- :mod:`~dlnotes.autograd.backprop` — the iterative reverse pass (§6.5.6);
- :func:`no_grad` / :func:`is_grad_enabled` — switch recording off;
- :mod:`~dlnotes.autograd.functions` — heavy functions (linear, cross-entropy, ...) that reuse
  the hand-written ``dlnotes.nn.functional`` kernels, so this engine doubles as their check;
- :class:`Value` and :func:`draw_graph` — scalar graphs small enough to draw in a figure.

``import dlnotes.autograd`` needs NumPy only; :func:`draw_graph` imports Matplotlib when called.
"""

from dlnotes.autograd.broadcast import unbroadcast
from dlnotes.autograd.draw import draw_graph
from dlnotes.autograd.function import Context, Function
from dlnotes.autograd.functions import (
    cross_entropy,
    linear,
    log_softmax,
    mse_loss,
    softmax,
)
from dlnotes.autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from dlnotes.autograd.tensor import Tensor
from dlnotes.autograd.value import Value

__all__ = [
    "Tensor", "Function", "Context", "no_grad", "enable_grad", "is_grad_enabled",
    "set_grad_enabled", "unbroadcast", "Value", "draw_graph",
    "linear", "cross_entropy", "softmax", "log_softmax", "mse_loss",
]
