"""PyTorch oracle: every optimizer and option combination follows torch.optim step by step.

Both libraries start from the same parameters and receive the same gradients, which depend on
the step (seeded noise) and on the current parameters (a quadratic's gradient), so a wrong
rule also changes later gradients. Trajectories are compared after every step, in float64,
both as values and as displacements from the start (the latter catches rule errors at the
gradient scale 1e-5, where the parameters move very little).
"""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes import optim
from dlnotes.nn import Parameter
from dlnotes.optim import lr_scheduler

pytestmark = pytest.mark.torch

SHAPES = [(3, 4), (5,)]
NUM_STEPS = 30

CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.3, "eps": 1e-6}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1, "eps": 1e-6}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True, "betas": (0.5, 0.9)}),
]


def _ids(config):
    name, kwargs = config
    return name + "-" + "-".join(f"{k}={v}" for k, v in kwargs.items())


class Problem:
    """Gradients ``scale * (c * p + noise_t)``: state- and step-dependent, seeded."""

    def __init__(self, scale: float, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.scale = scale
        self.init = [rng.normal(size=s) for s in SHAPES]
        self.curvature = [rng.uniform(0.5, 2.0, size=s) for s in SHAPES]
        self.noise = [[rng.normal(size=s) for s in SHAPES] for _ in range(NUM_STEPS)]

    def grads(self, values: list[np.ndarray], t: int) -> list[np.ndarray]:
        return [
            self.scale * (c * v + n)
            for c, v, n in zip(self.curvature, values, self.noise[t], strict=True)
        ]


def _assert_same_trajectory(ours, theirs, start, t):
    for a, b, p0 in zip(ours, theirs, start, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14, err_msg=f"step {t}")
        moved = np.abs(b - p0).max()
        assert np.abs((a - p0) - (b - p0)).max() <= 1e-9 * moved, f"step {t}: displacement"


def _run_pair(torch, problem, make_ours, make_theirs, scheduler_pair=None):
    params = [Parameter(v.copy()) for v in problem.init]
    tensors = [torch.tensor(v.copy(), requires_grad=True) for v in problem.init]
    ours, theirs = make_ours(params), make_theirs(tensors)
    if scheduler_pair is not None:
        sched_ours, sched_theirs = scheduler_pair[0](ours), scheduler_pair[1](theirs)
    for t in range(NUM_STEPS):
        ours.zero_grad()
        for p, g in zip(params, problem.grads([p.data for p in params], t), strict=True):
            p.grad += g
        ours.step()
        values_t = [x.detach().numpy().copy() for x in tensors]
        for x, g in zip(tensors, problem.grads(values_t, t), strict=True):
            x.grad = torch.from_numpy(g)
        theirs.step()
        if scheduler_pair is not None:
            sched_ours.step()
            sched_theirs.step()
        _assert_same_trajectory(
            [p.data for p in params], [x.detach().numpy() for x in tensors], problem.init, t
        )
    return params


@pytest.mark.parametrize("scale", [1.0, 1e-5])
@pytest.mark.parametrize("config", CONFIGS, ids=[_ids(c) for c in CONFIGS])
def test_trajectory_matches_torch(torch, config, scale):
    name, kwargs = config
    problem = Problem(scale)
    params = _run_pair(
        torch,
        problem,
        lambda ps: getattr(optim, name)(ps, **kwargs),
        lambda ts: getattr(torch.optim, name)(ts, **kwargs),
    )
    # The trajectory really moved (otherwise the comparison would be vacuous).
    assert all(np.abs(p.data - p0).max() > 1e-9 for p, p0 in zip(params, problem.init, strict=True))


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("SGD", {"lr": 0.1, "momentum": 0.9}),
        ("Adam", {"lr": 0.01, "amsgrad": True}),
        ("RMSprop", {"lr": 0.01, "centered": True}),
    ],
)
def test_param_groups_with_different_hyperparameters_match_torch(torch, name, kwargs):
    problem = Problem(1.0, seed=1)
    overrides = {"lr": kwargs["lr"] / 3, "weight_decay": 0.1}

    def groups(ps):
        return [{"params": [ps[0]], **overrides}, {"params": [ps[1]]}]

    _run_pair(
        torch,
        problem,
        lambda ps: getattr(optim, name)(groups(ps), **kwargs),
        lambda ts: getattr(torch.optim, name)(groups(ts), **kwargs),
    )


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("SGD", {"lr": 0.1, "momentum": 0.9}),
        ("Adam", {"lr": 0.01}),
        ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ],
)
def test_trajectory_under_a_scheduler_matches_torch(torch, name, kwargs):
    """Learning rates changed between steps enter the update exactly as in torch."""
    problem = Problem(1.0, seed=2)
    _run_pair(
        torch,
        problem,
        lambda ps: getattr(optim, name)(ps, **kwargs),
        lambda ts: getattr(torch.optim, name)(ts, **kwargs),
        scheduler_pair=(
            lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=7, eta_min=1e-3),
            lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=7, eta_min=1e-3),
        ),
    )


def test_state_buffers_match_torch(torch):
    """Adam's moment estimates (not only the parameters) equal torch's state."""
    problem = Problem(1.0, seed=3)
    params = [Parameter(v.copy()) for v in problem.init]
    tensors = [torch.tensor(v.copy(), requires_grad=True) for v in problem.init]
    ours = optim.Adam(params, lr=0.01, amsgrad=True)
    theirs = torch.optim.Adam(tensors, lr=0.01, amsgrad=True)
    for t in range(5):
        for p, g in zip(params, problem.grads([p.data for p in params], t), strict=True):
            p.grad = g
        for x, g in zip(
            tensors, problem.grads([x.detach().numpy() for x in tensors], t), strict=True
        ):
            x.grad = torch.from_numpy(g)
        ours.step()
        theirs.step()
    for p, x in zip(params, tensors, strict=True):
        for key in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"):
            np.testing.assert_allclose(
                ours.state[p][key], theirs.state[x][key].numpy(), rtol=1e-12, atol=1e-15
            )
        assert ours.state[p]["step"] == int(theirs.state[x]["step"]) == 5


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
        ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
        ("Adam", {"lr": 0.01, "amsgrad": True}),
        ("AdamW", {"lr": 0.01}),
    ],
)
def test_float32_trajectory_matches_torch_float32(torch, name, kwargs):
    """float32 end to end: the same trajectory as torch in float32, up to float32 rounding."""
    problem = Problem(1.0, seed=4)
    params = [Parameter(v.astype(np.float32)) for v in problem.init]
    tensors = [torch.tensor(v, dtype=torch.float32, requires_grad=True) for v in problem.init]
    ours = getattr(optim, name)(params, **kwargs)
    theirs = getattr(torch.optim, name)(tensors, **kwargs)
    for t in range(NUM_STEPS):
        for p, g in zip(params, problem.grads([p.data for p in params], t), strict=True):
            p.grad = g.astype(np.float32)
        for x, g in zip(
            tensors, problem.grads([x.detach().numpy() for x in tensors], t), strict=True
        ):
            x.grad = torch.from_numpy(g.astype(np.float32))
        ours.step()
        theirs.step()
    for p, x in zip(params, tensors, strict=True):
        assert p.data.dtype == np.float32
        np.testing.assert_allclose(p.data, x.detach().numpy(), rtol=1e-5, atol=1e-6)
