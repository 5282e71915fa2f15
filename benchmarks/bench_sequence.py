"""Sequence-family timings against PyTorch CPU, float32, in the same run.

Measures forward + backward of

* an LSTM layer: T=50, N=32, 64 -> 128;
* MultiheadAttention: L=64, N=16, E=128, 8 heads (self-attention);

and the wall time of training the attention seq2seq model on date-format translation
(3 epochs of 4000 pairs) with the exact-match accuracy it reaches.

Run:  .venv/bin/python benchmarks/bench_sequence.py
Numbers depend on the machine and on its load (best of 25 alternating runs is reported);
compare the ratios.
"""

from __future__ import annotations

import time

import numpy as np

from dlnotes.nn import LSTM, MultiheadAttention


def _compare(ours, theirs, repeats: int = 25, warmup: int = 3) -> tuple[float, float]:
    """Best time of each, the two alternating so that both see the same machine load."""
    for _ in range(warmup):
        ours()
        theirs()
    best = [float("inf"), float("inf")]
    for _ in range(repeats):
        for i, fn in enumerate((ours, theirs)):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def bench_lstm(torch) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    layer = LSTM(64, 128, dtype=np.float32, rng=rng)
    x = rng.normal(size=(50, 32, 64)).astype(np.float32)
    g = rng.normal(size=(50, 32, 128)).astype(np.float32)
    twin = torch.nn.LSTM(64, 128)
    twin.load_state_dict({k: torch.tensor(v) for k, v in layer.state_dict().items()})
    x_t, g_t = torch.tensor(x, requires_grad=True), torch.tensor(g)

    def ours():
        layer(x)
        layer.backward(g)

    def theirs():
        out, _ = twin(x_t)
        out.backward(g_t)

    return _compare(ours, theirs)


def bench_mha(torch) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    mha = MultiheadAttention(128, 8, dtype=np.float32, rng=rng)
    x = rng.normal(size=(64, 16, 128)).astype(np.float32)
    g = rng.normal(size=(64, 16, 128)).astype(np.float32)
    twin = torch.nn.MultiheadAttention(128, 8)
    twin.load_state_dict({k: torch.tensor(v) for k, v in mha.state_dict().items()})
    x_t, g_t = torch.tensor(x, requires_grad=True), torch.tensor(g)

    def ours():
        mha(x, x, x)
        mha.backward(g)

    def theirs():
        out, _ = twin(x_t, x_t, x_t)
        out.backward(g_t)

    return _compare(ours, theirs)


def bench_seq2seq() -> tuple[float, float]:
    from dlnotes.data import make_date_pairs
    from dlnotes.seq2seq import AttentionSeq2Seq, Vocabulary, exact_match, train_seq2seq

    rng = np.random.default_rng(0)
    train, test = make_date_pairs(4000, rng), make_date_pairs(500, rng)
    src_vocab = Vocabulary.from_texts(s for s, _ in train)
    tgt_vocab = Vocabulary.from_texts(["0123456789-"])
    model = AttentionSeq2Seq(len(src_vocab), len(tgt_vocab), 16, 64, dtype=np.float32, rng=rng)
    start = time.perf_counter()
    train_seq2seq(model, train, src_vocab, tgt_vocab, num_epochs=3, batch_size=64, lr=1e-2, rng=rng)
    elapsed = time.perf_counter() - start
    return elapsed, exact_match(model, test, src_vocab, tgt_vocab, max_length=12)


def main() -> None:
    import torch

    torch.set_num_threads(2)
    for name, bench in (
        ("LSTM fwd+bwd  T=50 N=32 64->128", bench_lstm),
        ("MHA  fwd+bwd  L=64 N=16 E=128 h=8", bench_mha),
    ):
        ours, theirs = bench(torch)
        print(
            f"{name}: dlnotes {ours * 1e3:7.2f} ms   torch {theirs * 1e3:7.2f} ms   "
            f"ratio {ours / theirs:5.2f}x"
        )
    elapsed, accuracy = bench_seq2seq()
    print(f"seq2seq dates, 3 epochs x 4000 pairs: {elapsed:5.1f} s, exact match {accuracy:.3f}")


if __name__ == "__main__":
    main()
