"""Tests of ``dlnotes.nn.init``: gains, fans, distributions, in-place semantics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlnotes.nn import Parameter, init

GAIN_CASES = [
    ("linear", None),
    ("conv2d", None),
    ("sigmoid", None),
    ("tanh", None),
    ("relu", None),
    ("leaky_relu", None),
    ("leaky_relu", 0.2),
    ("leaky_relu", math.sqrt(5)),
    ("selu", None),
]
SHAPES = [(300, 200), (64, 16, 5, 5), (50, 400)]


@pytest.mark.torch
@pytest.mark.parametrize("nonlinearity, param", GAIN_CASES)
def test_calculate_gain_matches_torch(torch, nonlinearity, param):
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity, param), rel=1e-15
    )


@pytest.mark.torch
@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_torch(torch, shape):
    expected = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert init._fans("test", np.empty(shape)) == expected


def _fans(shape):
    receptive = int(np.prod(shape[2:]))
    return shape[1] * receptive, shape[0] * receptive


@pytest.mark.parametrize("shape", SHAPES)
def test_xavier_uniform_bound_and_spread(rng, shape):
    fan_in, fan_out = _fans(shape)
    bound = 2.0 * math.sqrt(6 / (fan_in + fan_out))
    w = init.xavier_uniform_(np.empty(shape), gain=2.0, rng=rng)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize("shape", SHAPES)
def test_xavier_normal_std(rng, shape):
    fan_in, fan_out = _fans(shape)
    w = init.xavier_normal_(np.empty(shape), rng=rng)
    assert w.std() == pytest.approx(math.sqrt(2 / (fan_in + fan_out)), rel=0.02)
    assert abs(w.mean()) < 0.01


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_kaiming_statistics(rng, shape, mode):
    fan = _fans(shape)[0 if mode == "fan_in" else 1]
    std = math.sqrt(2) / math.sqrt(fan)
    w = init.kaiming_normal_(np.empty(shape), mode=mode, nonlinearity="relu", rng=rng)
    assert w.std() == pytest.approx(std, rel=0.02)
    u = init.kaiming_uniform_(np.empty(shape), a=0.2, mode=mode, rng=rng)
    bound = math.sqrt(2 / (1 + 0.04)) * math.sqrt(3 / fan)
    assert np.abs(u).max() <= bound and np.abs(u).max() > 0.99 * bound


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 2, 3), (7, 7)])
def test_orthogonal_gives_orthonormal_rows_or_columns(rng, shape):
    w = init.orthogonal_(np.empty(shape), gain=1.5, rng=rng).reshape(shape[0], -1) / 1.5
    rows, cols = w.shape
    gram = w @ w.T if rows <= cols else w.T @ w
    np.testing.assert_allclose(gram, np.eye(min(rows, cols)), atol=1e-12)


def test_simple_fills(rng):
    w = np.empty((100, 100))
    assert init.zeros_(w) is w and not w.any()
    assert (init.ones_(w) == 1).all()
    assert (init.constant_(w, 0.5) == 0.5).all()
    init.uniform_(w, -3.0, -1.0, rng=rng)
    assert w.min() >= -3 and w.max() <= -1
    init.normal_(w, mean=2.0, std=0.5, rng=rng)
    assert w.mean() == pytest.approx(2.0, abs=0.02) and w.std() == pytest.approx(0.5, rel=0.02)


def test_init_is_in_place_on_parameters_and_keeps_dtype(rng):
    p = Parameter(np.zeros((30, 20), dtype=np.float32))
    data = p.data
    assert init.xavier_uniform_(p, rng=rng) is p
    assert p.data is data and p.dtype == np.float32 and p.data.any()
    init.orthogonal_(p, rng=rng)
    assert p.dtype == np.float32


def test_init_is_reproducible_and_leaves_global_state_alone():
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - the point of the test
    a = init.kaiming_uniform_(np.empty((5, 5)), rng=np.random.default_rng(1))
    b = init.kaiming_uniform_(np.empty((5, 5)), rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_init_bad_input():
    with pytest.raises(ValueError, match=r"xavier_uniform_: expected a tensor with at least 2 dim"):
        init.xavier_uniform_(np.empty(5))
    with pytest.raises(ValueError, match="kaiming_normal_: expected mode in"):
        init.kaiming_normal_(np.empty((3, 3)), mode="fan_avg")
    with pytest.raises(ValueError, match="calculate_gain: expected nonlinearity in"):
        init.kaiming_uniform_(np.empty((3, 3)), nonlinearity="swish")
    with pytest.raises(TypeError, match="uniform_: expected a Parameter or a floating numpy array"):
        init.uniform_([1.0, 2.0])
    with pytest.raises(TypeError, match="zeros_: expected a Parameter or a floating numpy array"):
        init.zeros_(np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match="uniform_: expected a <= b"):
        init.uniform_(np.empty(3), 1.0, 0.0)
    with pytest.raises(ValueError, match=r"normal_: expected std in \[0.0, inf\]"):
        init.normal_(np.empty(3), std=-1.0)
    with pytest.raises(ValueError, match="orthogonal_: expected a tensor with at least 2"):
        init.orthogonal_(np.empty(3))
