"""Vectorisation: loop and whole-array implementations of the same computations, and timing.

The from-scratch chapter S1 ("NumPy for deep learning") times each loop in
:mod:`~dlnotes.book.vectorization.loops` against its vectorised twin in
:mod:`~dlnotes.book.vectorization.vectorized`;
:mod:`~dlnotes.book.vectorization.broadcasting` spells out NumPy's broadcasting rule and
:mod:`~dlnotes.book.vectorization.diagrams` draws it.
Goodfellow et al., §2.1-§2.2.
"""

from dlnotes.book.vectorization.broadcasting import BroadcastSteps, broadcast_steps
from dlnotes.book.vectorization.diagrams import draw_broadcast, draw_memory_order
from dlnotes.book.vectorization.loops import (
    dense_forward_loop,
    pairwise_sq_distances_loop,
    pairwise_sq_distances_row_loop,
    softmax_rows_loop,
)
from dlnotes.book.vectorization.timing import Speedup, best_time, single_threaded, speedup
from dlnotes.book.vectorization.vectorized import dense_forward, pairwise_sq_distances, softmax_rows

__all__ = [
    "BroadcastSteps",
    "Speedup",
    "best_time",
    "broadcast_steps",
    "dense_forward",
    "dense_forward_loop",
    "draw_broadcast",
    "draw_memory_order",
    "pairwise_sq_distances",
    "pairwise_sq_distances_loop",
    "pairwise_sq_distances_row_loop",
    "softmax_rows",
    "single_threaded",
    "softmax_rows_loop",
    "speedup",
]
