"""Test functions of chapter S3: exact gradients, minima, dtypes and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.book.objectives import Beale, Rosenbrock, ill_conditioned_quadratic
from dlnotes.gradcheck import numerical_gradient

FUNCTIONS = [Rosenbrock(), Rosenbrock(a=0.5, b=10.0), Beale(), ill_conditioned_quadratic(7.0)]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: type(f).__name__)
def test_gradient_matches_central_differences(f, rng):
    for _ in range(5):
        x = rng.uniform(-2, 2, size=2)
        numeric = numerical_gradient(lambda x: float(f(x)), x)
        np.testing.assert_allclose(f.grad(x), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: type(f).__name__)
def test_minimum_is_a_zero_of_value_and_gradient(f):
    np.testing.assert_allclose(f(f.minimizer), 0.0, atol=1e-14)
    np.testing.assert_allclose(f.grad(f.minimizer), 0.0, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(batch=st.lists(st.integers(1, 3), max_size=2).map(tuple), seed=st.integers(0, 999))
def test_batched_points_evaluate_row_by_row(batch, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(*batch, 2))
    for f in FUNCTIONS:
        values, grads = f(x), f.grad(x)
        assert values.shape == batch and grads.shape == x.shape
        flat = x.reshape(-1, 2)
        np.testing.assert_allclose(values.reshape(-1), [f(p) for p in flat])
        np.testing.assert_allclose(grads.reshape(-1, 2), [f.grad(p) for p in flat])


@pytest.mark.torch
@pytest.mark.parametrize("cls", [Rosenbrock, Beale])
def test_gradient_matches_torch_autograd(torch, cls, rng):
    f = cls()
    x = rng.uniform(-2, 2, size=(6, 2))
    xt = torch.tensor(x, requires_grad=True)
    if cls is Rosenbrock:
        value = (1 - xt[:, 0]) ** 2 + 100 * (xt[:, 1] - xt[:, 0] ** 2) ** 2
    else:
        value = sum(
            (c - xt[:, 0] + xt[:, 0] * xt[:, 1] ** i) ** 2
            for i, c in enumerate((1.5, 2.25, 2.625), start=1)
        )
    value.sum().backward()
    np.testing.assert_allclose(f(x), value.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(f.grad(x), xt.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "f",
    [
        Rosenbrock(dtype=np.float32),
        Beale(dtype=np.float32),
        ill_conditioned_quadratic(5.0, dtype=np.float32),
    ],
    ids=lambda f: type(f).__name__,
)
def test_float32_is_preserved(f):
    x = np.array([0.5, -0.25], dtype=np.float32)
    assert f(x).dtype == np.float32
    assert f.grad(x).dtype == np.float32
    assert f.minimizer.dtype == np.float32


def test_bad_input():
    with pytest.raises(
        ValueError, match=r"Rosenbrock: expected x with last dimension 2, got \(3,\)"
    ):
        Rosenbrock().grad(np.zeros(3))
    with pytest.raises(ValueError, match="Beale: expected x with last dimension 2"):
        Beale()(np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"Rosenbrock: expected b in \(0.0, inf\]"):
        Rosenbrock(b=0.0)
    with pytest.raises(TypeError, match="Beale: expected dtype float32 or float64"):
        Beale(dtype=np.int64)
    with pytest.raises(ValueError, match="ill_conditioned_quadratic: expected condition_number"):
        ill_conditioned_quadratic(0.5)
