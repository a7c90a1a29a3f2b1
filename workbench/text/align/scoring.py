"""The score of one candidate link: length, anchors, structure and the shape's prior, combined.

All scores are log-likelihoods (higher is better); the dynamic programming maximises their sum
over the links of a path. The shapes and their priors:

  1-1   the common case, prior 0
  2-1, 1-2  a merged or split paragraph
  2-2, 3-1, 1-3  rarer; they win only where length and anchors clearly agree
  1-0, 0-1  an untranslated source paragraph, an inserted target paragraph: a fixed cost per
        paragraph, no length or anchor term (the null model is the "unrelated" baseline the
        anchor scores are measured against, see weights.py). A translator's note costs almost
        nothing as 0-1 and a lot inside any other link.

`LinkScorer.link` is the readable definition; `LinkScorer.cell` computes the same numbers for
all shapes ending at one state at once, inlined, because the dynamic programming calls it for
every state of the band (a test checks that the two agree).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from .evidence import END_NONE, ParagraphEvidence
from .length import LengthModel
from .weights import FeatureWeights

# (source paragraphs, target paragraphs) of each move, in the order the DP tries them
MOVES: tuple[tuple[int, int], ...] = (
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
)
MAX_GROUP = 3
NEG = float("-inf")
# Below this length score a merge cannot win whatever its cut: skip looking for one.
_HOPELESS_LENGTH = -6.0
# 3-1 and 1-3 links start 6 behind (their prior): cut only those already close on length
_HOPELESS_LENGTH_3 = -3.0


@dataclass(frozen=True, slots=True)
class Priors:
    """Log-priors of the link shapes and the weights of the evidence terms."""

    merge: float = -2.2  # 2-1 and 1-2
    merge_2_2: float = -7.0
    merge_3: float = -6.0  # 3-1 and 1-3: only where length and anchors clearly agree
    null: float = -4.0  # per paragraph left unmatched
    # per target paragraph left unmatched, when it differs from `null`: an excerpt omits
    # much of the source, rarely adds anything of its own
    null_target: float | None = None
    note_null: float = -0.2  # a translator's note left unmatched, as it should be
    note_linked: float = -15.0  # a translator's note inside a link
    anchor_weight: float = 0.6  # scales the naive-Bayes anchor score (features are correlated)
    # A merge whose joined paragraph has no boundary where the first part should end: mild
    # when that part has no final punctuation (a heading run into the next paragraph), severe
    # when it has (its translation would end with a full stop or colon too, visible as a cut).
    no_boundary: float = -1.5
    no_boundary_punct: float = -3.0
    end_weight: float = 0.8  # scales the end-class agreement (full stop, colon, none, ...)


def _group_unions(sets: Sequence[frozenset[int]]) -> list[list[frozenset[int]]]:
    """unions[a][i]: features of the `a` paragraphs ending before index i (a = 1..3)."""
    empty: frozenset[int] = frozenset()
    n = len(sets)
    unions: list[list[frozenset[int]]] = [[empty] * (n + 1)]
    for a in range(1, MAX_GROUP + 1):
        row = [empty] * (n + 1)
        for i in range(a, n + 1):
            row[i] = sets[i - 1] if a == 1 else unions[a - 1][i - 1] | sets[i - 1]
        unions.append(row)
    return unions


def _best_cuts(
    model: LengthModel,
    parts: Sequence[int],
    part_ends: Sequence[int],
    total: int,
    bounds: Sequence[int],
    bound_ends: Sequence[int],
    single_is_target: bool,
    ends: list[list[float]],
    end_weight: float,
) -> float:
    """Score of cutting a paragraph of `total` characters into pieces matching `parts` (the
    lengths on the other side), at the boundaries nearest to where each piece should end;
    each inner piece's ending (full stop, colon, none, ...) is compared with its part's."""
    if not bounds:
        return -1e9
    size = sum(parts) or 1
    score = 0.0
    start = 0
    done = 0
    last = len(parts) - 1
    for k, part in enumerate(parts):
        if k == last:
            end = total
        else:
            done += part
            expected = total * done / size
            pos = bisect_left(bounds, expected)
            chosen = -1
            for x in (pos - 1, pos):
                if 0 <= x < len(bounds) and bounds[x] > start:
                    if chosen < 0 or abs(bounds[x] - expected) < abs(bounds[chosen] - expected):
                        chosen = x
            if chosen < 0:
                return -1e9
            end = bounds[chosen]
            if single_is_target:
                score += end_weight * ends[part_ends[k]][bound_ends[chosen]]
            else:
                score += end_weight * ends[bound_ends[chosen]][part_ends[k]]
        piece = end - start
        score += model.log_score(part, piece) if single_is_target else model.log_score(piece, part)
        start = end
    return score


class LinkScorer:
    """Scores links by the state (i, j) where they end: source paragraphs i-a..i-1, target
    paragraphs j-b..j-1. Everything per-paragraph is precomputed once."""

    def __init__(
        self,
        source: Sequence[ParagraphEvidence],
        target: Sequence[ParagraphEvidence],
        weights: FeatureWeights,
        ends: list[list[float]],
        length_model: LengthModel,
        priors: Priors,
        *,
        quick: bool = False,
        source_absent: Sequence[float] | None = None,
    ) -> None:
        self.priors = priors
        self.length_model = length_model
        # the quick first pass only needs a rough path: no piece-by-piece scoring of merges,
        # no 2-2, 3-1 or 1-3 links
        self.quick = quick
        self.ends = ends  # end-class agreement table, see weights.end_agreement
        self.src_lengths = [ev.length for ev in source]
        self.tgt_lengths = [ev.length for ev in target]
        self.src_bounds = [ev.boundaries for ev in source]
        self.tgt_bounds = [ev.boundaries for ev in target]
        self.src_bound_ends = [ev.boundary_ends for ev in source]
        self.tgt_bound_ends = [ev.boundary_ends for ev in target]
        self.src_end = [ev.end for ev in source]
        self.tgt_end = [ev.end for ev in target]
        self.src_len = [0, *accumulate(self.src_lengths)]
        self.tgt_len = [0, *accumulate(self.tgt_lengths)]
        target_notes = [ev.note for ev in target]
        self.notes = [0, *accumulate(int(x) for x in target_notes)]
        self.gain = weights.gain
        self.src_sets = _group_unions(weights.source_sets)
        self.tgt_sets = _group_unions(weights.target_sets)
        pen_s, pen_t = weights.pen_source, weights.pen_target
        self.src_pen = [[sum([pen_s[f] for f in s]) for s in row] for row in self.src_sets]
        if source_absent is not None:  # an excerpt: see weights.absent_penalties
            lost = [0.0, *accumulate(source_absent)]
            for a in range(1, MAX_GROUP + 1):
                row = self.src_pen[a]
                for i in range(a, len(row)):
                    row[i] += lost[i] - lost[i - a]
        self.tgt_pen = [[sum([pen_t[f] for f in s]) for s in row] for row in self.tgt_sets]
        shape = {(1, 1): 0.0, (2, 1): priors.merge, (1, 2): priors.merge}
        shape |= {(2, 2): priors.merge_2_2, (3, 1): priors.merge_3, (1, 3): priors.merge_3}
        self.shape_prior = shape
        self._models: dict[int, LengthModel] = {}
        null_t = priors.null if priors.null_target is None else priors.null_target
        self.null_target = [priors.note_null if note else null_t for note in target_notes]

    def _model_at(self, i: int) -> LengthModel:
        """length_model.at(i), made once per row (the 3-1 and 1-3 cuts ask for it per cell)."""
        cached = self._models.get(i)
        if cached is None:
            cached = self._models[i] = self.length_model.at(i)
        return cached

    # -- the readable definition ------------------------------------------------------------

    def anchor_score(self, a: int, b: int, i: int, j: int) -> float:
        s_set = self.src_sets[a][i]
        t_set = self.tgt_sets[b][j]
        score = self.src_pen[a][i] + self.tgt_pen[b][j]
        shared = s_set & t_set
        if shared:
            gain = self.gain
            score += sum(gain[f] for f in shared)
        return score

    def length_score(self, a: int, b: int, i: int, j: int) -> float:
        """Length evidence. For a merge (n-1 or 1-n) the single paragraph on one side must be
        the join of translations of the paragraphs on the other: it is cut at the sentence
        ends nearest to where the parts should end, and every part is scored against its
        counterpart. That tells which neighbour a short heading was merged with, which the
        sum of lengths alone cannot."""
        model = self._model_at(i)
        whole = model.log_score(
            self.src_len[i] - self.src_len[i - a], self.tgt_len[j] - self.tgt_len[j - b]
        )
        hopeless = _HOPELESS_LENGTH if a + b == 3 else _HOPELESS_LENGTH_3
        if a == b or self.quick or whole < hopeless:
            return whole
        ew = self.priors.end_weight
        if b == 1:
            cut = _best_cuts(
                model,
                self.src_lengths[i - a : i],
                self.src_end[i - a : i],
                self.tgt_lengths[j - 1],
                self.tgt_bounds[j - 1],
                self.tgt_bound_ends[j - 1],
                True,
                self.ends,
                ew,
            )
        else:
            cut = _best_cuts(
                model,
                self.tgt_lengths[j - b : j],
                self.tgt_end[j - b : j],
                self.src_lengths[i - 1],
                self.src_bounds[i - 1],
                self.src_bound_ends[i - 1],
                False,
                self.ends,
                ew,
            )
        first_end = self.src_end[i - a] if b == 1 else self.tgt_end[j - b]
        p = self.priors
        missing = p.no_boundary if first_end == END_NONE else p.no_boundary_punct
        return max(cut, whole + missing)

    def link(self, a: int, b: int, i: int, j: int) -> float:
        """Score of the link made of a source and b target paragraphs ending at (i, j)."""
        if a == 0:
            return self.null_target[j - 1]
        if b == 0:
            return self.priors.null
        if self.quick and a + b > 3:
            return NEG
        p = self.priors
        score = self.shape_prior[(a, b)]
        score += self.length_score(a, b, i, j)
        score += p.anchor_weight * self.anchor_score(a, b, i, j)
        score += p.end_weight * self.ends[self.src_end[i - 1]][self.tgt_end[j - 1]]
        if self.notes[j] != self.notes[j - b]:
            score += p.note_linked
        return score

    # -- the same, fast ---------------------------------------------------------------------

    def cells(self, i: int, lo: int, hi: int) -> list[tuple[float, ...]]:
        """Scores of the moves ending at (i, j) for j in lo..hi, in MOVES order; NEG where a
        move does not fit. Same numbers as `link`, computed with the per-row values hoisted."""
        model = self._model_at(i)
        r, s2, tau2, nu = model.ratio, model.s2, model.tau2, model.nu
        half_nu1 = -0.5 * (nu + 1.0)
        log1p = math.log1p

        def ll(ls: float, lt: float) -> float:
            d = lt - r * ls
            mean = 0.5 * (r * ls + lt) + 1.0
            return half_nu1 * log1p(d * d / ((s2 * mean + tau2 * mean * mean) * nu))

        p = self.priors
        aw, ew = p.anchor_weight, p.end_weight
        null_s = p.null
        pr_merge, pr_22, pr_3 = p.merge, p.merge_2_2, p.merge_3
        note_linked = p.note_linked
        no_boundary = p.no_boundary
        no_boundary_punct = p.no_boundary_punct
        cuts = not self.quick
        gain_of = self.gain.__getitem__  # sum(map(gain_of, shared)): faster than a listcomp
        ends = self.ends
        tgt_len, tgt_lengths = self.tgt_len, self.tgt_lengths
        tgt_bounds, tgt_bound_ends, tgt_end = self.tgt_bounds, self.tgt_bound_ends, self.tgt_end
        notes = self.notes
        null_t = self.null_target
        t1, t2, t3 = self.tgt_sets[1], self.tgt_sets[2], self.tgt_sets[3]
        u1, u2, u3 = self.tgt_pen[1], self.tgt_pen[2], self.tgt_pen[3]
        # everything about the source side of links ending at row i
        S, U, src_len = self.src_sets, self.src_pen, self.src_len
        s1 = S[1][i] if i >= 1 else frozenset()
        s2_ = S[2][i] if i >= 2 else frozenset()
        s3 = S[3][i] if i >= 3 else frozenset()
        v1 = U[1][i] if i >= 1 else 0.0
        v2 = U[2][i] if i >= 2 else 0.0
        v3 = U[3][i] if i >= 3 else 0.0
        ls1 = src_len[i] - src_len[i - 1] if i >= 1 else 0
        ls2 = src_len[i] - src_len[i - 2] if i >= 2 else 0
        ls3 = src_len[i] - src_len[i - 3] if i >= 3 else 0
        # ll(ls, lt) written out below for the links every cell scores (a function call per
        # term was a tenth of the aligner): r * ls per row, the same arithmetic as ll
        rls1, rls2, rls3 = r * ls1, r * ls2, r * ls3
        first_len = self.src_lengths[i - 2] if i >= 2 else 0  # first of two merged sources
        end_row = ends[self.src_end[i - 1]] if i >= 1 else ends[0]  # by the group's last end
        first_end_row = ends[self.src_end[i - 2]] if i >= 2 else ends[0]
        s_bounds = self.src_bounds[i - 1] if i >= 1 else ()
        s_bound_ends = self.src_bound_ends[i - 1] if i >= 1 else ()

        out: list[tuple[float, ...]] = []
        for j in range(lo, hi + 1):
            m11 = m21 = m12 = m22 = m31 = m13 = NEG
            m10 = null_s if i >= 1 else NEG
            m01 = null_t[j - 1] if j >= 1 else NEG
            if i >= 1 and j >= 1:
                lt1 = tgt_len[j] - tgt_len[j - 1]
                e_last = ew * end_row[tgt_end[j - 1]]
                note1 = notes[j] != notes[j - 1]
                tj = t1[j]
                sh = s1 & tj
                d = lt1 - rls1
                mu = 0.5 * (rls1 + lt1) + 1.0
                m11 = (
                    half_nu1 * log1p(d * d / ((s2 * mu + tau2 * mu * mu) * nu))
                    + e_last
                    + aw * (v1 + u1[j] + (sum(map(gain_of, sh)) if sh else 0.0))
                )
                if note1:
                    m11 += note_linked
                if i >= 2:  # 2-1: the target paragraph cut where the first source ends
                    d = lt1 - rls2
                    mu = 0.5 * (rls2 + lt1) + 1.0
                    whole = half_nu1 * log1p(d * d / ((s2 * mu + tau2 * mu * mu) * nu))
                    if cuts and whole >= _HOPELESS_LENGTH:
                        best = whole + (
                            no_boundary if self.src_end[i - 2] == END_NONE else no_boundary_punct
                        )
                        bounds = tgt_bounds[j - 1]
                        if bounds:
                            expected = lt1 * first_len / (ls2 or 1)
                            pos = bisect_left(bounds, expected)
                            k = -1
                            for x in (pos - 1, pos):
                                if 0 <= x < len(bounds) and bounds[x] > 0:
                                    if k < 0 or abs(bounds[x] - expected) < abs(
                                        bounds[k] - expected
                                    ):
                                        k = x
                            if k >= 0:
                                cut = bounds[k]
                                c = (
                                    ll(first_len, cut)
                                    + ll(ls1, lt1 - cut)
                                    + ew * first_end_row[tgt_bound_ends[j - 1][k]]
                                )
                                if c > best:
                                    best = c
                        whole = best
                    sh = s2_ & tj
                    m21 = (
                        pr_merge
                        + whole
                        + e_last
                        + aw * (v2 + u1[j] + (sum(map(gain_of, sh)) if sh else 0.0))
                    )
                    if note1:
                        m21 += note_linked
                if j >= 2:  # 1-2: the source paragraph cut where the first target ends
                    first_t = tgt_lengths[j - 2]
                    lt2 = lt1 + first_t
                    d = lt2 - rls1
                    mu = 0.5 * (rls1 + lt2) + 1.0
                    whole = half_nu1 * log1p(d * d / ((s2 * mu + tau2 * mu * mu) * nu))
                    if cuts and whole >= _HOPELESS_LENGTH:
                        best = whole + (
                            no_boundary if tgt_end[j - 2] == END_NONE else no_boundary_punct
                        )
                        if s_bounds:
                            expected = ls1 * first_t / (lt2 or 1)
                            pos = bisect_left(s_bounds, expected)
                            k = -1
                            for x in (pos - 1, pos):
                                if 0 <= x < len(s_bounds) and s_bounds[x] > 0:
                                    if k < 0 or abs(s_bounds[x] - expected) < abs(
                                        s_bounds[k] - expected
                                    ):
                                        k = x
                            if k >= 0:
                                cut = s_bounds[k]
                                c = (
                                    ll(cut, first_t)
                                    + ll(ls1 - cut, lt1)
                                    + ew * ends[s_bound_ends[k]][tgt_end[j - 2]]
                                )
                                if c > best:
                                    best = c
                        whole = best
                    note2 = notes[j] != notes[j - 2]
                    tj2 = t2[j]
                    sh = s1 & tj2
                    m12 = (
                        pr_merge
                        + whole
                        + e_last
                        + aw * (v1 + u2[j] + (sum(map(gain_of, sh)) if sh else 0.0))
                    )
                    if note2:
                        m12 += note_linked
                    if i >= 2 and cuts:  # 2-2
                        sh = s2_ & tj2
                        d = lt2 - rls2
                        mu = 0.5 * (rls2 + lt2) + 1.0
                        m22 = (
                            pr_22
                            + half_nu1 * log1p(d * d / ((s2 * mu + tau2 * mu * mu) * nu))
                            + e_last
                            + aw * (v2 + u2[j] + (sum(map(gain_of, sh)) if sh else 0.0))
                        )
                        if note2:
                            m22 += note_linked
                if i >= 3 and cuts:  # 3-1
                    d = lt1 - rls3
                    mu = 0.5 * (rls3 + lt1) + 1.0
                    whole = half_nu1 * log1p(d * d / ((s2 * mu + tau2 * mu * mu) * nu))
                    if cuts and whole >= _HOPELESS_LENGTH_3:
                        whole = self.length_score(3, 1, i, j)
                    sh = s3 & tj
                    m31 = (
                        pr_3
                        + whole
                        + e_last
                        + aw * (v3 + u1[j] + (sum(map(gain_of, sh)) if sh else 0.0))
                    )
                    if note1:
                        m31 += note_linked
                if j >= 3 and cuts:  # 1-3
                    lt3 = tgt_len[j] - tgt_len[j - 3]
                    d = lt3 - rls1
                    mu = 0.5 * (rls1 + lt3) + 1.0
                    whole = half_nu1 * log1p(d * d / ((s2 * mu + tau2 * mu * mu) * nu))
                    if cuts and whole >= _HOPELESS_LENGTH_3:
                        whole = self.length_score(1, 3, i, j)
                    sh = s1 & t3[j]
                    m13 = (
                        pr_3
                        + whole
                        + e_last
                        + aw * (v1 + u3[j] + (sum(map(gain_of, sh)) if sh else 0.0))
                    )
                    if notes[j] != notes[j - 3]:
                        m13 += note_linked
            out.append((m11, m10, m01, m21, m12, m22, m31, m13))
        return out
