"""dlnotes.optim (PyTorch's update rules) against the book's Algorithms 8.2, 8.3 and 8.7.

PyTorch's momentum keeps :math:`b \\leftarrow \\mu b + g` and steps :math:`-\\eta b`; the book
keeps a velocity :math:`v \\leftarrow \\alpha v - \\epsilon g` and steps :math:`+v`. With a
constant learning rate they are the same iterates (:math:`v = -\\eta b`). PyTorch's Nesterov
update is the book's written for the look-ahead point :math:`\\theta + \\alpha v`.
"""

from __future__ import annotations

import numpy as np

from dlnotes.book.objectives import Rosenbrock
from dlnotes.book.optimizer_race import optimizer_trajectory
from dlnotes.optim import SGD, Adam

LR, MU, STEPS = 1e-3, 0.9, 50
X0 = np.array([-1.5, 2.0])


def test_momentum_is_algorithm_8_2():
    f = Rosenbrock()
    ours = optimizer_trajectory(f, X0, SGD, STEPS, lr=LR, momentum=MU)
    theta, v = X0.copy(), np.zeros(2)
    for t in range(STEPS):
        v = MU * v - LR * f.grad(theta)
        theta = theta + v
        np.testing.assert_allclose(ours[t + 1], theta, rtol=1e-12)


def test_nesterov_is_algorithm_8_3_at_the_look_ahead_point():
    f = Rosenbrock()
    ours = optimizer_trajectory(f, X0, SGD, STEPS, lr=LR, momentum=MU, nesterov=True)
    theta, v = X0.copy(), np.zeros(2)
    for t in range(STEPS):
        v = MU * v - LR * f.grad(theta + MU * v)  # gradient at the interim point
        theta = theta + v
        np.testing.assert_allclose(ours[t + 1], theta + MU * v, rtol=1e-10, atol=1e-12)


def test_adam_is_algorithm_8_7():
    f = Rosenbrock()
    eps, rho1, rho2, delta = 0.01, 0.9, 0.999, 1e-8
    ours = optimizer_trajectory(f, X0, Adam, STEPS, lr=eps, betas=(rho1, rho2), eps=delta)
    theta, s, r = X0.copy(), np.zeros(2), np.zeros(2)
    for t in range(1, STEPS + 1):
        g = f.grad(theta)
        s = rho1 * s + (1 - rho1) * g
        r = rho2 * r + (1 - rho2) * g * g
        s_hat, r_hat = s / (1 - rho1**t), r / (1 - rho2**t)
        theta = theta - eps * s_hat / (np.sqrt(r_hat) + delta)
        np.testing.assert_allclose(ours[t], theta, rtol=1e-12)
