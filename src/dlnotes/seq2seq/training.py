"""Training and evaluating an encoder-decoder on string pairs (teacher forcing, masked loss,
gradient clipping, Adam).

Goodfellow et al., §10.2.1 (teacher forcing), §10.11.1 (clipping gradients), §8.5.3 (Adam).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.nn.functional.loss import cross_entropy_backward, cross_entropy_forward
from dlnotes.nn.utils import clip_grad_norm_
from dlnotes.optim import Adam
from dlnotes.seq2seq.teacher_forcing import teacher_forcing_batch
from dlnotes.seq2seq.vocabulary import Vocabulary
from dlnotes.training import History

__all__ = ["make_batch", "train_seq2seq", "exact_match", "translation_correct"]


def make_batch(
    pairs: Sequence[tuple[str, str]], source_vocab: Vocabulary, target_vocab: Vocabulary
) -> tuple[np.ndarray, ...]:
    """``(source_ids, source_mask, decoder_inputs, decoder_targets, target_mask)`` for pairs.

    Goodfellow et al., §10.2.1.

    Examples
    --------
    >>> vocab = Vocabulary.from_texts(["ab"])
    >>> [a.shape for a in make_batch([("ab", "b"), ("a", "ab")], vocab, vocab)]
    [(2, 2), (2, 2), (2, 3), (2, 3), (2, 3)]
    """
    source_ids, source_mask = source_vocab.encode_batch([s for s, _ in pairs])
    decoder_inputs, decoder_targets, target_mask = teacher_forcing_batch(
        [target_vocab.encode(t) for _, t in pairs],
        target_vocab.bos_index,
        target_vocab.eos_index,
        target_vocab.pad_index,
    )
    return source_ids, source_mask, decoder_inputs, decoder_targets, target_mask


def train_seq2seq(
    model: Any,
    pairs: Sequence[tuple[str, str]],
    source_vocab: Vocabulary,
    target_vocab: Vocabulary,
    num_epochs: int = 10,
    batch_size: int = 64,
    lr: float = 3e-3,
    max_norm: float = 1.0,
    rng: np.random.Generator | None = None,
    on_epoch_end: Callable[[int, float], None] | None = None,
) -> History:
    """Minibatch training with teacher forcing; returns a :class:`~dlnotes.training.History`.

    ``history.train_loss`` holds the mean loss of every epoch (weighted by batch size), as
    for :func:`dlnotes.training.fit`, whose loop this is with three inputs per batch (the
    source ids, their mask and the teacher-forced decoder inputs) and a clipping step.

    Each step: masked cross-entropy of the teacher-forced logits, backward, gradient norm
    clipped to ``max_norm``, one Adam step. ``model`` is an
    :class:`~dlnotes.seq2seq.AttentionSeq2Seq` (or anything with the same forward/backward).

    Goodfellow et al., §10.2.1.

    Examples
    --------
    >>> from dlnotes.data import make_reversal_pairs
    >>> from dlnotes.seq2seq import AttentionSeq2Seq
    >>> rng = np.random.default_rng(0)
    >>> pairs = make_reversal_pairs(64, rng=rng)
    >>> vocab = Vocabulary.from_texts(s for s, _ in pairs)
    >>> model = AttentionSeq2Seq(len(vocab), len(vocab), 8, 16, rng=rng)
    >>> history = train_seq2seq(model, pairs, vocab, vocab, num_epochs=2, batch_size=32, rng=rng)
    >>> history.num_epochs, history.train_loss[1] < history.train_loss[0]
    (2, True)
    """
    owner = "train_seq2seq"
    num_epochs = check_positive_int(owner, "num_epochs", num_epochs)
    batch_size = check_positive_int(owner, "batch_size", batch_size)
    if len(pairs) == 0:
        fail(owner, "at least one training pair", "none")
    generator = as_generator(owner, rng)
    optimizer = Adam(model.parameters(), lr=lr)
    history = History()
    for epoch in range(num_epochs):
        order = generator.permutation(len(pairs))
        total, count = 0.0, 0
        for start in range(0, len(pairs), batch_size):
            batch = [pairs[i] for i in order[start : start + batch_size]]
            source_ids, source_mask, inputs, targets, _ = make_batch(
                batch, source_vocab, target_vocab
            )
            logits = model(source_ids, source_mask, inputs)
            # Padding positions hold <pad>, which the loss ignores: the mean runs over real
            # tokens only, PyTorch's cross_entropy(..., ignore_index=pad).
            loss, cache = cross_entropy_forward(
                logits.reshape(-1, logits.shape[-1]),
                targets.reshape(-1),
                ignore_index=target_vocab.pad_index,
                owner=owner,
            )
            optimizer.zero_grad()
            model.backward(cross_entropy_backward(None, cache).reshape(logits.shape))
            clip_grad_norm_(model.parameters(), max_norm)
            optimizer.step()
            total += float(loss) * len(batch)
            count += len(batch)
        history.train_loss.append(total / count)
        if on_epoch_end is not None:
            on_epoch_end(epoch, history.train_loss[-1])
    return history


def translation_correct(
    model: Any,
    pairs: Sequence[tuple[str, str]],
    source_vocab: Vocabulary,
    target_vocab: Vocabulary,
    max_length: int = 20,
    beam_width: int | None = None,
    batch_size: int = 256,
) -> np.ndarray:
    """Boolean ``(len(pairs),)``: whether each decoded output equals its target exactly.

    Pairs are decoded in consecutive batches of ``batch_size``. The encoder reads the
    batch's padding too (its backward direction starts on it), so an output can depend on
    the other sources in its batch; to compare subsets (short against long inputs), decode
    the whole set once and select from this array rather than decoding each subset alone.

    Goodfellow et al., §10.2.1.

    Examples
    --------
    >>> from dlnotes.seq2seq import AttentionSeq2Seq
    >>> vocab = Vocabulary.from_texts(["ab"])
    >>> model = AttentionSeq2Seq(len(vocab), len(vocab), 4, 4, rng=np.random.default_rng(0))
    >>> translation_correct(model, [("ab", "ba"), ("a", "a")], vocab, vocab).shape
    (2,)
    """
    correct = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), batch_size):
        batch = pairs[start : start + batch_size]
        outputs = model.translate(
            [s for s, _ in batch],
            source_vocab,
            target_vocab,
            max_length=max_length,
            beam_width=beam_width,
        )
        correct[start : start + len(batch)] = [
            out == target for out, (_, target) in zip(outputs, batch, strict=True)
        ]
    return correct


def exact_match(
    model: Any,
    pairs: Sequence[tuple[str, str]],
    source_vocab: Vocabulary,
    target_vocab: Vocabulary,
    max_length: int = 20,
    beam_width: int | None = None,
    batch_size: int = 256,
) -> float:
    """Fraction of pairs whose decoded output equals the target string exactly
    (the mean of :func:`translation_correct`).

    Goodfellow et al., §10.2.1.

    Examples
    --------
    >>> from dlnotes.seq2seq import AttentionSeq2Seq
    >>> vocab = Vocabulary.from_texts(["ab"])
    >>> model = AttentionSeq2Seq(len(vocab), len(vocab), 4, 4, rng=np.random.default_rng(0))
    >>> 0.0 <= exact_match(model, [("ab", "ba")], vocab, vocab) <= 1.0
    True
    """
    correct = translation_correct(
        model, pairs, source_vocab, target_vocab, max_length, beam_width, batch_size
    )
    return float(correct.mean()) if len(pairs) else 0.0
