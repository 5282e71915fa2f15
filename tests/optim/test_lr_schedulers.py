"""Learning-rate schedules: the same sequences as torch.optim.lr_scheduler over 3+ periods."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlnotes import optim
from dlnotes.nn import Parameter
from dlnotes.optim import lr_scheduler

LRS = (0.1, 0.03)  # two parameter groups with different learning rates


def _our_optimizer():
    return optim.SGD(
        [
            {"params": [Parameter(np.zeros(2))], "lr": LRS[0]},
            {"params": [Parameter(np.zeros(3))], "lr": LRS[1]},
        ],
        lr=1.0,
        momentum=0.9,
    )


def _torch_optimizer(torch):
    return torch.optim.SGD(
        [
            {"params": [torch.zeros(2, requires_grad=True)], "lr": LRS[0]},
            {"params": [torch.zeros(3, requires_grad=True)], "lr": LRS[1]},
        ],
        lr=1.0,
        momentum=0.9,
    )


def _sequence(optimizer, scheduler, num_epochs):
    """Per epoch: (last_epoch, get_last_lr(), the groups' lr), stepping as a training loop does."""
    out = []
    for _ in range(num_epochs):
        out.append(
            (
                scheduler.last_epoch,
                list(scheduler.get_last_lr()),
                [g["lr"] for g in optimizer.param_groups],
            )
        )
        optimizer.step()
        scheduler.step()
    return out


SCHEDULES = [
    ("StepLR", {"step_size": 3, "gamma": 0.5}, 3 * 3 + 2),
    ("StepLR", {"step_size": 1}, 5),
    ("ExponentialLR", {"gamma": 0.8}, 25),
    ("CosineAnnealingLR", {"T_max": 5}, 3 * 2 * 5 + 3),
    ("CosineAnnealingLR", {"T_max": 4, "eta_min": 0.01}, 3 * 2 * 4 + 3),
    ("CosineAnnealingLR", {"T_max": 1, "eta_min": 0.001}, 8),
    ("LambdaLR", {"lr_lambda": lambda epoch: 0.95**epoch * (1 + epoch % 3)}, 20),
    ("LambdaLR", {"lr_lambda": [lambda epoch: 1 / (1 + epoch), lambda epoch: 0.9**epoch]}, 20),
]


@pytest.mark.torch
@pytest.mark.parametrize(
    "name, kwargs, num_epochs",
    SCHEDULES,
    ids=[
        f"{n}-{sorted(k.items()) if n != 'LambdaLR' else i}"
        for i, (n, k, _) in enumerate(SCHEDULES)
    ],
)
def test_schedule_matches_torch(torch, name, kwargs, num_epochs):
    ours_opt, theirs_opt = _our_optimizer(), _torch_optimizer(torch)
    ours = getattr(lr_scheduler, name)(ours_opt, **kwargs)
    theirs = getattr(torch.optim.lr_scheduler, name)(theirs_opt, **kwargs)
    assert ours.base_lrs == pytest.approx(theirs.base_lrs, rel=0, abs=0)
    got, expected = _sequence(ours_opt, ours, num_epochs), _sequence(theirs_opt, theirs, num_epochs)
    for (epoch, last, group_lrs), (t_epoch, t_last, t_group_lrs) in zip(got, expected, strict=True):
        assert epoch == t_epoch
        np.testing.assert_allclose(last, t_last, rtol=1e-13, atol=1e-15, err_msg=f"{epoch}")
        np.testing.assert_allclose(group_lrs, t_group_lrs, rtol=1e-13, atol=1e-15)
    # The schedule really changed the learning rate.
    assert len({round(lrs[0], 12) for _, lrs, _ in got}) > 1


def test_step_lr_closed_form():
    optimizer = _our_optimizer()
    scheduler = lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.3)
    for epoch, last, _ in _sequence(optimizer, scheduler, 13):
        expected = [lr * 0.3 ** (epoch // 4) for lr in LRS]
        np.testing.assert_allclose(last, expected, rtol=1e-14)


def test_cosine_recursive_form_follows_the_closed_form_over_periods():
    optimizer = _our_optimizer()
    eta_min, t_max = 0.002, 6
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=t_max, eta_min=eta_min)
    for epoch, last, _ in _sequence(optimizer, scheduler, 3 * 2 * t_max + 1):
        expected = [
            eta_min + (lr - eta_min) * (1 + math.cos(math.pi * epoch / t_max)) / 2 for lr in LRS
        ]
        np.testing.assert_allclose(last, expected, rtol=1e-12, atol=1e-15)


def test_constructor_sets_epoch_zero_and_records_initial_lr():
    optimizer = _our_optimizer()
    scheduler = lr_scheduler.ExponentialLR(optimizer, gamma=0.5)
    assert scheduler.last_epoch == 0
    assert scheduler.get_last_lr() == list(LRS)
    assert [g["initial_lr"] for g in optimizer.param_groups] == list(LRS)
    assert scheduler.base_lrs == list(LRS)


def test_scheduler_resumes_from_state_dicts():
    """Optimizer + scheduler state dicts resume the schedule exactly where it stopped."""
    optimizer = _our_optimizer()
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=5, eta_min=0.01)
    _sequence(optimizer, scheduler, 7)
    saved_opt, saved_sched = optimizer.state_dict(), scheduler.state_dict()
    expected = _sequence(optimizer, scheduler, 10)

    resumed_opt = _our_optimizer()
    resumed_opt.load_state_dict(saved_opt)
    resumed = lr_scheduler.CosineAnnealingLR(resumed_opt, T_max=5, eta_min=0.01)
    resumed.load_state_dict(saved_sched)
    assert _sequence(resumed_opt, resumed, 10) == expected


RESUMABLE = [
    ("StepLR", {"step_size": 2, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.5}),
    ("CosineAnnealingLR", {"T_max": 5, "eta_min": 0.01}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 0.9**epoch}),
]


@pytest.mark.torch
@pytest.mark.parametrize("name, kwargs", RESUMABLE, ids=[n for n, _ in RESUMABLE])
def test_resuming_with_last_epoch_matches_torch(torch, name, kwargs):
    """``last_epoch >= 0`` continues from the groups' ``initial_lr``, quirks included."""
    ours_opt, theirs_opt = _our_optimizer(), _torch_optimizer(torch)
    for opt in (ours_opt, theirs_opt):
        for group, initial in zip(opt.param_groups, (0.2, 0.05), strict=True):
            group["initial_lr"] = initial
    ours = getattr(lr_scheduler, name)(ours_opt, last_epoch=3, **kwargs)
    theirs = getattr(torch.optim.lr_scheduler, name)(theirs_opt, last_epoch=3, **kwargs)
    assert ours.last_epoch == theirs.last_epoch == 4
    assert ours.base_lrs == [0.2, 0.05]
    got, expected = _sequence(ours_opt, ours, 8), _sequence(theirs_opt, theirs, 8)
    for (epoch, last, _), (t_epoch, t_last, _) in zip(got, expected, strict=True):
        assert epoch == t_epoch
        np.testing.assert_allclose(last, t_last, rtol=1e-13)
