"""Matching the entries of a new version of a gettext catalog to the units of the old one,
the way msgmerge does: an entry with the same msgctxt and msgid continues its unit (wherever
it moved, and a unit an earlier version removed comes back); an entry left over continues the
most similar left-over unit of the same msgctxt when they are similar enough (msgmerge's
fuzzy match: its translation stays, outdated); the others are new. Old units no entry
continues are removed (obsolete). Pure; the result is a `source_diff.SourceDiff`, applied by
the same code as any source update."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .source_diff import EDITED, MOVED, NEW, RESTORED, UNCHANGED, Assignment, SourceDiff

# msgmerge's FUZZY_THRESHOLD is 0.6 (fstrcmp of the msgids); rapidfuzz's ratio is the same
# normalised Indel similarity, on a 0..100 scale.
FUZZY_THRESHOLD = 60.0
# The fuzzy search compares each left-over entry with the left-over units of its msgctxt:
# beyond this many pairs the rest are new entries (a hostile file costs bounded time).
MAX_FUZZY_PAIRS = 2_000_000


@dataclass(frozen=True)
class OldEntry:
    key: str
    msgctxt: str | None
    msgid: str
    active: bool
    position: int


@dataclass(frozen=True)
class NewEntry:
    msgctxt: str | None
    msgid: str


def merge_catalog(old: Sequence[OldEntry], new: Sequence[NewEntry]) -> SourceDiff:
    exact: dict[tuple[str | None, str], OldEntry] = {(o.msgctxt, o.msgid): o for o in old}
    used: set[str] = set()
    found: list[tuple[OldEntry | None, str, float]] = []
    for entry in new:
        match = exact.get((entry.msgctxt, entry.msgid))
        if match is not None and match.key not in used:
            used.add(match.key)
            found.append((match, UNCHANGED if match.active else RESTORED, 1.0))
        else:
            found.append((None, NEW, 0.0))
    left = [o for o in old if o.active and o.key not in used]
    by_context: dict[str | None, list[OldEntry]] = {}
    for o in left:
        by_context.setdefault(o.msgctxt, []).append(o)
    budget = MAX_FUZZY_PAIRS
    for index, entry in enumerate(new):
        if found[index][0] is not None:
            continue
        candidates = [o for o in by_context.get(entry.msgctxt, []) if o.key not in used]
        budget -= len(candidates)
        if not candidates or budget < 0:
            continue
        best = process.extractOne(
            entry.msgid,
            [o.msgid for o in candidates],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD,
        )
        if best is not None:
            match = candidates[best[2]]
            used.add(match.key)
            found[index] = (match, EDITED, best[1] / 100)
    positions = [o.position for o, category, _ in found if o is not None and category == UNCHANGED]
    in_order = _increasing(positions)
    assignments = []
    for index, (match, category, similarity) in enumerate(found):
        if category == UNCHANGED and match is not None and match.position not in in_order:
            category = MOVED
        assignments.append(
            Assignment(
                index=index,
                category=category,
                key=match.key if match is not None else None,
                changed=category == EDITED,
                similarity=similarity,
            )
        )
    deleted = [o.key for o in old if o.active and o.key not in used]
    return SourceDiff(assignments=assignments, deleted=deleted)


def _increasing(values: list[int]) -> set[int]:
    """The values of a longest increasing subsequence: the units that kept their order;
    the others moved."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        j = bisect.bisect_left(tails, value)
        if j == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[j] = value
            tail_at[j] = i
        parent[i] = tail_at[j - 1] if j else -1
    result: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        result.add(values[i])
        i = parent[i]
    return result
