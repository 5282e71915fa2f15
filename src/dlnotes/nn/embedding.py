"""``Embedding``: a learned lookup table from integer ids to vectors.

Goodfellow et al., §12.4.2 (word embeddings).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import (
    as_generator,
    check_forward_called,
    check_positive_int,
    fail,
    reject_unsupported,
    resolve_dtype,
)
from dlnotes.nn.functional.embedding import (
    EmbeddingCache,
    embedding_backward,
    embedding_forward,
)
from dlnotes.nn.module import Module, Parameter

__all__ = ["Embedding"]


class Embedding(Module):
    r"""Look up rows of a ``(num_embeddings, embedding_dim)`` table by integer index.

    Equivalent to multiplying a one-hot encoding of each index by ``weight``, without forming
    the one-hot matrix (Goodfellow et al., §12.4.2).

    Parameters
    ----------
    num_embeddings : int
        Size of the vocabulary.
    embedding_dim : int
        Size of each vector.
    padding_idx : int, optional
        As PyTorch: that row is initialised to zero and receives no gradient.
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional
        Draws the initial table; ``None`` means a fresh generator.

    Attributes
    ----------
    weight : Parameter
        ``(num_embeddings, embedding_dim)``, initialised from :math:`\mathcal N(0, 1)` as PyTorch.

    Shape
    -----
    - Input: integer array ``(*)``.
    - Output: ``(*, embedding_dim)``.

    ``backward(grad_output)`` accumulates ``weight.grad`` and returns ``None``: the integer
    input has no gradient.

    Examples
    --------
    >>> emb = Embedding(10, 3, rng=np.random.default_rng(0))
    >>> emb(np.array([[1, 2], [3, 1]])).shape
    (2, 2, 3)
    >>> emb.backward(np.ones((2, 2, 3))) is None, emb.weight.grad[1]
    (True, array([2., 2., 2.]))
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
        **unsupported: Any,
    ) -> None:
        super().__init__()
        reject_unsupported("Embedding", unsupported)
        self.num_embeddings = check_positive_int("Embedding", "num_embeddings", num_embeddings)
        self.embedding_dim = check_positive_int("Embedding", "embedding_dim", embedding_dim)
        if padding_idx is not None:
            if isinstance(padding_idx, bool) or not isinstance(padding_idx, (int, np.integer)):
                fail(
                    "Embedding",
                    "padding_idx to be an integer or None",
                    repr(padding_idx),
                    TypeError,
                )
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                fail(
                    "Embedding",
                    f"padding_idx in [{-self.num_embeddings}, {self.num_embeddings - 1}]",
                    repr(padding_idx),
                )
            padding_idx = int(padding_idx) % self.num_embeddings
        self.padding_idx = padding_idx
        dt = resolve_dtype("Embedding", dtype)
        table = (
            as_generator("Embedding", rng)
            .standard_normal((self.num_embeddings, self.embedding_dim))
            .astype(dt)
        )
        if padding_idx is not None:
            table[padding_idx] = 0
        self.weight = Parameter(table)
        self._cache: EmbeddingCache | None = None

    def forward(self, indices: Any) -> np.ndarray:
        """Return the rows of ``weight`` at ``indices`` (the kernel checks them)."""
        out, self._cache = embedding_forward(indices, self.weight.data, owner="Embedding")
        return out

    def backward(self, grad_output: Any) -> None:
        """Add dL/d(weight) into ``weight.grad``; integer indices have no gradient (``None``)."""
        cache = check_forward_called("Embedding", self._cache)
        grad = np.asarray(grad_output).astype(self.weight.dtype, copy=False)
        dweight = embedding_backward(grad, cache, owner="Embedding")
        if self.padding_idx is not None:
            dweight[self.padding_idx] = 0
        self.weight.grad += dweight
        return None

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text if self.padding_idx is None else text + f", padding_idx={self.padding_idx}"
