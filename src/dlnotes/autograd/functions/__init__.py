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
from dlnotes.autograd.functions.conv import Conv2d, ConvTranspose2d, conv2d, conv_transpose2d
from dlnotes.autograd.functions.pooling import AvgPool2d, MaxPool2d, avg_pool2d, max_pool2d
from dlnotes.autograd.functions.lstm_cell import LSTMCellFunction, lstm_cell
from dlnotes.autograd.functions.gru_cell import GRUCellFunction, gru_cell
from dlnotes.autograd.functions.attention import (
    ScaledDotProductAttention,
    scaled_dot_product_attention,
)

__all__ = [
    "Linear",
    "linear",
    "CrossEntropy",
    "cross_entropy",
    "Softmax",
    "softmax",
    "LogSoftmax",
    "log_softmax",
    "MSELoss",
    "mse_loss",
    "Conv2d",
    "conv2d",
    "ConvTranspose2d",
    "conv_transpose2d",
    "MaxPool2d",
    "max_pool2d",
    "AvgPool2d",
    "avg_pool2d",
    "LSTMCellFunction",
    "lstm_cell",
    "GRUCellFunction",
    "gru_cell",
    "ScaledDotProductAttention",
    "scaled_dot_product_attention",
]
