"""The heaviest increasing chain of weighted candidate pairs, in one place.

Both the aligner (anchor paragraphs, text/align/anchors.py) and the source update's matching
of old and new units (text/source_diff.py) have a set of candidate pairs (x, y, weight) and
want the subset that is in order on both sides (x and y strictly increasing) with the largest
total weight: the weighted longest common subsequence of two sequences, restricted to the
candidates. O(k log k) for k candidates, with a Fenwick tree of prefix maxima over the y
ranks.

Ties between equally heavy chains: a pair's predecessor is the latest candidate (in the
given order) among the equally good ones, the chain's last pair the first one.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["heaviest_chain"]


def heaviest_chain(candidates: Sequence[tuple[int, int, float]]) -> list[int]:
    """The indices into `candidates` of the chain strictly increasing in x and in y whose
    weights add up to the most, in chain order. Weights should be positive (a pair of weight
    0 adds nothing and may be left out); an empty list for no candidates."""
    if not candidates:
        return []
    ys = sorted({y for _, y, _ in candidates})
    rank = {y: r + 1 for r, y in enumerate(ys)}
    size = len(ys)
    # tree[r]: the best (total, index) of a chain ending at a y rank in r's Fenwick range.
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)

    def query(r: int) -> tuple[float, int]:  # the best chain ending at a y rank <= r
        best = (0.0, -1)
        while r > 0:
            best = max(best, tree[r])
            r -= r & -r
        return best

    def update(r: int, value: tuple[float, int]) -> None:
        while r <= size:
            tree[r] = max(tree[r], value)
            r += r & -r

    order = sorted(range(len(candidates)), key=lambda k: (candidates[k][0], k))
    total = [0.0] * len(candidates)
    parent = [-1] * len(candidates)
    start = 0
    while start < len(order):
        # The candidates of one x are all evaluated before any is inserted: a chain uses
        # each x once.
        end = start
        x = candidates[order[start]][0]
        while end < len(order) and candidates[order[end]][0] == x:
            end += 1
        for k in order[start:end]:
            _, y, weight = candidates[k]
            best, prev = query(rank[y] - 1)
            total[k], parent[k] = best + weight, prev
        for k in order[start:end]:
            update(rank[candidates[k][1]], (total[k], k))
        start = end
    last = max(range(len(candidates)), key=lambda k: (total[k], -k))
    chain = []
    while last >= 0:
        chain.append(last)
        last = parent[last]
    chain.reverse()
    return chain
