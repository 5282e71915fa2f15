"""Heavy differentiable functions, one per file, built on the ``nn.functional`` kernels.

Each wraps a hand-written ``<op>_forward`` / ``<op>_backward`` pair in a
:class:`~dlnotes.autograd.function.Function`, so a model can mix them with elementary tensor
operations, and tests can compare the hand-written backward with autograd over elementary
operations.
"""

from dlnotes.autograd.functions.cross_entropy import CrossEntropy, cross_entropy
from dlnotes.autograd.functions.linear import Linear, linear
from dlnotes.autograd.functions.mse_loss import MSELoss, mse_loss
from dlnotes.autograd.functions.softmax import LogSoftmax, Softmax, log_softmax, softmax

__all__ = [
    "Linear", "linear", "CrossEntropy", "cross_entropy", "Softmax", "softmax",
    "LogSoftmax", "log_softmax", "MSELoss", "mse_loss",
]
