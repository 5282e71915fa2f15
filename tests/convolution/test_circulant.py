"""Convolution as a matrix (§9.1): circulant and Toeplitz matrices equal the library's conv."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.convolution import circulant_matrix, circular_correlate2d, valid_correlation_matrix
from dlnotes.nn import Conv2d
from dlnotes.nn.functional import conv2d_backward, conv2d_forward, conv_transpose2d

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("kernel_shape", [(3, 3), (2, 2), (1, 4), (5, 3)])
def test_circulant_product_equals_circular_correlation(kernel_shape) -> None:
    x = RNG.standard_normal((6, 7))
    k = RNG.standard_normal(kernel_shape)
    m = circulant_matrix(k, x.shape)
    np.testing.assert_allclose(m @ x.ravel(), circular_correlate2d(x, k).ravel(), atol=1e-12)


def test_circular_correlation_is_conv2d_on_the_wrapped_image() -> None:
    x = RNG.standard_normal((8, 8))
    k = RNG.standard_normal((3, 3))
    conv = Conv2d(1, 1, 3, bias=False)
    conv.weight.data[0, 0] = k
    wrapped = np.pad(x, 1, mode="wrap")
    np.testing.assert_allclose(
        circular_correlate2d(x, k), conv(wrapped[None, None])[0, 0], atol=1e-12
    )


def test_circular_correlation_matches_torch_circular_padding() -> None:
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((9, 10))
    k = RNG.standard_normal((3, 5))
    layer = torch.nn.Conv2d(
        1, 1, (3, 5), padding=(1, 2), padding_mode="circular", bias=False
    ).double()
    with torch.no_grad():
        layer.weight[0, 0] = torch.from_numpy(k)
        expected = layer(torch.from_numpy(x)[None, None]).numpy()[0, 0]
    np.testing.assert_allclose(circular_correlate2d(x, k), expected, atol=1e-12)


def test_circulant_matrix_is_doubly_block_circulant() -> None:
    h, w = 5, 4
    m = circulant_matrix(RNG.standard_normal((3, 3)), (h, w))
    blocks = m.reshape(h, w, h, w).transpose(0, 2, 1, 3)  # blocks[a, a'] is W x W
    for a in range(h):
        for a2 in range(h):
            np.testing.assert_array_equal(blocks[a, a2], blocks[0, (a2 - a) % h])
            block = blocks[a, a2]
            for b in range(w):  # each block circulant: row b is row 0 rolled by b
                np.testing.assert_array_equal(block[b], np.roll(block[0], b))


def test_every_row_holds_the_same_kernel_entries() -> None:
    k = np.arange(1.0, 10.0).reshape(3, 3)
    m = circulant_matrix(k, (6, 6))
    for row in m:
        np.testing.assert_array_equal(np.sort(row[row != 0]), np.arange(1.0, 10.0))


@pytest.mark.parametrize("kernel_shape", [(3, 3), (2, 4), (1, 2)])
def test_valid_matrix_product_equals_conv2d(kernel_shape) -> None:
    x = RNG.standard_normal((7, 9))
    k = RNG.standard_normal(kernel_shape)
    conv = Conv2d(1, 1, kernel_shape, bias=False)
    conv.weight.data[0, 0] = k
    m = valid_correlation_matrix(k, x.shape)
    expected = conv(x[None, None])[0, 0]
    assert m.shape == (expected.size, x.size)
    np.testing.assert_allclose(m @ x.ravel(), expected.ravel(), atol=1e-12)
    assert np.all(np.count_nonzero(m, axis=1) == k.size)  # sparse interactions


def test_valid_matrix_transpose_is_the_input_gradient_and_a_transposed_conv() -> None:
    x = RNG.standard_normal((1, 1, 8, 7))
    k = RNG.standard_normal((1, 1, 3, 2))
    out, cache = conv2d_forward(x, k)
    g = RNG.standard_normal(out.shape)
    dx, dk, _ = conv2d_backward(g, cache)
    m = valid_correlation_matrix(k[0, 0], (8, 7))
    np.testing.assert_allclose(m.T @ g.ravel(), dx.ravel(), atol=1e-12)
    np.testing.assert_allclose(conv_transpose2d(g, k).ravel(), dx.ravel(), atol=1e-12)
    # the kernel gradient correlates the input with the upstream gradient
    patches = np.stack([m_col for m_col in _patches(x[0, 0], (3, 2))])
    np.testing.assert_allclose(dk[0, 0].ravel(), patches.T @ g.ravel(), atol=1e-12)


def _patches(x: np.ndarray, kernel: tuple[int, int]):
    for a in range(x.shape[0] - kernel[0] + 1):
        for b in range(x.shape[1] - kernel[1] + 1):
            yield x[a : a + kernel[0], b : b + kernel[1]].ravel()


def test_bad_input_is_rejected_with_the_project_message() -> None:
    with pytest.raises(ValueError, match="circular_correlate2d: expected image of shape"):
        circular_correlate2d(np.zeros((2, 3, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="circulant_matrix: expected a kernel no larger"):
        circulant_matrix(np.ones((4, 4)), (3, 3))
