r"""Stochastic gradient descent with optional momentum, dampening, Nesterov and weight decay.

Goodfellow et al., §8.3.1 (SGD), §8.3.2 (momentum), §8.3.3 (Nesterov momentum).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_bool, check_range, fail
from dlnotes.optim.optimizer import Optimizer, ParamsLike

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent: :math:`\theta \leftarrow \theta - \eta\, d_t`.

    The same update rule as ``torch.optim.SGD`` (:math:`d_t` is the gradient or the momentum
    direction, below).

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        Parameters to optimise, or parameter groups (dicts with ``"params"`` and overrides).
    lr : float
        Learning rate :math:`\eta \ge 0` (required).
    momentum : float, default 0
        Momentum factor :math:`\mu \ge 0`; 0 disables the velocity buffer.
    dampening : float, default 0
        Dampening :math:`\tau \in [0, 1]`: the gradient enters the buffer with weight
        :math:`1 - \tau` (from the second step on).
    weight_decay : float, default 0
        L2 penalty :math:`\lambda \ge 0`, added to the gradient as :math:`\lambda\theta`.
    nesterov : bool, default False
        Use Nesterov momentum (requires ``momentum > 0`` and ``dampening == 0``).

    Notes
    -----
    With gradient :math:`g_t = \nabla_\theta L(\theta_{t-1}) + \lambda \theta_{t-1}` (L2 weight
    decay, §7.1.1, enters the gradient), the update is

    .. math::

        b_1 = g_1, \qquad b_t = \mu\, b_{t-1} + (1 - \tau)\, g_t \quad (t > 1),

        d_t = \begin{cases} g_t + \mu\, b_t & \text{Nesterov} \\ b_t & \text{otherwise}
        \end{cases}, \qquad \theta_t = \theta_{t-1} - \eta\, d_t,

    and :math:`d_t = g_t` when :math:`\mu = 0` (plain SGD, §8.3.1). The first buffer is the
    gradient itself, not :math:`(1-\tau) g_1`, exactly as PyTorch.

    The book's momentum (Algorithm 8.2) keeps a velocity :math:`v \leftarrow \alpha v - \epsilon
    g` and sets :math:`\theta \leftarrow \theta + v`. With a constant learning rate the two are
    the same sequence, :math:`v_t = -\eta\, b_t`; they differ when the learning rate changes
    during training, because here :math:`\eta` multiplies the whole buffer at each step.

    Nesterov momentum (Algorithm 8.3) evaluates the gradient at the look-ahead point
    :math:`\theta + \alpha v`. Re-writing the iteration in terms of the look-ahead point
    :math:`\tilde\theta = \theta + \alpha v` removes the extra gradient evaluation and gives
    :math:`\tilde\theta_t = \tilde\theta_{t-1} - \eta (g_t + \mu b_t)` with :math:`g_t`
    evaluated at :math:`\tilde\theta_{t-1}`: the "Nesterov" line above.

    Goodfellow et al., §8.3.1, §8.3.2, §8.3.3.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> optimizer = SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(3):
    ...     optimizer.zero_grad()
    ...     w.grad += w.data            # gradient of 0.5 * ||w||^2
    ...     optimizer.step()
    >>> w.data
    array([ 0.486, -0.972])
    """

    def __init__(
        self,
        params: ParamsLike,
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        group["momentum"] = check_range(
            "SGD", "momentum", group["momentum"], 0, high_inclusive=False
        )
        group["dampening"] = check_range("SGD", "dampening", group["dampening"], 0, 1)
        group["weight_decay"] = check_range(
            "SGD", "weight_decay", group["weight_decay"], 0, high_inclusive=False
        )
        group["nesterov"] = check_bool("SGD", "nesterov", group["nesterov"])
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            fail(
                "SGD",
                "momentum > 0 and dampening == 0 with nesterov=True",
                f"momentum={group['momentum']} and dampening={group['dampening']}",
            )

    def _update(
        self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        lr, momentum = group["lr"], group["momentum"]
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * data
        if momentum != 0:
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = grad.copy()
            else:
                buffer *= momentum
                buffer += (1 - group["dampening"]) * grad
            grad = grad + momentum * buffer if group["nesterov"] else buffer
        data -= lr * grad
