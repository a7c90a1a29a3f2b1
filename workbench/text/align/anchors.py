"""Anchor points: paragraph pairs that rare shared features pin down, and the band they guide.

A feature found in exactly one source and one target paragraph (a year, an identifier, a rare
name), or in k <= 3 of each, paired in order, proposes that those paragraphs correspond; a
feature repeated a few more times (a term used through a book) proposes, for each source
occurrence, the target occurrence nearest to where that paragraph is expected. Proposals
are summed per pair; the heaviest chain increasing on both sides (a weighted longest
increasing subsequence, O(K log K)) keeps the consistent ones and drops the strays. Between
consecutive anchors the expected path is the straight line; the band is that line widened by
a base width plus the imbalance of the gap (a gap of 40 source and 10 target paragraphs must
hide about 30 unmatched ones somewhere, so the band must allow a 30-paragraph detour).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence

from workbench.text.chains import heaviest_chain

from .banded_dp import Band, make_band

_MAX_PAIRED_DF = 3  # up to this many occurrences on each side, paired in order
_MAX_ANCHOR_DF = 16  # beyond this a feature locates nothing precisely
_MIN_ANCHOR_WEIGHT = 3.0  # summed gains a pair needs to be proposed at all
_MAX_GAP_EXTRA = 120  # the band's imbalance allowance is capped; widening does the rest


def anchor_pairs(
    source_sets: Sequence[frozenset[int]],
    target_sets: Sequence[frozenset[int]],
    gain: Sequence[float],
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
) -> list[tuple[int, int]]:
    """The heaviest consistent chain of anchor pairs (source paragraph, target paragraph).

    Rare features propose pairs directly. A feature seen a few times on each side (a term
    repeated through a book) proposes, for each source occurrence, the target occurrence
    nearest to where that paragraph is expected: first along the diagonal of cumulative
    lengths, then, in a second round with a tighter window, along the first chain.
    """
    n, m = len(source_sets), len(target_sets)
    src_post: dict[int, list[int]] = defaultdict(list)
    tgt_post: dict[int, list[int]] = defaultdict(list)
    for i, feats in enumerate(source_sets):
        for f in feats:
            src_post[f].append(i)
    for j, feats in enumerate(target_sets):
        for f in feats:
            tgt_post[f].append(j)
    postings = [
        (gain[f], s_list, t_list)
        for f, s_list in src_post.items()
        if (t_list := tgt_post.get(f))
        and len(s_list) <= _MAX_ANCHOR_DF
        and len(t_list) <= _MAX_ANCHOR_DF
    ]
    expected = _length_diagonal(source_lengths, target_lengths)
    chain = _chain(postings, expected, max(20.0, 0.06 * m))
    if len(chain) >= 2:
        expected = _along(chain, n, m)
        chain = _chain(postings, expected, max(8.0, 0.015 * m))
    return chain


def _length_diagonal(source_lengths: Sequence[int], target_lengths: Sequence[int]) -> list[float]:
    """Expected target index of each source paragraph if lengths were proportional."""
    total_s = sum(source_lengths) or 1
    total_t = sum(target_lengths) or 1
    cum_t = [0.0]
    for length in target_lengths:
        cum_t.append(cum_t[-1] + length / total_t)
    out = []
    done = 0.0
    for length in source_lengths:
        mid = (done + length / 2) / total_s
        done += length
        k = bisect_left(cum_t, mid)
        out.append(max(k - 0.5, 0.0))
    return out


def _along(chain: Sequence[tuple[int, int]], n: int, m: int) -> list[float]:
    """Expected target index of each source paragraph, interpolated between chain points."""
    knots = [(0, 0.0), *((i, float(j)) for i, j in chain), (n, float(m))]
    out = [0.0] * n
    for (i1, j1), (i2, j2) in zip(knots, knots[1:], strict=False):
        if i2 <= i1:
            continue
        slope = (j2 - j1) / (i2 - i1)
        for i in range(i1, min(i2, n)):
            out[i] = j1 + slope * (i - i1)
    return out


def _chain(
    postings: list[tuple[float, list[int], list[int]]],
    expected: Sequence[float],
    window: float,
) -> list[tuple[int, int]]:
    proposals: dict[tuple[int, int], float] = defaultdict(float)
    for weight, s_list, t_list in postings:
        if len(s_list) == len(t_list) <= _MAX_PAIRED_DF:
            for i, j in zip(s_list, t_list, strict=True):
                proposals[(i, j)] += weight
            continue
        for i in s_list:
            want = expected[i]
            k = bisect_left(t_list, want)
            near = [t_list[x] for x in (k - 1, k) if 0 <= x < len(t_list)]
            j = min(near, key=lambda c: abs(c - want))
            if abs(j - want) <= window:
                proposals[(i, j)] += weight
    candidates = sorted((i, j, w) for (i, j), w in proposals.items() if w >= _MIN_ANCHOR_WEIGHT)
    return [(candidates[k][0], candidates[k][1]) for k in heaviest_chain(candidates)]


def guide_band(anchors: Sequence[tuple[int, int]], n: int, m: int, base_width: int) -> Band:
    """The band around the piecewise-linear path through the anchors."""
    knots = [(0, 0)]
    for i, j in anchors:
        knots.append((i, j))
        knots.append((i + 1, j + 1))
    knots.append((n, m))
    low = [float(m)] * (n + 1)  # lowest and highest expected column per row
    high = [0.0] * (n + 1)
    extra = [0.0] * (n + 1)
    for (i1, j1), (i2, j2) in zip(knots, knots[1:], strict=False):
        if i2 < i1 or j2 < j1:
            continue
        imbalance = min(abs((i2 - i1) - (j2 - j1)), _MAX_GAP_EXTRA)
        slope = (j2 - j1) / (i2 - i1) if i2 > i1 else 0.0
        for i in range(i1, i2 + 1):
            at = j1 + slope * (i - i1)
            low[i] = min(low[i], at)
            high[i] = max(high[i], j2 if i2 == i1 else at)
            extra[i] = max(extra[i], imbalance)
    # row i's states run from about low[i] (entering) to high[i + 1]'s start (leaving)
    lo = [low[i] - base_width - extra[i] for i in range(n + 1)]
    hi = [max(high[i], low[min(i + 1, n)]) + base_width + extra[i] for i in range(n + 1)]
    return make_band(lo, hi, m)
