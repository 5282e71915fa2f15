"""Benchmark: one training epoch of a digits MLP, dlnotes against PyTorch CPU (float32).

Both libraries train the same 64 -> 128 -> 10 ReLU network from the same initial weights on
the same shuffled minibatches (batch 32, SGD with momentum 0.9), so the work is identical; the
script reports the time ratio measured in this run and checks that both ended with the same
weights (the implementations agree, not just the clocks).

Run::

    .venv/bin/python benchmarks/bench_mlp_epoch.py [--threads 1 2] [--rounds 5]

``--threads N [N ...]``: one result per thread count, NumPy's BLAS and PyTorch alike limited
to ``N`` threads; each epoch starts from fresh weights, so a round is one warm-up-free epoch
each and the best of ``--rounds`` is reported (the first round warms both up).
"""

from __future__ import annotations

import time

import numpy as np
from common import load_text, parse_args, print_header, print_table

from dlnotes import data, nn, optim
from dlnotes.book.performance import thread_limit

BATCH, HIDDEN = 32, 128


def dlnotes_epoch(model, loss_fn, optimizer, batches) -> None:
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()


def torch_epoch(model, loss_fn, optimizer, batches) -> None:
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y).backward()
        optimizer.step()


def best_epochs(torch, batches, torch_batches, rounds: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    best = {"dlnotes": np.inf, "torch": np.inf}
    for _ in range(rounds + 1):  # the first round is a warm-up for both
        model = nn.Sequential(
            nn.Linear(64, HIDDEN, dtype=np.float32, rng=rng),
            nn.ReLU(),
            nn.Linear(HIDDEN, 10, dtype=np.float32, rng=rng),
        )
        twin = torch.nn.Sequential(
            torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10)
        ).float()
        twin.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})
        ours = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        theirs = torch.optim.SGD(twin.parameters(), lr=0.05, momentum=0.9)

        start = time.perf_counter()
        dlnotes_epoch(model, nn.CrossEntropyLoss(), ours, batches)
        t_ours = time.perf_counter() - start
        start = time.perf_counter()
        torch_epoch(twin, torch.nn.CrossEntropyLoss(), theirs, torch_batches)
        t_theirs = time.perf_counter() - start
        if _ > 0:
            best["dlnotes"] = min(best["dlnotes"], t_ours)
            best["torch"] = min(best["torch"], t_theirs)

        for name, value in twin.state_dict().items():
            np.testing.assert_allclose(
                model.state_dict()[name], value.numpy(), rtol=2e-3, atol=2e-4
            )
    return best


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], rounds=5)
    print_header()
    import torch

    digits = data.load_digits(flat=True, dtype=np.float32)
    order = np.random.default_rng(0).permutation(len(digits.X_train))
    batches = [
        (digits.X_train[order[i : i + BATCH]], digits.y_train[order[i : i + BATCH]])
        for i in range(0, len(order), BATCH)
    ]
    torch_batches = [(torch.from_numpy(X), torch.from_numpy(y)) for X, y in batches]
    rows = [["case", "threads", "load average", "dlnotes", "PyTorch", "ratio"]]
    for n in args.threads:
        before = load_text()
        with thread_limit(n):
            best = best_epochs(torch, batches, torch_batches, args.rounds)
        rows.append(
            [
                f"digits MLP 64-{HIDDEN}-10, one epoch ({len(batches)} minibatches of {BATCH})",
                str(n),
                before,
                f"{best['dlnotes'] * 1e3:.1f} ms",
                f"{best['torch'] * 1e3:.1f} ms",
                f"{best['dlnotes'] / best['torch']:.2f}×",
            ]
        )
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
