"""MaxPool2d, AvgPool2d, GlobalAvgPool2d: gradients, PyTorch oracle (with padding), shapes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import check_module, numerical_gradient
from dlnotes.nn import AvgPool2d, GlobalAvgPool2d, MaxPool2d
from dlnotes.nn.functional import (
    avg_pool2d,
    conv_output_size,
    max_pool2d,
    max_pool2d_backward,
    max_pool2d_forward,
)

CONFIGS = [
    # kernel, stride, padding, input (N, C, H, W)
    (2, None, 0, (2, 2, 4, 6)),
    (3, 2, 1, (2, 2, 5, 5)),
    ((3, 2), (1, 2), (1, 1), (1, 3, 4, 5)),
    (2, 1, 1, (1, 2, 3, 3)),
    (3, 3, 0, (2, 1, 7, 8)),
]


def _distinct(rng, shape):
    """Values at least 0.01 apart, so central differences never cross a max-pool tie."""
    return rng.permutation(np.prod(shape)).reshape(shape) * 0.01 + rng.uniform(0, 1e-3)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("layer_cls", [MaxPool2d, AvgPool2d])
def test_gradients_match_central_differences(layer_cls, config, rng):
    k, s, p, shape = config
    check_module(layer_cls(k, stride=s, padding=p), _distinct(rng, shape), rng=rng)


def test_avg_pool_without_pad_counting_gradients(rng):
    check_module(
        AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
        rng.normal(size=(2, 2, 5, 4)),
        rng=rng,
    )


def test_global_avg_pool_gradients(rng):
    check_module(GlobalAvgPool2d(), rng.normal(size=(2, 3, 4, 5)), rng=rng)


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("name", ["max", "avg", "avg_exclude_pad"])
def test_matches_pytorch(name, config, rng, torch):
    k, s, p, shape = config
    x = rng.normal(size=shape)
    x[0, 0, 0, :2] = 3.0  # a tie: both libraries must route the gradient to the first
    xt = torch.tensor(x, requires_grad=True)
    if name == "max":
        layer, ref = MaxPool2d(k, s, p), torch.nn.MaxPool2d(k, s, p)
    else:
        include = name == "avg"
        layer = AvgPool2d(k, s, p, count_include_pad=include)
        ref = torch.nn.AvgPool2d(k, s, p, count_include_pad=include)
    out, out_t = layer(x), ref(xt)
    g = rng.normal(size=out.shape)
    out_t.backward(torch.from_numpy(g))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(layer.backward(g), xt.grad.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.torch
def test_global_avg_pool_matches_adaptive_avg_pool(rng, torch):
    x = rng.normal(size=(2, 3, 4, 5))
    xt = torch.tensor(x, requires_grad=True)
    layer = GlobalAvgPool2d()
    out_t = torch.nn.AdaptiveAvgPool2d(1)(xt)
    g = rng.normal(size=(2, 3, 1, 1))
    out_t.backward(torch.from_numpy(g))
    np.testing.assert_allclose(layer(x), out_t.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.backward(g), xt.grad.numpy(), rtol=1e-12)


@pytest.mark.torch
def test_max_pool_propagates_nan_like_pytorch(torch):
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    x[0, 0, 0, 0] = np.nan
    ours = max_pool2d(x, 2)
    theirs = torch.nn.functional.max_pool2d(torch.from_numpy(x), 2).numpy()
    np.testing.assert_array_equal(ours, theirs)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 4), st.integers(1, 3), st.integers(0, 2), st.integers(4, 9), st.integers(4, 9)
)
def test_output_size_formula(k, s, p, h, w):
    p = min(p, k // 2)
    x = np.zeros((1, 2, h, w))
    expected = (1, 2, conv_output_size(h, k, s, p), conv_output_size(w, k, s, p))
    assert max_pool2d(x, k, s, p).shape == expected
    assert avg_pool2d(x, k, s, p).shape == expected


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_max_pool_gradient_is_a_routing(seed):
    """Every output gradient lands on exactly one input: totals are conserved."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, 2, 6, 6))
    out, cache = max_pool2d_forward(x, 3, 2, 1)
    g = rng.normal(size=out.shape)
    dx = max_pool2d_backward(g, cache)
    assert dx.sum() == pytest.approx(g.sum())
    assert np.count_nonzero(dx) <= g.size


def test_float32_preserved(rng):
    x = rng.normal(size=(2, 3, 6, 6)).astype(np.float32)
    for layer in (MaxPool2d(2), AvgPool2d(3, 1, 1), GlobalAvgPool2d()):
        out = layer(x)
        assert out.dtype == np.float32
        assert layer.backward(np.ones_like(out)).dtype == np.float32


def test_grad_output_not_modified(rng):
    layer = AvgPool2d(2)
    out = layer(rng.normal(size=(1, 1, 4, 4)))
    g = rng.normal(size=out.shape)
    g_copy = g.copy()
    layer.backward(g)
    np.testing.assert_array_equal(g, g_copy)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: MaxPool2d(2)(np.zeros((4, 4))),
            ValueError,
            r"MaxPool2d: expected input of shape \(N, C, H, W\), got \(4, 4\)",
        ),
        (
            lambda: MaxPool2d(5)(np.zeros((1, 1, 4, 4))),
            ValueError,
            "MaxPool2d: expected kernel_size",
        ),
        (
            lambda: MaxPool2d(2, padding=2),
            ValueError,
            "MaxPool2d: expected padding at most half of kernel_size",
        ),
        (lambda: AvgPool2d(2, stride=0), ValueError, "AvgPool2d: expected stride"),
        (lambda: AvgPool2d(0), ValueError, "AvgPool2d: expected kernel_size"),
        (
            lambda: AvgPool2d(2)(np.zeros((1, 1, 1, 1))),
            ValueError,
            "AvgPool2d: expected kernel_size",
        ),
        (
            lambda: GlobalAvgPool2d()(np.zeros((2, 3))),
            ValueError,
            r"GlobalAvgPool2d: expected input of shape \(N, C, H, W\)",
        ),
        (
            lambda: MaxPool2d(2).backward(np.zeros((1, 1, 1, 1))),
            RuntimeError,
            "MaxPool2d: expected forward to be called before backward",
        ),
        (
            lambda: max_pool2d_backward(
                np.zeros((1, 1, 3, 3)), max_pool2d_forward(np.zeros((1, 1, 4, 4)), 2)[1]
            ),
            ValueError,
            r"max_pool2d_backward: expected grad_output of shape \(1, 1, 2, 2\)",
        ),
    ],
)
def test_bad_input_raises(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: MaxPool2d(2, dilation=2), r"^MaxPool2d: expected dilation=1 .*got 2"),
        (lambda: MaxPool2d(2, return_indices=True), r"^MaxPool2d: expected return_indices=False"),
        (lambda: MaxPool2d(2, ceil_mode=True), r"^MaxPool2d: expected ceil_mode=False"),
        (lambda: AvgPool2d(2, ceil_mode=True), r"^AvgPool2d: expected ceil_mode=False"),
        (lambda: AvgPool2d(2, divisor_override=3), r"^AvgPool2d: expected divisor_override=None"),
    ],
)
def test_unsupported_values_of_pytorch_keywords_raise_the_house_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("cls", [MaxPool2d, AvgPool2d])
def test_keywords_dlnotes_lacks_raise_the_house_type_error(cls):
    with pytest.raises(TypeError, match=rf"^{cls.__name__}: expected only the keywords .*device="):
        cls(2, device="cpu")


def test_pytorch_keywords_at_their_defaults_are_accepted():
    x = np.ones((1, 1, 4, 4))
    assert MaxPool2d(2, dilation=1, return_indices=False, ceil_mode=False)(x).shape == (1, 1, 2, 2)
    assert AvgPool2d(2, ceil_mode=False, divisor_override=None)(x).shape == (1, 1, 2, 2)


@pytest.mark.parametrize(
    "layer", [MaxPool2d(2), AvgPool2d(2, padding=1, count_include_pad=False), GlobalAvgPool2d()]
)
def test_module_errors_name_the_module_and_caches_are_named_tuples(layer, rng):
    name = type(layer).__name__
    out = layer(rng.normal(size=(1, 2, 4, 4)))
    assert hasattr(layer._cache, "_fields") and layer._cache.input_shape == (1, 2, 4, 4)
    with pytest.raises(ValueError, match=rf"^{name}: expected grad_output of shape"):
        layer.backward(np.zeros((*out.shape[:3], out.shape[3] + 1)))
    with pytest.raises(ValueError, match=rf"^{name}: expected input of shape \(N, C, H, W\)"):
        layer(np.zeros((2, 4, 4)))


def test_max_pool_tie_sends_the_whole_gradient_to_the_first_maximum(rng):
    """At a tie max is not differentiable: dlnotes (like PyTorch) picks one subgradient.

    The first maximum in row-major order receives everything. Central differences see the
    kink instead: moving the tied entries up or down by eps changes the output at different
    rates, so the numerical derivative is 1/2 for each of two tied entries and the gradient
    check fails there, which is why the checks use inputs without ties.
    """
    x = np.array([[[[1.0, 3.0], [3.0, 0.0]]]])
    out, cache = max_pool2d_forward(x, 2)
    dx = max_pool2d_backward(np.ones_like(out), cache)
    np.testing.assert_array_equal(dx[0, 0], [[0.0, 1.0], [0.0, 0.0]])
    numeric = numerical_gradient(lambda v: float(max_pool2d_forward(v, 2)[0].sum()), x)
    np.testing.assert_allclose(numeric[0, 0], [[0.0, 0.5], [0.5, 0.0]], atol=1e-8)
    with pytest.raises(AssertionError, match="gradient check failed"):
        check_module(MaxPool2d(2), x, rng=rng)
