"""BatchNorm2d: gradients (train and eval), PyTorch oracle incl. running statistics."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import BatchNorm2d
from dlnotes.nn.functional import batch_norm_backward, batch_norm_forward


def _with_random_affine(layer, rng):
    layer.weight.data[...] = rng.normal(size=layer.num_features)
    layer.bias.data[...] = rng.normal(size=layer.num_features)
    return layer


def test_training_gradients_match_central_differences(rng):
    layer = _with_random_affine(BatchNorm2d(3), rng)
    check_module(layer, rng.normal(2.0, 3.0, size=(4, 3, 3, 2)), rng=rng)


def test_eval_gradients_match_central_differences(rng):
    layer = _with_random_affine(BatchNorm2d(2), rng)
    layer(rng.normal(size=(5, 2, 3, 3)))
    layer.eval()
    check_module(layer, rng.normal(size=(3, 2, 2, 2)), rng=rng)


def test_gradients_without_affine(rng):
    check_module(BatchNorm2d(2, affine=False), rng.normal(size=(3, 2, 2, 3)), rng=rng)


def test_statistics_are_per_channel_not_per_pixel(rng):
    x = rng.normal(size=(6, 2, 4, 4)) + np.arange(16).reshape(1, 1, 4, 4)
    y = BatchNorm2d(2)(x)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1, atol=1e-3)
    assert np.abs(y.mean(axis=0)).max() > 0.5  # pixels keep their spatial differences


@pytest.mark.torch
@pytest.mark.parametrize("momentum", [0.1, 0.5, None])
def test_matches_pytorch_over_several_steps(momentum, rng, torch):
    layer = _with_random_affine(BatchNorm2d(3, momentum=momentum), rng)
    ref = torch.nn.BatchNorm2d(3, momentum=momentum)
    assert list(layer.state_dict()) == list(ref.state_dict())
    ref.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in layer.state_dict().items()})
    for _ in range(4):
        x = rng.normal(1.0, 2.0, size=(4, 3, 3, 5))
        xt = torch.tensor(x, requires_grad=True)
        out, out_t = layer(x), ref(xt)
        g = rng.normal(size=out.shape)
        out_t.backward(torch.from_numpy(g))
        layer.zero_grad()
        dx = layer.backward(g)
        np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(layer.weight.grad, ref.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(layer.bias.grad, ref.bias.grad.numpy(), rtol=1e-10)
        ref.zero_grad()
    state = layer.state_dict()
    for key, value in ref.state_dict().items():
        np.testing.assert_allclose(state[key], value.numpy(), rtol=1e-12)
    assert int(state["num_batches_tracked"]) == 4

    layer.eval()
    ref.eval()
    x = rng.normal(size=(2, 3, 2, 2))
    xt = torch.tensor(x, requires_grad=True)
    out_t = ref(xt)
    g = rng.normal(size=out_t.shape)
    out_t.backward(torch.from_numpy(g))
    np.testing.assert_allclose(layer(x), out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.backward(g), xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    assert int(layer.state_dict()["num_batches_tracked"]) == 4  # eval does not count


def test_float32_preserved(rng):
    layer = BatchNorm2d(3, dtype=np.float32)
    out = layer(rng.normal(size=(2, 3, 4, 4)).astype(np.float32))
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.running_var.dtype == layer.weight.grad.dtype
    assert out.dtype == np.float32


def test_kernel_does_not_modify_inputs(rng):
    x, rm, rv = rng.normal(size=(2, 2, 3, 3)), np.zeros(2), np.ones(2)
    out, cache = batch_norm_forward(x, None, None, rm, rv, training=True)
    g = rng.normal(size=out.shape)
    g_copy = g.copy()
    batch_norm_backward(g, cache)
    np.testing.assert_array_equal(g, g_copy)
    np.testing.assert_array_equal(rm, 0)
    np.testing.assert_array_equal(rv, 1)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: BatchNorm2d(3)(np.zeros((8, 1, 28, 28))),
            ValueError,
            r"BatchNorm2d: expected input of shape \(N, 3, H, W\), got \(8, 1, 28, 28\)",
        ),
        (
            lambda: BatchNorm2d(3)(np.zeros((8, 3))),
            ValueError,
            r"BatchNorm2d: expected input of shape \(N, 3, H, W\)",
        ),
        (
            lambda: BatchNorm2d(1)(np.zeros((1, 1, 1, 1))),
            ValueError,
            "BatchNorm2d: expected more than 1 value per channel when training",
        ),
        (lambda: BatchNorm2d(0), ValueError, "BatchNorm2d: expected num_features"),
        (lambda: BatchNorm2d(2, momentum=1.5), ValueError, "BatchNorm2d: expected momentum"),
        (lambda: BatchNorm2d(2, eps=0.0), ValueError, "BatchNorm2d: expected eps"),
        (
            lambda: BatchNorm2d(2).backward(np.zeros((1, 2, 1, 1))),
            RuntimeError,
            "BatchNorm2d: expected forward to be called before backward",
        ),
    ],
)
def test_bad_input_raises(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.torch
def test_without_running_stats_matches_pytorch_in_eval(rng, torch):
    layer = BatchNorm2d(2, track_running_stats=False).eval()
    ref = torch.nn.BatchNorm2d(2, track_running_stats=False).eval()
    assert list(layer.state_dict()) == list(ref.state_dict()) == ["weight", "bias"]
    x = rng.normal(size=(3, 2, 2, 2))
    np.testing.assert_allclose(layer(x), ref(torch.from_numpy(x)).detach().numpy(), atol=1e-12)
