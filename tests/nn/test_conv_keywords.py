"""Conv2d/ConvTranspose2d: PyTorch keywords, string paddings, owner names, NamedTuple caches."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import Conv2d, ConvTranspose2d
from dlnotes.nn.functional import (
    Conv2dCache,
    ConvTranspose2dCache,
    conv2d,
    conv2d_backward,
    conv2d_forward,
    conv_transpose2d_backward,
    conv_transpose2d_forward,
)


@pytest.mark.parametrize("cls", [Conv2d, ConvTranspose2d])
@pytest.mark.parametrize(
    ("keyword", "value"),
    [("dilation", 2), ("dilation", (1, 2)), ("groups", 2), ("padding_mode", "reflect")],
)
def test_unsupported_values_of_pytorch_keywords_raise_the_house_value_error(cls, keyword, value):
    name = cls.__name__
    with pytest.raises(
        ValueError, match=rf"^{name}: expected {keyword}=.* got {re.escape(repr(value))}"
    ):
        cls(2, 4, 3, **{keyword: value})


@pytest.mark.parametrize("cls", [Conv2d, ConvTranspose2d])
def test_pytorch_keywords_at_their_defaults_are_accepted(cls, rng):
    layer = cls(2, 3, 3, dilation=1, groups=1, padding_mode="zeros", rng=rng)
    assert layer(rng.normal(size=(1, 2, 5, 5))).shape[:2] == (1, 3)
    assert cls(2, 3, 3, dilation=(1, 1)).kernel_size == (3, 3)


@pytest.mark.parametrize("cls", [Conv2d, ConvTranspose2d])
@pytest.mark.parametrize("keyword", ["device", "proj_size"])
def test_keywords_dlnotes_lacks_raise_the_house_type_error(cls, keyword):
    with pytest.raises(
        TypeError, match=rf"^{cls.__name__}: expected only the keywords .*{keyword}="
    ):
        cls(2, 4, 3, **{keyword: "cpu"})


def test_bias_must_be_a_bool():
    with pytest.raises(TypeError, match="Conv2d: expected bias to be a bool, got 1"):
        Conv2d(1, 1, 3, bias=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kernel_size": 4, "padding": "same"}, r"Conv2d: expected odd kernel sides"),
        ({"kernel_size": 3, "stride": 2, "padding": "same"}, r"Conv2d: expected stride 1"),
        ({"kernel_size": 3, "padding": "full"}, r"Conv2d: expected padding 'valid', 'same'"),
    ],
)
def test_unsupported_string_paddings_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Conv2d(1, 2, **kwargs)


def test_conv_transpose_rejects_string_padding():
    with pytest.raises(ValueError, match="ConvTranspose2d: expected padding to be an int"):
        ConvTranspose2d(1, 2, 3, padding="same")


@pytest.mark.parametrize(("kernel", "expected"), [(3, (1, 1)), ((5, 3), (2, 1)), (1, (0, 0))])
def test_same_padding_keeps_the_size_and_is_stored_as_a_pair(kernel, expected, rng):
    layer = Conv2d(2, 3, kernel, padding="same", rng=rng)
    assert layer.padding == expected
    assert layer(rng.normal(size=(2, 2, 7, 6))).shape == (2, 3, 7, 6)
    assert Conv2d(2, 3, kernel, padding="valid").padding == (0, 0)


def test_same_padding_gradients(rng):
    check_module(Conv2d(2, 2, (3, 5), padding="same", rng=rng), rng.normal(size=(2, 2, 5, 6)))


@pytest.mark.torch
@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("kernel", [3, (5, 3)])
def test_string_paddings_match_pytorch(padding, kernel, rng, torch):
    layer = Conv2d(2, 3, kernel, padding=padding, rng=rng)
    ref = torch.nn.Conv2d(2, 3, kernel, padding=padding)
    ref.load_state_dict({key: torch.from_numpy(v) for key, v in layer.state_dict().items()})
    x = rng.normal(size=(2, 2, 7, 6))
    xt = torch.tensor(x, requires_grad=True)
    out, out_t = layer(x), ref(xt)
    g = rng.normal(size=out.shape)
    out_t.backward(torch.from_numpy(g))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.backward(g), xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    # The functional kernel accepts the same strings, as torch.nn.functional.conv2d.
    w = layer.weight.data
    np.testing.assert_allclose(
        conv2d(x, w, padding=padding),
        torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), padding=padding),
        rtol=1e-10,
        atol=1e-12,
    )


def test_module_errors_name_the_module_not_the_kernel(rng):
    layer = Conv2d(1, 2, 3, rng=rng)
    layer(rng.normal(size=(1, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"^Conv2d: expected grad_output of shape \(1, 2, 3, 3\)"):
        layer.backward(np.zeros((1, 2, 4, 4)))
    up = ConvTranspose2d(1, 2, 2, stride=2, rng=rng)
    up(rng.normal(size=(1, 1, 3, 3)))
    with pytest.raises(ValueError, match=r"^ConvTranspose2d: expected grad_output of shape"):
        up.backward(np.zeros((1, 2, 5, 5)))


def test_kernels_take_an_owner_for_their_messages():
    with pytest.raises(ValueError, match=r"^MyNet: expected input of shape \(N, 3, H, W\)"):
        conv2d_forward(np.zeros((1, 1, 4, 4)), np.zeros((2, 3, 3, 3)), owner="MyNet")
    with pytest.raises(ValueError, match=r"^MyNet: expected input of shape \(N, 3, H, W\)"):
        conv_transpose2d_forward(np.zeros((1, 1, 4, 4)), np.zeros((3, 2, 3, 3)), owner="MyNet")


def test_caches_are_named_tuples_read_by_field(rng):
    x, w = rng.normal(size=(2, 3, 5, 5)), rng.normal(size=(4, 3, 3, 3))
    out, cache = conv2d_forward(x, w, np.zeros(4), stride=2, padding=1)
    assert isinstance(cache, Conv2dCache)
    assert cache.x is x and cache.weight is w and cache.has_bias
    assert (cache.stride, cache.padding) == ((2, 2), (1, 1))
    assert len(conv2d_backward(np.ones_like(out), cache)) == 3
    out_t, cache_t = conv_transpose2d_forward(x, rng.normal(size=(3, 2, 2, 2)), stride=2)
    assert isinstance(cache_t, ConvTranspose2dCache)
    assert cache_t.out_size == out_t.shape[2:] and not cache_t.has_bias
    dx, dw, db = conv_transpose2d_backward(np.ones_like(out_t), cache_t)
    assert dx.shape == x.shape and db is None
