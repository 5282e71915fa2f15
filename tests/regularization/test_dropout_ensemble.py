"""The exact dropout ensemble over all masks against the weight-scaling rule (§7.12)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlnotes import nn
from dlnotes.nn.functional import softmax
from dlnotes.regularization import all_masks, dropout_ensemble


def _tiny_mlp(seed: int = 0) -> nn.Sequential:
    rng = np.random.default_rng(seed)
    return nn.Sequential(nn.Linear(4, 5, rng=rng), nn.Tanh(), nn.Linear(5, 3, rng=rng))


def _brute_force(model: nn.Sequential, x: np.ndarray, p: float):
    """Loop over masks one by one with explicit per-unit weights (an independent route)."""
    lin1, _, lin2 = list(model)
    assert isinstance(lin1, nn.Linear) and isinstance(lin2, nn.Linear)
    W1, b1, W2, b2 = lin1.weight.data, lin1.bias.data, lin2.weight.data, lin2.bias.data
    log_geo, arith = np.zeros((len(x), 3)), np.zeros((len(x), 3))
    for bits in itertools.product([0, 1], repeat=9):
        m = np.array(bits, dtype=float)
        weight = np.prod(np.where(m == 1, 1 - p, p))
        h = np.tanh((x * m[:4]) @ W1.T + b1)
        probs = softmax((h * m[4:]) @ W2.T + b2, dim=-1)
        log_geo += weight * np.log(probs)
        arith += weight * probs
    geo = np.exp(log_geo)
    return geo / geo.sum(axis=1, keepdims=True), arith


def test_all_masks_enumerates_every_binary_vector_once():
    m = all_masks(4)
    assert m.shape == (16, 4)
    assert len({tuple(r) for r in m}) == 16


@pytest.mark.parametrize("p", [0.5, 0.2])
def test_ensemble_matches_a_brute_force_loop_over_masks(p, rng):
    model, x = _tiny_mlp(), rng.standard_normal((6, 4))
    ens = dropout_ensemble(model, x, p=p)
    geo, arith = _brute_force(model, x, p)
    assert ens.num_masks == 2**9
    np.testing.assert_allclose(ens.geometric, geo, rtol=1e-10)
    np.testing.assert_allclose(ens.arithmetic, arith, rtol=1e-10)


def test_weight_scaling_is_exact_for_softmax_regression(rng):
    layer = nn.Linear(10, 4, rng=rng)
    x = rng.standard_normal((8, 10))
    ens = dropout_ensemble(layer, x, p=0.5)
    assert ens.num_masks == 1024
    np.testing.assert_allclose(ens.geometric, ens.weight_scaled, rtol=1e-12, atol=1e-15)
    # ...but not equal to the arithmetic mean: the geometric mean is what the rule computes
    assert np.abs(ens.arithmetic - ens.geometric).max() > 1e-3


def test_weight_scaling_is_only_approximate_with_a_nonlinear_hidden_layer(rng):
    x = rng.standard_normal((50, 4))
    ens = dropout_ensemble(_tiny_mlp(), x, p=0.5)
    gap = np.abs(ens.geometric - ens.weight_scaled).max()
    assert 1e-4 < gap < 0.2  # not exact, but close
    # the predicted classes nearly always agree
    agree = np.mean(ens.geometric.argmax(1) == ens.weight_scaled.argmax(1))
    assert agree >= 0.9


def test_p_zero_is_the_full_network_and_the_mode_is_restored(rng):
    model, x = _tiny_mlp(), rng.standard_normal((3, 4))
    model.train()
    ens = dropout_ensemble(model, x, p=0.0)
    full = softmax(model(x), dim=-1)
    np.testing.assert_allclose(ens.geometric, full, rtol=1e-12)
    np.testing.assert_allclose(ens.weight_scaled, full, rtol=1e-12)
    assert model.training


def test_bad_inputs_raise_house_errors(rng):
    with pytest.raises(ValueError, match=r"dropout_ensemble: expected x of shape \(N, 4\)"):
        dropout_ensemble(_tiny_mlp(), np.ones((2, 3)))
    with pytest.raises(ValueError, match="dropout_ensemble: expected at most 20 droppable"):
        dropout_ensemble(nn.Linear(21, 2, rng=rng), np.ones((1, 21)))
    nested = nn.Sequential(nn.Sequential(nn.Linear(2, 2, rng=rng)), nn.Linear(2, 2, rng=rng))
    with pytest.raises(ValueError, match="dropout_ensemble: expected a flat Sequential"):
        dropout_ensemble(nested, np.ones((1, 2)))
    with pytest.raises(TypeError, match="dropout_ensemble: expected a Linear or a Sequential"):
        dropout_ensemble(nn.ReLU(), np.ones((1, 2)))


def test_the_pages_relu_network_weight_scaling_is_close_but_not_exact():
    r = np.random.default_rng(0)
    tiny = nn.Sequential(nn.Linear(4, 6, rng=r), nn.ReLU(), nn.Linear(6, 3, rng=r))
    ens = dropout_ensemble(tiny, r.standard_normal((200, 4)))
    assert ens.num_masks == 1024
    assert 1e-4 < np.abs(ens.geometric - ens.weight_scaled).max() < 0.1
    assert np.mean(ens.geometric.argmax(1) == ens.weight_scaled.argmax(1)) >= 0.9
