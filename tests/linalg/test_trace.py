"""Trace identities: cyclic permutation (different sizes), transpose, Frobenius, eigenvalues."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlnotes.linalg import trace, trace_identities

dims = st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), mnp=dims)
def test_identities_hold(seed, mnp):
    m, n, p = mnp
    rng = np.random.default_rng(seed)
    A, B, C = rng.normal(size=(m, n)), rng.normal(size=(n, p)), rng.normal(size=(p, m))
    table = trace_identities(A, B, C)
    assert len(table) == 5
    for name, (lhs, rhs) in table.items():
        assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-9), name
    # Independent check of the values themselves.
    assert table["Tr(ABC) = Tr(CAB)"][1] == pytest.approx(np.trace(C @ A @ B))
    assert table["||A||_F = sqrt(Tr(A A^T))"][0] == pytest.approx(np.linalg.norm(A))


def test_trace_values(rng):
    A = rng.normal(size=(4, 4))
    assert trace(A) == pytest.approx(np.trace(A))
    assert trace(A) == pytest.approx(trace(A.T))
    assert trace(A) == pytest.approx(np.sum(np.linalg.eigvals(A)).real)
    B = rng.normal(size=(4, 4))
    assert trace(A @ B) == pytest.approx(trace(B @ A))
    C = rng.normal(size=(4, 4))
    # Only cyclic permutations are allowed: swapping two factors changes the trace.
    assert trace(A @ B @ C) == pytest.approx(trace(C @ A @ B))
    assert abs(trace(A @ B @ C) - trace(A @ C @ B)) > 1e-3


def test_bad_input():
    with pytest.raises(
        ValueError,
        match=r"trace: expected A to be a square matrix of shape "
        r"\(n, n\), got \(2, 3\)",
    ):
        trace(np.ones((2, 3)))
    with pytest.raises(
        ValueError,
        match=r"trace_identities: expected shapes \(m, n\), \(n, p\), "
        r"\(p, m\), got \(2, 3\), \(3, 4\), \(3, 2\)",
    ):
        trace_identities(np.ones((2, 3)), np.ones((3, 4)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="trace_identities: expected B to be a non-empty matrix"):
        trace_identities(np.ones((2, 3)), np.ones(3), np.ones((3, 2)))
