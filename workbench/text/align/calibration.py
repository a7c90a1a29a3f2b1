"""How well link confidences mean what they say, measured against gold links.

Used by the benchmark (bench/bench_align.py) and the tests; pure, no aligner import.

* expected calibration error: links put in ten bins of confidence (0-0.1, ..., 0.9-1); in each
  bin the gap between the mean confidence and the share of right links, weighted by the
  bin's size. 0 is perfect; among links shown at about p, about p are right.
* weakest share: the alignment screen lists the weakest links first, so a reviewer reading
  the weakest 5% of a file's links should meet most of its wrong ones. The share of all wrong
  links that sit in the weakest 5% of their file (at least one link a file).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Scored = Sequence[tuple[float, bool]]  # (confidence, is right) per link of one file

_BINS = 10


def expected_calibration_error(files: Sequence[Scored]) -> float:
    sums = [[0.0, 0.0, 0] for _ in range(_BINS)]  # confidence sum, right count, links
    for links in files:
        for confidence, right in links:
            row = sums[min(_BINS - 1, int(confidence * _BINS))]
            row[0] += confidence
            row[1] += right
            row[2] += 1
    total = sum(int(row[2]) for row in sums)
    if not total:
        return 0.0
    return sum(abs(row[0] - row[1]) for row in sums) / total


def wrong_in_weakest(files: Sequence[Scored], share: float = 0.05) -> tuple[int, int]:
    """(wrong links among each file's weakest `share`, wrong links in all)."""
    found = wrong = 0
    for links in files:
        ordered = sorted(links, key=lambda link: link[0])
        weakest = max(1, math.ceil(share * len(ordered))) if ordered else 0
        found += sum(1 for _, right in ordered[:weakest] if not right)
        wrong += sum(1 for _, right in ordered if not right)
    return found, wrong
