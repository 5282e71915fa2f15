r"""The ``Optimizer`` base class: parameter groups, per-parameter state and checkpoints.

An optimizer owns no parameters; it holds references to ``Parameter`` objects, organised in
*parameter groups* (dicts with a ``"params"`` list and the hyper-parameters that apply to
them), and a ``state`` dict mapping each parameter to its buffers (momentum, running
averages, step count). ``step()`` reads ``Parameter.grad`` and updates ``Parameter.data`` in
place; ``zero_grad()`` resets the gradients. The layout of ``param_groups``, ``state`` and
``state_dict()`` follows ``torch.optim.Optimizer``.

Goodfellow et al., §8.3 (basic algorithms) and §8.5 (algorithms with adaptive learning rates).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from dlnotes._validation import check_range, fail
from dlnotes.nn.module import Parameter

__all__ = ["Optimizer"]

ParamsLike = Iterable[Parameter] | Iterable[Mapping[str, Any]]


class Optimizer:
    r"""Base class of every optimizer: parameter groups, state, ``step`` and checkpoints.

    Sub-classes pass their default hyper-parameters to ``__init__``, check a group's values in
    ``_check_group`` and define the update of one parameter in ``_update``; the base class
    iterates over groups and parameters, creates the state lazily on the first step and
    handles ``zero_grad``, ``state_dict`` and ``load_state_dict``.

    Parameters
    ----------
    params : iterable of Parameter, or iterable of dict
        The parameters to optimise, or a list of parameter groups: dicts with a ``"params"``
        entry (an iterable of ``Parameter``) and optional hyper-parameters overriding the
        defaults for that group only (as in PyTorch).
    defaults : dict
        Default hyper-parameters of the optimizer.

    Attributes
    ----------
    param_groups : list of dict
        One dict per group: ``"params"`` (a list of ``Parameter``) and every hyper-parameter.
    state : dict
        Maps each ``Parameter`` to a dict of its optimizer buffers (arrays of the parameter's
        dtype) and its integer ``"step"`` count.
    defaults : dict
        The constructor's hyper-parameters.

    Notes
    -----
    Every update is computed with NumPy array operations on the whole parameter and written
    into ``Parameter.data`` in place, in the parameter's own dtype (a float32 model stays
    float32). Hyper-parameters are Python floats, which NumPy treats as "weak" scalars, so
    they never upcast a float32 array.

    Goodfellow et al., §8.3 and §8.5.

    Examples
    --------
    Two parameter groups, the bias with a larger learning rate and no weight decay:

    >>> import numpy as np
    >>> from dlnotes.optim import SGD
    >>> weight, bias = Parameter(np.ones((2, 3))), Parameter(np.zeros(2))
    >>> optimizer = SGD([{"params": [weight], "weight_decay": 1e-4},
    ...                  {"params": [bias], "lr": 0.5}], lr=0.1, momentum=0.9)
    >>> [(g["lr"], g["weight_decay"]) for g in optimizer.param_groups]
    [(0.1, 0.0001), (0.5, 0.0)]
    >>> optimizer.step()
    >>> checkpoint = optimizer.state_dict()
    >>> [group["params"] for group in checkpoint["param_groups"]], sorted(checkpoint["state"][0])
    ([[0], [1]], ['momentum_buffer', 'step'])
    """

    def __init__(self, params: ParamsLike, defaults: Mapping[str, Any]) -> None:
        self.defaults: dict[str, Any] = dict(defaults)
        self.state: dict[Parameter, dict[str, Any]] = {}
        self.param_groups: list[dict[str, Any]] = []
        owner = type(self).__name__
        if isinstance(params, (Parameter, np.ndarray, Mapping, str)) or not isinstance(
            params, Iterable
        ):
            fail(
                owner,
                "params to be an iterable of Parameters or of dicts",
                type(params).__name__,
                TypeError,
            )
        items: list[Any] = list(params)
        if not items:
            fail(owner, "a non-empty parameter list", "an empty list")
        # A list of dicts is a list of groups; anything else is one group (checked there).
        groups: list[Any] = items if isinstance(items[0], Mapping) else [{"params": items}]
        for group in groups:
            self.add_param_group(group)

    # -- groups ---------------------------------------------------------------------------
    def add_param_group(self, param_group: Mapping[str, Any]) -> None:
        """Add a group of parameters with its own hyper-parameters (defaults fill the rest).

        Raises ``TypeError`` for a non-dict group or a non-``Parameter`` entry and
        ``ValueError`` for an empty group, a parameter that already belongs to a group, an
        unknown hyper-parameter or an invalid value.
        """
        owner = type(self).__name__
        if not isinstance(param_group, Mapping):
            fail(owner, "each parameter group to be a dict", type(param_group).__name__, TypeError)
        if "params" not in param_group:
            fail(owner, "a parameter group with a 'params' entry", sorted(param_group))
        raw = param_group["params"]
        params = [raw] if isinstance(raw, Parameter) else raw
        if isinstance(params, (np.ndarray, Mapping, str)) or not isinstance(params, Iterable):
            fail(
                owner,
                "group 'params' to be an iterable of Parameters",
                type(raw).__name__,
                TypeError,
            )
        params = list(params)
        if not params:
            fail(owner, "a non-empty parameter list", "an empty list")
        for p in params:
            if not isinstance(p, Parameter):
                fail(
                    owner, "params to be dlnotes.nn.Parameter objects", type(p).__name__, TypeError
                )
        if len({id(p) for p in params}) != len(params):
            fail(owner, "each parameter at most once in a group", "a repeated parameter")
        existing = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in existing for p in params):
            fail(
                owner,
                "each parameter in exactly one group",
                "a parameter that already belongs to a group",
            )
        unknown = sorted(set(param_group) - set(self.defaults) - {"params", "initial_lr"})
        if unknown:
            fail(owner, f"hyper-parameters among {sorted(self.defaults)}", unknown)
        group = {**self.defaults, **{k: v for k, v in param_group.items() if k != "params"}}
        self._check_group(group)
        group["params"] = params
        self.param_groups.append(group)

    def _check_group(self, group: dict[str, Any]) -> None:
        """Validate (and normalise in place) one group's hyper-parameters."""
        group["lr"] = check_range(type(self).__name__, "lr", group["lr"], 0, high_inclusive=False)

    # -- the update -----------------------------------------------------------------------
    def _init_state(self, param: Parameter, group: dict[str, Any]) -> dict[str, Any]:
        """Fresh state for ``param`` (called before its first update)."""
        return {"step": 0}

    def _update(
        self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """Update ``data`` in place from ``grad``; the ``state`` buffers are updated too."""
        fail(
            type(self).__name__,
            "a subclass that defines _update",
            "the Optimizer base class",
            TypeError,
        )

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Apply one update to every parameter whose ``grad`` is not ``None``.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (called before the update, as in
            PyTorch).

        Returns
        -------
        loss : Any
            The closure's return value, or ``None`` without a closure.
        """
        loss = closure() if closure is not None else None
        owner = type(self).__name__
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if np.shape(p.grad) != p.data.shape:
                    fail(
                        owner,
                        f"grad of shape {p.data.shape} for a parameter of that shape",
                        np.shape(p.grad),
                    )
                # Work in the parameter's dtype so a float64 gradient cannot upcast a float32
                # model's buffers or updates.
                grad = np.asarray(p.grad, dtype=p.data.dtype)
                state = self.state.get(p)
                if state is None:
                    state = self.state[p] = self._init_state(p, group)
                state["step"] += 1
                self._update(p.data, grad, state, group)
        return loss

    def zero_grad(self) -> None:
        """Reset every parameter's gradient to zero in place (a missing one is created)."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    p.grad = np.zeros_like(p.data)
                else:
                    p.grad[...] = 0

    # -- checkpoints ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """A copy of the optimizer's state in PyTorch's layout.

        Returns
        -------
        dict
            ``{"state": {index: {name: array or int}}, "param_groups": [{hyper-parameters...,
            "params": [indices]}]}`` where parameters are numbered in group order, so the
            dict refers to no ``Parameter`` object and can be loaded into a new optimizer
            built over an equivalent model. Arrays are copies.
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            packed = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
            packed["params"] = ids
            groups.append(packed)
        state = {index[id(p)]: copy.deepcopy(s) for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Restore hyper-parameters and buffers saved by ``state_dict``.

        The optimizer must have the same number of groups with the same number of parameters
        in each; buffers are copied and cast to each parameter's dtype, and their shapes must
        match. Training then resumes exactly where the saved optimizer stopped.
        """
        owner = type(self).__name__
        if not isinstance(state_dict, Mapping) or not {"state", "param_groups"} <= set(state_dict):
            fail(
                owner,
                "a state_dict with 'state' and 'param_groups'",
                type(state_dict).__name__,
                TypeError,
            )
        saved_groups = list(state_dict["param_groups"])
        sizes = [len(g["params"]) for g in self.param_groups]
        saved_sizes = [len(g["params"]) for g in saved_groups]
        if sizes != saved_sizes:
            fail(owner, f"a state_dict with group sizes {sizes}", saved_sizes)
        params_by_index: dict[int, Parameter] = {}
        for group, saved in zip(self.param_groups, saved_groups, strict=True):
            for p, i in zip(group["params"], saved["params"], strict=True):
                params_by_index[int(i)] = p
        new_state: dict[Parameter, dict[str, Any]] = {}
        for i, buffers in state_dict["state"].items():
            if int(i) not in params_by_index:
                fail(owner, f"state indices among {sorted(params_by_index)}", i)
            p = params_by_index[int(i)]
            restored: dict[str, Any] = {}
            for name, value in buffers.items():
                if isinstance(value, np.ndarray):
                    if value.shape != p.data.shape:
                        fail(owner, f"state {name!r} of shape {p.data.shape}", value.shape)
                    restored[name] = value.astype(p.data.dtype, copy=True)
                else:
                    restored[name] = copy.deepcopy(value)
            new_state[p] = restored
        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups, strict=True):
            merged = {k: copy.deepcopy(v) for k, v in saved.items() if k != "params"}
            merged["params"] = group["params"]
            self._check_group(merged)
            new_groups.append(merged)
        self.state = new_state
        self.param_groups = new_groups

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines.extend(f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params")
        return "\n".join(lines) + "\n)"
