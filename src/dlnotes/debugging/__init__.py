"""A debugging kit for neural networks (chapter 11).

Overfit one minibatch, check back-propagated against numerical gradients for a whole model
and loss, record every layer's activations and gradients for histograms, measure the size of
an optimizer step relative to each parameter, and list the most confident mistakes.

Goodfellow et al., §11.5.
"""

from dlnotes.debugging.gradients import gradient_check
from dlnotes.debugging.layer_statistics import LayerRecord, layer_statistics
from dlnotes.debugging.mistakes import most_confident_mistakes
from dlnotes.debugging.overfit import OverfitRun, overfit_minibatch
from dlnotes.debugging.update_ratio import update_ratios

__all__ = [
    "LayerRecord",
    "OverfitRun",
    "gradient_check",
    "layer_statistics",
    "most_confident_mistakes",
    "overfit_minibatch",
    "update_ratios",
]
