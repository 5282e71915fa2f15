"""Tests of ``BatchNorm1d``, ``LayerNorm`` and the normalisation kernels."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import BatchNorm1d, LayerNorm
from dlnotes.nn.functional import batch_norm_backward, batch_norm_forward, layer_norm


def _randomise(module, rng):
    """Non-trivial affine parameters, so their gradients are not hidden by ones and zeros."""
    for p in module.parameters():
        p.data[...] = rng.normal(size=p.shape)


# --- BatchNorm1d ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5)])
@pytest.mark.parametrize("affine", [True, False])
def test_batchnorm_gradcheck_training(rng, shape, affine):
    bn = BatchNorm1d(3, affine=affine)
    _randomise(bn, rng)
    check_module(bn, rng.normal(size=shape) * 2 + 1, rng=rng)


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5)])
def test_batchnorm_gradcheck_eval(rng, shape):
    bn = BatchNorm1d(3)
    _randomise(bn, rng)
    bn.running_mean[...] = rng.normal(size=3)
    bn.running_var[...] = rng.uniform(0.5, 2.0, size=3)
    bn.eval()
    check_module(bn, rng.normal(size=shape), rng=rng)


def _torch_twin(torch, ours, **kwargs):
    twin = torch.nn.BatchNorm1d(ours.num_features, **kwargs)
    twin.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in ours.state_dict().items()})
    return twin


@pytest.mark.torch
@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5)])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm_matches_torch_over_training_steps_and_eval(rng, torch, shape, momentum):
    ours = BatchNorm1d(3, momentum=momentum)
    _randomise(ours, rng)
    twin = _torch_twin(torch, ours, momentum=momentum)
    for _ in range(3):
        x = rng.normal(size=shape) * 3 + 2
        upstream = rng.normal(size=shape)
        ours.zero_grad()
        twin.zero_grad()
        out = ours(x)
        dx = ours.backward(upstream)
        tx = torch.tensor(x, requires_grad=True)
        tout = twin(tx)
        tout.backward(torch.from_numpy(upstream))
        np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(ours.weight.grad, twin.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(ours.bias.grad, twin.bias.grad.numpy(), rtol=1e-10)
    state, tstate = ours.state_dict(), twin.state_dict()
    assert list(state) == list(tstate)
    for key in state:
        np.testing.assert_allclose(state[key], tstate[key].numpy(), rtol=1e-12)
    assert state["num_batches_tracked"].dtype == np.int64
    ours.eval()
    twin.eval()
    x = rng.normal(size=shape)
    np.testing.assert_allclose(ours(x), twin(torch.from_numpy(x)).detach().numpy(), rtol=1e-12)


@pytest.mark.torch
def test_batchnorm_without_running_stats_matches_torch(rng, torch):
    ours = BatchNorm1d(3, affine=False, track_running_stats=False).eval()
    twin = torch.nn.BatchNorm1d(3, affine=False, track_running_stats=False).eval()
    assert ours.state_dict() == {} and len(twin.state_dict()) == 0
    x = rng.normal(size=(5, 3))
    np.testing.assert_allclose(ours(x), twin(torch.from_numpy(x)).numpy(), rtol=1e-12)
    assert repr(ours) == repr(twin)


@pytest.mark.torch
@pytest.mark.parametrize("kwargs", [{}, {"bias": False}, {"affine": False}])
def test_batchnorm_repr_and_state_dict_keys_match_torch(torch, kwargs):
    assert repr(BatchNorm1d(4, **kwargs)) == repr(torch.nn.BatchNorm1d(4, **kwargs))
    assert list(BatchNorm1d(4, **kwargs).state_dict()) == list(
        torch.nn.BatchNorm1d(4, **kwargs).state_dict()
    )


@pytest.mark.torch
def test_batchnorm_without_bias_matches_torch(rng, torch):
    ours = BatchNorm1d(3, bias=False)
    _randomise(ours, rng)
    twin = _torch_twin(torch, ours, bias=False)
    x, upstream = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    ours(x)
    dx = ours.backward(upstream)
    tx = torch.tensor(x, requires_grad=True)
    twin(tx).backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.weight.grad, twin.weight.grad.numpy(), rtol=1e-10)


def test_batchnorm_running_var_uses_unbiased_variance(rng):
    bn = BatchNorm1d(2, momentum=1.0)
    x = rng.normal(size=(5, 2))
    bn(x)
    np.testing.assert_allclose(bn.running_mean, x.mean(axis=0))
    np.testing.assert_allclose(bn.running_var, x.var(axis=0, ddof=1))
    assert int(bn.num_batches_tracked) == 1
    assert "running_var" in bn.state_dict()  # in-place update kept the buffer registered


def test_batch_norm_kernel_is_per_channel_on_images(rng):
    x = rng.normal(size=(4, 3, 5, 5)) * np.array([1.0, 5.0, 10.0]).reshape(1, 3, 1, 1)
    out, cache = batch_norm_forward(x)
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=(0, 2, 3)), 1, rtol=1e-3)
    dx, dw, db = batch_norm_backward(np.ones_like(x), cache)
    assert dw is None and db is None
    np.testing.assert_allclose(dx, 0, atol=1e-12)  # the normalised output is shift-invariant


def test_batchnorm_float32_preserved(rng):
    bn = BatchNorm1d(3, dtype=np.float32)
    out = bn(rng.normal(size=(4, 3)).astype(np.float32))
    dx = bn.backward(rng.normal(size=(4, 3)))
    assert out.dtype == dx.dtype == bn.weight.grad.dtype == bn.running_var.dtype == np.float32


def test_batchnorm_bad_input(rng):
    with pytest.raises(ValueError, match="BatchNorm1d: expected num_features to be a positive"):
        BatchNorm1d(0)
    with pytest.raises(ValueError, match=r"BatchNorm1d: expected momentum in \[0.0, 1.0\]"):
        BatchNorm1d(3, momentum=2.0)
    for eps in (-1.0, 0.0):  # eps > 0, as in PyTorch and BatchNorm2d
        with pytest.raises(ValueError, match=r"BatchNorm1d: expected eps in \(0.0, inf\]"):
            BatchNorm1d(3, eps=eps)
    with pytest.raises(TypeError, match="BatchNorm1d: expected affine to be a bool"):
        BatchNorm1d(3, affine=1)
    bn = BatchNorm1d(3)
    with pytest.raises(RuntimeError, match="BatchNorm1d: expected forward to be called"):
        bn.backward(np.ones((4, 3)))
    with pytest.raises(
        ValueError,
        match=r"BatchNorm1d: expected input of shape \(N, 3\) or \(N, 3, L\), "
        r"got \(8, 4\)",
    ):
        bn(np.ones((8, 4)))
    with pytest.raises(ValueError, match="BatchNorm1d: expected input of shape"):
        bn(np.ones((2, 3, 4, 4)))
    with pytest.raises(ValueError, match="BatchNorm1d: expected more than 1 value per channel"):
        bn(np.ones((1, 3)))
    bn(rng.normal(size=(4, 3)))
    with pytest.raises(ValueError, match=r"BatchNorm1d: expected grad_output of shape"):
        bn.backward(np.ones((3, 4)))


# --- LayerNorm ----------------------------------------------------------------------------------


@pytest.mark.parametrize("normalized_shape, shape", [(4, (5, 4)), ((3, 4), (2, 3, 4)), (4, (4,))])
@pytest.mark.parametrize("affine", [True, False])
def test_layernorm_gradcheck(rng, normalized_shape, shape, affine):
    ln = LayerNorm(normalized_shape, elementwise_affine=affine)
    _randomise(ln, rng)
    check_module(ln, rng.normal(size=shape) * 2 + 1, rng=rng)


@pytest.mark.torch
@pytest.mark.parametrize("normalized_shape, shape", [(4, (5, 4)), ((3, 4), (2, 3, 4))])
@pytest.mark.parametrize("bias", [True, False])
def test_layernorm_matches_torch(rng, torch, normalized_shape, shape, bias):
    ours = LayerNorm(normalized_shape, bias=bias)
    _randomise(ours, rng)
    twin = torch.nn.LayerNorm(normalized_shape, bias=bias)
    twin.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    x = rng.normal(size=shape) * 3
    upstream = rng.normal(size=shape)
    out = ours(x)
    dx = ours.backward(upstream)
    tx = torch.tensor(x, requires_grad=True)
    tout = twin(tx)
    tout.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.weight.grad, twin.weight.grad.numpy(), rtol=1e-10)
    if bias:
        np.testing.assert_allclose(ours.bias.grad, twin.bias.grad.numpy(), rtol=1e-10)
    assert repr(ours) == repr(twin)


def test_layernorm_statistics_per_example(rng):
    x = rng.normal(size=(3, 2, 5)) * 4 + 7
    out = layer_norm(x, (2, 5), eps=0.0)
    np.testing.assert_allclose(out.mean(axis=(1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=(1, 2)), 1, rtol=1e-12)


def test_layernorm_float32_preserved(rng):
    ln = LayerNorm(4, dtype=np.float32)
    out = ln(rng.normal(size=(2, 4)).astype(np.float32))
    dx = ln.backward(rng.normal(size=(2, 4)))
    assert out.dtype == dx.dtype == ln.weight.grad.dtype == np.float32


def test_layernorm_bad_input():
    with pytest.raises(ValueError, match="LayerNorm: expected normalized_shape to be a non-empty"):
        LayerNorm((0,))
    with pytest.raises(TypeError, match="LayerNorm: expected normalized_shape to be an int"):
        LayerNorm(2.5)
    with pytest.raises(TypeError, match="LayerNorm: expected elementwise_affine to be a bool"):
        LayerNorm(4, elementwise_affine="yes")
    ln = LayerNorm((3, 4))
    with pytest.raises(RuntimeError, match="LayerNorm: expected forward to be called"):
        ln.backward(np.ones((2, 3, 4)))
    with pytest.raises(
        ValueError,
        match=r"LayerNorm: expected input with trailing shape \(3, 4\), "
        r"got \(2, 4, 3\)",
    ):
        ln(np.ones((2, 4, 3)))
