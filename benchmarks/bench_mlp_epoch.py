"""Benchmark: one training epoch of a digits MLP, dlnotes against PyTorch CPU (float32).

Both libraries train the same 64 -> 128 -> 10 ReLU network from the same initial weights on
the same shuffled minibatches (batch 32, SGD with momentum 0.9), so the work is identical; the
script reports the time ratio measured in this run and checks that both ended with the same
weights (the implementations agree, not just the clocks).

Run: ``.venv/bin/python benchmarks/bench_mlp_epoch.py``
"""

from __future__ import annotations

import os
import time

import numpy as np

from dlnotes import data, nn, optim

BATCH, HIDDEN, ROUNDS = 32, 128, 5


def dlnotes_epoch(model, loss_fn, optimizer, batches) -> None:
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()


def torch_epoch(torch, model, loss_fn, optimizer, batches) -> None:
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y).backward()
        optimizer.step()


def main() -> None:
    import torch

    digits = data.load_digits(flat=True, dtype=np.float32)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(digits.X_train))
    batches = [
        (digits.X_train[order[i : i + BATCH]], digits.y_train[order[i : i + BATCH]])
        for i in range(0, len(order), BATCH)
    ]
    torch_batches = [(torch.from_numpy(X), torch.from_numpy(y)) for X, y in batches]

    best = {"dlnotes": np.inf, "torch": np.inf}
    for _ in range(ROUNDS):
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
        best["dlnotes"] = min(best["dlnotes"], time.perf_counter() - start)
        start = time.perf_counter()
        torch_epoch(torch, twin, torch.nn.CrossEntropyLoss(), theirs, torch_batches)
        best["torch"] = min(best["torch"], time.perf_counter() - start)

        for name, value in twin.state_dict().items():
            np.testing.assert_allclose(
                model.state_dict()[name], value.numpy(), rtol=2e-3, atol=2e-4
            )

    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        f"torch {torch.__version__} with {torch.get_num_threads()} threads"
    )
    print("| case | dlnotes | PyTorch | ratio |")
    print("|---|---|---|---|")
    print(
        f"| digits MLP 64-{HIDDEN}-10, one epoch ({len(batches)} minibatches of {BATCH}) | "
        f"{best['dlnotes'] * 1e3:.1f} ms | {best['torch'] * 1e3:.1f} ms | "
        f"{best['dlnotes'] / best['torch']:.2f}x |"
    )


if __name__ == "__main__":
    main()
