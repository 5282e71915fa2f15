"""A small neural language model: embeddings of a fixed window of previous tokens, one hidden
layer, a softmax over the vocabulary (Goodfellow et al., §12.4.2; Bengio et al., 2003).

Where an n-gram model treats every context as a separate symbol, this model maps each token to
a learned vector, so contexts made of similar tokens get similar predictions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_positive_int, fail
from dlnotes.applications.ngram import perplexity
from dlnotes.applications.vocabulary import Vocabulary
from dlnotes.nn import Embedding, Linear, Module, Tanh
from dlnotes.nn.functional import log_softmax

__all__ = ["context_windows", "NeuralLM", "train_neural_lm"]


def context_windows(ids: Any, context: int, pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Every token of ``ids`` with the ``context`` ids before it (padded with ``pad_id``).

    The same left padding as :class:`~dlnotes.applications.NGramLM` of order ``context + 1``,
    so both models predict exactly the same tokens from the same information.

    Returns
    -------
    X, y : numpy.ndarray
        ``X[t]`` holds the ids before token ``t``, oldest first; ``y[t]`` is token ``t``.

    Shape
    -----
    - ids: ``(T,)``
    - X: ``(T, context)``
    - y: ``(T,)``

    Examples
    --------
    >>> X, y = context_windows(np.array([3, 4, 5]), 2, 9)
    >>> X.tolist(), y.tolist()
    ([[9, 9], [9, 3], [3, 4]], [3, 4, 5])
    """
    owner = "context_windows"
    context = check_positive_int(owner, "context", context)
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim != 1 or ids.size == 0:
        fail(owner, "a non-empty 1-D array of token ids", ids.shape)
    padded = np.concatenate([np.full(context, pad_id, dtype=np.int64), ids])
    X = padded[np.arange(ids.size)[:, None] + np.arange(context)]
    return X, ids.copy()


class NeuralLM(Module):
    r"""Embedding table, concatenated window, tanh hidden layer, logits over the vocabulary.

    .. math::
        \boldsymbol h = \tanh\big(\boldsymbol W [\boldsymbol e_{x_{t-k}}; \ldots;
        \boldsymbol e_{x_{t-1}}] + \boldsymbol b\big), \qquad
        P(x_t \mid x_{t-k}, \ldots, x_{t-1}) = \operatorname{softmax}(\boldsymbol U
        \boldsymbol h + \boldsymbol c)_{x_t}

    The embedding table has ``vocab_size + 1`` rows: the extra one is the start-of-text
    padding symbol, which is read but never predicted (Goodfellow et al., §12.4.2).

    Parameters
    ----------
    vocab_size : int
        Number of predicted symbols :math:`V`.
    context : int
        Window :math:`k` of previous tokens.
    embedding_dim : int, default 16
    hidden : int, default 128
    rng : numpy.random.Generator, optional
        Draws the initial weights.

    Shape
    -----
    - Input: integer ``(N, context)`` with ids in ``0 .. vocab_size`` (the last is padding).
    - Output: logits ``(N, vocab_size)``.

    Examples
    --------
    >>> model = NeuralLM(5, 3, embedding_dim=4, hidden=8, rng=np.random.default_rng(0))
    >>> model(np.array([[5, 5, 1], [0, 1, 2]])).shape
    (2, 5)
    """

    def __init__(
        self,
        vocab_size: int,
        context: int,
        embedding_dim: int = 16,
        hidden: int = 128,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        owner = "NeuralLM"
        self.vocab_size = check_positive_int(owner, "vocab_size", vocab_size)
        self.context = check_positive_int(owner, "context", context)
        embedding_dim = check_positive_int(owner, "embedding_dim", embedding_dim)
        hidden = check_positive_int(owner, "hidden", hidden)
        gen = as_generator(owner, rng)
        self.embedding = Embedding(self.vocab_size + 1, embedding_dim, rng=gen)
        self.hidden = Linear(self.context * embedding_dim, hidden, rng=gen)
        self.activation = Tanh()
        self.output = Linear(hidden, self.vocab_size, rng=gen)
        self._window_shape: tuple[int, ...] | None = None

    def forward(self, x: Any) -> np.ndarray:
        """Logits of the next token after each window of ``x``."""
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.context:
            fail("NeuralLM", f"integer windows (N, {self.context})", x.shape)
        e = self.embedding(x)  # (N, k, d)
        self._window_shape = e.shape
        return self.output(self.activation(self.hidden(e.reshape(len(x), -1))))

    def backward(self, grad_output: Any) -> None:
        """Accumulate every parameter's gradient; integer inputs have none (``None``)."""
        if self._window_shape is None:
            fail(
                "NeuralLM", "forward to be called before backward", "no cached input", RuntimeError
            )
        g = self.hidden.backward(self.activation.backward(self.output.backward(grad_output)))
        self.embedding.backward(g.reshape(self._window_shape))
        return None

    def log_probs(self, X: Any, y: Any) -> np.ndarray:
        """Natural-log probability of each next token ``y[t]`` after window ``X[t]``.

        Shape
        -----
        - X: ``(N, context)``
        - y: ``(N,)``
        - result: ``(N,)``
        """
        logp = log_softmax(self.forward(X), dim=-1)
        self._window_shape = None  # evaluation only: no backward through this call
        y = np.asarray(y, dtype=np.int64)
        if y.shape != (len(logp),):
            fail("NeuralLM", f"one next token per window, ({len(logp)},)", y.shape)
        return logp[np.arange(len(y)), y]

    def perplexity(self, X: Any, y: Any) -> float:
        """Perplexity on windows ``X`` and next tokens ``y``."""
        return perplexity(self.log_probs(X, y))


def train_neural_lm(
    vocab: Vocabulary,
    text: Iterable[Hashable],
    context: int,
    *,
    embedding_dim: int = 12,
    hidden: int = 128,
    num_epochs: int = 10,
    lr: float = 3e-3,
    weight_decay: float = 0.1,
    batch_size: int = 64,
    rng: np.random.Generator | None = None,
) -> NeuralLM:
    """Build a :class:`NeuralLM` over ``vocab`` and train it on ``text``.

    Minibatch training (:func:`dlnotes.training.fit`) of the cross-entropy of every next
    token, with :class:`dlnotes.optim.AdamW` (decoupled weight decay keeps the small data set
    from being memorised). The defaults are the page's.

    Examples
    --------
    >>> vocab = Vocabulary("abcabc")
    >>> lm = train_neural_lm(vocab, "abcabc" * 20, 2, hidden=8, num_epochs=20,
    ...                      rng=np.random.default_rng(0))
    >>> X, y = context_windows(vocab.encode("abcabc"), 2, vocab.bos_id)
    >>> bool(lm.perplexity(X, y) < vocab.size)  # better than uniform over a, b, c, <unk>
    True
    """
    from dlnotes.nn import CrossEntropyLoss
    from dlnotes.optim import AdamW
    from dlnotes.training import fit

    gen = as_generator("train_neural_lm", rng)
    X, y = context_windows(vocab.encode(text), context, vocab.bos_id)
    model = NeuralLM(vocab.size, context, embedding_dim, hidden, rng=gen)
    optimizer = AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    fit(
        model,
        CrossEntropyLoss(),
        optimizer,
        (X, y),
        num_epochs=num_epochs,
        batch_size=batch_size,
        rng=gen,
        progress=False,
    )
    return model
