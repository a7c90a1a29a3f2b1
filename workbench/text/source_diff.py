"""Match the units of a document's current source to the blocks of a new version.

Pure Python, no Django: the service (services/source_updates.py) turns the result into
Unit updates. Every new block gets an `Assignment` saying which old unit (key) it
continues, if any, and how it came about:

    unchanged  same text (checksum) as the old unit, in the same order
    edited     the old unit's text changed (its translations become outdated)
    moved      same unit found out of order (text the same, or nearly the same: `changed`)
    split      one old unit became several blocks: the first part keeps the key (outdated),
               the other parts get new keys
    merged     several old units became one block: the best matching one keeps its key
               (outdated), the others are deactivated (`merged_away`)
    restored   the block is exactly a unit an earlier update deactivated: it comes back with
               its key and translations (e.g. a wrong file was uploaded, then the right one)
    new        nothing matches: a new key

Old units that no block continues are `deleted` (the service deactivates them; their
translations stay in history).

How (near-linear for 10,000 units):
1. Exact matches by checksum (white space folded, see text/fingerprint.py), kept in order by
   a patience alignment: checksums unique on both sides are anchors, the longest increasing
   run of them is "unchanged", then the gaps between anchors are aligned the same way
   (recursively), so repeated texts such as "* * *" match locally.
2. Exact matches that are out of order: "moved".
3. The gaps between unchanged units are windows; inside each, a small dynamic programme
   aligns the remaining old and new units in order, with edits (1:1), splits (1:2, 1:3) and
   merges (2:1, 3:1) scored by the similarity of the plain texts (`markup.to_plain`). A band
   around the diagonal keeps huge windows (a rewritten document) linear.
4. Units left over on both sides that are nearly identical across windows: "moved" with
   `changed` (moved and lightly edited).
5. Blocks still unmatched that exactly equal a deactivated unit: "restored".
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from workbench.text.chains import heaviest_chain
from workbench.text.diff import word_tokens
from workbench.text.fingerprint import source_checksum
from workbench.text.markup import to_plain
from workbench.text.records import Block

UNCHANGED = "unchanged"
EDITED = "edited"
MOVED = "moved"
SPLIT = "split"
MERGED = "merged"
RESTORED = "restored"
NEW = "new"
DELETED = "deleted"
CATEGORIES = (UNCHANGED, EDITED, MOVED, SPLIT, MERGED, RESTORED, NEW, DELETED)

# Similarities are rapidfuzz's normalised Indel ratio of the plain texts, 0..1.
# An edit inside a window (between unchanged neighbours) may be heavy: position already says
# it is the same paragraph. Half the characters in common is still "the same unit, revised".
EDIT_THRESHOLD = 0.5
# A split or merge changes which keys exist, so it must be clearly the same text...
SPLIT_MERGE_THRESHOLD = 0.7
# ... and beat the plain 1:1 alignment by a margin (a short new paragraph next to an edited
# one is not a split).
SPLIT_MERGE_MARGIN = 0.05
# A unit found in another window (moved) and also edited: nearly identical only.
MOVED_EDIT_THRESHOLD = 0.85
# A paragraph that became a heading (or the reverse) is less likely the same unit.
KIND_PENALTY = 0.1
MAX_PARTS = 3  # splits into / merges of at most this many units
FULL_DP_CELLS = 10_000  # windows up to this many (old x new) cells are aligned exhaustively
# Bigger windows: units within this many positions of the diagonal are compared (in C), and
# pairs at least this similar cut the window into pieces aligned on their own.
BAND = 25
ANCHOR_THRESHOLD = 0.8
GLOBAL_PAIRS_LIMIT = 1_000_000  # step 4 compares at most this many pairs (in C, ~1 s)
_EXACT_DUP_CELLS = 4_000_000  # SequenceMatcher over a run of repeated texts only below this


@dataclass(frozen=True)
class OldUnit:
    key: str
    kind: str
    text: str  # stored inline markup
    checksum: str = ""  # source_checksum(text) when the caller has it stored; else computed


@dataclass(frozen=True)
class Assignment:
    index: int  # of the block in the new version
    category: str
    key: str | None  # the old unit this block continues; None: give it a new key
    changed: bool  # its text differs from the old unit's (translations become outdated)
    similarity: float  # of the plain texts, 0..1 (1.0 for exact matches)
    absorbed: tuple[str, ...] = ()  # merged: the other old keys folded into this unit
    split_from: str | None = None  # split: the old key the part came from


@dataclass(frozen=True)
class SourceDiff:
    assignments: list[Assignment]  # one per new block, in order
    deleted: list[str]  # old keys no block continues
    merged_away: dict[str, str] = field(default_factory=dict)  # old key -> key merged into

    def counts(self) -> dict[str, int]:
        """Units of the new version by how they came about (split counts every part), plus
        `deleted`: old units with no successor. Merged-away units are not deleted."""
        result = dict.fromkeys(CATEGORIES, 0)
        for a in self.assignments:
            result[a.category] += 1
        result[DELETED] = len(self.deleted)
        return result

    @property
    def deactivated(self) -> list[str]:
        return [*self.deleted, *self.merged_away]


class _Signatures:
    """Texts as strings of word ids, one character per word (lower-cased, white space
    dropped), so rapidfuzz compares word sequences at C speed. Word level, because the
    character-level ratio of two unrelated English paragraphs is already ~0.35-0.45 (shared
    letters), while their word-level ratio stays below ~0.25: thresholds get a safe margin.
    CJK characters are words of their own (text/diff.word_tokens)."""

    def __init__(self) -> None:
        self.ids = _WordIds()

    def of(self, markup: str) -> str:
        ids = self.ids
        return "".join([ids[token] for token in word_tokens(to_plain(markup).lower())])


class _WordIds(dict[str, str]):
    def __missing__(self, token: str) -> str:
        # One character per distinct word; skip the surrogate range so the string stays
        # valid for any consumer. (Beyond ~1.1 million distinct words ids repeat: harmless.)
        n = len(self) % 0x10F000 + 0x30
        code = chr(n if n < 0xD800 else n + 0x800)
        self[token] = code
        return code


class _Matcher:
    def __init__(
        self, old: Sequence[OldUnit], new: Sequence[Block], retired: Sequence[OldUnit]
    ) -> None:
        self.old = old
        self.new = new
        self.retired = retired
        self.old_sums = [u.checksum or source_checksum(u.text) for u in old]
        self.new_sums = [source_checksum(b.text) for b in new]
        self._signatures = _Signatures()
        # Signatures are computed lazily: exactly matched units (most of them) need none.
        self._old_sig: dict[int, str] = {}
        self._new_sig: dict[int, str] = {}
        self.old_taken = [False] * len(old)
        self.assignments: list[Assignment | None] = [None] * len(new)
        self.merged_away: dict[str, str] = {}
        self._sims: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[float, float]] = {}

    # --- similarity ---------------------------------------------------------------------

    def old_sig(self, i: int) -> str:
        if i not in self._old_sig:
            self._old_sig[i] = self._signatures.of(self.old[i].text)
        return self._old_sig[i]

    def new_sig(self, j: int) -> str:
        if j not in self._new_sig:
            self._new_sig[j] = self._signatures.of(self.new[j].text)
        return self._new_sig[j]

    def _penalty(self, olds: tuple[int, ...], news: tuple[int, ...]) -> float:
        kinds_differ = {self.old[i].kind for i in olds} != {self.new[j].kind for j in news}
        return KIND_PENALTY if kinds_differ else 0.0

    def _sim(self, olds: tuple[int, ...], news: tuple[int, ...], cutoff: float) -> float:
        """Similarity of the joined old texts and the joined new texts, or 0 below cutoff."""
        cache_key = (olds, news)
        cached = self._sims.get(cache_key)
        # A cached 0.0 only means "below the cutoff it was computed with".
        if cached is not None and (cached[0] > 0.0 or cached[1] <= cutoff):
            return cached[0] if cached[0] >= cutoff else 0.0
        a = "".join(self.old_sig(i) for i in olds)
        b = "".join(self.new_sig(j) for j in news)
        penalty = self._penalty(olds, news)
        # Cheap upper bound first: the ratio cannot exceed 2*min/(sum) of the lengths.
        total = len(a) + len(b)
        bound = 2 * min(len(a), len(b)) / total if total else 1.0
        if bound - penalty < cutoff:
            return 0.0
        value = fuzz.ratio(a, b, score_cutoff=(cutoff + penalty) * 100) / 100 - penalty
        value = max(value, 0.0)
        self._sims[cache_key] = (value, cutoff)
        return value if value >= cutoff else 0.0

    # --- steps --------------------------------------------------------------------------

    def run(self) -> SourceDiff:
        anchors = _exact_in_order(self.old_sums, self.new_sums)
        for i, j in anchors:
            self._assign(j, UNCHANGED, i, changed=False, similarity=1.0)
        self._exact_moved()
        self._windows(anchors)
        self._moved_and_edited()
        self._restored()
        assignments = [
            a if a is not None else Assignment(j, NEW, None, changed=True, similarity=0.0)
            for j, a in enumerate(self.assignments)
        ]
        deleted = [
            u.key
            for i, u in enumerate(self.old)
            if not self.old_taken[i] and u.key not in self.merged_away
        ]
        return SourceDiff(assignments=assignments, deleted=deleted, merged_away=self.merged_away)

    def _assign(
        self, j: int, category: str, i: int, *, changed: bool, similarity: float, **extra
    ) -> None:
        self.assignments[j] = Assignment(
            j, category, self.old[i].key, changed=changed, similarity=similarity, **extra
        )
        self.old_taken[i] = True

    def _exact_moved(self) -> None:
        free: dict[str, deque[int]] = defaultdict(deque)
        for i, checksum in enumerate(self.old_sums):
            if not self.old_taken[i]:
                free[checksum].append(i)
        for j, checksum in enumerate(self.new_sums):
            if self.assignments[j] is None and free.get(checksum):
                self._assign(j, MOVED, free[checksum].popleft(), changed=False, similarity=1.0)

    def _windows(self, anchors: list[tuple[int, int]]) -> None:
        anchor_old = [i for i, _ in anchors]
        anchor_new = [j for _, j in anchors]
        gaps_old: dict[int, list[int]] = defaultdict(list)
        gaps_new: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.old)):
            if not self.old_taken[i]:
                gaps_old[bisect.bisect_left(anchor_old, i)].append(i)
        for j in range(len(self.new)):
            if self.assignments[j] is None:
                gaps_new[bisect.bisect_left(anchor_new, j)].append(j)
        for gap, olds in gaps_old.items():
            news = gaps_new.get(gap)
            if news:
                self._align(olds, news, ANCHOR_THRESHOLD)

    def _align(self, wo: list[int], wn: list[int], anchor_threshold: float) -> None:
        """Align one window: exhaustively when small; a big one is first cut at units that
        clearly correspond (found by a C-speed search near the diagonal), then the pieces are
        aligned the same way; pieces that stay big get 1:1 edits only."""
        if not wo or not wn:
            return
        if len(wo) * len(wn) <= FULL_DP_CELLS:
            self._align_small(wo, wn)
            return
        candidates = self._band_candidates(wo, wn)
        strong = [c for c in candidates if c[2] >= anchor_threshold]
        pool = strong if anchor_threshold < 1.0 else candidates
        # Taken new unit by new unit: (new, old) pairs.
        chain = [pool[k] for k in heaviest_chain([(j, i, sim) for i, j, sim in pool])]
        if not chain:
            return
        if anchor_threshold >= 1.0:
            # Last resort for a big rewritten stretch: the best in-order 1:1 pairs.
            for i, j, sim in chain:
                self._assign(j, EDITED, i, changed=True, similarity=sim)
            return
        # wo and wn are in document order: cut them with bisect, not by scanning.
        lo_o = lo_n = 0
        for i, j, sim in [*chain, (len(self.old), len(self.new), 0.0)]:
            hi_o, hi_n = bisect.bisect_left(wo, i), bisect.bisect_left(wn, j)
            # The pieces between anchors are aligned again; pieces still too big get 1:1
            # edits only (anchor threshold 1.0 marks that last level).
            self._align(wo[lo_o:hi_o], wn[lo_n:hi_n], 1.0)
            if i < len(self.old):
                self._assign(j, EDITED, i, changed=True, similarity=sim)
            lo_o, lo_n = hi_o + 1, hi_n + 1

    def _band_candidates(self, wo: list[int], wn: list[int]) -> list[tuple[int, int, float]]:
        """For each new unit, the old units near the diagonal that reach EDIT_THRESHOLD."""
        m, n = len(wo), len(wn)
        sigs = [self.old_sig(i) for i in wo]
        found: list[tuple[int, int, float]] = []
        for q, j in enumerate(wn):
            center = (q * m) // n
            lo, hi = max(0, center - BAND), min(m, center + BAND + 1)
            for _, score, p in process.extract(
                self.new_sig(j),
                sigs[lo:hi],
                scorer=fuzz.ratio,
                score_cutoff=EDIT_THRESHOLD * 100,
                limit=3,
            ):
                i = wo[lo + p]
                sim = score / 100 - self._penalty((i,), (j,))
                if sim >= EDIT_THRESHOLD:
                    found.append((i, j, sim))
        return found

    def _align_small(self, wo: list[int], wn: list[int]) -> None:
        """In-order alignment by dynamic programming over all (old, new) cells, with edits
        (1:1), splits (1:k) and merges (k:1); unpaired units are deleted / new."""
        m, n = len(wo), len(wn)
        neg = float("-inf")
        # Order matters for ties: prefer 1:1 edits, then skips, then splits and merges.
        moves = [(1, 1), (1, 0), (0, 1)]
        moves += [(1, k) for k in range(2, MAX_PARTS + 1)]
        moves += [(k, 1) for k in range(2, MAX_PARTS + 1)]
        score: dict[tuple[int, int], float] = {(0, 0): 0.0}
        back: dict[tuple[int, int], tuple[int, int, float]] = {}
        for i in range(m + 1):
            for j in range(n + 1):
                if i == 0 and j == 0:
                    continue
                best, best_move = neg, (0, 0, 0.0)
                for di, dj in moves:
                    pi, pj = i - di, j - dj
                    if pi < 0 or pj < 0:
                        continue
                    prev = score[(pi, pj)]
                    if di == 0 or dj == 0:
                        gain, sim = 0.0, 0.0
                    else:
                        one_to_one = di == 1 and dj == 1
                        threshold = EDIT_THRESHOLD if one_to_one else SPLIT_MERGE_THRESHOLD
                        sim = self._sim(tuple(wo[pi:i]), tuple(wn[pj:j]), threshold)
                        if not sim:
                            continue
                        gain = sim - EDIT_THRESHOLD - (0.0 if one_to_one else SPLIT_MERGE_MARGIN)
                    if prev + gain > best:
                        best, best_move = prev + gain, (di, dj, sim)
                score[(i, j)] = best
                back[(i, j)] = best_move
        i, j = m, n
        steps: list[tuple[int, int, int, int, float]] = []
        while (i, j) != (0, 0):
            di, dj, sim = back[(i, j)]
            steps.append((i - di, j - dj, di, dj, sim))
            i, j = i - di, j - dj
        for pi, pj, di, dj, sim in reversed(steps):
            if di == 0 or dj == 0:
                continue
            olds, news = wo[pi : pi + di], wn[pj : pj + dj]
            if di == 1 and dj == 1:
                self._assign(news[0], EDITED, olds[0], changed=True, similarity=sim)
            elif di == 1:
                key = self.old[olds[0]].key
                self._assign(news[0], SPLIT, olds[0], changed=True, similarity=sim, split_from=key)
                for part in news[1:]:
                    self.assignments[part] = Assignment(
                        part, SPLIT, None, changed=True, similarity=sim, split_from=key
                    )
            else:
                self._merge(olds, news[0], sim)

    def _merge(self, olds: list[int], j: int, sim: float) -> None:
        # The old unit most like the merged text keeps its key (ties: the first one).
        keeper = max(olds, key=lambda i: (self._sim((i,), (j,), 0.0), -i))
        absorbed = tuple(self.old[i].key for i in olds if i != keeper)
        self._assign(j, MERGED, keeper, changed=True, similarity=sim, absorbed=absorbed)
        for i in olds:
            if i != keeper:
                self.old_taken[i] = True
                self.merged_away[self.old[i].key] = self.old[keeper].key

    def _moved_and_edited(self) -> None:
        olds = [i for i in range(len(self.old)) if not self.old_taken[i]]
        news = [j for j in range(len(self.new)) if self.assignments[j] is None]
        if not olds or not news or len(olds) * len(news) > GLOBAL_PAIRS_LIMIT:
            return
        choices = {i: self.old_sig(i) for i in olds}
        candidates: list[tuple[float, int, int]] = []
        for j in news:
            found = process.extract(
                self.new_sig(j),
                choices,
                scorer=fuzz.ratio,
                score_cutoff=MOVED_EDIT_THRESHOLD * 100,
                limit=5,
            )
            for _, _, i in found:
                sim = self._sim((i,), (j,), MOVED_EDIT_THRESHOLD)
                if sim:
                    candidates.append((sim, j, i))
        # Best pairs first; ties in document order, so results do not depend on dict order.
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        for sim, j, i in candidates:
            if self.assignments[j] is None and not self.old_taken[i]:
                self._assign(j, MOVED, i, changed=True, similarity=sim)

    def _restored(self) -> None:
        free: dict[str, deque[OldUnit]] = defaultdict(deque)
        for unit in self.retired:
            free[unit.checksum or source_checksum(unit.text)].append(unit)
        if not free:
            return
        for j, checksum in enumerate(self.new_sums):
            if self.assignments[j] is None and free.get(checksum):
                unit = free[checksum].popleft()
                self.assignments[j] = Assignment(
                    j, RESTORED, unit.key, changed=False, similarity=1.0
                )


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of (old, new) pairs, given in increasing new order, whose old indices
    increase too. O(k log k) patience sorting."""
    tails: list[int] = []  # old index at the end of the best run of each length
    tail_at: list[int] = []  # index in `pairs` of that end
    parent: list[int] = [-1] * len(pairs)
    for k, (old_index, _) in enumerate(pairs):
        pos = bisect.bisect_left(tails, old_index)
        if pos == len(tails):
            tails.append(old_index)
            tail_at.append(k)
        else:
            tails[pos] = old_index
            tail_at[pos] = k
        parent[k] = tail_at[pos - 1] if pos else -1
    run: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = parent[k]
    run.reverse()
    return run


def _exact_in_order(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) with a[i] == b[j], increasing in both: a patience alignment."""
    result: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            result.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            result.append((ahi, bhi))
        if alo >= ahi or blo >= bhi:
            continue
        count_a = Counter(a[alo:ahi])
        count_b = Counter(b[blo:bhi])
        where_a = {a[i]: i for i in range(alo, ahi) if count_a[a[i]] == 1}
        candidates = [
            (where_a[b[j]], j) for j in range(blo, bhi) if count_b[b[j]] == 1 and b[j] in where_a
        ]
        if candidates:
            prev_a, prev_b = alo, blo
            for i, j in _longest_increasing(candidates):
                result.append((i, j))
                stack.append((prev_a, i, prev_b, j))
                prev_a, prev_b = i + 1, j + 1
            stack.append((prev_a, ahi, prev_b, bhi))
        elif (ahi - alo) * (bhi - blo) <= _EXACT_DUP_CELLS and set(count_a) & set(count_b):
            # Only repeated texts in common here: a plain LCS over this (small) stretch.
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for block in matcher.get_matching_blocks():
                for k in range(block.size):
                    result.append((alo + block.a + k, blo + block.b + k))
    result.sort()
    return result


def match_units(
    old: Sequence[OldUnit], new: Sequence[Block], retired: Sequence[OldUnit] = ()
) -> SourceDiff:
    """Match the active units of the current version (`old`, in order) to the blocks of the
    new version. `retired` are units earlier updates deactivated: only an exact match brings
    one back. Keys in `old` and `retired` must be unique."""
    return _Matcher(old, new, retired).run()
