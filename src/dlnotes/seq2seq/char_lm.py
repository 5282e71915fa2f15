r"""A character-level recurrent language model: training, perplexity and temperature sampling.

The model factorises :math:`p(x_1, \dots, x_T) = \prod_t p(x_t \mid x_{<t})` with an
embedding, a recurrent layer and a linear read-out of the next-character logits. Its quality
is measured by the **perplexity** :math:`\exp(-\frac1T \sum_t \log p(x_t \mid x_{<t}))` on
held-out text: the effective number of equally likely choices per character. The baseline is
a unigram model (character frequencies, no context).

Sampling divides the logits by a **temperature** ``tau`` before the softmax: ``tau < 1``
sharpens the distribution (safer, repetitive text), ``tau > 1`` flattens it (more varied,
more errors), ``tau -> 0`` is greedy.

Goodfellow et al., §10.2.3 (RNNs as directed graphical models), §12.4 (language models).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_nonnegative_int,
    check_positive_int,
    check_range,
    fail,
    resolve_dtype,
)
from dlnotes.data.text import random_windows
from dlnotes.nn.embedding import Embedding
from dlnotes.nn.functional.activation import log_softmax
from dlnotes.nn.functional.loss import cross_entropy_backward, cross_entropy_forward
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module
from dlnotes.nn.recurrent import GRU, LSTM
from dlnotes.nn.utils import clip_grad_norm_
from dlnotes.optim import Adam
from dlnotes.seq2seq.vocabulary import Vocabulary
from dlnotes.training import History

__all__ = [
    "CharLanguageModel",
    "train_char_lm",
    "perplexity",
    "unigram_perplexity",
    "sample_with_temperature",
    "generate_text",
]


class CharLanguageModel(Module):
    """Embedding -> LSTM/GRU -> Linear next-character model.

    Goodfellow et al., §10.2.3.

    Parameters
    ----------
    vocab_size, embedding_dim, hidden_size : int
    num_layers : int
    cell : {"lstm", "gru"}
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Shape
    -----
    ``forward(ids (N, T), hx=None)`` returns logits ``(N, T, vocab_size)`` and keeps the final
    recurrent state in ``self.state`` (pass it back as ``hx`` to continue a text).

    Examples
    --------
    >>> model = CharLanguageModel(10, 4, 8, rng=np.random.default_rng(0))
    >>> model(np.zeros((2, 5), dtype=int)).shape
    (2, 5, 10)
    """

    def __init__(
        self,
        vocab_size: int,
        embedding_dim: int = 32,
        hidden_size: int = 128,
        num_layers: int = 1,
        cell: str = "lstm",
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        if cell not in ("lstm", "gru"):
            fail("CharLanguageModel", "cell 'lstm' or 'gru'", repr(cell))
        dt = resolve_dtype("CharLanguageModel", dtype)
        generator = as_generator("CharLanguageModel", rng)
        self.vocab_size = check_positive_int("CharLanguageModel", "vocab_size", vocab_size)
        self.embedding = Embedding(vocab_size, embedding_dim, dtype=dt, rng=generator)
        layer = LSTM if cell == "lstm" else GRU
        self.rnn = layer(
            embedding_dim,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            dtype=dt,
            rng=generator,
        )
        self.output = Linear(hidden_size, vocab_size, dtype=dt, rng=generator)
        self.state: Any = None

    def forward(self, ids: Any, hx: Any = None) -> np.ndarray:
        states, self.state = self.rnn(self.embedding(ids), hx)
        return self.output(states)

    def backward(self, grad_logits: Any) -> None:
        self.embedding.backward(self.rnn.backward(self.output.backward(grad_logits)))
        return None


def train_char_lm(
    model: CharLanguageModel,
    ids: np.ndarray,
    num_steps: int = 200,
    batch_size: int = 32,
    seq_len: int = 64,
    lr: float = 3e-3,
    max_norm: float = 1.0,
    rng: np.random.Generator | None = None,
    eval_ids: np.ndarray | None = None,
    eval_every: int = 0,
) -> History:
    """Adam on random windows (BPTT over ``seq_len`` steps, clipped).

    There are no epochs: every optimisation step draws a fresh batch of random windows, so
    the returned :class:`~dlnotes.training.History` has one ``train_loss`` entry per step
    (``history.num_epochs == num_steps``).

    With ``eval_ids`` and ``eval_every > 0`` the :func:`perplexity` of ``eval_ids`` is also
    measured before training and after every ``eval_every`` steps (and after the last),
    into ``history.extra["val_perplexity"]`` with the step counts in
    ``history.extra["val_step"]``: a held-out perplexity curve.

    Goodfellow et al., §10.2.3.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ids = np.tile(np.arange(4), 50)
    >>> model = CharLanguageModel(4, 4, 8, rng=rng)
    >>> history = train_char_lm(model, ids, num_steps=30, batch_size=4, seq_len=8, lr=3e-2,
    ...                         rng=rng)
    >>> history.train_loss[-1] < history.train_loss[0]
    True
    """
    num_steps = check_positive_int("train_char_lm", "num_steps", num_steps)
    eval_every = check_nonnegative_int("train_char_lm", "eval_every", eval_every)
    generator = as_generator("train_char_lm", rng)
    optimizer = Adam(model.parameters(), lr=lr)
    history = History()
    tracking = eval_ids is not None and eval_every > 0

    def record(step: int) -> None:
        assert eval_ids is not None  # only called when tracking
        history.extra.setdefault("val_step", []).append(float(step))
        history.extra.setdefault("val_perplexity", []).append(perplexity(model, eval_ids))

    if tracking:
        record(0)
    for step in range(1, num_steps + 1):
        inputs, targets = random_windows(ids, batch_size, seq_len, generator)
        logits = model(inputs)
        # Every position is a real character: a plain mean over the N * T predictions.
        flat_logits = logits.reshape(-1, logits.shape[-1])
        loss, cache = cross_entropy_forward(flat_logits, targets.reshape(-1), owner="train_char_lm")
        optimizer.zero_grad()
        model.backward(cross_entropy_backward(None, cache).reshape(logits.shape))
        clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        history.train_loss.append(float(loss))
        if tracking and (step % eval_every == 0 or step == num_steps):
            record(step)
    return history


def perplexity(model: CharLanguageModel, ids: np.ndarray, chunk_length: int = 256) -> float:
    """``exp`` of the mean next-character negative log-likelihood over ``ids``.

    The text is read in chunks with the recurrent state carried across, so every character is
    predicted from everything before it. The first character (which has no context) is not
    scored.

    Goodfellow et al., §10.2.3.

    Examples
    --------
    >>> model = CharLanguageModel(5, 4, 8, rng=np.random.default_rng(0))
    >>> 1.0 < perplexity(model, np.arange(5).repeat(4)) < 50
    True
    """
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim != 1 or ids.size < 2:
        fail("perplexity", "a 1-D sequence of at least two ids", ids.shape)
    total, count, state = 0.0, 0, None
    for start in range(0, ids.size - 1, chunk_length):
        inputs = ids[start : min(start + chunk_length, ids.size - 1)]
        targets = ids[start + 1 : start + 1 + inputs.size]
        log_probs = log_softmax(model(inputs[None], state)[0], dim=-1)
        state = model.state
        total -= float(log_probs[np.arange(targets.size), targets].sum())
        count += targets.size
    return float(np.exp(total / count))


def unigram_perplexity(train_ids: np.ndarray, test_ids: np.ndarray, vocab_size: int) -> float:
    """Perplexity on ``test_ids`` of character frequencies from ``train_ids`` (add-one smoothed).

    Goodfellow et al., §10.2.3.

    Examples
    --------
    >>> round(unigram_perplexity(np.array([0, 1]), np.array([0, 1]), 2), 6)
    2.0
    """
    counts = np.bincount(np.asarray(train_ids), minlength=vocab_size) + 1.0
    log_p = np.log(counts / counts.sum())
    return float(np.exp(-log_p[np.asarray(test_ids)].mean()))


def sample_with_temperature(
    logits: np.ndarray, temperature: float = 1.0, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Draw indices from ``softmax(logits / temperature)`` along the last axis.

    ``temperature == 0`` returns the arg-max (greedy).

    Goodfellow et al., §10.2.3.

    Examples
    --------
    >>> logits = np.array([[0.0, 5.0, 0.0]])
    >>> sample_with_temperature(logits, 0.0)
    array([1])
    """
    temperature = check_range("sample_with_temperature", "temperature", temperature, 0.0)
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return logits.argmax(axis=-1)
    probs = np.exp(log_softmax(logits / temperature, dim=-1))
    uniform = as_generator("sample_with_temperature", rng).random(probs.shape[:-1] + (1,))
    # Inverse-CDF sampling, vectorised over the leading axes.
    index = (probs.cumsum(axis=-1) < uniform).sum(axis=-1)
    return np.minimum(index, probs.shape[-1] - 1)


def generate_text(
    model: CharLanguageModel,
    vocab: Vocabulary,
    prompt: str,
    length: int = 200,
    temperature: float = 1.0,
    rng: np.random.Generator | None = None,
) -> str:
    """Continue ``prompt`` by ``length`` sampled characters.

    Goodfellow et al., §10.2.3.

    Examples
    --------
    >>> vocab = Vocabulary.from_texts(["ab"])
    >>> model = CharLanguageModel(len(vocab), 4, 8, rng=np.random.default_rng(0))
    >>> len(generate_text(model, vocab, "ab", length=5, rng=np.random.default_rng(1))) >= 2
    True
    """
    length = check_positive_int("generate_text", "length", length)
    generator = as_generator("generate_text", rng)
    ids = vocab.encode(prompt)
    if not ids:
        fail("generate_text", "a non-empty prompt", repr(prompt))
    logits = model(np.array([ids]))[0, -1]
    out = []
    for _ in range(length):
        token = int(sample_with_temperature(logits, temperature, generator))
        out.append(token)
        logits = model(np.array([[token]]), model.state)[0, -1]
    return prompt + vocab.decode(out, strip_special=False).replace("<pad>", "")
