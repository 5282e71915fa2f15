"""Dropout between stacked recurrent layers (PyTorch's ``dropout=`` argument): equal to a
manual composition of single-layer modules with the same mask, off in eval mode."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.nn import GRU, LSTM, RNN

LAYERS = [(RNN, {}), (LSTM, {}), (GRU, {})]


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_dropout_equals_manual_composition(rng, cls, kwargs):
    layer = cls(3, 4, num_layers=2, dropout=0.5, bidirectional=True, **kwargs, rng=rng)
    first = cls(3, 4, bidirectional=True, **kwargs)
    second = cls(8, 4, bidirectional=True, **kwargs)
    state = layer.state_dict()
    first.load_state_dict({k: v for k, v in state.items() if "_l0" in k})
    second.load_state_dict({k.replace("_l1", "_l0"): v for k, v in state.items() if "_l1" in k})
    x = rng.normal(size=(5, 2, 3))
    out = layer(x)[0]
    mask = layer._cache.dropout_masks[0]
    assert set(np.unique(mask)) == {0.0, 2.0}  # inverted dropout with p = 1/2
    np.testing.assert_allclose(out, second(first(x)[0] * mask)[0], atol=1e-14)
    g = rng.normal(size=out.shape)
    np.testing.assert_allclose(
        layer.backward(g), first.backward(second.backward(g) * mask), atol=1e-14
    )
    manual_grads = {
        **{n: p.grad for n, p in first.named_parameters()},
        **{n.replace("_l0", "_l1"): p.grad for n, p in second.named_parameters()},
    }
    for name, p in layer.named_parameters():
        np.testing.assert_allclose(p.grad, manual_grads[name], atol=1e-14, err_msg=name)


@pytest.mark.parametrize(("cls", "kwargs"), LAYERS)
def test_dropout_is_off_in_eval_mode(rng, cls, kwargs):
    layer = cls(3, 4, num_layers=3, dropout=0.3, **kwargs, rng=rng)
    plain = cls(3, 4, num_layers=3, **kwargs)
    plain.load_state_dict(layer.state_dict())
    x = rng.normal(size=(5, 2, 3))
    assert not np.allclose(layer(x)[0], plain(x)[0])
    layer.eval()
    np.testing.assert_array_equal(layer(x)[0], plain(x)[0])
    assert "dropout=0.3" in repr(layer)
    with pytest.raises(ValueError, match=rf"{cls.__name__}: expected dropout in \[0.0, 1.0\]"):
        cls(3, 4, dropout=1.5, **kwargs)
