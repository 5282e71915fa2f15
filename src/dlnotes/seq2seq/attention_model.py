"""An encoder-decoder with attention (Luong-style global attention) built from dlnotes layers.

* **Encoder**: embedding, then a bidirectional GRU or LSTM whose two directions have
  ``hidden_size / 2`` units each, so every source position gets a ``hidden_size`` summary of
  the whole sentence around it.
* **Bridge**: the two directions' final states, concatenated, start the decoder.
* **Decoder**: embedding, then a unidirectional GRU/LSTM run over the teacher-forced target.
  Each decoder state ``s_t`` queries the encoder outputs with scaled dot-product attention
  or, with ``attention="additive"``, Bahdanau's scoring network (padding masked out either
  way); the context ``c_t`` and ``s_t`` give the prediction
  ``softmax(W_o tanh(W_c [s_t; c_t]))``. With ``attention="none"`` there is no context: the
  prediction is ``softmax(W_o tanh(W_c s_t))`` and the source reaches the decoder only
  through its initial state, the fixed-size summary of the attention-free encoder-decoder
  (Sutskever et al., 2014; Cho et al., 2014).

Because attention is applied *after* the decoder RNN, the decoder runs over all target steps
at once during training (one recurrent layer call) and back-propagation is again the layers'
BPTT. Goodfellow et al., §10.4 (encoder-decoder), §12.4.5.1 (attention in translation).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, fail, resolve_dtype
from dlnotes.nn.activation import Tanh
from dlnotes.nn.attention import AdditiveAttention
from dlnotes.nn.embedding import Embedding
from dlnotes.nn.functional.activation import log_softmax
from dlnotes.nn.functional.attention import (
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
)
from dlnotes.nn.linear import Linear
from dlnotes.nn.module import Module
from dlnotes.nn.recurrent import GRU, LSTM
from dlnotes.seq2seq.beam_search import beam_search
from dlnotes.seq2seq.greedy import greedy_decode
from dlnotes.seq2seq.vocabulary import Vocabulary

__all__ = ["AttentionSeq2Seq"]


class AttentionSeq2Seq(Module):
    """Bidirectional recurrent encoder, recurrent decoder, dot-product attention.

    Goodfellow et al., §10.4, §12.4.5.1.

    Parameters
    ----------
    source_vocab_size, target_vocab_size : int
    embedding_dim : int
    hidden_size : int
        Decoder state size; even (each encoder direction has ``hidden_size // 2`` units).
    cell : {"gru", "lstm"}
    attention : {"dot", "additive", "none"}
        Scaled dot-product scores ``s_t . h_s / sqrt(H)``, additive scores
        ``w^T tanh(W_q s_t + W_k h_s)`` (an :class:`~dlnotes.nn.AdditiveAttention` module
        named ``attention``, registered after ``decoder``), or no attention at all (the
        baseline: ``combine`` then maps ``H`` features, not ``2H``).
    pad_index : int
        Id of ``<pad>`` in both vocabularies (its embeddings stay zero).
    dtype : numpy dtype, optional
    rng : numpy.random.Generator, optional

    Attributes
    ----------
    attention_weights : numpy.ndarray or None
        ``(N, T, S)`` weights of the last forward pass (rows sum to one over real source
        tokens), for heat-maps; ``None`` with ``attention="none"``.

    Shape
    -----
    ``forward(source_ids (N, S), source_mask (N, S), decoder_inputs (N, T))`` returns logits
    ``(N, T, target_vocab_size)``; ``backward(grad_logits)`` accumulates every parameter
    gradient and returns ``None`` (the inputs are integer ids).

    Examples
    --------
    >>> model = AttentionSeq2Seq(10, 12, embedding_dim=4, hidden_size=6,
    ...                          rng=np.random.default_rng(0))
    >>> src = np.array([[4, 5, 6], [7, 8, 0]])
    >>> logits = model(src, src != 0, np.array([[1, 4], [1, 5]]))
    >>> logits.shape, model.attention_weights.shape
    ((2, 2, 12), (2, 2, 3))
    """

    def __init__(
        self,
        source_vocab_size: int,
        target_vocab_size: int,
        embedding_dim: int = 32,
        hidden_size: int = 64,
        cell: str = "gru",
        attention: str = "dot",
        pad_index: int = 0,
        dtype: Any = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        owner = "AttentionSeq2Seq"
        hidden_size = check_positive_int(owner, "hidden_size", hidden_size)
        if hidden_size % 2:
            fail(
                owner,
                "an even hidden_size (split between the encoder's two directions)",
                hidden_size,
            )
        if cell not in ("gru", "lstm"):
            fail(owner, "cell 'gru' or 'lstm'", repr(cell))
        if attention not in ("dot", "additive", "none"):
            fail(owner, "attention 'dot', 'additive' or 'none'", repr(attention))
        dt = resolve_dtype(owner, dtype)
        rng = np.random.default_rng() if rng is None else rng
        # GRU and LSTM differ in their state (h or the pair (h, c)); typed as Any so that one
        # code path serves both (backward takes grad_h_n, and grad_c_n for the LSTM).
        layer: Any = GRU if cell == "gru" else LSTM
        self.cell = cell
        self.hidden_size = hidden_size
        self.pad_index = pad_index
        self.source_embedding = Embedding(
            source_vocab_size, embedding_dim, padding_idx=pad_index, dtype=dt, rng=rng
        )
        self.encoder = layer(
            embedding_dim, hidden_size // 2, bidirectional=True, batch_first=True, dtype=dt, rng=rng
        )
        self.target_embedding = Embedding(
            target_vocab_size, embedding_dim, padding_idx=pad_index, dtype=dt, rng=rng
        )
        self.decoder = layer(embedding_dim, hidden_size, batch_first=True, dtype=dt, rng=rng)
        self.attention_kind = attention
        if attention == "additive":
            self.attention = AdditiveAttention(
                hidden_size, hidden_size, hidden_size, dtype=dt, rng=rng
            )
        combined_size = hidden_size if attention == "none" else 2 * hidden_size
        self.combine = Linear(combined_size, hidden_size, dtype=dt, rng=rng)
        self.combine_activation = Tanh()
        self.output = Linear(hidden_size, target_vocab_size, dtype=dt, rng=rng)
        self.attention_weights: np.ndarray | None = None
        self._cache: Any = None

    # -- the bridge between encoder and decoder states -------------------------------------------
    @staticmethod
    def _bridge(final: np.ndarray) -> np.ndarray:
        """``(2, N, H/2)`` forward/backward final states -> ``(1, N, H)`` decoder start."""
        return final.transpose(1, 0, 2).reshape(1, final.shape[1], -1)

    @staticmethod
    def _unbridge(grad: np.ndarray) -> np.ndarray:
        n, h = grad.shape[1], grad.shape[2]
        return grad[0].reshape(n, 2, h // 2).transpose(1, 0, 2)

    def _encode(self, source_ids: np.ndarray) -> tuple[np.ndarray, Any]:
        encoded, final = self.encoder(self.source_embedding(source_ids))
        if self.cell == "lstm":
            return encoded, (self._bridge(final[0]), self._bridge(final[1]))
        return encoded, self._bridge(final)

    def _attend_and_predict(
        self, states: np.ndarray, encoded: np.ndarray, source_mask: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None, Any]:
        """Logits, attention weights ``(N, T, S)`` and the attention cache."""
        if self.attention_kind == "none":
            return self.output(self.combine_activation(self.combine(states))), None, None
        if self.attention_kind == "additive":
            context, weights = self.attention(states, encoded, encoded, source_mask)
            cache = None  # kept by the AdditiveAttention module itself
        else:
            context, cache = scaled_dot_product_attention_forward(
                states, encoded, encoded, attn_mask=source_mask[:, None, :]
            )
            weights = cache[3]
        combined = self.combine_activation(self.combine(np.concatenate([states, context], -1)))
        return self.output(combined), weights, cache

    # -- training ---------------------------------------------------------------------------
    def forward(self, source_ids: Any, source_mask: Any, decoder_inputs: Any) -> np.ndarray:
        """Teacher-forced logits for every target step."""
        source_ids, decoder_inputs = np.asarray(source_ids), np.asarray(decoder_inputs)
        source_mask = np.asarray(source_mask, dtype=bool)
        if source_ids.ndim != 2 or source_mask.shape != source_ids.shape:
            fail(
                "AttentionSeq2Seq",
                "source_ids and source_mask of one shape (N, S)",
                f"{source_ids.shape} and {source_mask.shape}",
            )
        if decoder_inputs.ndim != 2 or decoder_inputs.shape[0] != source_ids.shape[0]:
            fail(
                "AttentionSeq2Seq",
                f"decoder_inputs of shape ({source_ids.shape[0]}, T)",
                decoder_inputs.shape,
            )
        encoded, start = self._encode(source_ids)
        states, _ = self.decoder(self.target_embedding(decoder_inputs), start)
        logits, self.attention_weights, attention_cache = self._attend_and_predict(
            states, encoded, source_mask
        )
        self._cache = (attention_cache, encoded.shape)
        return logits

    def backward(self, grad_logits: Any) -> None:
        """Back-propagate through prediction, attention, decoder, bridge and encoder."""
        if self._cache is None:
            fail(
                "AttentionSeq2Seq",
                "forward to be called before backward",
                "no cached forward pass",
                RuntimeError,
            )
        grad = self.combine_activation.backward(self.output.backward(grad_logits))
        grad = self.combine.backward(grad)
        hidden = self.hidden_size
        grad_states, grad_context = grad[..., :hidden], grad[..., hidden:]
        if self.attention_kind == "none":
            # Without attention the encoder outputs are unused: only its final states matter.
            grad_query = np.zeros_like(grad_states)
            grad_key = np.zeros(self._cache[1], dtype=grad_states.dtype)
            grad_value = grad_key
        elif self.attention_kind == "additive":
            grad_query, grad_key, grad_value = self.attention.backward(grad_context)
        else:
            grad_query, grad_key, grad_value = scaled_dot_product_attention_backward(
                grad_context, self._cache[0]
            )
        # The decoder states are both the attention queries and an input of ``combine``.
        self.target_embedding.backward(self.decoder.backward(grad_states + grad_query))
        grad_final: tuple[np.ndarray, ...]
        if self.cell == "lstm":
            grad_h, grad_c = self.decoder.grad_hx
            grad_final = (self._unbridge(grad_h), self._unbridge(grad_c))
        else:
            grad_final = (self._unbridge(self.decoder.grad_hx),)
        # The encoder outputs are both keys and values.
        self.source_embedding.backward(self.encoder.backward(grad_key + grad_value, *grad_final))
        return None

    # -- inference --------------------------------------------------------------------------
    def initial_state(self, source_ids: Any, source_mask: Any) -> tuple:
        """Decoder state for :meth:`step`: ``(h, [c,] encoded, mask)``, all batch-first."""
        source_ids = np.asarray(source_ids)
        encoded, start = self._encode(source_ids)
        states = start if self.cell == "lstm" else (start,)
        return (*(s[0] for s in states), encoded, np.asarray(source_mask, dtype=bool))

    def step(self, tokens: np.ndarray, state: tuple) -> tuple[np.ndarray, tuple]:
        """One decoder step: ``(log_probs (B, V), new_state)`` (the greedy/beam interface)."""
        *recurrent, encoded, mask = state
        hx = tuple(s[None] for s in recurrent) if self.cell == "lstm" else recurrent[0][None]
        states, final = self.decoder(self.target_embedding(np.asarray(tokens)[:, None]), hx)
        logits, _, _ = self._attend_and_predict(states, encoded, mask)
        finals = final if self.cell == "lstm" else (final,)
        return log_softmax(logits[:, 0], dim=-1), (*(f[0] for f in finals), encoded, mask)

    def translate(
        self,
        sources: Sequence[str],
        source_vocab: Vocabulary,
        target_vocab: Vocabulary,
        max_length: int = 20,
        beam_width: int | None = None,
    ) -> list[str]:
        """Decode strings greedily (batched) or, with ``beam_width``, by beam search."""
        ids, mask = source_vocab.encode_batch(sources)
        state = self.initial_state(ids, mask)
        if beam_width is None or beam_width == 1:
            out = greedy_decode(
                self.step,
                state,
                len(sources),
                target_vocab.bos_index,
                target_vocab.eos_index,
                max_length,
            )
            return [target_vocab.decode(row) for row in out]
        results = []
        for i in range(len(sources)):
            single = tuple(s[i : i + 1] for s in state)
            best, _ = beam_search(
                self.step,
                single,
                target_vocab.bos_index,
                target_vocab.eos_index,
                beam_width,
                max_length,
            )[0]
            results.append(target_vocab.decode(best))
        return results
