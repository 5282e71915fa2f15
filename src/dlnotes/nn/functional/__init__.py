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
from dlnotes.nn.functional.conv1d import *  # noqa: F403
from dlnotes.nn.functional.conv_matrix import *  # noqa: F403
from dlnotes.nn.functional.conv_transpose import *  # noqa: F403
from dlnotes.nn.functional.pooling import *  # noqa: F403

__all__ = [
    # activation
    "ReluCache",
    "relu_forward",
    "relu_backward",
    "relu",
    "LeakyReluCache",
    "leaky_relu_forward",
    "leaky_relu_backward",
    "leaky_relu",
    "SigmoidCache",
    "sigmoid_forward",
    "sigmoid_backward",
    "sigmoid",
    "TanhCache",
    "tanh_forward",
    "tanh_backward",
    "tanh",
    "SoftplusCache",
    "softplus_forward",
    "softplus_backward",
    "softplus",
    "GeluCache",
    "gelu_forward",
    "gelu_backward",
    "gelu",
    "SoftmaxCache",
    "softmax_forward",
    "softmax_backward",
    "softmax",
    "LogSoftmaxCache",
    "log_softmax_forward",
    "log_softmax_backward",
    "log_softmax",
    "LogsumexpCache",
    "logsumexp_forward",
    "logsumexp_backward",
    "logsumexp",
    # linear
    "LinearCache",
    "linear_forward",
    "linear_backward",
    "linear",
    # loss
    "CrossEntropyCache",
    "cross_entropy_forward",
    "cross_entropy_backward",
    "cross_entropy",
    "NllLossCache",
    "nll_loss_forward",
    "nll_loss_backward",
    "nll_loss",
    "MseLossCache",
    "mse_loss_forward",
    "mse_loss_backward",
    "mse_loss",
    "L1LossCache",
    "l1_loss_forward",
    "l1_loss_backward",
    "l1_loss",
    "BinaryCrossEntropyCache",
    "binary_cross_entropy_forward",
    "binary_cross_entropy_backward",
    "binary_cross_entropy",
    "BinaryCrossEntropyWithLogitsCache",
    "binary_cross_entropy_with_logits_forward",
    "binary_cross_entropy_with_logits_backward",
    "binary_cross_entropy_with_logits",
    # dropout
    "dropout_forward",
    "dropout_backward",
    "dropout",
    # normalization
    "BatchNormCache",
    "batch_norm_forward",
    "batch_norm_backward",
    "batch_norm",
    "LayerNormCache",
    "layer_norm_forward",
    "layer_norm_backward",
    "layer_norm",
    # embedding
    "EmbeddingCache",
    "embedding_forward",
    "embedding_backward",
    "embedding",
    # rnn_cell
    "RNNPointwiseCache",
    "RNNStepCache",
    "RNNCellCache",
    "RecurrentStepGrads",
    "rnn_pointwise_forward",
    "rnn_pointwise_backward",
    "rnn_step_forward",
    "rnn_step_backward",
    "recurrent_weight_backward",
    "rnn_cell_forward",
    "rnn_cell_backward",
    # lstm_cell
    "LSTMPointwiseCache",
    "LSTMStepCache",
    "LSTMCellCache",
    "lstm_pointwise_forward",
    "lstm_pointwise_backward",
    "lstm_step_forward",
    "lstm_step_backward",
    "lstm_cell_forward",
    "lstm_cell_backward",
    # gru_cell
    "GRUPointwiseCache",
    "GRUResetBeforeCache",
    "GRUStepCache",
    "GRUCellCache",
    "gru_pointwise_forward",
    "gru_pointwise_backward",
    "gru_step_forward",
    "gru_step_backward",
    "gru_cell_forward",
    "gru_cell_backward",
    # attention
    "AttentionCache",
    "causal_mask",
    "scaled_dot_product_attention",
    "scaled_dot_product_attention_forward",
    "scaled_dot_product_attention_backward",
    # additive_attention
    "AdditiveAttentionCache",
    "additive_attention_forward",
    "additive_attention_backward",
    # im2col
    "im2col",
    "col2im",
    "conv_output_size",
    "ConvGeometry",
    # conv
    "conv2d_forward",
    "conv2d_backward",
    "conv2d",
    "Conv2dCache",
    # conv1d
    "conv1d_forward",
    "conv1d_backward",
    "conv1d",
    "Conv1dCache",
    # conv_matrix
    "conv1d_matrix",
    "conv2d_matrix",
    # conv_transpose
    "conv_transpose2d_forward",
    "conv_transpose2d_backward",
    "conv_transpose2d",
    "conv_transpose_output_size",
    "ConvTranspose2dCache",
    # pooling
    "max_pool2d_forward",
    "max_pool2d_backward",
    "max_pool2d",
    "avg_pool2d_forward",
    "avg_pool2d_backward",
    "avg_pool2d",
    "global_avg_pool2d_forward",
    "global_avg_pool2d_backward",
    "global_avg_pool2d",
    "MaxPool2dCache",
    "AvgPool2dCache",
    "GlobalAvgPool2dCache",
]
