"""A one-block Transformer encoder that labels every position of a sequence.

Token embedding plus (optionally) sinusoidal positional encoding, one
:class:`~dlnotes.nn.TransformerEncoderLayer` (self-attention and a feed-forward network with
residual connections and layer normalisation), and a linear read-out per position. Enough
for toy tasks where each output position depends on the whole input, such as reversing or
sorting a fixed-length sequence.

Without positional encodings the model is *permutation-equivariant*: permuting the input
positions permutes the outputs the same way, so it cannot reverse a sequence (the output at a
position can depend only on the token there and on the multiset of all tokens).

Goodfellow et al., §12.4.5.1 (attention), §10.2 (per-position outputs).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import as_generator, check_bool, check_positive_int, fail
from dlnotes.nn.embedding import Embedding
from dlnotes.nn.functional.loss import cross_entropy_backward, cross_entropy_forward
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module
from dlnotes.nn.transformer import TransformerEncoderLayer
from dlnotes.optim import Adam
from dlnotes.seq2seq.positional_encoding import sinusoidal_positional_encoding
from dlnotes.training import History

__all__ = ["TransformerTagger", "train_tagger"]


class TransformerTagger(Module):
    """Embedding (+ positional encoding), one Transformer encoder block, per-position logits.

    Goodfellow et al., §12.4.5.1.

    Parameters
    ----------
    vocab_size, num_classes : int
    d_model : int
        Even (the sinusoidal encoding pairs its features).
    nhead : int
        Divides ``d_model``.
    dim_feedforward : int
    max_length : int
        Longest sequence (rows of the positional table).
    positional : bool
        Add sinusoidal positional encodings to the embeddings.
    rng : numpy.random.Generator, optional

    Shape
    -----
    - ids: ``(N, L)`` int with ``L <= max_length``; padding_mask: ``(N, L)`` bool, ``True`` on
      padding (the keys attention must ignore, PyTorch's ``src_key_padding_mask``)
    - output: logits ``(N, L, num_classes)``

    Examples
    --------
    >>> model = TransformerTagger(10, 10, d_model=8, nhead=2, dim_feedforward=16,
    ...                           max_length=6, rng=np.random.default_rng(0))
    >>> model(np.zeros((3, 5), dtype=int)).shape
    (3, 5, 10)
    """

    def __init__(
        self,
        vocab_size: int,
        num_classes: int,
        d_model: int = 32,
        nhead: int = 2,
        dim_feedforward: int = 64,
        max_length: int = 32,
        positional: bool = True,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        owner = "TransformerTagger"
        check_bool(owner, "positional", positional)
        self.max_length = check_positive_int(owner, "max_length", max_length)
        generator = as_generator(owner, rng)
        self.positional = bool(positional)
        self.embedding = Embedding(vocab_size, d_model, rng=generator)
        self.encoder = TransformerEncoderLayer(
            d_model, nhead, dim_feedforward, dropout=0.0, batch_first=True, rng=generator
        )
        self.output = Linear(d_model, num_classes, rng=generator)
        # A fixed table, not a Parameter: the encodings are not trained.
        self.position_table = sinusoidal_positional_encoding(self.max_length, d_model)

    def forward(self, ids: Any, padding_mask: Any = None) -> np.ndarray:
        """Per-position logits."""
        ids = np.asarray(ids)
        if ids.ndim != 2 or ids.shape[1] > self.max_length:
            fail("TransformerTagger", f"ids of shape (N, L) with L <= {self.max_length}", ids.shape)
        x = self.embedding(ids)
        if self.positional:
            x = x + self.position_table[: ids.shape[1]]
        return self.output(self.encoder(x, src_key_padding_mask=padding_mask))

    def backward(self, grad_logits: Any) -> None:
        """Accumulate every parameter's gradient (the positional table is constant)."""
        self.embedding.backward(self.encoder.backward(self.output.backward(grad_logits)))
        return None


def train_tagger(
    model: TransformerTagger,
    inputs: Any,
    targets: Any,
    num_epochs: int = 10,
    batch_size: int = 64,
    lr: float = 3e-3,
    rng: np.random.Generator | None = None,
) -> History:
    """Minibatch Adam on the mean per-position cross-entropy; returns the epoch losses.

    Goodfellow et al., §12.4.5.1.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.integers(0, 5, size=(64, 4))
    >>> model = TransformerTagger(5, 5, 8, 2, 16, max_length=4, rng=rng)
    >>> history = train_tagger(model, X, X[:, ::-1], num_epochs=2, rng=rng)
    >>> history.train_loss[1] < history.train_loss[0]
    True
    """
    owner = "train_tagger"
    num_epochs = check_positive_int(owner, "num_epochs", num_epochs)
    batch_size = check_positive_int(owner, "batch_size", batch_size)
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    if inputs.ndim != 2 or targets.shape != inputs.shape:
        fail(owner, "inputs and targets of one shape (N, L)", f"{inputs.shape} and {targets.shape}")
    generator = as_generator(owner, rng)
    optimizer = Adam(model.parameters(), lr=lr)
    history = History()
    for _ in range(num_epochs):
        order = generator.permutation(inputs.shape[0])
        total = 0.0
        for start in range(0, order.size, batch_size):
            batch = order[start : start + batch_size]
            logits = model(inputs[batch])
            loss, cache = cross_entropy_forward(
                logits.reshape(-1, logits.shape[-1]), targets[batch].reshape(-1), owner=owner
            )
            optimizer.zero_grad()
            model.backward(cross_entropy_backward(None, cache).reshape(logits.shape))
            optimizer.step()
            total += float(loss) * batch.size
        history.train_loss.append(total / inputs.shape[0])
    return history
