r"""AdaDelta: RMSProp whose step size is the running RMS of past updates (Zeiler, 2012).

Goodfellow et al., §8.5 (adaptive learning rates; AdaDelta is listed among them in §8.5.4).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_range
from dlnotes.nn.module import Parameter
from dlnotes.optim.optimizer import Optimizer, ParamsLike

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""AdaDelta: :math:`\theta \leftarrow \theta - \eta\, g \sqrt{u+\epsilon}/\sqrt{v+\epsilon}`.

    The same update rule as ``torch.optim.Adadelta``.

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        Parameters to optimise, or parameter groups (dicts with ``"params"`` and overrides).
    lr : float, default 1.0
        Factor :math:`\eta \ge 0` multiplying the step (Zeiler's method has :math:`\eta = 1`).
    rho : float, default 0.9
        Decay rate :math:`\rho \in [0, 1]` of both running averages.
    eps : float, default 1e-6
        :math:`\epsilon \ge 0`, added *inside* both square roots.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda \ge 0`, added to the gradient as :math:`\lambda\theta`.

    Notes
    -----
    With :math:`g_t = \nabla_\theta L(\theta_{t-1}) + \lambda\theta_{t-1}` and
    :math:`v_0 = u_0 = 0`:

    .. math::

        v_t = \rho\, v_{t-1} + (1-\rho)\, g_t \odot g_t, \qquad
        \Delta_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} \odot g_t,

        u_t = \rho\, u_{t-1} + (1-\rho)\, \Delta_t \odot \Delta_t, \qquad
        \theta_t = \theta_{t-1} - \eta\, \Delta_t.

    The denominator is RMSProp's running RMS of the gradient (§8.5.2); the numerator replaces
    the global learning rate by the running RMS of the previous updates, so the step has the
    units of :math:`\theta` (a diagonal Newton-like ratio). The first steps are about
    :math:`\sqrt{\epsilon}` in size and grow as :math:`u` accumulates.

    Goodfellow et al., §8.5 (§8.5.4 lists AdaDelta among the adaptive methods).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> optimizer = Adadelta([w])
    >>> for _ in range(3):
    ...     optimizer.zero_grad()
    ...     w.grad += w.data            # gradient of 0.5 * ||w||^2
    ...     optimizer.step()
    >>> w.data
    array([ 0.9903, -1.9903])
    """

    def __init__(
        self,
        params: ParamsLike,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
    ) -> None:
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay}
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        group["rho"] = check_range("Adadelta", "rho", group["rho"], 0, 1)
        for name in ("eps", "weight_decay"):
            group[name] = check_range("Adadelta", name, group[name], 0, high_inclusive=False)

    def _init_state(self, param: Parameter, group: dict[str, Any]) -> dict[str, Any]:
        return {
            "step": 0,
            "square_avg": np.zeros_like(param.data),
            "acc_delta": np.zeros_like(param.data),
        }

    def _update(
        self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        rho, eps = group["rho"], group["eps"]
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * data
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg *= rho
        square_avg += (1 - rho) * (grad * grad)
        delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * grad
        acc_delta *= rho
        acc_delta += (1 - rho) * (delta * delta)
        data -= group["lr"] * delta
