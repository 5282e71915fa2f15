"""Count-based n-gram language models with additive and interpolated smoothing.

An n-gram model predicts each token from the ``n - 1`` tokens before it, with probabilities
estimated from counts. Raw count ratios give zero probability to every n-gram the training
text lacks (and infinite perplexity), so the counts are smoothed (Goodfellow et al., §12.4.1).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, check_range, fail
from dlnotes.applications.vocabulary import Vocabulary

__all__ = ["NGramLM", "perplexity", "smoothing_grid"]

_SMOOTHINGS = ("additive", "interpolated")


def perplexity(log_probs: Any) -> float:
    r"""Perplexity :math:`\exp\big(-\frac1T\sum_t \log p(x_t \mid \text{context}_t)\big)`.

    The geometric mean of the inverse probabilities the model gives the tokens that occur: a
    model that spreads its mass uniformly over :math:`V` symbols has perplexity :math:`V`.

    Parameters
    ----------
    log_probs : array_like
        Natural-log probabilities of the observed tokens, one per token.

    Shape
    -----
    - log_probs: ``(T,)``

    Examples
    --------
    >>> perplexity(np.log(np.full(5, 0.25)))
    4.0
    """
    lp = np.asarray(log_probs, dtype=np.float64)
    if lp.ndim != 1 or lp.size == 0:
        fail("perplexity", "a non-empty 1-D array of log-probabilities", lp.shape)
    return float(np.exp(-lp.mean()))


class NGramLM:
    r"""An n-gram language model over characters or words, smoothed two ways.

    With :math:`c(\cdot)` the training counts, :math:`h` the previous :math:`n-1` tokens and
    :math:`c(h) = \sum_w c(h, w)` the number of times :math:`h` is followed by a token:

    ``"additive"`` (Laplace for :math:`\alpha = 1`),

    .. math:: P(w \mid h) = \frac{c(h, w) + \alpha}{c(h) + \alpha V};

    ``"interpolated"``, which mixes each order with the next lower one, starting from the
    additive unigram :math:`P_0(w) = (c(w) + \alpha)/(N + \alpha V)`; with :math:`h_k` the
    last :math:`k` tokens of the context,

    .. math:: P_k(w \mid h_k) = \frac{c(h_k, w) + \beta\,P_{k-1}(w \mid h_{k-1})}{c(h_k) + \beta}.

    A context seen often trusts its own counts; an unseen one (:math:`c(h_k) = 0`) falls back
    entirely on the lower order. Both rules give a distribution that sums to one over the
    :math:`V` symbols for every context. The text is padded on the left with ``n - 1``
    start symbols, so every token, the first ones included, is predicted (§12.4.1).

    Parameters
    ----------
    n : int
        Order: the model conditions on ``n - 1`` tokens (``n = 1`` is a unigram model).
    smoothing : {"interpolated", "additive"}
    alpha : float, default 1
        Pseudo-count :math:`\alpha > 0` of additive smoothing (also of the unigram base).
    beta : float, default 1
        Interpolation strength :math:`\beta > 0` (pseudo-counts given to the lower order).

    Examples
    --------
    >>> lm = NGramLM(2, "additive").fit("abab")
    >>> round(lm.prob("a", "b"), 4)  # c(a, b) = 2, c(a) = 2, V = 3 with <unk>
    0.6
    """

    def __init__(
        self, n: int, smoothing: str = "interpolated", alpha: float = 1.0, beta: float = 1.0
    ) -> None:
        owner = "NGramLM"
        self.n = check_positive_int(owner, "n", n)
        if smoothing not in _SMOOTHINGS:
            fail(owner, f"smoothing in {_SMOOTHINGS}", repr(smoothing))
        self.smoothing = smoothing
        self.alpha = check_range(owner, "alpha", alpha, 0.0, low_inclusive=False)
        self.beta = check_range(owner, "beta", beta, 0.0, low_inclusive=False)
        self.vocab: Vocabulary | None = None

    def fit(self, tokens: Iterable[Hashable], vocab: Vocabulary | None = None) -> NGramLM:
        """Count the n-grams of every order up to ``n`` in ``tokens``; returns ``self``."""
        tokens = list(tokens)
        if not tokens:
            fail("NGramLM", "a non-empty training text", "no tokens")
        self.vocab = Vocabulary(tokens) if vocab is None else vocab
        ids = self._padded(tokens)
        start = self.n - 1
        # counts[k][context of length k][w] for k = 0 .. n-1 (k = 0: the empty context)
        self._counts: list[dict[tuple[int, ...], Counter[int]]] = []
        for k in range(self.n):
            table: dict[tuple[int, ...], Counter[int]] = defaultdict(Counter)
            for t in range(start, len(ids)):
                table[tuple(ids[t - k : t])][ids[t]] += 1
            self._counts.append(dict(table))
        self._totals = [{h: sum(c.values()) for h, c in table.items()} for table in self._counts]
        return self

    # -- helpers ------------------------------------------------------------------------
    def _check_fitted(self) -> Vocabulary:
        if self.vocab is None:
            fail("NGramLM", "fit to be called first", "an unfitted model", RuntimeError)
        return self.vocab

    def _padded(self, tokens: Iterable[Hashable]) -> list[int]:
        vocab = self._check_fitted()
        return [vocab.bos_id] * (self.n - 1) + vocab.encode(tokens).tolist()

    def _context_ids(self, context: Iterable[Hashable]) -> tuple[int, ...]:
        vocab = self._check_fitted()
        padded = [vocab.bos_id] * (self.n - 1) + vocab.encode(context).tolist()
        return tuple(padded[len(padded) - (self.n - 1) :]) if self.n > 1 else ()

    def _prob_id(self, h: tuple[int, ...], w: int) -> float:
        V = self._check_fitted().size
        c0 = self._counts[0][()]
        p = (c0.get(w, 0) + self.alpha) / (self._totals[0][()] + self.alpha * V)
        if self.smoothing == "additive":
            if self.n == 1:
                return p
            counts = self._counts[-1].get(h)
            c = 0 if counts is None else counts.get(w, 0)
            total = self._totals[-1].get(h, 0)
            return (c + self.alpha) / (total + self.alpha * V)
        for k in range(1, self.n):
            hk = h[len(h) - k :]
            counts = self._counts[k].get(hk)
            if counts is not None:  # an unseen context keeps the lower order as it is
                p = (counts.get(w, 0) + self.beta * p) / (self._totals[k][hk] + self.beta)
        return p

    # -- public -------------------------------------------------------------------------
    def prob(self, context: Iterable[Hashable], token: Hashable) -> float:
        """:math:`P(\\text{token} \\mid \\text{last } n-1 \\text{ tokens of context})`."""
        vocab = self._check_fitted()
        return self._prob_id(self._context_ids(context), int(vocab.encode([token])[0]))

    def distribution(self, context: Iterable[Hashable]) -> np.ndarray:
        """The next-token distribution after ``context``, over ``vocab.tokens`` (sums to 1).

        Shape
        -----
        - result: ``(V,)``
        """
        V = self._check_fitted().size
        h = self._context_ids(context)
        return np.array([self._prob_id(h, w) for w in range(V)])

    def log_probs(self, tokens: Iterable[Hashable]) -> np.ndarray:
        """Natural-log probability of each token given the tokens before it.

        The text is padded with start symbols, so the first token is predicted from them.

        Shape
        -----
        - result: ``(T,)`` for ``T`` tokens
        """
        ids = self._padded(tokens)
        m = self.n - 1
        return np.log(
            np.array([self._prob_id(tuple(ids[t - m : t]), ids[t]) for t in range(m, len(ids))])
        )

    def perplexity(self, tokens: Iterable[Hashable]) -> float:
        """Perplexity of the model on ``tokens`` (see :func:`perplexity`)."""
        return perplexity(self.log_probs(tokens))


def smoothing_grid(
    train: Iterable[Hashable],
    val: Iterable[Hashable],
    orders: Iterable[int],
    smoothing: str,
    values: Iterable[float],
    vocab: Vocabulary | None = None,
) -> np.ndarray:
    """Validation perplexity of every order and smoothing parameter (``alpha`` for
    ``"additive"``, ``beta`` for ``"interpolated"``), counting each order's n-grams once.

    Returns
    -------
    numpy.ndarray
        ``result[a, b]`` is the perplexity on ``val`` of order ``orders[a]`` with parameter
        ``values[b]``.

    Shape
    -----
    - result: ``(len(orders), len(values))``

    Examples
    --------
    >>> smoothing_grid("abab" * 5, "abba", [1, 2], "additive", [0.1, 1.0]).shape
    (2, 2)
    """
    train, val, values = list(train), list(val), [float(v) for v in values]
    if smoothing not in _SMOOTHINGS:
        fail("smoothing_grid", f"smoothing in {_SMOOTHINGS}", repr(smoothing))
    vocab = Vocabulary(train) if vocab is None else vocab
    key = "alpha" if smoothing == "additive" else "beta"
    table = []
    for n in orders:
        lm = NGramLM(n, smoothing).fit(train, vocab)
        row = []
        for v in values:
            setattr(lm, key, check_range("smoothing_grid", key, v, 0.0, low_inclusive=False))
            row.append(lm.perplexity(val))
        table.append(row)
    return np.array(table)
