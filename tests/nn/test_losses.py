"""Tests of the loss modules and kernels: PyTorch oracle for every loss and reduction,
gradient checks under random upstream gradients, stability, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.gradcheck import check_module
from dlnotes.nn import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    L1Loss,
    Module,
    MSELoss,
    NLLLoss,
)
from dlnotes.nn.functional import cross_entropy, cross_entropy_forward, log_softmax, mse_loss

REDUCTIONS = ["mean", "sum", "none"]
POS_WEIGHT = np.array([0.5, 1.0, 2.0, 3.0])


def _logits(rng, shape=(6, 4)):
    return 3 * rng.normal(size=shape)


def _classes(rng, shape=(6,), num_classes=4):
    return rng.integers(0, num_classes, size=shape)


def _probs(rng, shape=(6, 4)):
    e = np.exp(rng.normal(size=shape))
    return e / e.sum(axis=1, keepdims=True)


def _away_from(rng, y):
    """An input that differs from ``y`` everywhere (|x - y| is not differentiable at 0)."""
    d = rng.normal(size=y.shape)
    return y + np.where(np.abs(d) < 0.05, 0.1, d)


# name -> (our factory, torch factory, data maker); each factory takes the reduction.
CASES = {
    "cross_entropy": (
        lambda r: CrossEntropyLoss(r),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r),
        lambda rng: (_logits(rng), _classes(rng)),
    ),
    "cross_entropy_smoothing": (
        lambda r: CrossEntropyLoss(r, label_smoothing=0.2),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r, label_smoothing=0.2),
        lambda rng: (_logits(rng), _classes(rng)),
    ),
    "cross_entropy_spatial": (
        lambda r: CrossEntropyLoss(r, label_smoothing=0.1),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r, label_smoothing=0.1),
        lambda rng: (_logits(rng, (3, 4, 5)), _classes(rng, (3, 5))),
    ),
    "cross_entropy_unbatched": (
        lambda r: CrossEntropyLoss(r),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r),
        lambda rng: (_logits(rng, (4,)), np.array(2)),
    ),
    "cross_entropy_probabilities": (
        lambda r: CrossEntropyLoss(r, label_smoothing=0.3),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r, label_smoothing=0.3),
        lambda rng: (_logits(rng), _probs(rng)),
    ),
    "cross_entropy_ignore_index": (
        lambda r: CrossEntropyLoss(r),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r),
        lambda rng: (_logits(rng), np.array([0, -100, 3, 1, -100, 2])),
    ),
    "cross_entropy_ignore_index_smoothing": (
        lambda r: CrossEntropyLoss(r, label_smoothing=0.2, ignore_index=2),
        lambda t, r: t.nn.CrossEntropyLoss(reduction=r, label_smoothing=0.2, ignore_index=2),
        lambda rng: (_logits(rng, (3, 4, 5)), np.array([[2, 0, 1, 2, 3]] * 3)),
    ),
    "nll_ignore_index": (
        lambda r: NLLLoss(r, ignore_index=-1),
        lambda t, r: t.nn.NLLLoss(reduction=r, ignore_index=-1),
        lambda rng: (log_softmax(_logits(rng), 1), np.array([-1, 1, 3, -1, 0, 2])),
    ),
    "nll": (
        lambda r: NLLLoss(r),
        lambda t, r: t.nn.NLLLoss(reduction=r),
        lambda rng: (log_softmax(_logits(rng), 1), _classes(rng)),
    ),
    "mse": (
        lambda r: MSELoss(r),
        lambda t, r: t.nn.MSELoss(reduction=r),
        lambda rng: (rng.normal(size=(5, 3)), rng.normal(size=(5, 3))),
    ),
    "l1": (
        lambda r: L1Loss(r),
        lambda t, r: t.nn.L1Loss(reduction=r),
        lambda rng: (lambda y: (_away_from(rng, y), y))(rng.normal(size=(5, 3))),
    ),
    "bce": (
        lambda r: BCELoss(r),
        lambda t, r: t.nn.BCELoss(reduction=r),
        lambda rng: (rng.uniform(0.05, 0.95, (5, 4)), rng.uniform(0, 1, (5, 4))),
    ),
    "bce_with_logits": (
        lambda r: BCEWithLogitsLoss(r),
        lambda t, r: t.nn.BCEWithLogitsLoss(reduction=r),
        lambda rng: (_logits(rng, (5, 4)), rng.uniform(0, 1, (5, 4))),
    ),
    "bce_with_logits_pos_weight": (
        lambda r: BCEWithLogitsLoss(r, pos_weight=POS_WEIGHT),
        lambda t, r: t.nn.BCEWithLogitsLoss(reduction=r, pos_weight=t.from_numpy(POS_WEIGHT)),
        lambda rng: (_logits(rng, (5, 4)), rng.uniform(0, 1, (5, 4))),
    ),
}


class BoundTarget(Module):
    """A loss with its target fixed, so ``check_module`` differentiates the input only."""

    def __init__(self, loss: Module, target: np.ndarray) -> None:
        super().__init__()
        self.loss = loss
        self.target = target

    def forward(self, x):
        return self.loss(x, self.target)

    def backward(self, grad_output=None):
        return self.loss.backward(grad_output)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", list(CASES))
def test_loss_gradcheck(rng, name, reduction):
    x, target = CASES[name][2](rng)
    check_module(BoundTarget(CASES[name][0](reduction), target), x, rng=rng)


@pytest.mark.torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", list(CASES))
def test_loss_matches_torch(rng, torch, name, reduction):
    ours, theirs = CASES[name][0](reduction), CASES[name][1](torch, reduction)
    x, target = CASES[name][2](rng)
    loss = ours(x, target)
    upstream = rng.normal(size=loss.shape)
    dx = ours.backward(upstream)
    tx = torch.tensor(x, requires_grad=True)
    tloss = theirs(tx, torch.from_numpy(target))
    tloss.backward(torch.from_numpy(upstream))
    assert loss.shape == tuple(tloss.shape)
    np.testing.assert_allclose(loss, tloss.detach().numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("name", list(CASES))
def test_loss_returns_0d_array_and_default_backward(rng, name):
    ours = CASES[name][0]("mean")
    x, target = CASES[name][2](rng)
    loss = ours(x, target)
    assert isinstance(loss, np.ndarray) and loss.shape == ()
    np.testing.assert_allclose(ours.backward(), ours.backward(np.array(1.0)))
    np.testing.assert_allclose(ours.backward(2.0), 2 * ours.backward())


@pytest.mark.parametrize("name", list(CASES))
def test_loss_float32_preserved_and_no_mutation(rng, name):
    ours = CASES[name][0]("mean")
    x, target = CASES[name][2](rng)
    x = x.astype(np.float32)
    if target.dtype.kind == "f":
        target = target.astype(np.float32)
    x_copy, t_copy = x.copy(), target.copy()
    loss = ours(x, target)
    dx = ours.backward(np.array(1.5))  # float64 upstream must not upcast
    assert loss.dtype == np.float32 and dx.dtype == np.float32
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(target, t_copy)


def test_cross_entropy_logit_gap_of_50_gives_loss_50():
    loss_fn = CrossEntropyLoss()
    assert float(loss_fn(np.array([[50.0, 0.0]]), np.array([1]))) == pytest.approx(50.0, abs=1e-12)
    np.testing.assert_allclose(loss_fn.backward(), [[1.0, -1.0]], atol=1e-12)
    assert float(cross_entropy(np.array([[1000.0, 0.0]]), np.array([1]))) == pytest.approx(1000.0)
    assert float(cross_entropy(np.array([[50.0, 0.0]], dtype=np.float32), np.array([1]))) == 50.0


def test_cross_entropy_label_smoothing_formula(rng):
    x, y, eps = _logits(rng), _classes(rng), 0.25
    log_p = log_softmax(x, 1)
    expected = np.mean((1 - eps) * -log_p[np.arange(6), y] + eps * -log_p.mean(axis=1))
    np.testing.assert_allclose(cross_entropy(x, y, label_smoothing=eps), expected, rtol=1e-13)


def test_bce_with_logits_is_stable():
    loss_fn = BCEWithLogitsLoss(reduction="none")
    out = loss_fn(np.array([-100.0, 100.0, 100.0]), np.array([1.0, 0.0, 1.0]))
    np.testing.assert_allclose(out, [100.0, 100.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(loss_fn.backward(np.ones(3)), [-1.0, 1.0, 0.0], atol=1e-12)


def test_bce_clamps_log_like_torch():
    out = BCELoss(reduction="none")(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    np.testing.assert_array_equal(out, [100.0, 100.0])


def test_one_way_helpers_match_kernels(rng):
    x, y = _logits(rng), _classes(rng)
    assert cross_entropy(x, y, "sum") == cross_entropy_forward(x, y, "sum")[0]
    a, b = rng.normal(size=3), rng.normal(size=3)
    np.testing.assert_allclose(mse_loss(a, b), np.mean((a - b) ** 2))


def test_loss_bad_constructor_arguments():
    with pytest.raises(ValueError, match="CrossEntropyLoss: expected reduction in"):
        CrossEntropyLoss(reduction="avg")
    with pytest.raises(
        ValueError, match=r"CrossEntropyLoss: expected label_smoothing in \[0.0, 1.0\]"
    ):
        CrossEntropyLoss(label_smoothing=1.5)
    for cls in (NLLLoss, MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss):
        with pytest.raises(ValueError, match=f"{cls.__name__}: expected reduction in"):
            cls(reduction="total")
        with pytest.raises(TypeError, match=f"{cls.__name__}: expected dtype float32 or float64"):
            cls(dtype=np.int8)
    with pytest.raises(TypeError, match="BCEWithLogitsLoss: expected pos_weight to be a numeric"):
        BCEWithLogitsLoss(pos_weight=["a"])


def test_loss_bad_forward_and_backward(rng):
    ce = CrossEntropyLoss()
    with pytest.raises(RuntimeError, match="CrossEntropyLoss: expected forward to be called"):
        ce.backward()
    with pytest.raises(ValueError, match=r"CrossEntropyLoss: expected class indices in \[0, 3\]"):
        ce(np.zeros((2, 4)), np.array([0, 4]))
    with pytest.raises(ValueError, match=r"CrossEntropyLoss: expected target of shape \(2,\)"):
        ce(np.zeros((2, 4)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="CrossEntropyLoss: expected probability target"):
        ce(np.zeros((2, 4)), np.zeros((2, 3)))
    with pytest.raises(TypeError, match="NLLLoss: expected target of integer class indices"):
        NLLLoss()(np.zeros((2, 4)), np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"MSELoss: expected input and target of the same shape"):
        MSELoss()(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"BCELoss: expected input probabilities in \[0, 1\]"):
        BCELoss()(np.array([1.5]), np.array([1.0]))
    with pytest.raises(ValueError, match="BCEWithLogitsLoss: expected pos_weight broadcastable"):
        BCEWithLogitsLoss(pos_weight=np.ones(3))(np.zeros((2, 4)), np.zeros((2, 4)))
    l1 = L1Loss(reduction="none")
    l1(np.zeros((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"L1Loss: expected grad_output of shape \(2, 3\)"):
        l1.backward(np.ones(3))
    mse = MSELoss()
    mse(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match=r"MSELoss: expected grad_output of shape \(\)"):
        mse.backward(np.ones(3))


# --- ignore_index, unsupported keywords, messages ------------------------------------------


def test_ignore_index_means_over_counted_positions_only(rng):
    x = _logits(rng)
    y = np.array([0, -100, 3, 1, -100, 2])
    keep = y != -100
    np.testing.assert_allclose(cross_entropy(x, y), cross_entropy(x[keep], y[keep]), rtol=1e-13)
    per_position = cross_entropy(x, y, reduction="none", label_smoothing=0.1)
    np.testing.assert_array_equal(per_position[~keep], 0.0)
    np.testing.assert_allclose(
        cross_entropy(x, y, "sum", 0.1), cross_entropy(x[keep], y[keep], "sum", 0.1), rtol=1e-13
    )
    loss_fn = CrossEntropyLoss(label_smoothing=0.1)
    loss_fn(x, y)
    grad = loss_fn.backward()
    np.testing.assert_array_equal(grad[~keep], 0.0)
    ref = CrossEntropyLoss(label_smoothing=0.1)
    ref(x[keep], y[keep])
    np.testing.assert_allclose(grad[keep], ref.backward(), rtol=1e-13)


@pytest.mark.torch
def test_all_ignored_mean_is_nan_with_zero_gradient_like_torch(rng, torch):
    x, y = _logits(rng), np.full(6, 5)
    for ours, theirs in [
        (CrossEntropyLoss(ignore_index=5, label_smoothing=0.1), torch.nn.CrossEntropyLoss),
        (NLLLoss(ignore_index=5), torch.nn.NLLLoss),
    ]:
        loss = ours(x, y)
        tx = torch.tensor(x, requires_grad=True)
        kwargs = {"label_smoothing": 0.1} if isinstance(ours, CrossEntropyLoss) else {}
        tloss = theirs(ignore_index=5, **kwargs)(tx, torch.from_numpy(y))
        tloss.backward()
        assert np.isnan(loss) and np.isnan(tloss.item())
        np.testing.assert_array_equal(ours.backward(), tx.grad.numpy())
        np.testing.assert_array_equal(ours.backward(), 0.0)


def test_ignore_index_validation():
    ce = CrossEntropyLoss()
    with pytest.raises(
        ValueError, match=r"CrossEntropyLoss: expected class indices in \[0, 3\] \(or ignore_"
    ):
        ce(np.zeros((2, 4)), np.array([0, -1]))
    with pytest.raises(TypeError, match="CrossEntropyLoss: expected ignore_index to be an integer"):
        CrossEntropyLoss(ignore_index=1.5)
    with pytest.raises(TypeError, match="NLLLoss: expected ignore_index to be an integer"):
        NLLLoss(ignore_index=None)
    with pytest.raises(ValueError, match="CrossEntropyLoss: expected ignore_index only with class"):
        CrossEntropyLoss(ignore_index=0)(np.zeros((2, 4)), np.full((2, 4), 0.25))


def test_probability_target_message_reads_correctly():
    message = (
        r"CrossEntropyLoss: expected probability target of the input's shape \(2, 4\) or "
        r"integer class indices of shape \(2,\), got a float64 target of shape \(2,\)$"
    )
    with pytest.raises(ValueError, match=message):
        CrossEntropyLoss()(np.zeros((2, 4)), np.array([0.0, 1.0]))


@pytest.mark.parametrize(
    "cls, keyword",
    [
        (CrossEntropyLoss, "weight"),
        (CrossEntropyLoss, "size_average"),
        (NLLLoss, "weight"),
        (NLLLoss, "reduce"),
        (MSELoss, "size_average"),
        (L1Loss, "reduce"),
        (BCELoss, "weight"),
        (BCEWithLogitsLoss, "weight"),
        (MSELoss, "ignore_index"),
    ],
)
def test_unsupported_pytorch_keywords_name_the_class(cls, keyword):
    with pytest.raises(
        TypeError, match=rf"{cls.__name__}: expected only the keywords .*{keyword}="
    ):
        cls(**{keyword: None})
