"""Classic CNN blocks: output shapes, gradient checks, and LeNet-5 on the digits."""

from __future__ import annotations

import time

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.models import InceptionBlock, LeNet5, NiNBlock, ResidualBlock, VGGBlock


def _blocks(rng):
    return {
        "vgg": (VGGBlock(2, 3, num_convs=2, rng=rng), (2, 2, 4, 4), (2, 3, 2, 2)),
        "nin": (NiNBlock(2, 3, 3, stride=2, padding=1, rng=rng), (2, 2, 5, 5), (2, 3, 3, 3)),
        "inception": (InceptionBlock(3, 2, (2, 3), (1, 2), 2, rng=rng), (2, 3, 4, 4), (2, 9, 4, 4)),
        "residual_identity": (ResidualBlock(3, 3, rng=rng), (2, 3, 4, 4), (2, 3, 4, 4)),
        "residual_projection": (ResidualBlock(2, 4, stride=2, rng=rng), (2, 2, 5, 5), (2, 4, 3, 3)),
        "residual_no_bn": (
            ResidualBlock(2, 3, batch_norm=False, rng=rng),
            (2, 2, 4, 4),
            (2, 3, 4, 4),
        ),
        "plain": (ResidualBlock(2, 3, skip=False, rng=rng), (2, 2, 4, 4), (2, 3, 4, 4)),
    }


@pytest.mark.parametrize("name", list(_blocks(np.random.default_rng(0))))
def test_output_shape_and_gradients(name, rng):
    block, in_shape, out_shape = _blocks(rng)[name]
    x = rng.normal(size=in_shape)
    assert block(x).shape == out_shape
    check_module(block, x, rng=rng)


def test_lenet_output_shape():
    assert LeNet5(rng=np.random.default_rng(0))(np.zeros((3, 1, 8, 8))).shape == (3, 10)


@pytest.mark.torch
@pytest.mark.parametrize(("activation", "pooling"), [("tanh", "max"), ("relu", "avg")])
def test_lenet_matches_pytorch_twin(activation, pooling, rng, torch):
    """LeNet's 20 000 parameters are too many for central differences: a PyTorch twin
    loaded with our weights checks the output and every gradient instead."""
    nn = torch.nn
    act = nn.Tanh if activation == "tanh" else nn.ReLU
    pool = nn.MaxPool2d if pooling == "max" else nn.AvgPool2d
    twin = nn.Module()
    twin.features = nn.Sequential(
        nn.Conv2d(1, 6, 3, padding=1),
        act(),
        pool(2),
        nn.Conv2d(6, 16, 3, padding=1),
        act(),
        pool(2),
    )
    twin.classifier = nn.Sequential(
        nn.Flatten(), nn.Linear(64, 120), act(), nn.Linear(120, 84), act(), nn.Linear(84, 10)
    )
    model = LeNet5(activation=activation, pooling=pooling, rng=rng)
    twin.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})
    x = rng.normal(size=(4, 1, 8, 8))
    xt = torch.tensor(x, requires_grad=True)
    out_t = twin.classifier(twin.features(xt))
    out = model(x)
    g = rng.normal(size=out.shape)
    out_t.backward(torch.from_numpy(g))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(model.backward(g), xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    for name, p in model.named_parameters():
        np.testing.assert_allclose(
            p.grad, twin.get_parameter(name).grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=name
        )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_kept_through_every_block(dtype, rng):
    blocks = [
        VGGBlock(2, 3, dtype=dtype, rng=rng),
        NiNBlock(2, 3, 3, dtype=dtype, rng=rng),
        InceptionBlock(2, 1, (1, 2), (1, 2), 1, dtype=dtype, rng=rng),
        ResidualBlock(2, 4, stride=2, dtype=dtype, rng=rng),
    ]
    x = rng.normal(size=(2, 2, 6, 6)).astype(dtype)
    for block in blocks:
        out = block(x)
        assert out.dtype == dtype
        assert block.backward(np.ones_like(out)).dtype == dtype
    lenet = LeNet5(dtype=dtype, rng=rng)
    out = lenet(rng.normal(size=(2, 1, 8, 8)).astype(dtype))
    assert out.dtype == lenet.backward(np.ones_like(out)).dtype == dtype


def test_residual_identity_path_carries_the_gradient(rng):
    """With the residual branch's last batch-norm scale at zero, F(x) is constant: the block
    is relu(x + const) and the input gradient passes straight through the shortcut."""
    block = ResidualBlock(2, 2, rng=rng)
    block.residual[4].weight.data[...] = 0.0
    x = rng.uniform(1.0, 2.0, size=(2, 2, 3, 3))  # positive: the final ReLU is the identity
    out = block(x)
    g = rng.normal(size=out.shape)
    np.testing.assert_allclose(block.backward(g), g, atol=1e-12)
    plain = ResidualBlock(2, 2, skip=False, rng=rng)
    plain.residual[4].weight.data[...] = 0.0
    plain(x)
    np.testing.assert_allclose(plain.backward(g), 0.0, atol=1e-12)


def test_inception_concatenates_branches_in_order(rng):
    block = InceptionBlock(2, 1, (1, 2), (1, 3), 4, rng=rng)
    x = rng.normal(size=(1, 2, 5, 5))
    out = block(x)
    np.testing.assert_array_equal(out[:, :1], block.branch1(x))
    np.testing.assert_array_equal(out[:, 6:], block.branch4(x))


def test_state_dict_names_follow_pytorch_nesting(rng):
    names = list(ResidualBlock(2, 4, stride=2, rng=rng).state_dict())
    assert names[:2] == ["residual.0.weight", "residual.1.weight"]
    assert "shortcut.0.weight" in names and "shortcut.1.running_var" in names
    assert list(LeNet5(rng=rng).state_dict())[:2] == ["features.0.weight", "features.0.bias"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: LeNet5()(np.zeros((2, 1, 28, 28))),
            r"LeNet5: expected input of shape \(N, 1, 8, 8\)",
        ),
        (lambda: LeNet5(activation="sigmoid"), "LeNet5: expected activation"),
        (lambda: LeNet5(pooling="l2"), "LeNet5: expected pooling"),
        (lambda: VGGBlock(1, 2, num_convs=0), "VGGBlock: expected num_convs"),
        (lambda: InceptionBlock(2, 1, (1, 0), (1, 1), 1), "InceptionBlock: expected c2"),
        (
            lambda: ResidualBlock(3, 3)(np.zeros((1, 2, 4, 4))),
            r"Conv2d: expected input of shape \(N, 3, H, W\)",
        ),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.slow
def test_lenet_reaches_98_percent_on_digits():
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    from dlnotes.data import load_digits
    from dlnotes.nn import CrossEntropyLoss
    from dlnotes.optim import Adam
    from dlnotes.optim.lr_scheduler import CosineAnnealingLR
    from dlnotes.training import fit

    data = load_digits(dtype=np.float32)
    model = LeNet5(channels=(16, 32), dtype=np.float32, rng=np.random.default_rng(0))
    optimizer = Adam(model.parameters(), lr=3e-3)
    num_epochs = 25
    start = time.perf_counter()
    # The products of a batch of 32 8x8 images are tiny: a second BLAS thread cannot help,
    # and on a busy machine threads waiting for each other make training several times slower.
    with threadpool_limits(limits=1, user_api="blas"):
        fit(
            model,
            CrossEntropyLoss(),
            optimizer,
            (data.X_train, data.y_train),
            num_epochs=num_epochs,
            batch_size=32,
            rng=np.random.default_rng(1),
            progress=False,
            scheduler=CosineAnnealingLR(optimizer, num_epochs),
        )
    elapsed = time.perf_counter() - start
    model.eval()
    logits = model(data.X_test)
    assert logits.dtype == np.float32
    accuracy = float(np.mean(logits.argmax(axis=1) == data.y_test))
    assert accuracy >= 0.98, f"test accuracy {accuracy:.4f} after {elapsed:.1f} s"
