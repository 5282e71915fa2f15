r"""The §6.5.7 example: back-propagation through a one-hidden-layer MLP, three ways.

Goodfellow et al., §6.5.7, trains :math:`\hat y = \operatorname{softmax}(\max(0, XW^{(1)})
W^{(2)})` (no biases, to keep the graph small) on the cost

.. math::
   J = J_{\text{MLE}} + \lambda\Bigl(\sum_{i,j} \bigl(W^{(1)}_{ij}\bigr)^2
       + \sum_{i,j} \bigl(W^{(2)}_{ij}\bigr)^2\Bigr),

with :math:`J_{\text{MLE}}` the mean cross-entropy. Its gradient is computed here

- by the reverse pass written out by hand (:func:`mlp_example_manual`), calling the
  :mod:`dlnotes.nn.functional` kernels for the ReLU and the softmax cross-entropy;
- by recording the graph with :class:`dlnotes.autograd.Tensor` and calling ``backward``
  (:func:`mlp_example_autograd`);

and both agree with central differences of :func:`mlp_example_cost`
(:func:`dlnotes.gradcheck.numerical_gradient`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlnotes._validation import as_float_array, check_range, fail
from dlnotes.autograd import Tensor
from dlnotes.autograd import cross_entropy as cross_entropy_node
from dlnotes.nn.functional import (
    cross_entropy_backward,
    cross_entropy_forward,
    relu_backward,
    relu_forward,
)

__all__ = [
    "ChainProduct",
    "jacobian_chain_product",
    "MLPGradients",
    "mlp_example_cost",
    "mlp_example_manual",
    "mlp_example_autograd",
]


class MLPGradients(NamedTuple):
    r"""The cost :math:`J` and its gradients with respect to both weight matrices."""

    #: The cost :math:`J`.
    cost: float
    #: :math:`\nabla_{W^{(1)}} J`, shape ``(D, H)``.
    grad_W1: np.ndarray
    #: :math:`\nabla_{W^{(2)}} J`, shape ``(H, C)``.
    grad_W2: np.ndarray


def _check(
    owner: str, X: Any, y: Any, W1: Any, W2: Any, weight_decay: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    X = as_float_array(owner, X)
    W1 = as_float_array(owner, W1, "W1")
    W2 = as_float_array(owner, W2, "W2")
    labels = np.asarray(y)
    if X.ndim != 2:
        fail(owner, "input of shape (N, D)", tuple(X.shape))
    if W1.ndim != 2 or W1.shape[0] != X.shape[1]:
        fail(owner, f"W1 of shape ({X.shape[1]}, H)", tuple(W1.shape))
    if W2.ndim != 2 or W2.shape[0] != W1.shape[1]:
        fail(owner, f"W2 of shape ({W1.shape[1]}, C)", tuple(W2.shape))
    if labels.shape != (len(X),) or labels.dtype.kind not in "iu":
        fail(owner, f"integer class labels of shape ({len(X)},)", labels.shape)
    if labels.size and (labels.min() < 0 or labels.max() >= W2.shape[1]):
        fail(owner, f"labels in [0, {W2.shape[1]})", f"[{labels.min()}, {labels.max()}]")
    weight_decay = check_range(owner, "weight_decay", weight_decay, 0.0)
    return X, labels, W1, W2, weight_decay


def mlp_example_cost(X: Any, y: Any, W1: Any, W2: Any, weight_decay: float = 0.0) -> float:
    r"""The cost :math:`J` of the §6.5.7 network (forward pass only).

    Parameters
    ----------
    X : array_like, shape (N, D)
        Design matrix, one example per row.
    y : array_like of int, shape (N,)
        Class labels in ``[0, C)``.
    W1 : array_like, shape (D, H)
        Input-to-hidden weights (the book's layout: :math:`H = \max(0, XW^{(1)})`).
    W2 : array_like, shape (H, C)
        Hidden-to-output weights.
    weight_decay : float, default 0
        :math:`\lambda \ge 0`.

    Returns
    -------
    float

    Examples
    --------
    With all-zero weights every class gets probability 1/C:

    >>> X, y = np.ones((3, 2)), np.array([0, 1, 2])
    >>> bool(np.isclose(mlp_example_cost(X, y, np.zeros((2, 4)), np.zeros((4, 3))), np.log(3)))
    True
    """
    X, y, W1, W2, lam = _check("mlp_example_cost", X, y, W1, W2, weight_decay)
    hidden, _ = relu_forward(X @ W1)
    loss, _ = cross_entropy_forward(hidden @ W2, y)
    return float(loss) + lam * float(np.sum(W1 * W1) + np.sum(W2 * W2))


def mlp_example_manual(X: Any, y: Any, W1: Any, W2: Any, weight_decay: float = 0.0) -> MLPGradients:
    r"""Gradients of :func:`mlp_example_cost` by the reverse pass written out step by step.

    Forward: :math:`U^{(1)} = XW^{(1)}`, :math:`H = \max(0, U^{(1)})`,
    :math:`U^{(2)} = HW^{(2)}`, :math:`J_{\text{MLE}} = \text{cross-entropy}(U^{(2)}, y)`.
    Backward, visiting the nodes in reverse order and reusing each stored value once:

    .. math::
       G &= \nabla_{U^{(2)}} J_{\text{MLE}} = (\operatorname{softmax}(U^{(2)}) - Y) / N, \\
       \nabla_{W^{(2)}} J &= H^\top G + 2\lambda W^{(2)}, \\
       G' &= (G W^{(2)\top}) \odot [U^{(1)} > 0], \\
       \nabla_{W^{(1)}} J &= X^\top G' + 2\lambda W^{(1)},

    with :math:`Y` the one-hot labels. The two weight-decay paths reach the weights directly.

    Parameters
    ----------
    X, y, W1, W2, weight_decay
        As in :func:`mlp_example_cost`.

    Returns
    -------
    MLPGradients

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(4, 3)), np.array([0, 1, 1, 0])
    >>> g = mlp_example_manual(X, y, rng.normal(size=(3, 5)), rng.normal(size=(5, 2)), 0.1)
    >>> g.grad_W1.shape, g.grad_W2.shape
    ((3, 5), (5, 2))
    """
    X, y, W1, W2, lam = _check("mlp_example_manual", X, y, W1, W2, weight_decay)
    U1 = X @ W1
    hidden, relu_cache = relu_forward(U1)
    loss, ce_cache = cross_entropy_forward(hidden @ W2, y)
    cost = float(loss) + lam * float(np.sum(W1 * W1) + np.sum(W2 * W2))
    G = cross_entropy_backward(np.ones((), dtype=X.dtype), ce_cache)  # dJ_MLE / dU2
    grad_W2 = hidden.T @ G + 2 * lam * W2
    G_hidden = relu_backward(G @ W2.T, relu_cache)  # dJ_MLE / dU1
    grad_W1 = X.T @ G_hidden + 2 * lam * W1
    return MLPGradients(cost, grad_W1, grad_W2)


def mlp_example_autograd(
    X: Any, y: Any, W1: Any, W2: Any, weight_decay: float = 0.0
) -> MLPGradients:
    r"""Gradients of :func:`mlp_example_cost` by :mod:`dlnotes.autograd`.

    The forward pass is written with :class:`~dlnotes.autograd.Tensor` operations, which record
    the computational graph; ``J.backward()`` runs the general back-propagation algorithm
    (§6.5.6) over it.

    Parameters
    ----------
    X, y, W1, W2, weight_decay
        As in :func:`mlp_example_cost`.

    Returns
    -------
    MLPGradients

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(4, 3)), np.array([0, 1, 1, 0])
    >>> W1, W2 = rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
    >>> a, m = mlp_example_autograd(X, y, W1, W2, 0.1), mlp_example_manual(X, y, W1, W2, 0.1)
    >>> bool(np.allclose(a.grad_W1, m.grad_W1) and np.allclose(a.grad_W2, m.grad_W2))
    True
    """
    X, y, W1, W2, lam = _check("mlp_example_autograd", X, y, W1, W2, weight_decay)
    w1 = Tensor(W1, requires_grad=True)
    w2 = Tensor(W2, requires_grad=True)
    hidden = (Tensor(X) @ w1).relu()
    cost = cross_entropy_node(hidden @ w2, y) + lam * ((w1 * w1).sum() + (w2 * w2).sum())
    cost.backward()
    assert w1.grad is not None and w2.grad is not None  # both are leaves on the path to J
    return MLPGradients(cost.item(), np.asarray(w1.grad), np.asarray(w2.grad))


class ChainProduct(NamedTuple):
    r"""A Jacobian chain evaluated in one order: the result and its multiply-add count."""

    #: :math:`\partial y / \partial x`, shape ``(m, n)`` for ``m`` outputs and ``n`` inputs.
    jacobian: np.ndarray
    #: Scalar multiply-adds spent on the matrix products.
    multiply_adds: int


def jacobian_chain_product(jacobians: Any, mode: str) -> ChainProduct:
    r"""Multiply a chain of Jacobians :math:`J_L \cdots J_2 J_1` from one end (§6.5.9).

    ``jacobians[i]`` is the Jacobian of layer ``i + 1``, shape :math:`(n_{i+1}, n_i)`.
    *Reverse mode* starts from the output end, :math:`(\dots(J_L J_{L-1}) \dots) J_1`, so with a
    scalar output every intermediate result is a row vector; *forward mode* starts from the
    input end, :math:`J_L(\dots(J_2 J_1))`, carrying an :math:`n_{i} \times n_0` matrix. Both
    give the same Jacobian; the cost of multiplying a ``(p, q)`` by a ``(q, r)`` matrix is
    counted as :math:`pqr` multiply-adds.

    Parameters
    ----------
    jacobians : sequence of array_like
        ``J_1, ..., J_L`` with ``J_i.shape[1] == J_{i-1}.shape[0]``.
    mode : {"reverse", "forward"}

    Returns
    -------
    ChainProduct

    Examples
    --------
    A scalar function of 100 inputs through layers of 50 and 20 units:

    >>> rng = np.random.default_rng(0)
    >>> chain = [rng.normal(size=(50, 100)), rng.normal(size=(20, 50)), rng.normal(size=(1, 20))]
    >>> rev = jacobian_chain_product(chain, "reverse")
    >>> fwd = jacobian_chain_product(chain, "forward")
    >>> bool(np.allclose(rev.jacobian, fwd.jacobian)), rev.multiply_adds, fwd.multiply_adds
    (True, 6000, 102000)
    """
    owner = "jacobian_chain_product"
    if mode not in ("reverse", "forward"):
        fail(owner, "mode 'reverse' or 'forward'", repr(mode))
    mats = [as_float_array(owner, J, f"jacobians[{i}]") for i, J in enumerate(jacobians)]
    if not mats:
        fail(owner, "at least one Jacobian", "none")
    for i, J in enumerate(mats):
        if J.ndim != 2:
            fail(owner, f"jacobians[{i}] of shape (n_out, n_in)", tuple(J.shape))
        if i and J.shape[1] != mats[i - 1].shape[0]:
            fail(owner, f"jacobians[{i}] with {mats[i - 1].shape[0]} columns", tuple(J.shape))
    cost = 0
    if mode == "reverse":
        product = mats[-1]
        for J in reversed(mats[:-1]):
            cost += product.shape[0] * product.shape[1] * J.shape[1]
            product = product @ J
    else:
        product = mats[0]
        for J in mats[1:]:
            cost += J.shape[0] * J.shape[1] * product.shape[1]
            product = J @ product
    return ChainProduct(product, int(cost))
