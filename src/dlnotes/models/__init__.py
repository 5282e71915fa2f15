"""Complete models and classic building blocks composed from ``dlnotes.nn`` layers.

Each family lives in its own file; this package re-exports them (one line per file).
"""

from dlnotes.models.digits_cnn import DigitsCNNRun, digits_cnn, train_digits_cnn
from dlnotes.models.inception import InceptionBlock
from dlnotes.models.lenet import LeNet5
from dlnotes.models.nin import NiNBlock
from dlnotes.models.resnet import ResidualBlock
from dlnotes.models.vgg import VGGBlock
from dlnotes.models.classic_nets import (
    CLASSIC_NAMES,
    alexnet_style,
    classic_classifier,
    inception_style,
    nin_style,
    resnet_style,
    vgg_style,
)
from dlnotes.models.counting import LayerCount, count_macs, count_parameters, layer_counts
from dlnotes.models.plain_vs_residual import (
    PlainVsResidual,
    TrainingCurve,
    compare_plain_and_residual,
    deep_conv_net,
    train_curve,
    weight_gradient_norms,
)

__all__ = [
    "DigitsCNNRun",
    "digits_cnn",
    "train_digits_cnn",
    "InceptionBlock",
    "LeNet5",
    "NiNBlock",
    "ResidualBlock",
    "VGGBlock",
    "CLASSIC_NAMES",
    "alexnet_style",
    "classic_classifier",
    "inception_style",
    "nin_style",
    "resnet_style",
    "vgg_style",
    "LayerCount",
    "count_macs",
    "count_parameters",
    "layer_counts",
    "PlainVsResidual",
    "TrainingCurve",
    "compare_plain_and_residual",
    "deep_conv_net",
    "train_curve",
    "weight_gradient_norms",
]
