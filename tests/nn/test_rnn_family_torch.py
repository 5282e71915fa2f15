"""PyTorch oracle for RNN, LSTM and GRU layers and cells: every configuration, built from our
parameters (our state dict loaded into torch), comparing outputs, final states, the input
gradient, the initial-state gradients and every parameter gradient under random upstream
gradients on the output and on the final states."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlnotes.nn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell

LAYERS = [
    ("RNN", RNN, {}),
    ("RNN", RNN, {"nonlinearity": "relu"}),
    ("LSTM", LSTM, {}),
    ("GRU", GRU, {}),
]
CONFIGS = list(itertools.product([1, 2], [False, True], [False, True], [True, False]))


def _torch_twin(torch, name, module, kwargs, **config):
    twin = getattr(torch.nn, name)(module.input_size, module.hidden_size, **kwargs, **config)
    twin.load_state_dict({k: torch.tensor(v) for k, v in module.state_dict().items()})
    return twin


@pytest.mark.torch
@pytest.mark.parametrize(("name", "cls", "kwargs"), LAYERS)
@pytest.mark.parametrize(("num_layers", "bidirectional", "batch_first", "bias"), CONFIGS)
def test_layer_matches_torch(
    torch, rng, name, cls, kwargs, num_layers, bidirectional, batch_first, bias
):
    config = dict(
        num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias
    )
    layer = cls(3, 4, **kwargs, **config, rng=rng)
    twin = _torch_twin(torch, name, layer, kwargs, **config)
    steps, batch, stacked = 5, 2, num_layers * (2 if bidirectional else 1)
    x = rng.normal(size=(batch, steps, 3) if batch_first else (steps, batch, 3))
    states = [rng.normal(size=(stacked, batch, 4)) for _ in range(2 if name == "LSTM" else 1)]
    x_t = torch.tensor(x, requires_grad=True)
    states_t = [torch.tensor(s, requires_grad=True) for s in states]
    if name == "LSTM":
        out, finals = layer(x, tuple(states))
        out_t, finals_t = twin(x_t, tuple(states_t))
    else:
        out, final = layer(x, states[0])
        out_t, final_t = twin(x_t, states_t[0])
        finals, finals_t = (final,), (final_t,)
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    for ours, theirs in zip(finals, finals_t, strict=True):
        np.testing.assert_allclose(ours, theirs.detach().numpy(), atol=1e-12)

    grad_out = rng.normal(size=out.shape)
    grad_finals = [rng.normal(size=f.shape) for f in finals]
    loss = (out_t * torch.tensor(grad_out)).sum()
    for f, g in zip(finals_t, grad_finals, strict=True):
        loss = loss + (f * torch.tensor(g)).sum()
    loss.backward()
    dx = layer.backward(grad_out.copy(), *grad_finals)
    np.testing.assert_allclose(dx, x_t.grad.numpy(), atol=1e-10)
    grad_states = layer.grad_hx if name == "LSTM" else (layer.grad_hx,)
    for ours, theirs in zip(grad_states, states_t, strict=True):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-10)
    torch_grads = dict(twin.named_parameters())
    for pname, p in layer.named_parameters():
        np.testing.assert_allclose(
            p.grad, torch_grads[pname].grad.numpy(), atol=1e-10, err_msg=pname
        )


@pytest.mark.torch
@pytest.mark.parametrize(("name", "cls", "kwargs"), LAYERS)
def test_unbatched_input_and_default_state_match_torch(torch, rng, name, cls, kwargs):
    layer = cls(3, 4, num_layers=2, bidirectional=True, **kwargs, rng=rng)
    twin = _torch_twin(torch, name, layer, kwargs, num_layers=2, bidirectional=True)
    x = rng.normal(size=(6, 3))
    out = layer(x)[0]
    x_t = torch.tensor(x, requires_grad=True)
    out_t = twin(x_t)[0]
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    g = rng.normal(size=out.shape)
    (out_t * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(layer.backward(g), x_t.grad.numpy(), atol=1e-10)


@pytest.mark.torch
@pytest.mark.parametrize(
    ("name", "cls", "kwargs"),
    [
        ("RNNCell", RNNCell, {}),
        ("RNNCell", RNNCell, {"nonlinearity": "relu"}),
        ("LSTMCell", LSTMCell, {}),
        ("GRUCell", GRUCell, {}),
    ],
)
@pytest.mark.parametrize("bias", [True, False])
def test_cell_matches_torch(torch, rng, name, cls, kwargs, bias):
    cell = cls(3, 5, bias=bias, **kwargs, rng=rng)
    twin = getattr(torch.nn, name)(3, 5, bias=bias, **kwargs)
    twin.load_state_dict({k: torch.tensor(v) for k, v in cell.state_dict().items()})
    x = rng.normal(size=(4, 3))
    states = [rng.normal(size=(4, 5)) for _ in range(2 if name == "LSTMCell" else 1)]
    x_t = torch.tensor(x, requires_grad=True)
    states_t = [torch.tensor(s, requires_grad=True) for s in states]
    if name == "LSTMCell":
        outs = cell(x, tuple(states))
        outs_t = twin(x_t, tuple(states_t))
    else:
        outs, outs_t = (cell(x, states[0]),), (twin(x_t, states_t[0]),)
    grads = [rng.normal(size=o.shape) for o in outs]
    loss = 0
    for o, o_t, g in zip(outs, outs_t, grads, strict=True):
        np.testing.assert_allclose(o, o_t.detach().numpy(), atol=1e-12)
        loss = loss + (o_t * torch.tensor(g)).sum()
    loss.backward()
    dx = cell.backward(*grads)
    np.testing.assert_allclose(dx, x_t.grad.numpy(), atol=1e-12)
    grad_states = cell.grad_hx if name == "LSTMCell" else (cell.grad_hx,)
    for ours, theirs in zip(grad_states, states_t, strict=True):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-12)
    torch_grads = dict(twin.named_parameters())
    for pname, p in cell.named_parameters():
        np.testing.assert_allclose(p.grad, torch_grads[pname].grad.numpy(), atol=1e-12)
