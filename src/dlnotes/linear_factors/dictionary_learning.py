r"""Dictionary learning for sparse coding: alternate codes and atoms (Goodfellow et al., §13.4).

Sparse coding trains the dictionary :math:`W` by minimising the mean of
:math:`\tfrac12\|x - W h\|_2^2 + \lambda\|h\|_1` over both the codes and the atoms, with every
atom kept inside the unit ball, :math:`\|w_j\|_2 \le 1`. Without that constraint the penalty
could be dodged: doubling an atom and halving its code keeps the reconstruction and halves the
penalty. The objective is not jointly convex, but it is convex in each block, so we alternate:

* **codes**: a few ISTA steps from the previous codes (:func:`~dlnotes.linear_factors.ista`);
* **atoms**: block-coordinate descent (Mairal et al. 2009): for each atom in turn, the exact
  minimiser with the others fixed, projected onto the unit ball.

Neither step can increase the objective, so it falls monotonically. An atom no example uses is
re-seeded with a random example (it contributes nothing, so the objective is unchanged).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_float_array,
    as_generator,
    check_ndim,
    check_positive_int,
    check_range,
    fail,
)
from dlnotes.linear_factors.sparse_coding import ista, sparse_coding_objective

__all__ = ["DictionaryLearning"]


class DictionaryLearning:
    r"""Learn an (overcomplete) dictionary for sparse coding by alternating minimisation.

    Parameters
    ----------
    n_atoms : int
        Number of atoms :math:`k` (may exceed the dimension :math:`n`).
    lam : float
        Sparsity penalty :math:`\lambda > 0`.
    num_iter : int, default 30
        Alternations (each: codes, then atoms).
    code_iter : int, default 30
        ISTA steps per code update.
    rng : numpy.random.Generator, optional
        Initial atoms are random examples (``None``: a fresh generator).

    Attributes
    ----------
    dictionary : numpy.ndarray
        :math:`W`, one atom per column, shape ``(n, k)``, every column of norm at most 1.
    codes : numpy.ndarray
        Codes of the training examples, shape ``(N, k)``.
    objective_history : numpy.ndarray
        Mean objective after each alternation, shape ``(num_iter,)``.

    Shape
    -----
    - ``fit(X)``: ``X`` is ``(N, n)``
    - ``transform``: ``(N, n) -> (N, k)``

    References
    ----------
    Goodfellow et al., §13.4; Olshausen and Field (1996).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 5))
    >>> learner = DictionaryLearning(8, lam=0.1, num_iter=5, rng=rng).fit(X)
    >>> learner.dictionary.shape, bool(np.all(np.diff(learner.objective_history) <= 1e-12))
    ((5, 8), True)
    """

    def __init__(
        self,
        n_atoms: int,
        lam: float,
        *,
        num_iter: int = 30,
        code_iter: int = 30,
        rng: np.random.Generator | None = None,
    ) -> None:
        owner = "DictionaryLearning"
        self.n_atoms = check_positive_int(owner, "n_atoms", n_atoms)
        self.lam = check_range(owner, "lam", lam, 0.0, low_inclusive=False)
        self.num_iter = check_positive_int(owner, "num_iter", num_iter)
        self.code_iter = check_positive_int(owner, "code_iter", code_iter)
        self.rng = rng
        self.dictionary: np.ndarray | None = None
        self.codes: np.ndarray | None = None
        self.objective_history = np.empty(0)

    def __repr__(self) -> str:
        return f"DictionaryLearning(n_atoms={self.n_atoms}, lam={self.lam})"

    def fit(self, X: Any) -> DictionaryLearning:
        """Learn the dictionary from ``X`` of shape ``(N, n)``; returns ``self``."""
        owner = "DictionaryLearning"
        X = as_float_array(owner, X, "X")
        check_ndim(owner, X, 2, "X of shape (N, n)")
        if X.shape[0] < 1 or not np.all(np.isfinite(X)):
            fail(owner, "X of shape (N, n) with N >= 1 and finite entries", tuple(X.shape))
        gen = as_generator(owner, self.rng)
        W = self._seed_atoms(X, self.n_atoms, gen).T  # (n, k)
        H = np.zeros((X.shape[0], self.n_atoms), dtype=X.dtype)
        history = np.empty(self.num_iter)
        for it in range(self.num_iter):
            H = ista(X, W, self.lam, num_iter=self.code_iter, codes=H, track_objective=False).codes
            W = self._update_atoms(X, W, H, gen)
            history[it] = sparse_coding_objective(X, W, H, self.lam)
        self.dictionary, self.codes, self.objective_history = W, H, history
        return self

    @staticmethod
    def _seed_atoms(X: np.ndarray, count: int, gen: np.random.Generator) -> np.ndarray:
        """``count`` random examples scaled to unit norm, shape ``(count, n)``."""
        rows = X[gen.integers(0, X.shape[0], count)]
        rows = rows + 1e-6 * gen.standard_normal(rows.shape)  # never a zero atom
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    @staticmethod
    def _update_atoms(
        X: np.ndarray, W: np.ndarray, H: np.ndarray, gen: np.random.Generator
    ) -> np.ndarray:
        r"""One sweep of block-coordinate descent over the atoms.

        With :math:`A = H^\top H` and :math:`B = X^\top H`, the objective's part that depends
        on atom :math:`j` is minimised at :math:`w_j + (b_j - W a_j)/A_{jj}`; we project it
        onto the unit ball.
        """
        W = W.copy()
        A = H.T @ H
        B = X.T @ H
        for j in range(W.shape[1]):
            if not np.any(H[:, j]):  # unused: moving it leaves the objective unchanged
                W[:, j] = DictionaryLearning._seed_atoms(X, 1, gen)[0]
                continue
            u = W[:, j] + (B[:, j] - W @ A[:, j]) / A[j, j]
            W[:, j] = u / max(1.0, float(np.linalg.norm(u)))
        return W

    def transform(self, X: Any, *, num_iter: int = 300) -> np.ndarray:
        """Sparse codes of ``X`` (shape ``(N, n)``) under the learned dictionary, by FISTA."""
        if self.dictionary is None:
            fail("DictionaryLearning", "a fitted model (call fit first)", "an unfitted model")
        return ista(
            X, self.dictionary, self.lam, num_iter=num_iter, fast=True, track_objective=False
        ).codes
