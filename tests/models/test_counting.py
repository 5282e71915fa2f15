"""Parameter and multiply-accumulate counts traced from the modules, against hand formulas."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.models import (
    InceptionBlock,
    LeNet5,
    ResidualBlock,
    count_macs,
    count_parameters,
    layer_counts,
    resnet_style,
)
from dlnotes.nn import BatchNorm2d, Conv2d, ConvTranspose2d, Linear, ReLU, Sequential


@settings(max_examples=25, deadline=None)
@given(
    c_in=st.integers(1, 4),
    c_out=st.integers(1, 4),
    k=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    size=st.integers(4, 9),
    bias=st.booleans(),
)
def test_conv_counts_follow_the_formula(c_in, c_out, k, stride, padding, size, bias):
    conv = Conv2d(c_in, c_out, k, stride, padding, bias=bias, rng=np.random.default_rng(0))
    side = (size + 2 * padding - k) // stride + 1
    (record,) = layer_counts(conv, (c_in, size, size))
    assert record.output_shape == (c_out, side, side)
    assert record.parameters == count_parameters(conv) == c_out * c_in * k * k + bias * c_out
    assert record.macs == count_macs(conv, (c_in, size, size)) == c_out * side**2 * c_in * k * k


def test_linear_and_transposed_conv_macs():
    assert count_macs(Linear(7, 5), (7,)) == 35
    # each of the 3 x 4 x 4 inputs is multiplied into a 2 x 3 x 3 block of the output
    assert count_macs(ConvTranspose2d(3, 2, 3, stride=2), (3, 4, 4)) == 3 * 16 * 2 * 9


def test_lenet_counts_equal_the_hand_count():
    model = LeNet5(rng=np.random.default_rng(0))
    convs = 6 * 8 * 8 * (1 * 9) + 16 * 4 * 4 * (6 * 9)
    dense = 64 * 120 + 120 * 84 + 84 * 10
    assert count_macs(model, (1, 8, 8)) == convs + dense
    assert count_parameters(model) == (6 * 9 + 6) + (16 * 54 + 16) + (64 * 120 + 120) + (
        120 * 84 + 84
    ) + (84 * 10 + 10)


def test_two_3x3_convolutions_cost_18_against_25_for_one_5x5():
    c = 8
    rng = np.random.default_rng(0)
    stack = Sequential(
        Conv2d(c, c, 3, padding=1, bias=False, rng=rng),
        ReLU(),
        Conv2d(c, c, 3, padding=1, bias=False, rng=rng),
    )
    big = Conv2d(c, c, 5, padding=2, bias=False, rng=rng)
    assert count_parameters(stack) * 25 == count_parameters(big) * 18
    assert count_macs(stack, (c, 8, 8)) * 25 == count_macs(big, (c, 8, 8)) * 18


def test_a_1x1_bottleneck_saves_what_the_formula_says():
    c_in, reduce, out, hw = 32, 8, 16, 8 * 8
    block = InceptionBlock(c_in, 4, (4, 4), (reduce, out), 4, rng=np.random.default_rng(0))
    direct = Conv2d(c_in, out, 5, padding=2, rng=np.random.default_rng(0))
    branch = count_macs(block.branch3, (c_in, 8, 8))
    assert branch == hw * (c_in * reduce + 25 * reduce * out)
    assert count_macs(direct, (c_in, 8, 8)) == hw * 25 * c_in * out
    assert branch < count_macs(direct, (c_in, 8, 8)) / 3


def test_branches_and_shortcuts_are_counted_as_they_run():
    records = layer_counts(resnet_style(rng=np.random.default_rng(0)), (1, 8, 8))
    names = [r.name for r in records]
    assert "4.shortcut.0" in names  # the projection of the stride-2 block
    assert names.index("4.residual.3") < names.index("4.shortcut.0")  # forward's order
    block = ResidualBlock(4, 4, rng=np.random.default_rng(0))
    assert [r.kind for r in layer_counts(block, (4, 5, 5))] == [
        "Conv2d",
        "BatchNorm2d",
        "ReLU",
        "Conv2d",
        "BatchNorm2d",
        "ReLU",
    ]


def test_a_shared_module_is_wrapped_once_and_its_parameters_counted_once():
    lin = Linear(3, 3)
    model = Sequential(lin, ReLU(), lin)
    records = layer_counts(model, (3,))
    assert [r.name for r in records] == ["0", "1", "0"]
    assert [r.parameters for r in records] == [12, 0, 0]
    assert sum(r.parameters for r in records) == count_parameters(model) == 12
    assert count_macs(model, (3,)) == 18


def test_counting_leaves_the_model_unchanged(rng):
    model = resnet_style(rng=rng)
    model.train()
    x = rng.normal(size=(4, 1, 8, 8))
    bn = model[1]
    assert isinstance(bn, BatchNorm2d)
    running = bn.running_mean.copy()
    layer_counts(model, (1, 8, 8))
    assert all(m.training for m in model.modules())
    np.testing.assert_array_equal(bn.running_mean, running)
    assert all("forward" not in vars(m) for m in model.modules())
    model.eval()
    before = model(x)
    layer_counts(model, (1, 8, 8))
    assert not any(m.training for m in model.modules())
    np.testing.assert_array_equal(model(x), before)


def test_bad_input_raises():
    with pytest.raises(TypeError, match="layer_counts: expected a dlnotes.nn.Module"):
        layer_counts(np.zeros(3), (3,))
    with pytest.raises(TypeError, match="count_parameters: expected a dlnotes.nn.Module"):
        count_parameters("model")
    with pytest.raises(ValueError, match=r"Conv2d: expected input of shape \(N, 2, H, W\)"):
        count_macs(Conv2d(2, 2, 3), (3, 8, 8))
    conv = Conv2d(2, 2, 3)
    with pytest.raises(ValueError):
        layer_counts(conv, (3, 8, 8))
    assert "forward" not in vars(conv)  # restored even when the forward pass fails


@pytest.mark.torch
def test_macs_are_half_of_pytorchs_flop_counter(torch):
    """PyTorch's FlopCounterMode charges 2 FLOPs per multiply-accumulate of convolutions
    (plain and transposed) and matrix products, and nothing for the rest: the same rule."""
    from torch.utils.flop_counter import FlopCounterMode

    tnn = torch.nn

    def torch_flops(module, shape):
        with FlopCounterMode(display=False) as counter:
            module(torch.zeros(1, *shape))
        return counter.get_total_flops()

    lenet_twin = tnn.Sequential(
        tnn.Conv2d(1, 6, 3, padding=1), tnn.Tanh(), tnn.MaxPool2d(2),
        tnn.Conv2d(6, 16, 3, padding=1), tnn.Tanh(), tnn.MaxPool2d(2),
        tnn.Flatten(), tnn.Linear(64, 120), tnn.Tanh(), tnn.Linear(120, 84), tnn.Tanh(),
        tnn.Linear(84, 10),
    )  # fmt: skip
    assert torch_flops(lenet_twin, (1, 8, 8)) == 2 * count_macs(LeNet5(), (1, 8, 8))
    cases = [
        (Conv2d(3, 5, 3, stride=2, padding=1), tnn.Conv2d(3, 5, 3, stride=2, padding=1), (3, 9, 9)),
        (Conv2d(2, 4, (1, 3)), tnn.Conv2d(2, 4, (1, 3)), (2, 6, 7)),
        (ConvTranspose2d(3, 2, 3, stride=2), tnn.ConvTranspose2d(3, 2, 3, stride=2), (3, 4, 4)),
        (Linear(7, 5), tnn.Linear(7, 5), (7,)),
    ]
    for ours, theirs, shape in cases:
        assert torch_flops(theirs, shape) == 2 * count_macs(ours, shape), repr(ours)
