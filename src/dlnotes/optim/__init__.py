"""Gradient-based optimizers and learning-rate schedules with ``torch.optim``'s update rules.

Each optimizer lives in its own file; ``dlnotes.optim.lr_scheduler`` holds the schedules.
Goodfellow et al., §8.3 (SGD, momentum, Nesterov) and §8.5 (AdaGrad, RMSProp, Adam);
``AveragedParameters`` is Polyak averaging (§8.7.3).
"""

from dlnotes.optim import lr_scheduler
from dlnotes.optim.adadelta import Adadelta
from dlnotes.optim.adagrad import Adagrad
from dlnotes.optim.adam import Adam, AdamW
from dlnotes.optim.averaging import AveragedParameters
from dlnotes.optim.optimizer import Optimizer
from dlnotes.optim.rmsprop import RMSprop
from dlnotes.optim.sgd import SGD

__all__ = [
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "AveragedParameters",
    "Optimizer",
    "RMSprop",
    "SGD",
    "lr_scheduler",
]
