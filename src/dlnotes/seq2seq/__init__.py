"""Sequence-to-sequence tools: vocabularies and padding, masked losses, teacher forcing,
greedy and beam decoding, character-level language modelling (with a count-based k-gram
baseline), an encoder-decoder with (or, as a baseline, without) attention, skip-gram word
embeddings, sinusoidal positional encodings and a one-block Transformer encoder for
per-position toy tasks. The generated tasks and the text corpus they train on are data:
:mod:`dlnotes.data` (``make_date_pairs``, ``make_reversal_pairs``, ``load_descr_corpus``, ...).

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
from dlnotes.seq2seq.positional_encoding import (
    relative_shift_matrix,
    sinusoidal_positional_encoding,
)
from dlnotes.seq2seq.skipgram import (
    SkipGram,
    build_word_index,
    nearest_neighbours,
    noise_distribution,
    skipgram_pairs,
    tokenize_words,
    train_skipgram,
)
from dlnotes.seq2seq.teacher_forcing import teacher_forcing_batch
from dlnotes.seq2seq.transformer_tagger import TransformerTagger, train_tagger
from dlnotes.seq2seq.training import exact_match, make_batch, train_seq2seq, translation_correct
from dlnotes.seq2seq.vocabulary import Vocabulary, pad_sequences

__all__ = [
    "AttentionSeq2Seq",
    "MaskedCrossEntropyCache",
    "CharLanguageModel",
    "SkipGram",
    "TransformerTagger",
    "Vocabulary",
    "beam_search",
    "build_word_index",
    "exact_match",
    "generate_text",
    "greedy_decode",
    "kgram_perplexity",
    "make_batch",
    "masked_cross_entropy",
    "masked_cross_entropy_backward",
    "masked_cross_entropy_forward",
    "nearest_neighbours",
    "noise_distribution",
    "pad_sequences",
    "perplexity",
    "relative_shift_matrix",
    "reorder_state",
    "sample_with_temperature",
    "sinusoidal_positional_encoding",
    "skipgram_pairs",
    "teacher_forcing_batch",
    "tokenize_words",
    "train_char_lm",
    "train_seq2seq",
    "train_skipgram",
    "train_tagger",
    "translation_correct",
    "unigram_perplexity",
]
