"""TransformerEncoderLayer against torch.nn.TransformerEncoderLayer (post- and pre-norm, both
layouts, masks, activations), central differences, dropout and validation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import TransformerEncoderLayer


@pytest.mark.torch
@pytest.mark.parametrize(
    ("norm_first", "batch_first", "activation", "masked"),
    list(itertools.product([False, True], [False, True], ["relu", "gelu"], [False, True])),
)
def test_matches_torch(torch, rng, norm_first, batch_first, activation, masked):
    block = TransformerEncoderLayer(
        8,
        2,
        dim_feedforward=12,
        dropout=0.0,
        activation=activation,
        batch_first=batch_first,
        norm_first=norm_first,
        rng=rng,
    )
    twin = torch.nn.TransformerEncoderLayer(
        8,
        2,
        dim_feedforward=12,
        dropout=0.0,
        activation=activation,
        batch_first=batch_first,
        norm_first=norm_first,
    )
    twin.load_state_dict({k: torch.tensor(v) for k, v in block.state_dict().items()})
    x = rng.normal(size=(3, 5, 8) if batch_first else (5, 3, 8))
    kwargs = {}
    if masked:
        pad = np.zeros((3, 5), dtype=bool)
        pad[1, 3:] = True
        kwargs = {
            "src_mask": np.triu(np.ones((5, 5), dtype=bool), k=1),
            "src_key_padding_mask": pad,
        }
    x_t = torch.tensor(x, requires_grad=True)
    out = block(x, **kwargs)
    out_t = twin(x_t, **{k: torch.tensor(v) for k, v in kwargs.items()})
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    g = rng.normal(size=out.shape)
    (out_t * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(block.backward(g), x_t.grad.numpy(), atol=1e-11)
    grads_t = dict(twin.named_parameters())
    for name, p in block.named_parameters():
        np.testing.assert_allclose(p.grad, grads_t[name].grad.numpy(), atol=1e-11, err_msg=name)


@pytest.mark.parametrize("norm_first", [False, True])
def test_gradcheck(rng, norm_first):
    block = TransformerEncoderLayer(
        4, 2, dim_feedforward=6, dropout=0.0, activation="gelu", norm_first=norm_first, rng=rng
    )
    check_module(block, rng.normal(size=(3, 2, 4)), rng=rng)


def test_dropout_active_in_training_only_and_float32(rng):
    block = TransformerEncoderLayer(4, 2, dim_feedforward=6, dropout=0.5, dtype=np.float32, rng=rng)
    x = rng.normal(size=(3, 2, 4)).astype(np.float32)
    assert not np.allclose(block(x), block(x))
    block.eval()
    out = block(x)
    np.testing.assert_array_equal(out, block(x))
    assert out.dtype == np.float32
    assert block.backward(np.ones_like(out)).dtype == np.float32


def test_bad_inputs():
    with pytest.raises(ValueError, match="TransformerEncoderLayer: expected activation 'relu' or"):
        TransformerEncoderLayer(4, 2, activation="tanh")
    with pytest.raises(ValueError, match=r"TransformerEncoderLayer: expected dropout in \[0.0,"):
        TransformerEncoderLayer(4, 2, dropout=1.5)
    with pytest.raises(ValueError, match="MultiheadAttention: expected embed_dim divisible"):
        TransformerEncoderLayer(4, 3)
    block = TransformerEncoderLayer(4, 2, dim_feedforward=6)
    with pytest.raises(ValueError, match=r"TransformerEncoderLayer: expected src of shape"):
        block(np.zeros((3, 2, 5)))


def test_transformer_layer_rejects_pytorch_keywords_it_lacks():
    from dlnotes.nn import TransformerEncoderLayer

    with pytest.raises(TypeError, match=r"TransformerEncoderLayer: .*device='cpu'"):
        TransformerEncoderLayer(8, 2, device="cpu")
