"""Sequence-to-sequence tools: vocabularies and padding, masked losses, teacher forcing,
greedy and beam decoding, generated tasks, character-level language modelling and an
encoder-decoder with attention.

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
from dlnotes.seq2seq.date_task import DATE_FORMATS, format_date, make_date_pairs
from dlnotes.seq2seq.greedy import greedy_decode
from dlnotes.seq2seq.masked_loss import (
    masked_cross_entropy,
    masked_cross_entropy_backward,
    masked_cross_entropy_forward,
)
from dlnotes.seq2seq.synthetic_tasks import (
    make_adding_problem,
    make_copy_pairs,
    make_reversal_pairs,
)
from dlnotes.seq2seq.teacher_forcing import teacher_forcing_batch
from dlnotes.seq2seq.text_corpus import load_descr_corpus, random_windows, split_text
from dlnotes.seq2seq.training import exact_match, make_batch, train_seq2seq
from dlnotes.seq2seq.vocabulary import Vocabulary, pad_sequences

__all__ = [
    "AttentionSeq2Seq",
    "CharLanguageModel",
    "DATE_FORMATS",
    "Vocabulary",
    "beam_search",
    "exact_match",
    "format_date",
    "generate_text",
    "greedy_decode",
    "load_descr_corpus",
    "make_adding_problem",
    "make_batch",
    "make_copy_pairs",
    "make_date_pairs",
    "make_reversal_pairs",
    "masked_cross_entropy",
    "masked_cross_entropy_backward",
    "masked_cross_entropy_forward",
    "pad_sequences",
    "perplexity",
    "random_windows",
    "reorder_state",
    "sample_with_temperature",
    "split_text",
    "teacher_forcing_batch",
    "train_char_lm",
    "train_seq2seq",
    "unigram_perplexity",
]
