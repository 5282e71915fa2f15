r"""RMSProp: AdaGrad with an exponentially decaying average of squared gradients.

Goodfellow et al., §8.5.2 (Algorithms 8.5 and 8.6).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_bool, check_range
from dlnotes.nn.module import Parameter
from dlnotes.optim.optimizer import Optimizer, ParamsLike

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSProp: :math:`\theta \leftarrow \theta - \eta\, g / (\sqrt{r} + \epsilon)`.

    The same update rule as ``torch.optim.RMSprop``.

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        Parameters to optimise, or parameter groups (dicts with ``"params"`` and overrides).
    lr : float, default 1e-2
        Learning rate :math:`\eta \ge 0`.
    alpha : float, default 0.99
        Decay rate :math:`\rho \in [0, 1]` of the squared-gradient average.
    eps : float, default 1e-8
        :math:`\epsilon \ge 0`, added to the square root of the average (outside the root).
    weight_decay : float, default 0
        L2 penalty :math:`\lambda \ge 0`, added to the gradient as :math:`\lambda\theta`.
    momentum : float, default 0
        Momentum factor :math:`\mu \ge 0` applied to the scaled step.
    centered : bool, default False
        Divide by an estimate of the gradient's standard deviation instead of its root mean
        square.

    Notes
    -----
    With :math:`g_t = \nabla_\theta L(\theta_{t-1}) + \lambda\theta_{t-1}`:

    .. math::

        r_t = \rho\, r_{t-1} + (1 - \rho)\, g_t \odot g_t, \qquad r_0 = 0,

        \text{centered: } \bar g_t = \rho\, \bar g_{t-1} + (1-\rho)\, g_t, \quad
        s_t = \sqrt{r_t - \bar g_t \odot \bar g_t} + \epsilon; \qquad
        \text{otherwise } s_t = \sqrt{r_t} + \epsilon,

        \mu = 0:\ \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{s_t}; \qquad
        \mu > 0:\ b_t = \mu\, b_{t-1} + \frac{g_t}{s_t}, \quad \theta_t = \theta_{t-1} - \eta\, b_t.

    Forgetting old gradients (§8.5.2) lets the effective learning rate grow again after the
    trajectory leaves a steep region, which AdaGrad's ever-growing sum cannot. Algorithm 8.5
    places the constant inside the root, :math:`1/\sqrt{\delta + r}`; PyTorch (and this class)
    adds :math:`\epsilon` after the root, which matters when gradients are of the order of
    :math:`\sqrt{\epsilon}` or smaller. The momentum variant accumulates the already-scaled
    step, the heavy-ball counterpart of Algorithm 8.6 (which uses Nesterov momentum).
    The centered variant subtracts the squared running mean so that :math:`s_t^2` estimates
    a variance.

    Goodfellow et al., §8.5.2.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.nn import Parameter
    >>> w = Parameter(np.array([1.0, -2.0]))
    >>> optimizer = RMSprop([w], lr=0.01)
    >>> for _ in range(3):
    ...     optimizer.zero_grad()
    ...     w.grad += w.data            # gradient of 0.5 * ||w||^2
    ...     optimizer.step()
    >>> w.data
    array([ 0.7800, -1.7753])
    """

    def __init__(
        self,
        params: ParamsLike,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "alpha": alpha,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "centered": centered,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        group["alpha"] = check_range("RMSprop", "alpha", group["alpha"], 0, 1)
        for name in ("eps", "weight_decay", "momentum"):
            group[name] = check_range("RMSprop", name, group[name], 0, high_inclusive=False)
        group["centered"] = check_bool("RMSprop", "centered", group["centered"])

    def _init_state(self, param: Parameter, group: dict[str, Any]) -> dict[str, Any]:
        state: dict[str, Any] = {"step": 0, "square_avg": np.zeros_like(param.data)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = np.zeros_like(param.data)
        if group["centered"]:
            state["grad_avg"] = np.zeros_like(param.data)
        return state

    def _update(
        self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        alpha = group["alpha"]
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * data
        square_avg = state["square_avg"]
        square_avg *= alpha
        square_avg += (1 - alpha) * (grad * grad)
        if group["centered"]:
            grad_avg = state.setdefault("grad_avg", np.zeros_like(data))
            grad_avg *= alpha
            grad_avg += (1 - alpha) * grad
            scale = np.sqrt(square_avg - grad_avg * grad_avg)
        else:
            scale = np.sqrt(square_avg)
        scale += group["eps"]
        if group["momentum"] > 0:
            buffer = state.setdefault("momentum_buffer", np.zeros_like(data))
            buffer *= group["momentum"]
            buffer += grad / scale
            data -= group["lr"] * buffer
        else:
            data -= group["lr"] * (grad / scale)
