"""Skip-gram with negative sampling: the hand-derived gradients against central differences
(with repeated ids in the batch), the starting loss, the pair and noise constructions, the
cosine neighbours against a direct computation, determinism, and the page's run on the
bundled text (loss falls; 'breast' is the nearest neighbour of 'cancer'; 'texture' and
'perimeter' are among the three nearest of 'error')."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.data import load_descr_corpus
from dlnotes.gradcheck import numerical_gradient_in_place
from dlnotes.seq2seq import (
    SkipGram,
    build_word_index,
    nearest_neighbours,
    noise_distribution,
    skipgram_pairs,
    tokenize_words,
    train_skipgram,
)

# The settings of book/scratch/s10_seq2seq_attention.md.
PAGE = dict(embedding_dim=24, window=2, num_negatives=5, num_epochs=20, batch_size=128, lr=1e-2)


def test_gradients_match_central_differences(rng):
    model = SkipGram(6, 4, rng=rng)
    model.output_vectors.data[...] = rng.normal(size=(6, 4))  # away from the zero start
    model.input_vectors.data[...] = rng.normal(size=(6, 4))
    # Word 1 is a centre twice, and word 2 is both a context and a negative.
    centres, contexts = np.array([1, 1, 3]), np.array([2, 4, 5])
    negatives = np.array([[2, 0], [5, 2], [1, 1]])
    model.zero_grad()
    model(centres, contexts, negatives)
    model.backward(1.7)
    for parameter in (model.input_vectors, model.output_vectors):
        numeric = numerical_gradient_in_place(
            lambda: 1.7 * float(model(centres, contexts, negatives)), parameter.data
        )
        np.testing.assert_allclose(parameter.grad, numeric, rtol=1e-6, atol=1e-9)


def test_starting_loss_is_k_plus_one_log_two(rng):
    # Output vectors start at zero, so every score is 0 and sigma(0) = 1/2.
    model = SkipGram(9, 3, rng=rng)
    loss = model(np.array([0, 1]), np.array([2, 3]), np.ones((2, 4), dtype=int))
    np.testing.assert_allclose(loss, 5 * np.log(2), rtol=1e-12)


def test_pairs_cover_every_offset_in_the_window():
    ids = np.arange(6)
    centres, contexts = skipgram_pairs(ids, window=2)
    assert centres.size == 2 * (5 + 4)
    offsets = contexts - centres
    assert sorted(set(offsets.tolist())) == [-2, -1, 1, 2]
    assert {(int(c), int(o)) for c, o in zip(centres, contexts, strict=True)} == {
        (i, j) for i in range(6) for j in range(6) if 0 < abs(i - j) <= 2
    }


def test_noise_distribution_and_word_index():
    noise = noise_distribution(np.array([81, 1, 0]), power=0.75)
    np.testing.assert_allclose(noise, [27 / 28, 1 / 28, 0.0])
    words, ids, counts = build_word_index(["x", "y", "x", "z", "x", "y"], min_count=2)
    assert words == ["x", "y"] and counts.tolist() == [3, 2]
    assert ids.tolist() == [0, 1, 0, 0, 1]
    assert tokenize_words("A b2 Cd-ef") == ["cd", "ef"]


def test_nearest_neighbours_match_a_direct_cosine_ranking(rng):
    vectors = rng.normal(size=(12, 5))
    idx, sim = nearest_neighbours(vectors, 3, k=4)
    cos = np.array(
        [v @ vectors[3] / np.linalg.norm(v) / np.linalg.norm(vectors[3]) for v in vectors]
    )
    cos[3] = -np.inf
    np.testing.assert_array_equal(idx, np.argsort(-cos)[:4])
    np.testing.assert_allclose(sim, np.sort(cos)[::-1][:4])
    assert 3 not in idx


def test_bad_arguments(rng):
    model = SkipGram(4, 2, rng=rng)
    with pytest.raises(ValueError, match="SkipGram: expected negatives of shape"):
        model(np.array([0]), np.array([1]), np.array([2]))
    with pytest.raises(ValueError, match="SkipGram: expected contexts integer ids in"):
        model(np.array([0]), np.array([4]), np.array([[1]]))
    with pytest.raises(ValueError, match="nearest_neighbours: expected index"):
        nearest_neighbours(np.eye(3), 5)
    with pytest.raises(ValueError, match="skipgram_pairs: expected a 1-D id sequence"):
        skipgram_pairs(np.array([1]))


def _page_run(seed=0):
    words, ids, counts = build_word_index(tokenize_words(load_descr_corpus()), min_count=3)
    model, losses = train_skipgram(ids, len(words), counts, rng=np.random.default_rng(seed), **PAGE)
    return words, model, losses


@pytest.mark.slow
def test_training_is_deterministic_and_the_loss_falls():
    words, model, losses = _page_run()
    _, again, losses_again = _page_run()
    assert losses == losses_again
    np.testing.assert_array_equal(model.input_vectors.data, again.input_vectors.data)
    assert np.isfinite(losses).all()
    assert losses[-1] < 0.5 * losses[0]
    assert all(b < a for a, b in zip(losses[:5], losses[1:6], strict=True))
    idx, _ = nearest_neighbours(model.input_vectors.data, words.index("cancer"), k=3)
    assert words[idx[0]] == "breast"
    idx, _ = nearest_neighbours(model.input_vectors.data, words.index("error"), k=3)
    assert {"texture", "perimeter"} <= {words[i] for i in idx}
