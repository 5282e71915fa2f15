"""Sequence-to-sequence tools: vocabularies and padding, masked losses, teacher forcing,
greedy and beam decoding, character-level language modelling (with a count-based k-gram
baseline) and an encoder-decoder with attention. The generated tasks and the text corpus
they train on are data: :mod:`dlnotes.data` (``make_date_pairs``, ``make_reversal_pairs``,
``load_descr_corpus``, ...).

Goodfellow et al., chapter 10 (§10.2.1 teacher forcing, §10.4 encoder-decoders) and §12.4.5.
"""

from dlnotes.seq2seq.attention_model import AttentionSeq2Seq
from dlnotes.seq2seq.beam_search import beam_search, reorder_state
from dlnotes.seq2seq.char_lm import (
    CharLanguageModel,
    generate_text,
    perplexity,
    sample_with_temperature,
    train_char_lm,
    unigram_perplexity,
)
from dlnotes.seq2seq.greedy import greedy_decode
from dlnotes.seq2seq.kgram import kgram_perplexity
from dlnotes.seq2seq.masked_loss import (
    MaskedCrossEntropyCache,
    masked_cross_entropy,
    masked_cross_entropy_backward,
    masked_cross_entropy_forward,
)
from dlnotes.seq2seq.teacher_forcing import teacher_forcing_batch
from dlnotes.seq2seq.training import exact_match, make_batch, train_seq2seq
from dlnotes.seq2seq.vocabulary import Vocabulary, pad_sequences

__all__ = [
    "AttentionSeq2Seq",
    "MaskedCrossEntropyCache",
    "CharLanguageModel",
    "Vocabulary",
    "beam_search",
    "exact_match",
    "generate_text",
    "greedy_decode",
    "kgram_perplexity",
    "make_batch",
    "masked_cross_entropy",
    "masked_cross_entropy_backward",
    "masked_cross_entropy_forward",
    "pad_sequences",
    "perplexity",
    "reorder_state",
    "sample_with_temperature",
    "teacher_forcing_batch",
    "train_char_lm",
    "train_seq2seq",
    "unigram_perplexity",
]
