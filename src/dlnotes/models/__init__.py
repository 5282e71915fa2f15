"""Complete models and classic building blocks composed from ``dlnotes.nn`` layers.

Each family lives in its own file; this package re-exports them (one line per file).
"""

from dlnotes.models.digits_cnn import DigitsCNNRun, digits_cnn, train_digits_cnn
from dlnotes.models.inception import InceptionBlock
from dlnotes.models.lenet import LeNet5
from dlnotes.models.nin import NiNBlock
from dlnotes.models.resnet import ResidualBlock
from dlnotes.models.vgg import VGGBlock

__all__ = [
    "DigitsCNNRun",
    "digits_cnn",
    "train_digits_cnn",
    "InceptionBlock",
    "LeNet5",
    "NiNBlock",
    "ResidualBlock",
    "VGGBlock",
]
