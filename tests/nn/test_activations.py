"""Tests of the activation modules and kernels (ReLU ... LogSoftmax, log-sum-exp)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.gradcheck import check_module, numerical_gradient
from dlnotes.nn import GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh
from dlnotes.nn.functional import (
    log_softmax,
    logsumexp,
    logsumexp_backward,
    logsumexp_forward,
    relu,
    relu_backward,
    relu_forward,
    sigmoid,
    softmax,
    softmax_backward,
    softmax_forward,
    softplus,
)

# (dlnotes factory, torch factory) pairs; the torch side is built lazily inside the tests.
CASES = {
    "relu": (ReLU, lambda nn: nn.ReLU()),
    "leaky_relu": (lambda: LeakyReLU(0.1), lambda nn: nn.LeakyReLU(0.1)),
    "sigmoid": (Sigmoid, lambda nn: nn.Sigmoid()),
    "tanh": (Tanh, lambda nn: nn.Tanh()),
    "softplus": (Softplus, lambda nn: nn.Softplus()),
    "softplus_beta": (
        lambda: Softplus(beta=2.0, threshold=3.0),
        lambda nn: nn.Softplus(beta=2.0, threshold=3.0),
    ),
    "gelu": (GELU, lambda nn: nn.GELU()),
    "gelu_tanh": (lambda: GELU("tanh"), lambda nn: nn.GELU(approximate="tanh")),
    "softmax1": (lambda: Softmax(dim=1), lambda nn: nn.Softmax(dim=1)),
    "softmax0": (lambda: Softmax(dim=0), lambda nn: nn.Softmax(dim=0)),
    "log_softmax": (lambda: LogSoftmax(dim=-1), lambda nn: nn.LogSoftmax(dim=-1)),
}


def _input(rng, shape=(4, 5)):
    """Normal draws kept away from the kinks (0 for ReLU, beta*x = threshold for Softplus)."""
    x = 2 * rng.normal(size=shape)
    x[np.abs(x) < 0.05] += 0.1
    x[np.abs(x - 1.5) < 0.05] += 0.1
    return x


@pytest.mark.parametrize("name", list(CASES))
def test_activation_gradcheck(rng, name):
    check_module(CASES[name][0](), _input(rng), rng=rng)


@pytest.mark.parametrize("name", list(CASES))
def test_activation_gradcheck_3d(rng, name):
    check_module(CASES[name][0](), _input(rng, (2, 3, 4)), rng=rng)


@pytest.mark.torch
@pytest.mark.parametrize("name", list(CASES))
def test_activation_matches_torch(rng, torch, name):
    ours, theirs = CASES[name][0](), CASES[name][1](torch.nn)
    x = _input(rng, (6, 5))
    x[0, :2] = [40.0, -40.0]  # saturated region
    upstream = rng.normal(size=x.shape)
    out = ours(x)
    dx = ours.backward(upstream)
    tx = torch.tensor(x, requires_grad=True)
    tout = theirs(tx)
    tout.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.torch
@pytest.mark.parametrize("name", list(CASES))
def test_activation_repr_matches_torch(torch, name):
    assert repr(CASES[name][0]()) == repr(CASES[name][1](torch.nn))


@pytest.mark.parametrize("name", list(CASES))
def test_activation_float32_preserved_and_no_mutation(rng, name):
    module = CASES[name][0]()
    x = _input(rng).astype(np.float32)
    upstream = rng.normal(size=x.shape)  # float64 on purpose: must not upcast
    x_copy, up_copy = x.copy(), upstream.copy()
    out = module(x)
    dx = module.backward(upstream)
    assert out.dtype == np.float32 and dx.dtype == np.float32
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(upstream, up_copy)


def test_explicit_dtype_casts_input(rng):
    out = Tanh(dtype=np.float32)(rng.normal(size=3))
    assert out.dtype == np.float32


def test_relu_derivative_at_zero_is_zero():
    out, cache = relu_forward(np.array([-1.0, 0.0, 1.0]))
    np.testing.assert_array_equal(relu_backward(np.array([3.0, 3.0, 3.0]), cache), [0.0, 0.0, 3.0])
    assert relu(np.array([np.nan]))[0] != relu(np.array([np.nan]))[0]  # NaN propagates


def test_stability_for_extreme_inputs():
    big = np.array([-1000.0, 1000.0])
    np.testing.assert_array_equal(sigmoid(big), [0.0, 1.0])
    np.testing.assert_array_equal(softplus(big), [0.0, 1000.0])
    np.testing.assert_allclose(softmax(np.array([1000.0, 0.0])), [1.0, 0.0])
    np.testing.assert_allclose(log_softmax(np.array([1000.0, 0.0])), [0.0, -1000.0])
    assert np.isneginf(logsumexp(np.array([-np.inf, -np.inf])))
    np.testing.assert_allclose(logsumexp(np.array([1000.0, 1000.0])), 1000 + np.log(2))
    np.testing.assert_allclose(softmax(np.array([[0.0, -np.inf]]), dim=1), [[1.0, 0.0]])


finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


@settings(max_examples=25, deadline=None)
@given(
    x=arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=finite),
    shift=st.floats(-100, 100),
)
def test_softmax_shift_invariance_and_normalisation(x, shift):
    p = softmax(x, dim=1)
    np.testing.assert_allclose(p, softmax(x + shift, dim=1), atol=1e-12)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(p >= 0)
    np.testing.assert_allclose(log_softmax(x, dim=1), np.log(p), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
        elements=finite,
    ),
    dim=st.sampled_from([None, 0, 1, -1, (0, 2)]),
    keepdim=st.booleans(),
)
def test_logsumexp_matches_direct_formula(x, dim, keepdim):
    expected = np.log(np.sum(np.exp(x), axis=dim, keepdims=keepdim))
    np.testing.assert_allclose(logsumexp(x, dim, keepdim), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("dim, keepdim", [(1, False), ((0, 2), True), (None, False)])
def test_logsumexp_backward_matches_central_differences(rng, dim, keepdim):
    x = rng.normal(size=(2, 3, 4))
    out, cache = logsumexp_forward(x, dim, keepdim)
    upstream = rng.normal(size=np.shape(out))
    analytic = logsumexp_backward(upstream, cache)
    numeric = numerical_gradient(lambda x: float(np.sum(upstream * logsumexp(x, dim, keepdim))), x)
    np.testing.assert_allclose(analytic, numeric, atol=1e-7)


@pytest.mark.torch
def test_logsumexp_matches_torch(rng, torch):
    x = rng.normal(size=(3, 4, 5)) * 30
    np.testing.assert_allclose(
        logsumexp(x, (0, 2)), torch.logsumexp(torch.from_numpy(x), (0, 2)), rtol=1e-13
    )


def test_activation_bad_constructor_arguments():
    with pytest.raises(TypeError, match="LeakyReLU: expected negative_slope to be a real number"):
        LeakyReLU("a")
    with pytest.raises(ValueError, match=r"Softplus: expected beta in \(0.0, inf\]"):
        Softplus(beta=0)
    with pytest.raises(ValueError, match="GELU: expected approximate in"):
        GELU("fast")
    with pytest.raises(TypeError, match="Softmax: expected dim to be an integer"):
        Softmax(dim=1.5)
    with pytest.raises(TypeError, match="LogSoftmax: expected dim to be an integer"):
        LogSoftmax(dim=None)
    with pytest.raises(TypeError, match="ReLU: expected dtype float32 or float64"):
        ReLU(dtype=np.int64)


@pytest.mark.parametrize("name", list(CASES))
def test_activation_bad_forward_and_backward(name):
    module = CASES[name][0]()
    owner = type(module).__name__
    with pytest.raises(RuntimeError, match=f"{owner}: expected forward to be called before"):
        module.backward(np.ones(3))
    with pytest.raises(TypeError, match=f"{owner}: expected input to be a numeric array"):
        module(np.array(["a"]))
    module(np.ones((2, 3)))
    with pytest.raises(ValueError, match=rf"{owner}: expected grad_output of shape \(2, 3\)"):
        module.backward(np.ones((3, 2)))


def test_softmax_dim_out_of_range():
    with pytest.raises(ValueError, match=r"Softmax: expected dim in \[-2, 1\] for input of shape"):
        Softmax(dim=2)(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"LogSoftmax: expected dim in \[-1, 0\]"):
        LogSoftmax(dim=-2)(np.ones(3))
    with pytest.raises(ValueError, match=r"softmax: expected dim in \[-2, 1\]"):
        softmax(np.ones((2, 3)), dim=2)


# --- masked softmax and the public softmax backward ----------------------------------------


def _random_mask(rng, shape, dim=-1):
    """A boolean mask with at least one True entry in every slice along ``dim``."""
    mask = rng.random(shape) < 0.6
    first = np.zeros(shape, dtype=bool)
    size = list(shape)
    size[dim] = 1
    np.put_along_axis(first, rng.integers(0, shape[dim], size=size), True, dim)
    return mask | first


@pytest.mark.parametrize("dim", [-1, 0, 1])
def test_softmax_backward_matches_central_differences(rng, dim):
    x = rng.normal(size=(3, 4, 5))
    probs, cache = softmax_forward(x, dim)
    assert cache.dim == dim % 3 and cache.probs is probs
    upstream = rng.normal(size=x.shape)
    analytic = softmax_backward(upstream, probs, dim)
    numeric = numerical_gradient(lambda z: float(np.sum(upstream * softmax(z, dim))), x)
    np.testing.assert_allclose(analytic, numeric, atol=1e-8)
    np.testing.assert_array_equal(softmax_backward(upstream, *cache), analytic)


def test_masked_softmax_backward_matches_central_differences(rng):
    x = rng.normal(size=(4, 6))
    mask = _random_mask(rng, x.shape)
    probs, cache = softmax_forward(x, mask=mask)
    upstream = rng.normal(size=x.shape)
    analytic = softmax_backward(upstream, *cache)
    numeric = numerical_gradient(lambda z: float(np.sum(upstream * softmax(z, mask=mask))), x)
    np.testing.assert_allclose(analytic, numeric, atol=1e-8)
    assert np.all(analytic[~mask] == 0)


def test_masked_softmax_zeroes_masked_entries_and_broadcasts(rng):
    x = rng.normal(size=(2, 3, 5)) * 100
    mask = np.array([True, False, True, True, False])  # broadcast over the leading axes
    p = softmax(x, mask=mask)
    assert np.all(p[..., ~mask] == 0.0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(p[..., mask], softmax(x[..., mask]), rtol=1e-12)
    np.testing.assert_array_equal(softmax(x, mask=np.ones(5, dtype=bool)), softmax(x))


def test_masked_softmax_slice_without_selected_entry_is_zero():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.0, -np.inf, 5.0]])
    mask = np.array([[True, False, True], [False, False, False], [False, True, False]])
    probs, cache = softmax_forward(x, mask=mask)
    np.testing.assert_array_equal(probs[1:], 0.0)
    assert not np.any(np.isnan(probs))
    np.testing.assert_array_equal(softmax_backward(np.ones_like(x), *cache)[1:], 0.0)
    # Without a mask the kernel is PyTorch's softmax: a slice of all -inf is NaN.
    with np.errstate(invalid="ignore"):
        assert np.all(np.isnan(softmax(np.array([-np.inf, -np.inf]))))


def test_masked_softmax_keeps_float32_and_does_not_mutate(rng):
    x = rng.normal(size=(3, 4)).astype(np.float32)
    mask = _random_mask(rng, x.shape)
    x_copy, mask_copy = x.copy(), mask.copy()
    p = softmax(x, mask=mask)
    assert p.dtype == np.float32
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(mask, mask_copy)


def test_masked_softmax_bad_mask():
    with pytest.raises(TypeError, match="softmax: expected a boolean mask"):
        softmax(np.zeros((2, 3)), mask=np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"softmax: expected mask broadcastable to the input's"):
        softmax(np.zeros((2, 3)), mask=np.ones((3, 2), dtype=bool))
    with pytest.raises(ValueError, match=r"Attention: expected mask broadcastable"):
        softmax(np.zeros(3), mask=np.ones((2, 3), dtype=bool), owner="Attention")


@pytest.mark.torch
@pytest.mark.parametrize("dim", [-1, 0])
def test_masked_softmax_matches_torch_masked_fill(rng, torch, dim):
    x = rng.normal(size=(5, 6)) * 10
    mask = _random_mask(rng, x.shape, dim)
    upstream = rng.normal(size=x.shape)
    probs, cache = softmax_forward(x, dim, mask)
    dx = softmax_backward(upstream, *cache)
    tx = torch.tensor(x, requires_grad=True)
    tprobs = torch.softmax(tx.masked_fill(~torch.from_numpy(mask), float("-inf")), dim=dim)
    tprobs.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(probs, tprobs.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.torch
def test_softmax_backward_matches_torch(rng, torch):
    x = rng.normal(size=(3, 4, 5))
    upstream = rng.normal(size=x.shape)
    tx = torch.tensor(x, requires_grad=True)
    torch.softmax(tx, dim=1).backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(
        softmax_backward(upstream, softmax(x, dim=1), dim=1), tx.grad.numpy(), rtol=1e-10
    )


@settings(max_examples=25, deadline=None)
@given(
    x=arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=finite),
    shift=st.floats(-100, 100),
    seed=st.integers(0, 2**16),
)
def test_masked_softmax_shift_invariance_and_normalisation(x, shift, seed):
    mask = _random_mask(np.random.default_rng(seed), x.shape)
    p = softmax(x, dim=1, mask=mask)
    np.testing.assert_allclose(p, softmax(x + shift, dim=1, mask=mask), atol=1e-12)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(p[~mask] == 0.0) and np.all(p >= 0)
    # Changing a masked-out score changes nothing.
    np.testing.assert_array_equal(p, softmax(np.where(mask, x, 1e300), dim=1, mask=mask))


def test_functional_exports_one_home_for_each_primitive():
    import dlnotes.nn.functional as F
    from dlnotes.nn.functional import activation

    for name in ("softmax", "softmax_backward", "log_softmax", "logsumexp", "softplus", "sigmoid"):
        assert name in F.__all__
        assert getattr(F, name) is getattr(activation, name)


def test_softmax_backward_is_zero_for_upstream_gradients_constant_along_dim(rng):
    # S2's broken softmax (backward returns zeros) is right exactly for these: the softmax
    # Jacobian-transpose maps c * 1 (constant along dim) to zero, since sum_i y_i = 1.
    x = rng.normal(size=(3, 4))
    layer = Softmax(dim=1)
    layer(x)
    constant_rows = rng.normal(size=(3, 1)) * np.ones((3, 4))
    np.testing.assert_allclose(layer.backward(constant_rows), 0.0, atol=1e-15)
    G = rng.normal(size=(3, 4))  # a random upstream gradient is not constant along dim
    assert np.abs(layer.backward(G)).max() > 1e-3
