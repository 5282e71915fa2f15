"""Every invalid hyper-parameter or parameter list raises at construction with a clear message."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dlnotes import optim
from dlnotes.nn import Linear, Parameter
from dlnotes.optim import lr_scheduler


def _params():
    return [Parameter(np.zeros((2, 3))), Parameter(np.zeros(3))]


INVALID = [
    (optim.SGD, {"lr": -0.1}, ValueError, "SGD: expected lr in [0, inf), got -0.1"),
    (
        optim.SGD,
        {"lr": 0.1, "momentum": -0.5},
        ValueError,
        "SGD: expected momentum in [0, inf), got -0.5",
    ),
    (
        optim.SGD,
        {"lr": 0.1, "dampening": 1.5},
        ValueError,
        "SGD: expected dampening in [0, 1], got 1.5",
    ),
    (
        optim.SGD,
        {"lr": 0.1, "weight_decay": -1e-4},
        ValueError,
        "SGD: expected weight_decay in [0, inf), got -0.0001",
    ),
    (
        optim.SGD,
        {"lr": 0.1, "nesterov": True},
        ValueError,
        "SGD: expected momentum > 0 and dampening == 0 with nesterov=True, got momentum=0.0",
    ),
    (
        optim.SGD,
        {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True},
        ValueError,
        "SGD: expected momentum > 0 and dampening == 0 with nesterov=True, got momentum=0.9 "
        "and dampening=0.1",
    ),
    (
        optim.SGD,
        {"lr": 0.1, "nesterov": "yes"},
        TypeError,
        "SGD: expected nesterov to be a bool, got 'yes'",
    ),
    (optim.SGD, {"lr": "0.1"}, TypeError, "SGD: expected lr to be a real number, got '0.1'"),
    (optim.SGD, {"lr": float("nan")}, ValueError, "SGD: expected lr in [0, inf), got nan"),
    (optim.Adagrad, {"lr": -1.0}, ValueError, "Adagrad: expected lr in [0, inf), got -1.0"),
    (
        optim.Adagrad,
        {"lr_decay": -0.1},
        ValueError,
        "Adagrad: expected lr_decay in [0, inf), got -0.1",
    ),
    (optim.Adagrad, {"eps": -1e-10}, ValueError, "Adagrad: expected eps in [0, inf), got -1e-10"),
    (
        optim.Adagrad,
        {"weight_decay": -0.1},
        ValueError,
        "Adagrad: expected weight_decay in [0, inf), got -0.1",
    ),
    (
        optim.Adagrad,
        {"initial_accumulator_value": -0.1},
        ValueError,
        "Adagrad: expected initial_accumulator_value in [0, inf), got -0.1",
    ),
    (optim.RMSprop, {"lr": -0.01}, ValueError, "RMSprop: expected lr in [0, inf), got -0.01"),
    (optim.RMSprop, {"alpha": 1.2}, ValueError, "RMSprop: expected alpha in [0, 1], got 1.2"),
    (optim.RMSprop, {"alpha": -0.2}, ValueError, "RMSprop: expected alpha in [0, 1], got -0.2"),
    (optim.RMSprop, {"eps": -1.0}, ValueError, "RMSprop: expected eps in [0, inf), got -1.0"),
    (
        optim.RMSprop,
        {"momentum": -0.9},
        ValueError,
        "RMSprop: expected momentum in [0, inf), got -0.9",
    ),
    (
        optim.RMSprop,
        {"weight_decay": -0.9},
        ValueError,
        "RMSprop: expected weight_decay in [0, inf), got -0.9",
    ),
    (optim.RMSprop, {"centered": 1}, TypeError, "RMSprop: expected centered to be a bool, got 1"),
    (optim.Adadelta, {"lr": -1.0}, ValueError, "Adadelta: expected lr in [0, inf), got -1.0"),
    (optim.Adadelta, {"rho": 1.1}, ValueError, "Adadelta: expected rho in [0, 1], got 1.1"),
    (optim.Adadelta, {"rho": -0.1}, ValueError, "Adadelta: expected rho in [0, 1], got -0.1"),
    (optim.Adadelta, {"eps": -1e-6}, ValueError, "Adadelta: expected eps in [0, inf), got -1e-06"),
    (
        optim.Adadelta,
        {"weight_decay": -1.0},
        ValueError,
        "Adadelta: expected weight_decay in [0, inf), got -1.0",
    ),
    (optim.Adam, {"lr": -1e-3}, ValueError, "Adam: expected lr in [0, inf), got -0.001"),
    (optim.Adam, {"betas": (1.5, 0.999)}, ValueError, "Adam: expected betas[0] in [0, 1), got 1.5"),
    (optim.Adam, {"betas": (0.9, 1.0)}, ValueError, "Adam: expected betas[1] in [0, 1), got 1.0"),
    (optim.Adam, {"betas": (-0.1, 0.9)}, ValueError, "Adam: expected betas[0] in [0, 1), got -0.1"),
    (optim.Adam, {"betas": 0.9}, TypeError, "Adam: expected betas to be a pair of floats, got 0.9"),
    (optim.Adam, {"eps": -1e-8}, ValueError, "Adam: expected eps in [0, inf), got -1e-08"),
    (
        optim.Adam,
        {"weight_decay": -0.1},
        ValueError,
        "Adam: expected weight_decay in [0, inf), got -0.1",
    ),
    (optim.Adam, {"amsgrad": "no"}, TypeError, "Adam: expected amsgrad to be a bool, got 'no'"),
    (optim.AdamW, {"betas": (0.9, 1.5)}, ValueError, "AdamW: expected betas[1] in [0, 1), got 1.5"),
    (
        optim.AdamW,
        {"weight_decay": -0.01},
        ValueError,
        "AdamW: expected weight_decay in [0, inf), got -0.01",
    ),
]


@pytest.mark.parametrize(
    "cls, kwargs, error, message",
    INVALID,
    ids=[f"{c.__name__}-{sorted(k)}-{m[-12:]}" for c, k, _, m in INVALID],
)
def test_invalid_hyperparameter_raises(cls, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        cls(_params(), **kwargs)


GROUP_OVERRIDES = [
    case
    for case in INVALID
    if (case[0], case[1])
    in (
        (optim.SGD, {"lr": -0.1}),
        (optim.Adam, {"betas": (1.5, 0.999)}),
        (optim.RMSprop, {"alpha": 1.2}),
    )
]


@pytest.mark.parametrize("cls, kwargs, error, message", GROUP_OVERRIDES)
def test_invalid_group_override_raises(cls, kwargs, error, message):
    """A hyper-parameter overridden in one group is checked like a constructor argument."""
    assert len(GROUP_OVERRIDES) == 3
    ps = _params()
    defaults = {"lr": 0.1} if cls is optim.SGD else {}
    with pytest.raises(error, match=re.escape(message)):
        cls([{"params": [ps[0]]}, {"params": [ps[1]], **kwargs}], **defaults)


@pytest.mark.parametrize(
    "cls", [optim.SGD, optim.Adagrad, optim.RMSprop, optim.Adadelta, optim.Adam, optim.AdamW]
)
def test_bad_parameter_lists_raise(cls):
    name = cls.__name__
    p = Parameter(np.zeros(3))
    with pytest.raises(
        ValueError, match=f"{name}: expected a non-empty parameter list, got an empty list"
    ):
        cls([], lr=0.1)
    with pytest.raises(ValueError, match=f"{name}: expected a non-empty parameter list"):
        cls(iter(()), lr=0.1)
    with pytest.raises(
        TypeError, match=f"{name}: expected params to be dlnotes.nn.Parameter objects, got ndarray"
    ):
        cls([np.zeros(3)], lr=0.1)
    with pytest.raises(
        TypeError, match=f"{name}: expected params to be dlnotes.nn.Parameter objects, got float"
    ):
        cls([p, 1.0], lr=0.1)
    with pytest.raises(
        TypeError,
        match=f"{name}: expected params to be an iterable of Parameters or of dicts, got Parameter",
    ):
        cls(p, lr=0.1)
    with pytest.raises(TypeError, match=f"{name}: expected params to be an iterable"):
        cls(np.zeros(3), lr=0.1)
    with pytest.raises(ValueError, match=f"{name}: expected each parameter at most once"):
        cls([p, p], lr=0.1)
    with pytest.raises(ValueError, match=f"{name}: expected each parameter in exactly one group"):
        cls([{"params": [p]}, {"params": [p]}], lr=0.1)
    with pytest.raises(
        ValueError,
        match=f"{name}: expected a parameter group with a 'params' entry, got \\['lr'\\]",
    ):
        cls([{"lr": 0.1}], lr=0.1)
    with pytest.raises(
        ValueError, match=f"{name}: expected hyper-parameters among .*, got \\['learning_rate'\\]"
    ):
        cls([{"params": [p], "learning_rate": 0.1}], lr=0.1)
    with pytest.raises(TypeError, match=f"{name}: expected each parameter group to be a dict"):
        cls([{"params": [p]}, [p]], lr=0.1)


def test_sgd_requires_lr():
    with pytest.raises(TypeError):
        optim.SGD(_params())


def test_module_parameters_generator_is_accepted():
    model = Linear(3, 2)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    assert len(optimizer.param_groups[0]["params"]) == 2


def test_gradient_of_wrong_shape_raises_at_step():
    p = Parameter(np.zeros(3))
    optimizer = optim.Adam([p])
    p.grad = np.zeros(4)
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Adam: expected grad of shape (3,) for a parameter of that shape, got (4,)"
        ),
    ):
        optimizer.step()


def test_load_state_dict_validates_layout():
    p, q = _params()
    source = optim.Adam([p, q])
    with pytest.raises(
        ValueError, match=re.escape("Adam: expected a state_dict with group sizes [1], got [2]")
    ):
        optim.Adam([p]).load_state_dict(source.state_dict())
    with pytest.raises(
        TypeError, match="Adam: expected a state_dict with 'state' and 'param_groups'"
    ):
        optim.Adam([p]).load_state_dict({"state": {}})
    p.grad[...] = 1.0
    q.grad[...] = 1.0
    source.step()
    # Same number of parameters but the first has another shape.
    target = optim.Adam([Parameter(np.zeros(5)), Parameter(np.zeros(3))])
    with pytest.raises(
        ValueError, match=re.escape("Adam: expected state 'exp_avg' of shape (5,), got (2, 3)")
    ):
        target.load_state_dict(source.state_dict())


SCHEDULER_INVALID = [
    (
        lambda o: lr_scheduler.StepLR(o, step_size=0),
        ValueError,
        "StepLR: expected step_size to be a positive integer, got 0",
    ),
    (
        lambda o: lr_scheduler.StepLR(o, step_size=2.5),
        TypeError,
        "StepLR: expected step_size to be a positive integer, got 2.5",
    ),
    (
        lambda o: lr_scheduler.StepLR(o, step_size=2, gamma=-0.1),
        ValueError,
        "StepLR: expected gamma in [0, inf), got -0.1",
    ),
    (
        lambda o: lr_scheduler.ExponentialLR(o, gamma=-1.0),
        ValueError,
        "ExponentialLR: expected gamma in [0, inf), got -1.0",
    ),
    (
        lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=0),
        ValueError,
        "CosineAnnealingLR: expected T_max to be a positive integer, got 0",
    ),
    (
        lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=-1e-3),
        ValueError,
        "CosineAnnealingLR: expected eta_min in [0, inf), got -0.001",
    ),
    (
        lambda o: lr_scheduler.LambdaLR(o, lr_lambda=0.5),
        TypeError,
        "LambdaLR: expected lr_lambda to be callable, got float",
    ),
    (
        lambda o: lr_scheduler.LambdaLR(o, lr_lambda=[abs, abs]),
        ValueError,
        "LambdaLR: expected 1 lr_lambdas (one per parameter group), got 2",
    ),
    (
        lambda o: lr_scheduler.ExponentialLR(o, gamma=0.5, last_epoch=3),
        ValueError,
        "ExponentialLR: expected 'initial_lr' in param_groups[0] when resuming",
    ),
    (
        lambda o: lr_scheduler.ExponentialLR(o, gamma=0.5, last_epoch=-2),
        ValueError,
        "ExponentialLR: expected last_epoch to be an integer >= -1, got -2",
    ),
]


@pytest.mark.parametrize("make, error, message", SCHEDULER_INVALID)
def test_invalid_scheduler_arguments_raise(make, error, message):
    optimizer = optim.SGD(_params(), lr=0.1)
    with pytest.raises(error, match=re.escape(message)):
        make(optimizer)


def test_scheduler_requires_an_optimizer():
    with pytest.raises(TypeError, match="StepLR: expected a dlnotes.optim.Optimizer, got list"):
        lr_scheduler.StepLR([], step_size=1)
    with pytest.raises(TypeError, match="LambdaLR: expected a dlnotes.optim.Optimizer"):
        lr_scheduler.LambdaLR(None, lr_lambda=abs)
