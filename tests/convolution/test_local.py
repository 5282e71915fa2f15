"""Locally connected and tiled convolution as parameter-sharing variants (§9.5)."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.convolution import locally_connected2d, parameter_counts, tile_weights, tiled_conv2d
from dlnotes.nn.functional import conv2d

RNG = np.random.default_rng(0)


def _loops(x, weight):
    ho, wo, f, c, kh, kw = weight.shape
    out = np.zeros((len(x), f, ho, wo))
    for a in range(ho):
        for b in range(wo):
            patch = x[:, :, a : a + kh, b : b + kw]
            out[:, :, a, b] = np.einsum("ncij,fcij->nf", patch, weight[a, b])
    return out


def test_locally_connected_matches_its_definition() -> None:
    x = RNG.standard_normal((2, 3, 6, 7))
    w = RNG.standard_normal((4, 6, 5, 3, 3, 2))
    np.testing.assert_allclose(locally_connected2d(x, w), _loops(x, w), atol=1e-12)


def test_shared_weights_and_one_tile_give_convolution() -> None:
    x = RNG.standard_normal((2, 3, 6, 7))
    k = RNG.standard_normal((5, 3, 3, 2))
    shared = np.broadcast_to(k, (4, 6, *k.shape))
    np.testing.assert_allclose(locally_connected2d(x, shared), conv2d(x, k), atol=1e-12)
    np.testing.assert_allclose(tiled_conv2d(x, k[None, None]), conv2d(x, k), atol=1e-12)


def test_tiles_cycle_over_positions() -> None:
    x = RNG.standard_normal((1, 2, 7, 7))
    kernels = RNG.standard_normal((2, 3, 4, 2, 3, 3))
    out = tiled_conv2d(x, kernels)
    for a in range(5):
        for b in range(5):
            expected = conv2d(x, kernels[a % 2, b % 3])[:, :, a, b]
            np.testing.assert_allclose(out[:, :, a, b], expected, atol=1e-12)
    assert not np.allclose(out, conv2d(x, kernels[0, 0]))


def test_parameter_counts_are_those_of_the_weight_arrays() -> None:
    c, f, size, k, t = 3, 4, (9, 8), (3, 2), (2, 2)
    counts = parameter_counts(c, f, size, k, t)
    ho, wo = 7, 7
    assert counts.locally_connected == np.empty((ho, wo, f, c, *k)).size
    assert counts.tiled == np.empty((*t, f, c, *k)).size
    assert counts.convolution == f * c * 6
    assert counts.fully_connected == (c * 9 * 8) * (f * ho * wo)
    assert counts.convolution < counts.tiled < counts.locally_connected < counts.fully_connected
    assert tile_weights(np.empty((*t, f, c, *k)), (ho, wo)).shape == (ho, wo, f, c, *k)


def test_the_pages_layer_counts() -> None:
    counts = parameter_counts(3, 16, 32, 5, 2)
    assert counts == (3 * 32 * 32 * 16 * 28 * 28, 28 * 28 * 1200, 4 * 1200, 1200)
    assert counts == (38_535_168, 940_800, 4_800, 1_200)


def test_mismatched_weight_is_rejected() -> None:
    with pytest.raises(ValueError, match="locally_connected2d: expected weight for 4 x 6 outputs"):
        locally_connected2d(np.zeros((1, 3, 6, 7)), np.zeros((3, 3, 1, 3, 3, 2)))


def test_locally_connected_matches_torch_unfold() -> None:
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((2, 3, 6, 7))
    w = RNG.standard_normal((4, 6, 5, 3, 3, 2))
    cols = torch.nn.functional.unfold(torch.from_numpy(x), (3, 2))  # (N, C kH kW, positions)
    weight = torch.from_numpy(w.reshape(24, 5, 18))  # (positions, C_out, C kH kW)
    expected = torch.einsum("lfp,npl->nfl", weight, cols).reshape(2, 5, 4, 6).numpy()
    np.testing.assert_allclose(locally_connected2d(x, w), expected, atol=1e-12)
