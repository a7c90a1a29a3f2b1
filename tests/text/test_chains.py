"""The heaviest increasing chain (text/chains.py), shared by the aligner's anchors and the
source update's matching."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.chains import heaviest_chain


def _increasing(pairs) -> bool:
    return all(a[0] < b[0] and a[1] < b[1] for a, b in zip(pairs, pairs[1:], strict=False))


def _brute_force(candidates) -> float:
    best = 0.0
    for size in range(1, len(candidates) + 1):
        for subset in combinations(sorted(candidates), size):
            if _increasing(subset):
                best = max(best, sum(w for _, _, w in subset))
    return best


def test_examples():
    assert heaviest_chain([]) == []
    # The crossing pair (2, 0) loses against the two in order.
    candidates = [(0, 0, 1.0), (1, 1, 1.0), (2, 0, 1.5)]
    assert heaviest_chain(candidates) == [0, 1]
    # One heavy pair beats two light ones that cross it.
    candidates = [(0, 1, 1.0), (1, 0, 5.0), (2, 2, 1.0)]
    assert heaviest_chain(candidates) == [1, 2]
    # Strict on both sides: the same x or the same y is used once.
    assert heaviest_chain([(0, 0, 1.0), (0, 1, 2.0), (1, 1, 2.5)]) == [0, 2]
    assert len(heaviest_chain([(0, 0, 1.0), (1, 0, 1.0), (2, 0, 1.0)])) == 1


def test_ties_go_to_the_first_candidate():
    assert heaviest_chain([(0, 0, 1.0), (1, 0, 1.0)]) == [0]
    assert heaviest_chain([(1, 0, 1.0), (0, 0, 1.0)]) == [0]
    assert heaviest_chain([(5, 0, 1.0), (0, 0, 1.0)]) == [0]
    assert heaviest_chain([(5, 5, 1.0), (0, 0, 1.0), (1, 1, 1.0)]) == [1, 2, 0]


pairs = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 6), st.floats(0.1, 10, allow_nan=False).map(float)),
    max_size=9,
    unique_by=lambda c: (c[0], c[1]),
)


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_the_chain_is_increasing_and_as_heavy_as_any(candidates):
    chain = [candidates[k] for k in heaviest_chain(candidates)]
    assert _increasing(chain)
    assert abs(sum(w for _, _, w in chain) - _brute_force(candidates)) < 1e-9
