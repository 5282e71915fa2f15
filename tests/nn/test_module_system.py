"""Tests of Module/Sequential behaviour built from the core layers: parameter order and names,
backward through a stack, train/eval propagation, and state_dict round trips with PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import (
    BatchNorm1d,
    CrossEntropyLoss,
    Dropout,
    Flatten,
    LayerNorm,
    Linear,
    ReLU,
    Sequential,
    Tanh,
)


def _mlp(rng, dtype=None):
    return Sequential(
        Linear(4, 8, dtype=dtype, rng=rng),
        ReLU(),
        Linear(8, 6, dtype=dtype, rng=rng),
        Tanh(),
        Linear(6, 3, dtype=dtype, rng=rng),
    )


def _torch_mlp(torch):
    nn = torch.nn
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 3))


def test_sequential_names_and_order(rng):
    model = _mlp(rng)
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]
    assert [p.shape for p in model.parameters()] == [(8, 4), (8,), (6, 8), (6,), (3, 6), (3,)]
    assert list(model.state_dict()) == names


def test_mlp_gradcheck(rng):
    check_module(_mlp(rng), rng.normal(size=(5, 4)), rng=rng)


@pytest.mark.torch
def test_mlp_state_dict_loads_into_torch_and_back(rng, torch):
    ours = _mlp(rng)
    twin = _torch_mlp(torch)
    assert list(ours.state_dict()) == list(twin.state_dict())
    twin.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    x = rng.normal(size=(7, 4))
    np.testing.assert_allclose(ours(x), twin(torch.from_numpy(x)).detach().numpy(), rtol=1e-12)

    # And the other way: a freshly initialised torch model loaded into a fresh dlnotes model.
    fresh_twin = _torch_mlp(torch)
    fresh = _mlp(np.random.default_rng(99))
    fresh.load_state_dict({k: v.numpy() for k, v in fresh_twin.state_dict().items()})
    np.testing.assert_allclose(
        fresh(x), fresh_twin(torch.from_numpy(x)).detach().numpy(), rtol=1e-12
    )
    for key, value in fresh.state_dict().items():
        np.testing.assert_array_equal(value, fresh_twin.state_dict()[key].numpy())
    assert repr(fresh) == repr(fresh_twin)


@pytest.mark.torch
def test_mlp_training_step_gradients_match_torch(rng, torch):
    ours = Sequential(Linear(4, 8, rng=rng), BatchNorm1d(8), ReLU(), Linear(8, 3, rng=rng))
    nn = torch.nn
    twin = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    twin.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in ours.state_dict().items()})
    x, y = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    loss_fn = CrossEntropyLoss(label_smoothing=0.1)
    loss = loss_fn(ours(x), y)
    dx = ours.backward(loss_fn.backward())
    tx = torch.tensor(x, requires_grad=True)
    tloss = nn.CrossEntropyLoss(label_smoothing=0.1)(twin(tx), torch.from_numpy(y))
    tloss.backward()
    assert float(loss) == pytest.approx(float(tloss.detach()), rel=1e-12)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-9, atol=1e-12)
    tparams = dict(twin.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, tparams[name].grad.numpy(), rtol=1e-9, atol=1e-12)
    # Buffers, including the int64 counter, round-trip with the same keys as PyTorch.
    state, tstate = ours.state_dict(), twin.state_dict()
    assert list(state) == list(tstate)
    for key in state:
        np.testing.assert_allclose(state[key], tstate[key].numpy(), rtol=1e-12)


def test_train_eval_propagate_to_children(rng):
    model = Sequential(Linear(4, 4, rng=rng), Dropout(0.5, rng=rng), BatchNorm1d(4))
    model.eval()
    assert not any(m.training for m in model.modules())
    x = rng.normal(size=(3, 4))
    np.testing.assert_allclose(model(x), model(x))  # deterministic in eval mode
    model.train()
    assert all(m.training for m in model.modules())


def test_zero_grad_and_accumulation(rng):
    model = _mlp(rng)
    x = rng.normal(size=(2, 4))
    model(x)
    model.backward(np.ones((2, 3)))
    assert any(p.grad.any() for p in model.parameters())
    model.zero_grad()
    assert not any(p.grad.any() for p in model.parameters())


def test_float32_mlp_stays_float32(rng):
    model = _mlp(rng, dtype=np.float32)
    out = model(rng.normal(size=(5, 4)).astype(np.float32))
    dx = model.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_load_state_dict_rejects_bad_dicts(rng):
    model = _mlp(rng)
    state = model.state_dict()
    missing = {k: v for k, v in state.items() if k != "4.bias"}
    with pytest.raises(
        ValueError, match=r"Sequential: expected state_dict keys .* missing \['4.bias'\]"
    ):
        model.load_state_dict(missing)
    wrong = dict(state, **{"0.weight": np.zeros((4, 8))})
    with pytest.raises(ValueError, match=r"Sequential: expected 0.weight of shape \(8, 4\)"):
        model.load_state_dict(wrong)
    with pytest.raises(TypeError, match="Sequential: expected Module arguments"):
        Sequential(Linear(2, 2), "relu")


@pytest.mark.parametrize(
    "factory",
    [
        lambda: BatchNorm1d(4),
        lambda: LayerNorm(4),
        lambda: Flatten(0),
        lambda: Linear(4, 4),
        lambda: BatchNorm1d(4).eval(),
    ],
)
def test_forward_and_backward_never_mutate_their_arguments(rng, factory):
    module = factory()
    x = rng.normal(size=(3, 4))
    x_copy = x.copy()
    out = module(x)
    upstream = rng.normal(size=out.shape)
    up_copy = upstream.copy()
    module.backward(upstream)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(upstream, up_copy)
