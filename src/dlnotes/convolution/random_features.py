r"""Random convolutional features with a trained linear read-out, against a trained CNN.

§9.9 of Goodfellow et al. notes that convolutional features need not be learned by
back-propagation: filters drawn at random, followed by a nonlinearity and pooling, often give
surprisingly good features for a linear classifier trained on top, and only the last layer is
fit, which is cheap. This module builds the two models on the same architecture,

    Conv2d(1 → F, k x k, "same") → ReLU → MaxPool2d(2) → Flatten → Linear(F · H W / 4 → C),

once with the convolution frozen at random zero-mean unit-norm filters (only the linear layer
trained, on features computed once) and once trained end to end from the same filters as its
initial weights. A linear read-out on the raw pixels is the baseline. Training is minibatch
Adam with :func:`dlnotes.training.fit`, seeded.
"""

from __future__ import annotations

from typing import Any, NamedTuple, cast

import numpy as np

from dlnotes._validation import as_float_array, as_generator, check_positive_int, fail
from dlnotes.nn import Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential
from dlnotes.nn.functional import conv2d, max_pool2d, relu
from dlnotes.optim import Adam
from dlnotes.training import accuracy, fit

__all__ = [
    "random_filters",
    "random_conv_features",
    "small_cnn",
    "train_linear_readout",
    "FeatureComparison",
    "compare_random_and_trained",
]


def random_filters(n_filters: int, size: int, rng: Any = None) -> np.ndarray:
    """Gaussian random filters, each shifted to mean zero and scaled to unit norm.

    Goodfellow et al., §9.9.

    Shape
    -----
    - result: ``(n_filters, 1, size, size)``, a ``Conv2d`` weight for one input channel
    """
    owner = "random_filters"
    n = check_positive_int(owner, "n_filters", n_filters)
    k = check_positive_int(owner, "size", size)
    if k < 2:
        fail(owner, "size of at least 2 (a 1 x 1 zero-mean filter is zero)", k)
    w = as_generator(owner, rng).standard_normal((n, 1, k, k))
    w -= w.mean(axis=(2, 3), keepdims=True)
    return w / np.linalg.norm(w, axis=(2, 3), keepdims=True)


def random_conv_features(images: Any, filters: Any) -> np.ndarray:
    """Fixed-filter features: "same" convolution, ReLU, 2 x 2 max pooling, flattened.

    Shape
    -----
    - images: ``(N, 1, H, W)``; filters: ``(F, 1, k, k)``, ``k`` odd
    - output: ``(N, F * (H // 2) * (W // 2))``
    """
    owner = "random_conv_features"
    x = as_float_array(owner, images, "images")
    w = as_float_array(owner, filters, "filters").astype(x.dtype, copy=False)
    if w.ndim != 4 or w.shape[2] % 2 == 0:
        fail(owner, "filters of shape (F, 1, k, k) with k odd", w.shape)
    h = relu(conv2d(x, w, padding=w.shape[2] // 2, owner=owner))
    return max_pool2d(h, 2, owner=owner).reshape(len(x), -1)


def small_cnn(filters: Any, image_size: int, n_classes: int, rng: Any = None) -> Sequential:
    """The trainable network of this module, its convolution initialised with ``filters``.

    Conv2d("same", no bias) → ReLU → MaxPool2d(2) → Flatten → Linear. Goodfellow et al., §9.3.

    Shape
    -----
    - input: ``(N, 1, image_size, image_size)`` → logits ``(N, n_classes)``
    """
    owner = "small_cnn"
    w = as_float_array(owner, filters, "filters")
    side = check_positive_int(owner, "image_size", image_size)
    c = check_positive_int(owner, "n_classes", n_classes)
    k = w.shape[2]
    conv = Conv2d(1, w.shape[0], k, padding=k // 2, bias=False, rng=as_generator(owner, rng))
    conv.weight.data[...] = w
    linear = Linear(w.shape[0] * (side // 2) ** 2, c, rng=rng)
    return Sequential(conv, ReLU(), MaxPool2d(2), Flatten(), linear)


def train_linear_readout(
    features: Any,
    labels: Any,
    n_classes: int,
    *,
    num_epochs: int = 30,
    lr: float = 0.01,
    rng: Any = None,
) -> Linear:
    """Multinomial logistic regression on fixed features, trained by Adam (batch 64).

    Goodfellow et al., §9.9 (only the read-out is learned).

    Shape
    -----
    - features: ``(N, D)``; labels: ``(N,)`` → a ``Linear(D, n_classes)``
    """
    owner = "train_linear_readout"
    X = as_float_array(owner, features, "features")
    gen = as_generator(owner, rng)
    model = Linear(X.shape[1], check_positive_int(owner, "n_classes", n_classes), rng=gen)
    opt = Adam(model.parameters(), lr=lr)
    fit(model, CrossEntropyLoss(), opt, (X, labels), num_epochs=num_epochs, batch_size=64, rng=gen)
    return model


class FeatureComparison(NamedTuple):
    """Test accuracies of the three classifiers of :func:`compare_random_and_trained`."""

    pixels: float  #: linear read-out on the raw pixels
    random_features: float  #: linear read-out on random convolutional features
    trained_cnn: float  #: the same architecture trained end to end
    n_features: int  #: dimension of the random features
    filters: np.ndarray  #: the random filters, ``(F, 1, k, k)``, kept fixed by the read-out
    trained_filters: np.ndarray  #: the CNN's filters after training from ``filters``


def compare_random_and_trained(
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    *,
    n_filters: int = 16,
    size: int = 3,
    num_epochs: int = 30,
    rng: Any = None,
) -> FeatureComparison:
    """Pixels, random features and a trained CNN on one split, each read out linearly.

    All three train for ``num_epochs`` epochs of Adam with batch 64; the CNN starts from the
    same random filters that the random-feature model keeps fixed. Goodfellow et al., §9.9.

    Shape
    -----
    - X_train: ``(N, 1, H, W)``; y_train: ``(N,)``; likewise the test set
    """
    owner = "compare_random_and_trained"
    gen = as_generator(owner, rng)
    Xtr, Xte = as_float_array(owner, X_train, "X_train"), as_float_array(owner, X_test, "X_test")
    ytr, yte = np.asarray(y_train), np.asarray(y_test)
    n_classes = int(max(ytr.max(), yte.max())) + 1
    w = random_filters(n_filters, size, gen)
    flat_tr, flat_te = Xtr.reshape(len(Xtr), -1), Xte.reshape(len(Xte), -1)
    pixel_model = train_linear_readout(flat_tr, ytr, n_classes, num_epochs=num_epochs, rng=gen)
    Ftr, Fte = random_conv_features(Xtr, w), random_conv_features(Xte, w)
    readout = train_linear_readout(Ftr, ytr, n_classes, num_epochs=num_epochs, rng=gen)
    cnn = small_cnn(w, Xtr.shape[2], n_classes, rng=gen)
    opt = Adam(cnn.parameters(), lr=0.01)
    fit(cnn, CrossEntropyLoss(), opt, (Xtr, ytr), num_epochs=num_epochs, batch_size=64, rng=gen)
    cnn.eval()
    return FeatureComparison(
        accuracy(pixel_model(flat_te), yte),
        accuracy(readout(Fte), yte),
        accuracy(cnn(Xte), yte),
        int(Ftr.shape[1]),
        w,
        cast(Conv2d, cnn[0]).weight.data.copy(),
    )
