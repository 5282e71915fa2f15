"""Tests of ``Linear`` and the ``linear_forward``/``linear_backward`` kernels."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import check_module, numerical_gradient_in_place
from dlnotes.nn import Dropout, Embedding, Linear
from dlnotes.nn.functional import linear, linear_backward, linear_forward


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4), (4,)])
def test_linear_gradcheck(rng, bias, shape):
    layer = Linear(4, 3, bias=bias, rng=rng)
    check_module(layer, rng.normal(size=shape), rng=rng)


def test_linear_kernel_gradients_match_central_differences(rng):
    x, w, b = rng.normal(size=(6, 4)), rng.normal(size=(3, 4)), rng.normal(size=3)
    upstream = rng.normal(size=(6, 3))
    _, cache = linear_forward(x, w, b)
    dx, dw, db = linear_backward(upstream, cache)

    def objective():
        return float(np.sum(upstream * linear(x, w, b)))

    for analytic, array in ((dx, x), (dw, w), (db, b)):
        np.testing.assert_allclose(
            analytic, numerical_gradient_in_place(objective, array), atol=1e-7
        )


@pytest.mark.torch
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4), (4,)])
def test_linear_matches_torch(rng, torch, shape):
    layer = Linear(4, 3, rng=rng)
    twin = torch.nn.Linear(4, 3)
    twin.load_state_dict({k: torch.from_numpy(v) for k, v in layer.state_dict().items()})
    x = rng.normal(size=shape)
    upstream = rng.normal(size=(*shape[:-1], 3))
    out = layer(x)
    dx = layer.backward(upstream)
    tx = torch.tensor(x, requires_grad=True)
    tout = twin(tx)
    tout.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.weight.grad, twin.weight.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.bias.grad, twin.bias.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.torch
def test_linear_repr_matches_torch(torch):
    assert repr(Linear(4, 3)) == repr(torch.nn.Linear(4, 3))
    assert repr(Linear(4, 3, bias=False)) == repr(torch.nn.Linear(4, 3, bias=False))


@settings(max_examples=25, deadline=None)
@given(
    lead=st.lists(st.integers(1, 4), min_size=0, max_size=3),
    in_features=st.integers(1, 6),
    out_features=st.integers(1, 6),
)
def test_linear_output_shape(lead, in_features, out_features):
    rng = np.random.default_rng(0)
    layer = Linear(in_features, out_features, rng=rng)
    x = rng.normal(size=(*lead, in_features))
    out = layer(x)
    assert out.shape == (*lead, out_features)
    assert layer.backward(np.ones_like(out)).shape == x.shape


def test_linear_init_matches_pytorch_default(rng):
    layer = Linear(400, 300, rng=rng)
    bound = 1 / math.sqrt(400)
    assert layer.weight.shape == (300, 400) and layer.bias.shape == (300,)
    assert np.abs(layer.weight.data).max() <= bound
    assert np.abs(layer.bias.data).max() <= bound
    # U(-k, k) has standard deviation k / sqrt(3); 120 000 draws pin it to well under 1 %.
    assert abs(layer.weight.data.std() - bound / math.sqrt(3)) < 0.01 * bound


def test_linear_seeded_init_is_reproducible():
    a = Linear(3, 2, rng=np.random.default_rng(7))
    b = Linear(3, 2, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.weight.data, b.weight.data)


def test_linear_float32_preserved(rng):
    layer = Linear(4, 3, dtype=np.float32, rng=rng)
    x = rng.normal(size=(5, 4)).astype(np.float32)
    out = layer(x)
    dx = layer.backward(rng.normal(size=(5, 3)))  # a float64 gradient must not upcast
    assert layer.weight.dtype == np.float32
    assert out.dtype == np.float32 and dx.dtype == np.float32
    assert layer.weight.grad.dtype == np.float32 and layer.bias.grad.dtype == np.float32


def test_linear_accumulates_and_does_not_mutate(rng):
    layer = Linear(4, 3, rng=rng)
    x = rng.normal(size=(5, 4))
    upstream = rng.normal(size=(5, 3))
    x_copy, up_copy = x.copy(), upstream.copy()
    layer(x)
    layer.backward(upstream)
    first = layer.weight.grad.copy()
    layer.backward(upstream)
    np.testing.assert_allclose(layer.weight.grad, 2 * first)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(upstream, up_copy)
    layer.zero_grad()
    assert not layer.weight.grad.any()


def test_linear_without_bias_has_no_bias_parameter(rng):
    layer = Linear(4, 3, bias=False, rng=rng)
    assert layer.bias is None
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    assert list(layer.state_dict()) == ["weight"]


def test_linear_bad_constructor_arguments():
    with pytest.raises(ValueError, match="Linear: expected in_features to be a positive integer"):
        Linear(0, 3)
    with pytest.raises(TypeError, match="Linear: expected out_features to be a positive integer"):
        Linear(3, 2.5)
    with pytest.raises(TypeError, match="Linear: expected bias to be a bool"):
        Linear(3, 2, bias="yes")
    with pytest.raises(TypeError, match="Linear: expected dtype float32 or float64"):
        Linear(3, 2, dtype=np.int32)
    with pytest.raises(TypeError, match="Linear: expected rng"):
        Linear(3, 2, rng=42)


def test_linear_bad_forward_and_backward(rng):
    layer = Linear(4, 3, rng=rng)
    with pytest.raises(RuntimeError, match="Linear: expected forward to be called before backward"):
        layer.backward(np.ones((8, 3)))
    with pytest.raises(
        ValueError, match=r"Linear: expected input with last dimension 4, got \(8, 3\)"
    ):
        layer(np.ones((8, 3)))
    with pytest.raises(ValueError, match="Linear: expected input with last dimension 4"):
        layer(np.array(1.0))
    with pytest.raises(TypeError, match="Linear: expected input to be a numeric array"):
        layer(np.array(["a", "b", "c", "d"]))
    layer(np.ones((8, 4)))
    with pytest.raises(ValueError, match=r"Linear: expected grad_output of shape \(8, 3\)"):
        layer.backward(np.ones((8, 4)))


def test_linear_kernel_bad_input():
    with pytest.raises(ValueError, match="linear: expected input with last dimension 4"):
        linear_forward(np.ones((2, 3)), np.ones((5, 4)))
    with pytest.raises(ValueError, match=r"linear: expected bias of shape \(5,\)"):
        linear_forward(np.ones((2, 4)), np.ones((5, 4)), np.ones(4))
    with pytest.raises(ValueError, match="linear: expected weight of shape"):
        linear_forward(np.ones((2, 4)), np.ones(4))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Linear(2, 3, device="cpu"), "Linear: expected only the keywords dlnotes supports"),
        (
            lambda: Embedding(4, 2, max_norm=1.0),
            "Embedding: expected only the keywords dlnotes supports, got max_norm=1.0",
        ),
        (lambda: Dropout(0.5, inplace=True), r"Dropout: expected inplace=False"),
    ],
)
def test_pytorch_keywords_dlnotes_lacks_raise_the_house_error(make, message):
    with pytest.raises((TypeError, ValueError), match=message):
        make()
