"""Sequence-family timings against PyTorch CPU and the machine's GEMM rate, float32.

Measures forward + backward of

* an LSTM layer: T=50, N=32, 64 -> 128 (goal: within 1.5x of PyTorch);
* a GRU layer of the same size (goal: within 1.5x);
* MultiheadAttention: L=64, N=16, E=128, 8 heads (self-attention);

and the wall time of training the attention seq2seq model on date-format translation
(3 epochs of 4000 pairs) with the exact-match accuracy it reaches.

Run::

    .venv/bin/python benchmarks/bench_sequence.py [--threads 1 2] [--repeat 5] [--rounds 3]

``--threads N [N ...]`` runs everything once per thread count, NumPy's BLAS and PyTorch alike
limited to ``N`` threads. Times are the best of several runs after a warm-up, in alternating
blocks; compare the ratios, and the load average printed with each table.
"""

from __future__ import annotations

import time

import numpy as np
from common import parse_args, print_header, print_table, run_cases

from dlnotes.book.performance import Case, gru_case, lstm_case, thread_limit, torch_available


def mha_case() -> Case:
    from dlnotes.nn import MultiheadAttention

    rng = np.random.default_rng(0)
    length, batch, embed, heads = 64, 16, 128, 8
    mha = MultiheadAttention(embed, heads, dtype=np.float32, rng=rng)
    x = rng.standard_normal((length, batch, embed), dtype=np.float32)
    g = rng.standard_normal((length, batch, embed), dtype=np.float32)

    def ours() -> None:
        mha(x, x, x)
        mha.backward(g)

    theirs = None
    if torch_available():
        import torch

        twin = torch.nn.MultiheadAttention(embed, heads)
        twin.load_state_dict({k: torch.from_numpy(v) for k, v in mha.state_dict().items()})
        xt, gt = torch.from_numpy(x).requires_grad_(True), torch.from_numpy(g)

        def theirs() -> None:
            xt.grad = None
            twin.zero_grad()
            twin(xt, xt, xt)[0].backward(gt)

    # Projections (4 of E x E) and the two attention products, forward and backward.
    flop = 3 * 2 * batch * (4 * length * embed * embed + 2 * length * length * embed)
    return Case(
        f"MultiheadAttention L={length}, N={batch}, E={embed}, {heads} heads",
        flop,
        ours,
        theirs,
        None,
    )


def cases() -> list[Case]:
    return [lstm_case(), gru_case(), mha_case()]


def seq2seq_training() -> tuple[float, float]:
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
    args = parse_args(__doc__.splitlines()[0])
    print_header()
    run_cases(cases, args.threads, args.repeat, args.rounds)
    rows = [["case", "measured", "goal"]]
    for n in args.threads:
        with thread_limit(n):
            elapsed, accuracy = seq2seq_training()
        rows.append(
            [
                f"attention seq2seq on dates, 3 epochs x 4000 pairs, {n} thread"
                + ("s" if n > 1 else ""),
                f"{elapsed:.1f} s, exact match {100 * accuracy:.1f} %",
                "< 2 min, ≥ 95 %",
            ]
        )
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
