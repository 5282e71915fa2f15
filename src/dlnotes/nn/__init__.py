"""Explicit forward/backward neural-network modules with PyTorch's names and layouts.

Each family lives in its own file; this package re-exports the public classes.
Goodfellow et al., chapters 6-10.
"""

from dlnotes.nn.module import Module, ModuleList, Parameter, Sequential

# Families add one import line each below (core layers, losses, convolution, recurrent,
# attention). Keep one line per file.
from dlnotes.nn.linear import Linear
from dlnotes.nn.activation import (
    GELU,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Softplus,
    Tanh,
)
from dlnotes.nn.flatten import Flatten
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from dlnotes.nn.embedding import Embedding
from dlnotes.nn.loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from dlnotes.nn import init, utils
from dlnotes.nn.recurrent import GRU, LSTM, RNN
from dlnotes.nn.rnn_cells import GRUCell, LSTMCell, RNNCell
from dlnotes.nn.truncated_bptt import truncated_bptt
from dlnotes.nn.attention import AdditiveAttention, MultiheadAttention
from dlnotes.nn.transformer import TransformerEncoderLayer
from dlnotes.nn.conv import Conv2d, ConvTranspose2d
from dlnotes.nn.pooling import AvgPool2d, GlobalAvgPool2d, MaxPool2d

__all__ = [
    "Module",
    "ModuleList",
    "Parameter",
    "Sequential",
    "Linear",
    "GELU",
    "LeakyReLU",
    "LogSoftmax",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "Tanh",
    "Flatten",
    "Dropout",
    "BatchNorm1d",
    "BatchNorm2d",
    "LayerNorm",
    "Embedding",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "L1Loss",
    "MSELoss",
    "NLLLoss",
    "init",
    "utils",
    "GRU",
    "LSTM",
    "RNN",
    "GRUCell",
    "LSTMCell",
    "RNNCell",
    "truncated_bptt",
    "AdditiveAttention",
    "MultiheadAttention",
    "TransformerEncoderLayer",
    "Conv2d",
    "ConvTranspose2d",
    "AvgPool2d",
    "GlobalAvgPool2d",
    "MaxPool2d",
]
