"""How much of the source a target translates: all of it, or an excerpt.

A partial translation (an excerpt, an abridged edition, a translation in progress, a pamphlet
quoting a book) is shorter than the source by far more than the language pair explains. The
ratio of the totals then says nothing about the ratio of a paragraph and its translation, and
a model built on it makes every target paragraph "use up" several source paragraphs.

Before aligning, the anchor pairs (paragraphs pinned down by rare shared features) tell the
length ratio of a paragraph and its translation; where they are too few, the ratio typical of
the language pair does. The coverage is then the target's total over what a whole translation
would weigh. After the first pass the coverage is measured directly: the share of the source
(in characters) that the links of that pass translate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_CHEAPEST_NULL = -1.0
_MIN_ANCHORS = 5  # fewer anchor pairs than this: their ratio is not trusted
# Below this coverage the aligner treats the target as an excerpt (see aligner.py): the
# language pair and the anchor ratio vary by about 15%, a full translation missing a few
# paragraphs stays above 0.85.
PARTIAL_BELOW = 0.75


def paragraph_ratio(
    anchors: Sequence[tuple[int, int]],
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    typical: float | None,
) -> float | None:
    """Target characters per source character of a paragraph and its translation: the median
    over the anchor pairs (a few of them merges or splits: the median does not care), else
    the language pair's typical ratio; None when neither is known."""
    logs = sorted(
        math.log(target_lengths[j] / source_lengths[i])
        for i, j in anchors
        if source_lengths[i] > 0 and target_lengths[j] > 0
    )
    if len(logs) >= _MIN_ANCHORS:
        return math.exp(logs[len(logs) // 2])
    return typical


def coverage_from_ratio(
    ratio: float | None, source_lengths: Sequence[int], target_lengths: Sequence[int]
) -> float:
    """Share of the source the target would translate at this ratio, in (0, 1]."""
    total_s, total_t = sum(source_lengths), sum(target_lengths)
    if not ratio or not total_s:
        return 1.0
    return min(1.0, max(total_t / (ratio * total_s), 0.001))


def coverage_of_links(
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], source_lengths: Sequence[int]
) -> float:
    """Share of the source characters inside links that have a target side."""
    total = sum(source_lengths)
    if not total:
        return 1.0
    linked = sum(source_lengths[i] for s, t in links if t for i in s)
    return min(1.0, max(linked / total, 0.001))


def null_source_cost(coverage: float, full_cost: float) -> float:
    """Cost of leaving one source paragraph untranslated when about `coverage` of the source
    is translated: the log-odds of an omission, log((1 - c) / c), never dearer than the cost
    for a whole translation and never a reward (an omission is never better than a right
    link, only than a wrong one)."""
    c = min(max(coverage, 0.01), 0.999)
    return min(max(math.log((1.0 - c) / c), full_cost), _CHEAPEST_NULL)
