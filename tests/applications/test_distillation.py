"""Distillation: the tempered softmax, the loss's value and gradient (central differences and a
PyTorch oracle), alpha = 0 being cross-entropy, and the page's seeded claim on the digits."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.applications import (
    DistillationLoss,
    distillation_targets,
    relu_mlp,
    softmax_with_temperature,
)
from dlnotes.data import load_digits
from dlnotes.gradcheck import numerical_gradient
from dlnotes.nn import CrossEntropyLoss
from dlnotes.optim import Adam
from dlnotes.training import accuracy, fit


def test_temperature_flattens_and_keeps_the_order():
    z = np.array([[3.0, 1.0, 0.0]])
    p1, p4 = softmax_with_temperature(z, 1.0), softmax_with_temperature(z, 4.0)
    assert p4.max() < p1.max() and np.all(np.argsort(p4) == np.argsort(p1))
    np.testing.assert_allclose(p4.sum(), 1.0)


@pytest.mark.parametrize(("T", "alpha"), [(1.0, 0.5), (4.0, 0.9), (2.5, 1.0)])
def test_gradient_matches_central_differences(T, alpha):
    rng = np.random.default_rng(0)
    z, zt = rng.standard_normal((5, 4)), 2 * rng.standard_normal((5, 4))
    target = distillation_targets(zt, rng.integers(0, 4, 5))
    loss = DistillationLoss(T, alpha)
    loss(z, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda x: float(DistillationLoss(T, alpha)(x, target)), z.copy())
    np.testing.assert_allclose(analytic, numeric, atol=1e-7)


def test_alpha_zero_is_cross_entropy():
    rng = np.random.default_rng(1)
    z, y = rng.standard_normal((6, 3)), rng.integers(0, 3, 6)
    target = distillation_targets(rng.standard_normal((6, 3)), y)
    assert float(DistillationLoss(3.0, 0.0)(z, target)) == pytest.approx(
        float(CrossEntropyLoss()(z, y)), rel=1e-12
    )


def test_against_pytorch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(2)
    z, zt, y = rng.standard_normal((4, 5)), rng.standard_normal((4, 5)), rng.integers(0, 5, 4)
    T, a = 3.0, 0.7
    zs = torch.tensor(z, requires_grad=True)
    soft = F.kl_div(
        F.log_softmax(zs / T, dim=1),
        F.log_softmax(torch.tensor(zt) / T, dim=1),
        reduction="batchmean",
        log_target=True,
    )
    ref = a * T**2 * soft + (1 - a) * F.cross_entropy(zs, torch.tensor(y))
    ref.backward()
    loss = DistillationLoss(T, a)
    assert float(loss(z, distillation_targets(zt, y))) == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(loss.backward(), zs.grad.numpy(), atol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="DistillationLoss: expected logits"):
        DistillationLoss()(np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="DistillationLoss: expected alpha in"):
        DistillationLoss(alpha=1.5)


def test_distilled_student_beats_the_same_student_on_labels_alone():
    """The page's demo: teacher 64-128-128-10 trained on all 1 347 training digits; students
    64-16-10 trained on the same 200 of them, on labels alone or distilled (T = 4,
    alpha = 0.9); the distilled student is more accurate on the 450 test digits, for each of
    three seeds of the subset and the initialisation."""
    X, y, Xt, yt = load_digits(flat=True)
    rng = np.random.default_rng(0)
    teacher = relu_mlp([64, 128, 128, 10], rng)
    fit(
        teacher,
        CrossEntropyLoss(),
        Adam(teacher.parameters(), lr=1e-3),
        (X, y),
        num_epochs=20,
        batch_size=32,
        rng=rng,
    )
    teacher.eval()
    z = teacher(X)
    assert accuracy(teacher(Xt), yt) > 0.95
    for seed in range(3):
        idx = np.random.default_rng(seed).permutation(len(X))[:200]
        accs = []
        for loss, target in [
            (CrossEntropyLoss(), y[idx]),
            (DistillationLoss(4.0, 0.9), distillation_targets(z[idx], y[idx])),
        ]:
            r = np.random.default_rng(100 + seed)
            student = relu_mlp([64, 16, 10], r)
            fit(
                student,
                loss,
                Adam(student.parameters(), lr=3e-3),
                (X[idx], target),
                num_epochs=150,
                batch_size=32,
                rng=r,
                metric=None,
            )
            accs.append(accuracy(student(Xt), yt))
        assert accs[1] > accs[0] + 0.01
