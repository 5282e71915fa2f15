"""Properties of the optimizers that hold without an oracle.

Convergence on random convex quadratics, Adam's first step from its formula, dtype
preservation, and the contract with ``Parameter.grad`` (read, never written).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes import optim
from dlnotes.nn import Parameter

# (name, kwargs, L2 weight decay that enters the gradient); lrs are "reasonable" for
# curvatures in [0.5, 2]. Weight decay shifts the minimiser to the ridge solution.
CONVEX_CONFIGS = [
    ("SGD", {"lr": 0.3}, 0.0),
    ("SGD", {"lr": 0.05, "momentum": 0.9}, 0.0),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, 0.0),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "dampening": 0.5, "weight_decay": 0.3}, 0.3),
    ("Adagrad", {"lr": 1.0}, 0.0),
    ("Adagrad", {"lr": 1.0, "lr_decay": 1e-3, "weight_decay": 0.2}, 0.2),
    ("RMSprop", {"lr": 0.02}, 0.0),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}, 0.0),
    ("Adadelta", {"eps": 1e-3}, 0.0),
    ("Adam", {"lr": 0.05}, 0.0),
    ("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.2}, 0.2),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.0}, 0.0),
]


def _quadratic(seed: int):
    """f(θ) = ½ (θ - θ*)ᵀ A (θ - θ*) with A symmetric, eigenvalues in [0.5, 2]."""
    rng = np.random.default_rng(seed)
    d = int(rng.integers(2, 6))
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    a = q @ np.diag(rng.uniform(0.5, 2.0, size=d)) @ q.T
    center = rng.normal(size=d)
    start = center + 3 * rng.normal(size=d)
    return a, center, start


@pytest.mark.parametrize(
    "name, kwargs, decay",
    CONVEX_CONFIGS,
    ids=[f"{n}-{sorted(k.items())}" for n, k, _ in CONVEX_CONFIGS],
)
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_minimises_a_convex_quadratic(name, kwargs, decay, seed):
    a, center, start = _quadratic(seed)
    # Minimiser of f(θ) + decay/2 ||θ||²: (A + decay I) θ = A θ*.
    target = np.linalg.solve(a + decay * np.eye(len(center)), a @ center)
    h = a + decay * np.eye(len(center))

    def excess(theta):
        return 0.5 * (theta - target) @ h @ (theta - target)

    w = Parameter(start)
    optimizer = getattr(optim, name)([w], **kwargs)
    for _ in range(1000):
        optimizer.zero_grad()
        w.grad += a @ (w.data - center)
        optimizer.step()
    # Adaptive methods with a constant lr hover within O(lr) of the minimum, hence the floor
    # of 1 on the reference (starts near the minimum would otherwise demand the impossible).
    assert excess(w.data) <= 1e-2 * max(excess(start), 1.0)
    assert np.abs(w.data - target).max() < 0.1


@pytest.mark.parametrize(
    "betas, eps, scale",
    [((0.9, 0.999), 1e-8, 1.0), ((0.5, 0.9), 1e-3, 1.0), ((0.9, 0.999), 1e-8, 1e-8)],
)
def test_adam_first_step_follows_the_formula(betas, eps, scale, rng):
    lr = 0.01
    start = rng.normal(size=(4, 3))
    grad = scale * rng.normal(size=(4, 3))
    w = Parameter(start)
    optimizer = optim.Adam([w], lr=lr, betas=betas, eps=eps)
    w.grad = grad.copy()
    optimizer.step()
    beta1, beta2 = betas
    m_hat = (1 - beta1) * grad / (1 - beta1)
    v_hat = (1 - beta2) * grad**2 / (1 - beta2)
    expected = start - lr * m_hat / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(w.data, expected, rtol=1e-13, atol=1e-16)
    # Which, for gradients well above eps, is a step of lr against the gradient's sign.
    if scale == 1.0 and eps < 1e-6:
        np.testing.assert_allclose(w.data, start - lr * np.sign(grad), rtol=1e-6)


ALL_OPTIMIZERS = [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.2}),
    ("Adagrad", {"lr_decay": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.1}),
    ("RMSprop", {"centered": True, "momentum": 0.9, "weight_decay": 0.1}),
    ("Adadelta", {"weight_decay": 0.1}),
    ("Adam", {"amsgrad": True, "weight_decay": 0.1}),
    ("AdamW", {"amsgrad": True}),
]
IDS = [n + "-" + "-".join(k) for n, k in ALL_OPTIMIZERS]


@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, kwargs", ALL_OPTIMIZERS, ids=IDS)
def test_float32_parameters_stay_float32(name, kwargs, grad_dtype, rng):
    start = rng.normal(size=(3, 4))
    w32, w64 = Parameter(start.astype(np.float32)), Parameter(start)
    opt32 = getattr(optim, name)([w32], **kwargs)
    opt64 = getattr(optim, name)([w64], **kwargs)
    for _ in range(10):
        grad = rng.normal(size=(3, 4))
        w32.grad = grad.astype(grad_dtype)
        w64.grad = grad.copy()
        opt32.step()
        opt64.step()
        assert w32.data.dtype == np.float32
    for key, value in opt32.state[w32].items():
        if isinstance(value, np.ndarray):
            assert value.dtype == np.float32, key
    # Same algorithm, float32 rounding only.
    np.testing.assert_allclose(w32.data, w64.data, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name, kwargs", ALL_OPTIMIZERS, ids=IDS)
def test_step_updates_data_in_place_and_never_writes_grad(name, kwargs, rng):
    w = Parameter(rng.normal(size=(5,)))
    data_buffer = w.data
    optimizer = getattr(optim, name)([w], **kwargs)
    for _ in range(3):
        grad = rng.normal(size=(5,))
        w.grad[...] = grad
        grad_buffer = w.grad
        before = w.data.copy()
        optimizer.step()
        assert w.grad is grad_buffer
        np.testing.assert_array_equal(w.grad, grad)
        assert not np.array_equal(w.data, before)
    assert w.data is data_buffer


def test_zero_grad_step_with_none_grad_and_closure():
    w, v = Parameter(np.ones(3)), Parameter(np.ones(2))
    optimizer = optim.SGD([w, v], lr=0.5)
    w.grad[...] = 2.0
    v.grad = None  # like a parameter unused in this forward pass: skipped, as in torch
    loss = optimizer.step(closure=lambda: 1.25)
    assert loss == 1.25
    np.testing.assert_array_equal(w.data, np.zeros(3))
    np.testing.assert_array_equal(v.data, np.ones(2))
    assert v not in optimizer.state
    optimizer.zero_grad()
    np.testing.assert_array_equal(w.grad, np.zeros(3))
    np.testing.assert_array_equal(v.grad, np.zeros(2))
    assert optimizer.step() is None


def test_zero_lr_leaves_parameters_unchanged(rng):
    """lr = 0 is allowed (as in torch) and moves nothing, even with momentum buffers."""
    w = Parameter(rng.normal(size=4))
    start = w.data.copy()
    optimizer = optim.Adam([w], lr=0.0)
    w.grad[...] = rng.normal(size=4)
    optimizer.step()
    np.testing.assert_array_equal(w.data, start)
