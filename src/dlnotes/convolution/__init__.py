"""Convolutional networks (Goodfellow et al., chapter 9), one concept per module.

- ``circulant``: convolution as a matrix, doubly block-circulant with circular padding and
  doubly block-Toeplitz for a valid convolution (§9.1, §9.5).
- ``equivariance``: shift equivariance with circular padding; rotation and scaling errors (§9.2).
- ``pooling_invariance``: max-pool outputs unchanged by small shifts; the three-stage layer (§9.3).
- ``dense_equivalent``: the two-element edge kernel against its dense matrix (§9.2).
- ``direct``: naive loops and im2col cross-correlation (§9.1, §9.8).
- ``separable_kernels``: rank-one kernels as two 1-D passes (§9.8).
- ``fft``: convolution by the FFT and an operation-count model (§9.8).
- ``gabor``: Gabor kernels, a filter bank, complex-cell energy (§9.10).
- ``random_features``: random filters with a linear read-out against a trained CNN (§9.9).
- ``output_size``: valid, same and full output lengths (§9.5).
- ``local``: locally connected and tiled convolution, parameter counts (§9.5).

The functions work on single grey-scale images ``(H, W)`` unless they say otherwise, and
reuse the kernels of :mod:`dlnotes.nn.functional`.
"""

from dlnotes.convolution.circulant import (
    circulant_matrix,
    circular_correlate2d,
    valid_correlation_matrix,
)
from dlnotes.convolution.dense_equivalent import (
    EDGE_KERNEL,
    EdgeCosts,
    edge_costs,
    edge_detect,
    edge_detect_dense,
    edge_matrix,
)
from dlnotes.convolution.direct import correlate2d_im2col, correlate2d_loops, mode_padding
from dlnotes.convolution.equivariance import (
    circular_shift,
    gaussian_kernel,
    relative_error,
    rotate_image,
    rotation_equivariance_error,
    scale_image,
    scaling_equivariance_error,
    shift_equivariance_error,
)
from dlnotes.convolution.fft import direct_flops, fft_correlate2d, fft_flops
from dlnotes.convolution.gabor import (
    GaborBank,
    complex_cell_energy,
    gabor_bank,
    gabor_kernel,
    gabor_responses,
)
from dlnotes.convolution.local import (
    SharingCounts,
    locally_connected2d,
    parameter_counts,
    tile_weights,
    tiled_conv2d,
)
from dlnotes.convolution.output_size import output_length, padding_for_mode
from dlnotes.convolution.pooling_invariance import (
    PipelineStages,
    max_pool,
    pooling_invariance_table,
    shifted_crops,
    three_stage_layer,
    unchanged_fraction,
)
from dlnotes.convolution.random_features import (
    FeatureComparison,
    compare_random_and_trained,
    random_conv_features,
    random_filters,
    small_cnn,
    train_linear_readout,
)
from dlnotes.convolution.separable_kernels import (
    RankOneKernel,
    SeparableCosts,
    rank_one_factors,
    separable_correlate2d,
    separable_costs,
)

__all__ = [
    "circulant_matrix",
    "circular_correlate2d",
    "valid_correlation_matrix",
    "EDGE_KERNEL",
    "EdgeCosts",
    "edge_costs",
    "edge_detect",
    "edge_detect_dense",
    "edge_matrix",
    "correlate2d_im2col",
    "correlate2d_loops",
    "mode_padding",
    "circular_shift",
    "gaussian_kernel",
    "relative_error",
    "rotate_image",
    "rotation_equivariance_error",
    "scale_image",
    "scaling_equivariance_error",
    "shift_equivariance_error",
    "direct_flops",
    "fft_correlate2d",
    "fft_flops",
    "GaborBank",
    "complex_cell_energy",
    "gabor_bank",
    "gabor_kernel",
    "gabor_responses",
    "SharingCounts",
    "locally_connected2d",
    "parameter_counts",
    "tile_weights",
    "tiled_conv2d",
    "output_length",
    "padding_for_mode",
    "PipelineStages",
    "max_pool",
    "pooling_invariance_table",
    "shifted_crops",
    "three_stage_layer",
    "unchanged_fraction",
    "FeatureComparison",
    "compare_random_and_trained",
    "random_conv_features",
    "random_filters",
    "small_cnn",
    "train_linear_readout",
    "RankOneKernel",
    "SeparableCosts",
    "rank_one_factors",
    "separable_correlate2d",
    "separable_costs",
]
