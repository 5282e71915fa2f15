"""Elementary differentiable operations, grouped by kind; each derivative sits beside its op.

``Tensor``'s operators and methods call these; they are public so a chapter can show one.
"""

from dlnotes.autograd.ops.arithmetic import Add, Div, Mul, Neg, Pow, PowScalar, Sub
from dlnotes.autograd.ops.elementwise import Exp, Log, ReLU, Sigmoid, Tanh
from dlnotes.autograd.ops.matmul import MatMul
from dlnotes.autograd.ops.reduction import Max, Mean, Sum
from dlnotes.autograd.ops.shape import Index, Reshape, Transpose

__all__ = [
    "Add",
    "Sub",
    "Mul",
    "Div",
    "Neg",
    "Pow",
    "PowScalar",
    "Exp",
    "Log",
    "Tanh",
    "Sigmoid",
    "ReLU",
    "MatMul",
    "Sum",
    "Mean",
    "Max",
    "Reshape",
    "Transpose",
    "Index",
]
