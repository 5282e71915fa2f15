"""MultiheadAttention against torch.nn.MultiheadAttention (torch state dicts load; outputs,
averaged and per-head weights, input and parameter gradients under every mask kind), central
differences, masks, float32 and validation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import check_module
from dlnotes.nn import MultiheadAttention


def _twin(torch, mha, batch_first, bias):
    twin = torch.nn.MultiheadAttention(
        mha.embed_dim, mha.num_heads, bias=bias, batch_first=batch_first
    )
    twin.load_state_dict({k: torch.tensor(v) for k, v in mha.state_dict().items()})
    return twin


@pytest.mark.torch
@pytest.mark.parametrize(
    ("batch_first", "bias", "mask_kind"),
    list(
        itertools.product(
            [False, True], [True, False], [None, "bool", "float", "padding", "per_head"]
        )
    ),
)
def test_matches_torch(torch, rng, batch_first, bias, mask_kind):
    e, h, n, length, source = 8, 2, 3, 4, 5
    mha = MultiheadAttention(e, h, bias=bias, batch_first=batch_first, rng=rng)
    twin = _twin(torch, mha, batch_first, bias)
    shape = (lambda t: (n, t, e)) if batch_first else (lambda t: (t, n, e))
    q = rng.normal(size=shape(length))
    k, v = rng.normal(size=shape(source)), rng.normal(size=shape(source))
    kwargs = {}
    if mask_kind == "bool":  # torch's MHA convention: True = may NOT attend
        mask = rng.random((length, source)) < 0.4
        mask[:, 0] = False
        kwargs["attn_mask"] = mask
    elif mask_kind == "float":
        kwargs["attn_mask"] = rng.normal(size=(length, source))
    elif mask_kind == "padding":
        pad = np.zeros((n, source), dtype=bool)
        pad[0, 3:] = pad[2, 1:] = True
        kwargs["key_padding_mask"] = pad
    elif mask_kind == "per_head":
        kwargs["attn_mask"] = rng.normal(size=(n * h, length, source))
    tensors = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    out, weights = mha(q, k, v, **kwargs)
    out_t, weights_t = twin(*tensors, **{key: torch.tensor(val) for key, val in kwargs.items()})
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(weights, weights_t.detach().numpy(), atol=1e-12)
    g = rng.normal(size=out.shape)
    (out_t * torch.tensor(g)).sum().backward()
    for ours, t in zip(mha.backward(g), tensors, strict=True):
        np.testing.assert_allclose(ours, t.grad.numpy(), atol=1e-12)
    grads_t = dict(twin.named_parameters())
    for name, p in mha.named_parameters():
        np.testing.assert_allclose(p.grad, grads_t[name].grad.numpy(), atol=1e-12, err_msg=name)


@pytest.mark.torch
def test_unbatched_and_per_head_weights_match_torch(torch, rng):
    mha = MultiheadAttention(6, 3, rng=rng)
    twin = _twin(torch, mha, False, True)
    x = rng.normal(size=(4, 6))
    out, weights = mha(x, x, x, average_attn_weights=False)
    out_t, weights_t = twin(*(torch.tensor(x),) * 3, average_attn_weights=False)
    np.testing.assert_allclose(out, out_t.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(weights, weights_t.detach().numpy(), atol=1e-12)
    assert mha(x, x, x, need_weights=False)[1] is None


def test_gradcheck_with_padding_mask(rng):
    mha = MultiheadAttention(4, 2, rng=rng)
    pad = np.array([[False, False, True], [False, False, False]])
    q, k, v = rng.normal(size=(2, 2, 4)), rng.normal(size=(3, 2, 4)), rng.normal(size=(3, 2, 4))
    check_module(mha, q, k, v, rng=rng, forward_kwargs={"key_padding_mask": pad})


def test_masked_keys_get_zero_weight_and_rows_sum_to_one(rng):
    mha = MultiheadAttention(4, 2, batch_first=True, rng=rng)
    x = rng.normal(size=(2, 5, 4))
    causal_forbidden = np.triu(np.ones((5, 5), dtype=bool), k=1)
    _, weights = mha(x, x, x, attn_mask=causal_forbidden)
    np.testing.assert_array_equal(weights[:, causal_forbidden], 0.0)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-12)


def test_float32_preserved(rng):
    mha = MultiheadAttention(4, 2, dtype=np.float32, rng=rng)
    x = rng.normal(size=(3, 2, 4)).astype(np.float32)
    out, weights = mha(x, x, x)
    assert out.dtype == weights.dtype == np.float32
    assert all(g.dtype == np.float32 for g in mha.backward(np.ones_like(out)))
    assert all(p.grad.dtype == np.float32 for p in mha.parameters())
    assert mha(x.astype(np.float64), x, x)[0].dtype == np.float32


def test_bad_inputs(rng):
    with pytest.raises(ValueError, match="MultiheadAttention: expected embed_dim divisible by"):
        MultiheadAttention(8, 3)
    with pytest.raises(ValueError, match="MultiheadAttention: expected embed_dim to be a"):
        MultiheadAttention(0, 1)
    mha = MultiheadAttention(4, 2, rng=rng)
    x = np.zeros((3, 2, 4))
    with pytest.raises(ValueError, match=r"MultiheadAttention: expected query of shape"):
        mha(np.zeros((3, 2, 5)), x, x)
    with pytest.raises(ValueError, match="MultiheadAttention: expected query, key and value with"):
        mha(x, np.zeros((3, 1, 4)), np.zeros((3, 1, 4)))
    with pytest.raises(ValueError, match=r"MultiheadAttention: expected attn_mask of shape"):
        mha(x, x, x, attn_mask=np.zeros((2, 2), dtype=bool))
    with pytest.raises(ValueError, match=r"MultiheadAttention: expected key_padding_mask of"):
        mha(x, x, x, key_padding_mask=np.zeros((3, 3), dtype=bool))
    with pytest.raises(TypeError, match="MultiheadAttention: expected query to be a numeric"):
        mha(np.array([["a"]]), x, x)
    with pytest.raises(RuntimeError, match="MultiheadAttention: expected forward to be called"):
        MultiheadAttention(4, 2).backward(x)


@settings(max_examples=25, deadline=None)
@given(
    heads=st.integers(1, 3),
    head_dim=st.integers(1, 3),
    length=st.integers(1, 5),
    source=st.integers(1, 5),
    batch=st.integers(1, 3),
    batch_first=st.booleans(),
)
def test_shapes_and_weight_rows(heads, head_dim, length, source, batch, batch_first):
    rng = np.random.default_rng(0)
    e = heads * head_dim
    mha = MultiheadAttention(e, heads, batch_first=batch_first, rng=rng)
    layout = (lambda t: (batch, t, e)) if batch_first else (lambda t: (t, batch, e))
    q, kv = rng.normal(size=layout(length)), rng.normal(size=layout(source))
    out, weights = mha(q, kv, kv)
    assert out.shape == q.shape and weights.shape == (batch, length, source)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-12)
    grads = mha.backward(np.ones_like(out))
    assert [g.shape for g in grads] == [q.shape, kv.shape, kv.shape]


def test_mha_pytorch_keywords_it_does_not_implement():
    from dlnotes.nn import MultiheadAttention as MHA

    with pytest.raises(TypeError, match=r"MultiheadAttention: .*device='cpu'"):
        MHA(8, 2, device="cpu")
    for keyword, value in (
        ("dropout", 0.1),
        ("add_bias_kv", True),
        ("add_zero_attn", True),
        ("kdim", 4),
        ("vdim", 4),
    ):
        with pytest.raises(ValueError, match=rf"MultiheadAttention: expected {keyword}="):
            MHA(8, 2, **{keyword: value})
    mha = MHA(8, 2, dropout=0.0, kdim=8, vdim=None, rng=np.random.default_rng(0))
    x = np.ones((3, 1, 8))
    with pytest.raises(TypeError, match=r"MultiheadAttention: .*is_causal=True"):
        mha(x, x, x, is_causal=True)
    with pytest.raises(
        RuntimeError, match="MultiheadAttention: expected forward to be called before backward"
    ):
        mha.backward(x)
