"""Pure kernels: ``<op>_forward(...) -> (out, cache)`` and ``<op>_backward(grad, cache)``.

No state, inputs never mutated. Modules and the autograd engine call these same functions.
Each family lives in its own file; this package re-exports them.
"""

# Families add one import line each below. Keep one line per file.
from dlnotes.nn.functional.activation import *  # noqa: F403
from dlnotes.nn.functional.linear import *  # noqa: F403
from dlnotes.nn.functional.loss import *  # noqa: F403
from dlnotes.nn.functional.dropout import *  # noqa: F403
from dlnotes.nn.functional.normalization import *  # noqa: F403
from dlnotes.nn.functional.embedding import *  # noqa: F403
from dlnotes.nn.functional.rnn_cell import *  # noqa: F403
from dlnotes.nn.functional.lstm_cell import *  # noqa: F403
from dlnotes.nn.functional.gru_cell import *  # noqa: F403
from dlnotes.nn.functional.attention import *  # noqa: F403
from dlnotes.nn.functional.additive_attention import *  # noqa: F403
from dlnotes.nn.functional.im2col import *  # noqa: F403
from dlnotes.nn.functional.conv import *  # noqa: F403
from dlnotes.nn.functional.conv_transpose import *  # noqa: F403
from dlnotes.nn.functional.pooling import *  # noqa: F403
from dlnotes.nn.functional.batchnorm2d import *  # noqa: F403

__all__ = [name for name in dir() if not name.startswith("_")]
