"""Tests of ``Embedding`` and the embedding kernels."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import Embedding
from dlnotes.nn.functional import embedding, embedding_backward, embedding_forward


def test_embedding_gradcheck_with_repeated_indices(rng):
    emb = Embedding(6, 3, rng=rng)
    check_module(emb, np.array([[0, 2, 2], [5, 0, 2]]), rng=rng)


@pytest.mark.torch
def test_embedding_matches_torch(rng, torch):
    ours = Embedding(7, 4, padding_idx=1, rng=rng)
    twin = torch.nn.Embedding(7, 4, padding_idx=1)
    twin.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    idx = np.array([[1, 3, 3, 6], [0, 1, 3, 2]])
    upstream = rng.normal(size=(2, 4, 4))
    out = ours(idx)
    assert ours.backward(upstream) is None
    tout = twin(torch.from_numpy(idx))
    tout.backward(torch.from_numpy(upstream))
    np.testing.assert_array_equal(out, tout.detach().numpy())
    np.testing.assert_allclose(ours.weight.grad, twin.weight.grad.numpy(), rtol=1e-13)
    assert repr(ours) == repr(twin)
    assert repr(Embedding(7, 4)) == repr(torch.nn.Embedding(7, 4))


def test_embedding_init_is_standard_normal_and_padding_row_zero(rng):
    emb = Embedding(500, 200, padding_idx=-1, rng=rng)
    w = emb.weight.data
    assert emb.padding_idx == 499 and not w[499].any()
    assert abs(w[:499].mean()) < 0.01 and abs(w[:499].std() - 1) < 0.01


def test_embedding_kernels_scatter_add(rng):
    weight = rng.normal(size=(4, 2))
    out, cache = embedding_forward(np.array([3, 3, 0]), weight)
    np.testing.assert_array_equal(out, weight[[3, 3, 0]])
    grad = embedding_backward(np.array([[1.0, 2.0], [10.0, 20.0], [5.0, 5.0]]), cache)
    np.testing.assert_array_equal(grad, [[5, 5], [0, 0], [0, 0], [11, 22]])
    np.testing.assert_array_equal(embedding(np.array(2), weight), weight[2])


def test_embedding_float32_preserved(rng):
    emb = Embedding(5, 3, dtype=np.float32, rng=rng)
    out = emb(np.array([1, 2]))
    emb.backward(rng.normal(size=(2, 3)))
    assert out.dtype == emb.weight.grad.dtype == np.float32


def test_embedding_bad_input(rng):
    with pytest.raises(ValueError, match="Embedding: expected num_embeddings to be a positive"):
        Embedding(0, 3)
    with pytest.raises(TypeError, match="Embedding: expected embedding_dim to be a positive"):
        Embedding(3, "3")
    with pytest.raises(ValueError, match=r"Embedding: expected padding_idx in \[-3, 2\]"):
        Embedding(3, 2, padding_idx=3)
    emb = Embedding(5, 3, rng=rng)
    with pytest.raises(RuntimeError, match="Embedding: expected forward to be called"):
        emb.backward(np.ones((1, 3)))
    with pytest.raises(
        ValueError, match=r"Embedding: expected indices in \[0, 4\], got values in \[0, 5\]"
    ):
        emb(np.array([0, 5]))
    with pytest.raises(ValueError, match=r"Embedding: expected indices in \[0, 4\]"):
        emb(np.array([-1]))
    with pytest.raises(TypeError, match="Embedding: expected input of integer indices"):
        emb(np.array([0.0, 1.0]))
    emb(np.array([0, 1]))
    with pytest.raises(ValueError, match=r"Embedding: expected grad_output of shape \(2, 3\)"):
        emb.backward(np.ones((3, 3)))
