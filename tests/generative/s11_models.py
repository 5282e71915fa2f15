"""The digits models of chapter S11, trained once per test session with the page's settings.

32 code units for 64 pixels, initial weights from seed 0, 60 epochs of Adam (learning rate
0.01, minibatches of 64, shuffling and corruption from seed 1), as in
``book/scratch/s11_autoencoders.md``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from dlnotes.data import load_digits
from dlnotes.generative import (
    AdditiveGaussianNoise,
    Autoencoder,
    ContractivePenalty,
    KLSparsityPenalty,
    L1CodePenalty,
    MaskingNoise,
    dense_autoencoder,
    train_autoencoder,
)

MASK = MaskingNoise(0.3)
NOISE = AdditiveGaussianNoise(0.2)


def untrained(name: str) -> Autoencoder:
    activation = "relu" if name in ("relu", "l1") else "sigmoid"
    return dense_autoencoder(64, 32, activation=activation, rng=np.random.default_rng(0))


@cache
def trained(name: str) -> Autoencoder:
    X = load_digits(flat=True).X_train
    model = untrained(name)
    penalties = {
        "kl": [KLSparsityPenalty(0.05, 1.0)],
        "l1": [L1CodePenalty(0.03)],
        "contractive": [ContractivePenalty(model.encoder[0].weight, 0.01)],
    }.get(name, [])
    corruption = {"masking": MASK, "gaussian": NOISE}.get(name)
    train_autoencoder(
        model,
        X,
        penalties=penalties,
        corruption=corruption,
        epochs=60,
        rng=np.random.default_rng(1),
    )
    return model
