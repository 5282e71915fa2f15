"""The classic families as 8x8-digit classifiers: shapes, dtypes, gradients, structure."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.models import (
    CLASSIC_NAMES,
    InceptionBlock,
    LeNet5,
    NiNBlock,
    ResidualBlock,
    VGGBlock,
    classic_classifier,
    count_macs,
    count_parameters,
)
from dlnotes.nn import Conv2d, CrossEntropyLoss, Linear


@pytest.mark.parametrize("name", CLASSIC_NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_classifier_maps_digits_to_logits_and_back(name, dtype, rng):
    model = classic_classifier(name, dtype=dtype, rng=rng)
    x = rng.normal(size=(3, 1, 8, 8)).astype(dtype)
    out = model(x)
    assert out.shape == (3, 10) and out.dtype == dtype
    loss_fn = CrossEntropyLoss()
    loss_fn(out, np.array([0, 1, 2]))
    dx = model.backward(loss_fn.backward())
    assert dx.shape == x.shape and dx.dtype == dtype
    assert all(np.isfinite(p.grad).all() for p in model.parameters())
    assert any(np.abs(p.grad).max() > 0 for p in model.parameters())


def test_one_weight_gradient_of_each_classifier_matches_central_differences(rng):
    """The blocks are gradient-checked one by one in test_blocks.py; here one entry of the
    first weight of each assembled classifier is checked through the whole network."""
    x, y = rng.normal(size=(2, 1, 8, 8)), np.array([3, 7])
    for name in CLASSIC_NAMES:
        model = classic_classifier(name, rng=np.random.default_rng(1)).eval()
        loss_fn = CrossEntropyLoss()
        w = next(iter(model.parameters()))
        model.zero_grad()
        loss_fn(model(x), y)
        model.backward(loss_fn.backward())
        index = np.unravel_index(np.argmax(np.abs(w.grad)), w.shape)
        analytic = w.grad[index]
        eps, saved = 1e-6, w.data[index]
        w.data[index] = saved + eps
        up = float(loss_fn(model(x), y))
        w.data[index] = saved - eps
        down = float(loss_fn(model(x), y))
        w.data[index] = saved
        np.testing.assert_allclose(analytic, (up - down) / (2 * eps), rtol=1e-5, err_msg=name)


def test_each_family_is_built_from_its_block():
    rng = np.random.default_rng(0)
    kinds = {
        name: {type(m) for m in classic_classifier(name, rng=rng).modules()}
        for name in CLASSIC_NAMES
    }
    assert isinstance(classic_classifier("LeNet-5", rng=rng), LeNet5)
    assert VGGBlock in kinds["VGG-style"]
    assert NiNBlock in kinds["NiN"] and Linear not in kinds["NiN"]  # global pooling instead
    assert InceptionBlock in kinds["Inception"]
    assert ResidualBlock in kinds["ResNet"]
    first = next(
        m for m in classic_classifier("AlexNet-style", rng=rng).modules() if isinstance(m, Conv2d)
    )
    assert first.kernel_size == (5, 5)


def test_the_comparisons_the_page_draws_from_the_count_table():
    rng = np.random.default_rng(0)
    models = {name: classic_classifier(name, rng=rng) for name in CLASSIC_NAMES}
    params = {name: count_parameters(m) for name, m in models.items()}
    macs = {name: count_macs(m, (1, 8, 8)) for name, m in models.items()}
    assert 2 * params["NiN"] < params["VGG-style"]  # global pooling instead of dense layers
    assert min(params, key=params.get) == "Inception"
    assert max(macs, key=macs.get) == "ResNet"
    assert abs(params["ResNet"] - params["LeNet-5"]) < 0.05 * params["LeNet-5"]


def test_bad_name_raises():
    with pytest.raises(ValueError, match="classic_classifier: expected a name in"):
        classic_classifier("GoogLeNet")
    with pytest.raises(ValueError, match="classic_classifier: expected num_classes"):
        classic_classifier("NiN", num_classes=0)
