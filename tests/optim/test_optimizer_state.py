"""Parameter groups and checkpoints: ``state_dict`` / ``load_state_dict`` resume exactly."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import optim
from dlnotes.nn import Parameter

CONFIGS = [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("RMSprop", {"centered": True, "momentum": 0.9}),
    ("Adadelta", {"weight_decay": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("AdamW", {"lr": 0.01}),
]
IDS = [name for name, _ in CONFIGS]


def _gradients(seed: int, num_steps: int, shapes):
    rng = np.random.default_rng(seed)
    return [[rng.normal(size=s) for s in shapes] for _ in range(num_steps)]


def _run(optimizer, params, grads):
    for step_grads in grads:
        for p, g in zip(params, step_grads, strict=True):
            p.grad = g.copy()
        optimizer.step()


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_state_dict_round_trip_resumes_identically(name, kwargs, rng):
    shapes = [(3, 2), (4,)]
    params = [Parameter(rng.normal(size=s)) for s in shapes]
    # Two groups, the second with its own learning rate, to exercise the group layout.
    groups = [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.003}]
    optimizer = getattr(optim, name)(groups, **kwargs)
    grads = _gradients(1, 16, shapes)
    _run(optimizer, params, grads[:8])

    saved = optimizer.state_dict()
    saved_values = [p.data.copy() for p in params]
    _run(optimizer, params, grads[8:])

    # Mutating the live optimizer afterwards did not change the saved dict (it is a copy).
    assert all(s["step"] == 8 for s in saved["state"].values())
    resumed_params = [Parameter(v) for v in saved_values]
    resumed_groups = [{"params": [resumed_params[0]]}, {"params": [resumed_params[1]]}]
    # Built with other hyper-parameters: loading restores the saved ones.
    resumed = getattr(optim, name)(resumed_groups, lr=0.5)
    resumed.load_state_dict(saved)
    assert resumed.param_groups[1]["lr"] == 0.003
    assert resumed.param_groups[0]["params"] == [resumed_params[0]]
    _run(resumed, resumed_params, grads[8:])
    for p, q in zip(params, resumed_params, strict=True):
        np.testing.assert_array_equal(p.data, q.data)
    for p, q in zip(params, resumed_params, strict=True):
        assert optimizer.state[p].keys() == resumed.state[q].keys()


def test_state_dict_layout_follows_torch():
    p, q = Parameter(np.zeros(2)), Parameter(np.zeros(3))
    optimizer = optim.Adam([{"params": [p]}, {"params": [q], "lr": 0.1}], betas=(0.8, 0.9))
    p.grad[...] = 1.0
    optimizer.step()  # q has a zero gradient and is updated (state created) too
    saved = optimizer.state_dict()
    assert [g["params"] for g in saved["param_groups"]] == [[0], [1]]
    assert saved["param_groups"][0]["betas"] == (0.8, 0.9)
    assert saved["param_groups"][1]["lr"] == 0.1
    assert sorted(saved["state"]) == [0, 1]
    assert sorted(saved["state"][0]) == ["exp_avg", "exp_avg_sq", "step"]
    saved["state"][0]["exp_avg"][...] = 99.0
    assert not np.any(optimizer.state[p]["exp_avg"] == 99.0)


def test_load_state_dict_casts_buffers_to_the_parameter_dtype():
    p64 = Parameter(np.ones(3))
    source = optim.RMSprop([p64], momentum=0.9)
    p64.grad[...] = 0.5
    source.step()
    p32 = Parameter(np.ones(3, dtype=np.float32))
    target = optim.RMSprop([p32], momentum=0.9)
    target.load_state_dict(source.state_dict())
    assert all(
        v.dtype == np.float32 for v in target.state[p32].values() if isinstance(v, np.ndarray)
    )


def test_param_groups_apply_their_own_learning_rates():
    frozen, slow, fast = (Parameter(np.ones(2)) for _ in range(3))
    optimizer = optim.SGD(
        [{"params": [frozen], "lr": 0.0}, {"params": [slow], "lr": 0.01}, {"params": [fast]}],
        lr=0.1,
        momentum=0.5,
    )
    assert [g["lr"] for g in optimizer.param_groups] == [0.0, 0.01, 0.1]
    assert all(g["momentum"] == 0.5 for g in optimizer.param_groups)
    for p in (frozen, slow, fast):
        p.grad[...] = 1.0
    optimizer.step()
    np.testing.assert_allclose(frozen.data, 1.0)
    np.testing.assert_allclose(slow.data, 1.0 - 0.01)
    np.testing.assert_allclose(fast.data, 1.0 - 0.1)


def test_add_param_group_after_construction():
    w, b = Parameter(np.ones(2)), Parameter(np.ones(1))
    optimizer = optim.Adam([w], lr=0.01)
    optimizer.add_param_group({"params": b, "lr": 0.1})
    assert optimizer.param_groups[1]["betas"] == (0.9, 0.999)
    b.grad[...] = 1.0
    optimizer.step()
    np.testing.assert_allclose(b.data, 1.0 - 0.1)
    with pytest.raises(ValueError, match="Adam: expected each parameter in exactly one group"):
        optimizer.add_param_group({"params": [w]})


def test_repr_lists_groups():
    optimizer = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    assert "Parameter Group 0" in repr(optimizer) and "lr: 0.1" in repr(optimizer)
