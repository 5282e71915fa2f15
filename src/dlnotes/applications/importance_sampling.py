r"""Importance sampling of the softmax log-likelihood gradient (Goodfellow et al., §12.4.3.3;
Bengio and Senécal, 2003, 2008).

For logits :math:`\boldsymbol a` (one per word) and target :math:`y`,

.. math::
    \nabla_{\boldsymbol a}\log\operatorname{softmax}(\boldsymbol a)_y
    = \boldsymbol e_y - \sum_i p_i\,\boldsymbol e_i ,

a positive phase on the target and a negative phase, an expectation over the model's own
distribution :math:`\boldsymbol p` that costs :math:`V` exponentials. Sampling :math:`m` words
from a cheap proposal :math:`q` and weighting them replaces that expectation by a sum of
:math:`m` terms. (Gradients with respect to parameters :math:`\theta` follow by the chain
rule: replace :math:`\boldsymbol e_i` by :math:`\partial a_i/\partial\theta`.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail

__all__ = ["exact_softmax_gradient", "importance_sampled_gradient", "unigram_proposal"]


def _logits(owner: str, logits: Any) -> np.ndarray:
    a = as_float_array(owner, logits, "logits")
    if a.ndim != 1 or a.size < 2:
        fail(owner, "a 1-D array of at least 2 logits", a.shape)
    return a


def exact_softmax_gradient(logits: Any, target: int) -> np.ndarray:
    r""":math:`\nabla_{\boldsymbol a}\log\operatorname{softmax}(\boldsymbol a)_y =
    \boldsymbol e_y - \boldsymbol p`.

    Shape
    -----
    - logits: ``(V,)``
    - result: ``(V,)``

    Examples
    --------
    >>> exact_softmax_gradient(np.zeros(4), 1)
    array([-0.25,  0.75, -0.25, -0.25])
    """
    a = _logits("exact_softmax_gradient", logits)
    p = np.exp(a - a.max())
    g = -p / p.sum()
    g[int(target)] += 1.0
    return g


def unigram_proposal(ids: Any, vocab_size: int, alpha: float = 1.0) -> np.ndarray:
    r"""Unigram frequencies :math:`q_i = (c_i + \alpha)/(N + \alpha V)`, a proposal that is
    positive on every word.

    Shape
    -----
    - ids: ``(N,)``
    - result: ``(vocab_size,)``

    Examples
    --------
    >>> unigram_proposal(np.array([0, 0, 1]), 3, alpha=1.0)
    array([0.5       , 0.33333333, 0.16666667])
    """
    V = check_positive_int("unigram_proposal", "vocab_size", vocab_size)
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim != 1 or (ids.size and (ids.min() < 0 or ids.max() >= V)):
        fail("unigram_proposal", f"token ids (N,) in [0, {V})", ids.shape)
    if alpha <= 0:
        fail("unigram_proposal", "alpha > 0 (every word needs q > 0)", repr(alpha))
    counts = np.bincount(ids, minlength=V) + alpha
    return counts / counts.sum()


def importance_sampled_gradient(
    logits: Any,
    target: int,
    proposal: Any,
    num_samples: int,
    num_draws: int = 1,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""Self-normalised importance-sampling estimates of :func:`exact_softmax_gradient`.

    Draw :math:`n_1, \ldots, n_m \sim q` independently, weight each by the *unnormalised*
    ratio :math:`r_j = e^{a_{n_j}}/q_{n_j}` (no partition function needed), and return

    .. math::
        \hat{\boldsymbol g} = \boldsymbol e_y - \sum_{j=1}^m \frac{r_j}{\sum_l r_l}\,
        \boldsymbol e_{n_j}.

    For finite :math:`m` this estimator is **biased** (it is a ratio of two unbiased
    estimators; for :math:`m = 1` its mean is :math:`\boldsymbol e_y - \boldsymbol q`), but it
    is **consistent**: it converges to the exact gradient almost surely as
    :math:`m \to \infty`, and its bias is :math:`O(1/m)`. It is unbiased for every :math:`m`
    when :math:`q = p`.

    Parameters
    ----------
    logits : array_like
        The logits :math:`\boldsymbol a`.
    target : int
        The observed word :math:`y`.
    proposal : array_like
        Proposal distribution :math:`q`, positive everywhere and summing to one.
    num_samples : int
        Samples :math:`m` per estimate.
    num_draws : int, default 1
        Independent estimates to return.
    rng : numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray
        One estimate per row.

    Shape
    -----
    - logits: ``(V,)``
    - proposal: ``(V,)``
    - result: ``(num_draws, V)``

    Examples
    --------
    >>> g = importance_sampled_gradient(np.zeros(3), 0, np.full(3, 1 / 3), 4,
    ...                                 rng=np.random.default_rng(0))
    >>> g.shape, float(np.round(g.sum(), 12))  # every estimate sums to 1 - 1 = 0
    ((1, 3), 0.0)
    """
    owner = "importance_sampled_gradient"
    a = _logits(owner, logits)
    q = as_float_array(owner, proposal, "proposal")
    if q.shape != a.shape or np.any(q <= 0) or not np.isclose(q.sum(), 1.0):
        fail(owner, f"a positive proposal of shape {a.shape} summing to 1", q.shape)
    m = check_positive_int(owner, "num_samples", num_samples)
    draws = check_positive_int(owner, "num_draws", num_draws)
    gen = as_generator(owner, rng)
    samples = gen.choice(a.size, size=(draws, m), p=q)
    log_r = a[samples] - np.log(q[samples])  # log of the unnormalised ratios
    r = np.exp(log_r - log_r.max(axis=1, keepdims=True))  # a common factor cancels
    w = r / r.sum(axis=1, keepdims=True)
    g = np.zeros((draws, a.size))
    np.add.at(g, (np.repeat(np.arange(draws), m), samples.ravel()), -w.ravel())
    g[:, int(target)] += 1.0
    return g
