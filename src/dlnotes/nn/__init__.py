"""Explicit forward/backward neural-network modules with PyTorch's names and layouts.

Each family lives in its own file; this package re-exports the public classes.
Goodfellow et al., chapters 6-10.
"""

from dlnotes.nn.module import Module, ModuleList, Parameter, Sequential

from dlnotes.nn.linear import Linear
from dlnotes.nn.activation import (GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus,
                                   Tanh)
from dlnotes.nn.flatten import Flatten
from dlnotes.nn.dropout import Dropout
from dlnotes.nn.normalization import BatchNorm1d, LayerNorm
from dlnotes.nn.embedding import Embedding
from dlnotes.nn.loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from dlnotes.nn import init, utils

__all__ = [name for name in dir() if not name.startswith("_")]
