"""The autoencoder, its objective and training loop (§14.1)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes import nn
from dlnotes.generative import (
    Autoencoder,
    AutoencoderObjective,
    dense_autoencoder,
    reconstruction_error,
    train_autoencoder,
)
from dlnotes.gradcheck import check_module


@pytest.mark.parametrize("activation", ["sigmoid", "relu", None])
def test_objective_gradients_pass_central_differences(rng, activation):
    model = dense_autoencoder(6, 3, activation=activation, rng=rng)
    x = rng.uniform(0.1, 0.9, size=(5, 6))
    target = rng.uniform(size=(5, 6))
    check_module(AutoencoderObjective(model), x, target, rng=rng, fixed_inputs=(1,))


def test_model_backward_adds_the_code_gradient(rng):
    # The code gradient enters where the code is: the encoder's backward of (decoder + extra).
    model = dense_autoencoder(5, 2, rng=rng)
    x = rng.normal(size=(4, 5))
    g_out, g_code = rng.normal(size=(4, 5)), rng.normal(size=(4, 2))
    model(x)
    dx = model.backward(g_out, code_grad=g_code)
    model.zero_grad()
    model(x)
    expected = model.encoder.backward(model.decoder.backward(g_out) + g_code)
    np.testing.assert_allclose(dx, expected, rtol=1e-12)


def test_reconstruction_error_is_the_mean_squared_norm():
    r = np.array([[1.0, 2.0], [0.0, 0.0]])
    assert reconstruction_error(r, np.zeros((2, 2))) == pytest.approx(2.5)


def test_training_lowers_the_loss_and_is_deterministic():
    gen = np.random.default_rng(0)
    X = 0.5 + 0.1 * gen.normal(size=(40, 2)) @ gen.normal(size=(2, 6))  # rank 2 around 0.5

    def run():
        model = dense_autoencoder(6, 3, rng=np.random.default_rng(1))
        return train_autoencoder(model, X, epochs=100, rng=np.random.default_rng(2)), model

    losses, model = run()
    again, other = run()
    assert losses == again
    np.testing.assert_array_equal(model(X), other(X))
    assert losses[-1] < 0.6 * losses[0]  # measured 0.45


def test_bad_inputs_raise_clear_errors(rng):
    with pytest.raises(ValueError, match="dense_autoencoder: expected activation"):
        dense_autoencoder(4, 2, activation="tanh")
    with pytest.raises(TypeError, match="Autoencoder: expected encoder to be a Module"):
        Autoencoder("not a module", nn.Linear(2, 4))  # type: ignore[arg-type]
    model = dense_autoencoder(4, 2, rng=rng)
    model(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="Autoencoder: expected code_grad of shape"):
        model.backward(np.zeros((3, 4)), code_grad=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="AutoencoderObjective: expected x_input and x_target"):
        AutoencoderObjective(model)(np.zeros((3, 4)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="train_autoencoder: expected X of shape"):
        train_autoencoder(model, np.zeros(4))


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 12),
    k=st.integers(1, 12),
    batch=st.integers(1, 6),
    activation=st.sampled_from(["sigmoid", "relu", None]),
)
def test_shapes_of_code_reconstruction_and_gradients(n, k, batch, activation):
    model = dense_autoencoder(n, k, activation=activation, rng=np.random.default_rng(0))
    x = np.random.default_rng(1).uniform(size=(batch, n))
    r = model(x)
    assert r.shape == (batch, n) and model.code.shape == (batch, k)
    assert model.backward(np.ones_like(r), code_grad=np.ones((batch, k))).shape == (batch, n)
