"""The two-element edge kernel against its dense matrix (§9.2): same output, exact counts."""

from __future__ import annotations

import numpy as np

from dlnotes.convolution import edge_costs, edge_detect, edge_detect_dense, edge_matrix
from dlnotes.data import load_sample_photographs


def test_edge_kernel_is_pixel_minus_left_neighbour() -> None:
    x = np.random.default_rng(0).standard_normal((5, 8))
    np.testing.assert_array_equal(edge_detect(x), x[:, 1:] - x[:, :-1])


def test_dense_matrix_gives_the_same_output_on_a_photograph() -> None:
    x = load_sample_photographs(32)[0]
    np.testing.assert_allclose(
        edge_detect_dense(x, edge_matrix(x.shape)), edge_detect(x), atol=1e-12
    )


def test_counts_are_those_of_the_matrix() -> None:
    shape = (6, 9)
    m = edge_matrix(shape)
    costs = edge_costs(shape)
    assert costs.dense_parameters == m.size
    assert costs.dense_nonzeros == np.count_nonzero(m)
    assert costs.kernel_parameters == 2
    outputs = m.shape[0]
    assert costs.kernel_flops == 3 * outputs  # 2 multiplications + 1 addition each
    assert costs.dense_flops == outputs * (2 * m.shape[1] - 1)  # a dot product each


def test_the_books_320_by_280_example() -> None:
    costs = edge_costs((280, 320))  # 280 rows of 320 pixels
    assert costs.kernel_flops == 267_960
    assert costs.dense_parameters == 320 * 280 * 319 * 280
    assert costs.dense_flops * 3 == costs.kernel_flops * (2 * 320 * 280 - 1)  # ~59 700 times
