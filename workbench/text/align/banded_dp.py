"""Dynamic programming over a band of the (source x target) grid, widened where it is too tight.

States are (i, j): the first i source and j target paragraphs are aligned. Row i of the band
holds the states (i, lo[i]) .. (i, hi[i]); cost and memory are the band's area, which stays
near-linear in the document length when the band follows a good guide (see anchors.py).

A band can be wrong: a large omission the guide did not foresee pushes the best path against
its edge. `align_in_band` then widens the band around the path where it touched the edge and
runs again, a few times at most; in the common case a single run suffices.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .scoring import MOVES
from .scoring import NEG as _NEG

_MAX_ROUNDS = 5
_EDGE_MARGIN = 1  # a path this close to a band edge that is not the grid edge "touches" it


@dataclass(slots=True)
class Band:
    lo: list[int]  # per row i in 0..n: first allowed column
    hi: list[int]  # per row i: last allowed column (inclusive)

    @property
    def area(self) -> int:
        return sum(last - first + 1 for first, last in zip(self.lo, self.hi, strict=True))


def make_band(lo: list[float], hi: list[float], m: int) -> Band:
    """Clip to the grid and make the band monotone and connected, so every row is reachable
    from the previous one and the path can always end at (n, m)."""
    n = len(lo) - 1
    los = [min(max(int(x), 0), m) for x in lo]
    his = [min(max(int(x + 0.999999), 0), m) for x in hi]
    los[0] = 0
    his[n] = m
    for i in range(n - 1, -1, -1):  # lo non-decreasing: lower earlier rows, never raise
        if los[i] > los[i + 1]:
            los[i] = los[i + 1]
    for i in range(1, n + 1):  # hi non-decreasing: raise later rows
        if his[i] < his[i - 1]:
            his[i] = his[i - 1]
    for i in range(n + 1):
        if his[i] < los[i]:
            his[i] = los[i]
        if i and los[i] > his[i - 1] + 1:  # reachable by a 1-1 move from the row above
            los[i] = his[i - 1] + 1
    return Band(los, his)


def band_around_path(path: list[tuple[int, int]], n: int, m: int, width: list[int]) -> Band:
    """A band of the given half-width per row around a path of states (i, j)."""
    first = [m] * (n + 1)
    last = [0] * (n + 1)
    for i, j in path:
        if j < first[i]:
            first[i] = j
        if j > last[i]:
            last[i] = j
    return make_band(
        [first[i] - width[i] for i in range(n + 1)],
        [last[i] + width[i] for i in range(n + 1)],
        m,
    )


Cells = Callable[[int, int, int], list[tuple[float, ...]]]


@dataclass(slots=True)
class Result:
    links: list[tuple[int, int, int, int]]  # (a, b, i, j): a link of a x b ending at (i, j)
    band: Band
    move_scores: list[list[tuple[float, ...]]] | None  # per row, per column; when kept


def run_dp(n: int, m: int, band: Band, cells: Cells, *, keep_scores: bool = False) -> Result:
    """Best path through the band; its links as (a, b, i, j) in document order.

    cells(i, lo, hi) gives the score of every move (in MOVES order) ending at (i, j) for j in
    lo..hi; see LinkScorer.cells. keep_scores keeps them for `posteriors`.
    """
    if MOVES != ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)):
        raise RuntimeError("run_dp's loop is written out for the MOVES of scoring.py")
    lo, hi = band.lo, band.hi
    kept: list[list[tuple[float, ...]]] | None = [] if keep_scores else None
    scores: list[list[float]] = []
    backs: list[bytearray] = []
    neg = _NEG
    empty: list[float] = []
    for i in range(n + 1):
        lo_i, hi_i = lo[i], hi[i]
        row = [neg] * (hi_i - lo_i + 1)
        back = bytearray(hi_i - lo_i + 1)
        # the rows this one can be reached from (a = 1, 2, 3 source paragraphs back), with
        # their first and last column; an empty range where there is no such row
        r1, f1, l1 = (scores[i - 1], lo[i - 1], hi[i - 1]) if i >= 1 else (empty, 0, -1)
        r2, f2, l2 = (scores[i - 2], lo[i - 2], hi[i - 2]) if i >= 2 else (empty, 0, -1)
        r3, f3, l3 = (scores[i - 3], lo[i - 3], hi[i - 3]) if i >= 3 else (empty, 0, -1)
        move_scores = cells(i, lo_i, hi_i)
        if kept is not None:
            kept.append(move_scores)
        # Written out move by move in MOVES order (the hottest loop of the aligner). A move's
        # score or its previous state may be -inf; their sum is then -inf and never wins, so
        # only the column ranges need checking. Ties keep the earlier move, as before.
        for j in range(lo_i, hi_i + 1):
            v11, v10, v01, v21, v12, v22, v31, v13 = move_scores[j - lo_i]
            best = 0.0 if i == 0 and j == 0 else neg
            move = 0
            if f1 <= j - 1 <= l1:
                value = v11 + r1[j - 1 - f1]
                if value > best:
                    best, move = value, 0
            if f1 <= j <= l1:
                value = v10 + r1[j - f1]
                if value > best:
                    best, move = value, 1
            if j - 1 >= lo_i:
                value = v01 + row[j - 1 - lo_i]
                if value > best:
                    best, move = value, 2
            if f2 <= j - 1 <= l2:
                value = v21 + r2[j - 1 - f2]
                if value > best:
                    best, move = value, 3
            if f1 <= j - 2 <= l1:
                value = v12 + r1[j - 2 - f1]
                if value > best:
                    best, move = value, 4
            if f2 <= j - 2 <= l2:
                value = v22 + r2[j - 2 - f2]
                if value > best:
                    best, move = value, 5
            if f3 <= j - 1 <= l3:
                value = v31 + r3[j - 1 - f3]
                if value > best:
                    best, move = value, 6
            if f1 <= j - 3 <= l1:
                value = v13 + r1[j - 3 - f1]
                if value > best:
                    best, move = value, 7
            row[j - lo_i] = best
            back[j - lo_i] = move
        scores.append(row)
        backs.append(back)

    if scores[n][m - lo[n]] == _NEG:  # cannot happen with make_band, kept as a guard
        raise RuntimeError("band does not connect the start and the end")
    links: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = MOVES[backs[i][j - lo[i]]]
        links.append((a, b, i, j))
        i, j = i - a, j - b
    links.reverse()
    return Result(links, band, kept)


@dataclass(frozen=True, slots=True)
class Gaps:
    """Scores of leaving source paragraphs out in runs (an excerpt keeps whole sections).

    The source side of a path is read as a two-state chain: after a link ("in a run") the
    next source paragraph is left out with probability p_open, after an omission ("in a gap")
    with p_extend. Relative to a link after a link (score 0, as in run_dp) that is `open` for
    an omission after a link, `extend` for one after an omission, and `close` added to a link
    after an omission. An excerpt of a few runs has a small p_open and a large p_extend: an
    omission inside a run costs `open + close`, far more than a merge, while the long gaps
    between runs cost no more than before. Scattered single paragraphs have p_open close to
    p_extend, and `close` close to 0: the same as run_dp with the null cost.
    """

    open: float
    extend: float
    close: float


def run_dp_gaps(n: int, m: int, band: Band, cells: Cells, gaps: Gaps) -> Result:
    """run_dp with the source omissions scored as runs (see Gaps): two scores per state, the
    best path ending with a link (or a target paragraph after one) and the best ending with a
    source paragraph left out (or a target paragraph after one). The 1-0 move's own score is
    replaced by gaps.open or gaps.extend. Only excerpts use it (they are short): plain
    Python, no writing out."""
    lo, hi = band.lo, band.hi
    open_, extend, close = gaps.open, gaps.extend, gaps.close
    neg = _NEG
    # link moves (with a target side and a source side): index into MOVES and the shape
    link_moves = [(k, a, b) for k, (a, b) in enumerate(MOVES) if a and b]
    ins = MOVES.index((0, 1))
    in_run: list[list[float]] = []  # best score of a path whose last source move is a link
    in_gap: list[list[float]] = []  # ... is an omission
    back_run: list[list[int]] = []  # 2 * move + (1 if it came from in_gap)
    back_gap: list[bytearray] = []  # 0: opened from in_run, 1: extended, 2: 0-1 inside a gap
    for i in range(n + 1):
        lo_i, hi_i = lo[i], hi[i]
        width = hi_i - lo_i + 1
        run_row = [neg] * width
        gap_row = [neg] * width
        run_back = [0] * width
        gap_back = bytearray(width)
        move_scores = cells(i, lo_i, hi_i)
        for j in range(lo_i, hi_i + 1):
            if i == 0 and j == 0:
                # the start is a gap: leading omissions open none, and every path pays one
                # close for its first link (were the start in a run too, a merge of the first
                # two paragraphs would save that close and win too often)
                gap_row[0] = 0.0
                continue
            v = move_scores[j - lo_i]
            best, code = neg, 0
            for k, a, b in link_moves:
                pi, pj = i - a, j - b
                if pi < 0 or pj < lo[pi] or pj > hi[pi] or v[k] == neg:
                    continue
                x = in_run[pi][pj - lo[pi]] + v[k]
                if x > best:
                    best, code = x, 2 * k
                x = in_gap[pi][pj - lo[pi]] + v[k] + close
                if x > best:
                    best, code = x, 2 * k + 1
            if j - 1 >= lo_i:
                x = run_row[j - 1 - lo_i] + v[ins]
                if x > best:
                    best, code = x, 2 * ins
            run_row[j - lo_i], run_back[j - lo_i] = best, code
            best, g = neg, 0
            if i >= 1 and lo[i - 1] <= j <= hi[i - 1]:
                best = in_run[i - 1][j - lo[i - 1]] + open_
                x = in_gap[i - 1][j - lo[i - 1]] + extend
                if x > best:
                    best, g = x, 1
            if j - 1 >= lo_i:
                x = gap_row[j - 1 - lo_i] + v[ins]
                if x > best:
                    best, g = x, 2
            gap_row[j - lo_i], gap_back[j - lo_i] = best, g
        in_run.append(run_row)
        in_gap.append(gap_row)
        back_run.append(run_back)
        back_gap.append(gap_back)

    end = m - lo[n]
    if max(in_run[n][end], in_gap[n][end]) == neg:  # cannot happen with make_band
        raise RuntimeError("band does not connect the start and the end")
    links: list[tuple[int, int, int, int]] = []
    i, j = n, m
    gap = in_gap[n][end] > in_run[n][end]
    while i > 0 or j > 0:
        if gap:
            g = back_gap[i][j - lo[i]]
            a, b = (0, 1) if g == 2 else (1, 0)
            gap = g != 0
        else:
            code = back_run[i][j - lo[i]]
            a, b = MOVES[code // 2]
            gap = bool(code & 1)
        links.append((a, b, i, j))
        i, j = i - a, j - b
    links.reverse()
    return Result(links, band, None)


def gaps_of_path(
    links: list[tuple[int, int, int, int]], p_prior: float, strength: float, cheapest: float
) -> Gaps:
    """Gaps learned from a path: how often a source paragraph is left out after a link and
    after an omission, with `strength` pseudo-counts of `p_prior` each (the omission rate the
    coverage gives); an omission never scores above `cheapest` and a link after one never
    above a link after a link (neither is ever a reward)."""
    opened = after_link = extended = after_gap = 0
    gap = True  # the start, as in run_dp_gaps: leading omissions open nothing
    for a, b, _i, _j in links:
        if not a:
            continue  # a target paragraph alone changes nothing
        omitted = not b
        if gap:
            after_gap += 1
            extended += omitted
        else:
            after_link += 1
            opened += omitted
        gap = omitted
    p_open = (opened + strength * p_prior) / (after_link + strength)
    p_extend = (extended + strength * p_prior) / (after_gap + strength)
    p_open = min(max(p_open, 0.01), 0.99)
    p_extend = min(max(p_extend, 0.01), 0.99)
    keep = math.log(1.0 - p_open)
    return Gaps(
        open=min(math.log(p_open) - keep, cheapest),
        extend=min(math.log(p_extend) - keep, cheapest),
        close=min(math.log(1.0 - p_extend) - keep, 0.0),
    )


def _logsumexp(terms: list[float]) -> float:
    top = max(terms, default=_NEG)
    if top == _NEG:
        return _NEG
    return top + math.log(sum([math.exp(t - top) for t in terms]))


def posteriors_gaps(
    n: int, m: int, result: Result, gaps: Gaps, temperature: float = 1.0
) -> list[float]:
    """`posteriors` under the model of run_dp_gaps: forward-backward over the two states of
    every cell (in a run, in a gap). A link's probability sums over the state it comes from."""
    band, rows = result.band, result.move_scores
    if rows is None:
        raise ValueError("align_in_band(..., keep_scores=True) keeps the scores needed here")
    lo, hi = band.lo, band.hi
    inv = 1.0 / temperature
    open_, extend, close = gaps.open * inv, gaps.extend * inv, gaps.close * inv
    neg = _NEG
    link_moves = [(k, a, b) for k, (a, b) in enumerate(MOVES) if a and b]
    ins = MOVES.index((0, 1))

    def inside(i: int, j: int) -> bool:
        return 0 <= i <= n and lo[i] <= j <= hi[i]

    def score(i: int, j: int, k: int) -> float:
        v = rows[i][j - lo[i]][k]
        return v * inv if v > neg else neg

    f_run: list[list[float]] = []
    f_gap: list[list[float]] = []
    for i in range(n + 1):
        run_row = [neg] * (hi[i] - lo[i] + 1)
        gap_row = [neg] * (hi[i] - lo[i] + 1)
        f_run.append(run_row)
        f_gap.append(gap_row)
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                gap_row[0] = 0.0
                continue
            terms = []
            for k, a, b in link_moves:
                if inside(i - a, j - b) and (v := score(i, j, k)) > neg:
                    terms.append(f_run[i - a][j - b - lo[i - a]] + v)
                    terms.append(f_gap[i - a][j - b - lo[i - a]] + v + close)
            gap_terms = []
            if j - 1 >= lo[i] and (v := score(i, j, ins)) > neg:
                terms.append(run_row[j - 1 - lo[i]] + v)
                gap_terms.append(gap_row[j - 1 - lo[i]] + v)
            if inside(i - 1, j):
                gap_terms.append(f_run[i - 1][j - lo[i - 1]] + open_)
                gap_terms.append(f_gap[i - 1][j - lo[i - 1]] + extend)
            run_row[j - lo[i]] = _logsumexp(terms)
            gap_row[j - lo[i]] = _logsumexp(gap_terms)

    b_run: list[list[float]] = [[] for _ in range(n + 1)]
    b_gap: list[list[float]] = [[] for _ in range(n + 1)]
    for i in range(n, -1, -1):
        run_row = b_run[i] = [neg] * (hi[i] - lo[i] + 1)
        gap_row = b_gap[i] = [neg] * (hi[i] - lo[i] + 1)
        for j in range(hi[i], lo[i] - 1, -1):
            if i == n and j == m:
                run_row[j - lo[i]] = gap_row[j - lo[i]] = 0.0
                continue
            terms = []
            gap_terms = []
            for k, a, b in link_moves:
                if inside(i + a, j + b) and (v := score(i + a, j + b, k)) > neg:
                    after = b_run[i + a][j + b - lo[i + a]]
                    terms.append(v + after)
                    gap_terms.append(v + close + after)
            if j + 1 <= hi[i] and (v := score(i, j + 1, ins)) > neg:
                terms.append(v + run_row[j + 1 - lo[i]])
                gap_terms.append(v + gap_row[j + 1 - lo[i]])
            if inside(i + 1, j):
                terms.append(open_ + b_gap[i + 1][j - lo[i + 1]])
                gap_terms.append(extend + b_gap[i + 1][j - lo[i + 1]])
            run_row[j - lo[i]] = _logsumexp(terms)
            gap_row[j - lo[i]] = _logsumexp(gap_terms)

    total = _logsumexp([f_run[n][m - lo[n]], f_gap[n][m - lo[n]]])
    out = []
    for a, b, i, j in result.links:
        pi, pj = i - a, j - b
        before_run, before_gap = f_run[pi][pj - lo[pi]], f_gap[pi][pj - lo[pi]]
        if (a, b) == (1, 0):
            after = b_gap[i][j - lo[i]]
            terms = [before_run + open_ + after, before_gap + extend + after]
        elif a == 0:  # 0-1 keeps the state
            v = score(i, j, ins)
            terms = [before_run + v + b_run[i][j - lo[i]], before_gap + v + b_gap[i][j - lo[i]]]
        else:
            v = score(i, j, MOVES.index((a, b)))
            after = b_run[i][j - lo[i]]
            terms = [before_run + v + after, before_gap + v + close + after]
        log_p = _logsumexp(terms) - total
        out.append(min(1.0, math.exp(min(log_p, 0.0))))
    return out


def posteriors(n: int, m: int, result: Result, temperature: float = 1.0) -> list[float]:
    """Probability of each link of the best path among all paths through the band, by the
    forward-backward algorithm over the same scores (read as log-probabilities / temperature).

    A link is uncertain when other paths through the band score nearly as well: a merge that
    could as well go with the other neighbour, an omission that could be another paragraph.
    """
    band, rows = result.band, result.move_scores
    if rows is None:
        raise ValueError("run_dp(..., keep_scores=True) keeps the scores posteriors need")
    lo, hi = band.lo, band.hi
    inv = 1.0 / temperature
    exp, log = math.exp, math.log
    neg = _NEG
    empty: list[float] = []

    def logsumexp(terms: list[float]) -> float:
        if not terms:
            return neg
        top = max(terms)
        return top + log(sum([exp(t - top) for t in terms]))

    # Written out move by move, in MOVES order, like run_dp (a term is kept only where both
    # the move and the state it comes from are possible).
    forward: list[list[float]] = []
    for i in range(n + 1):
        lo_i, hi_i = lo[i], hi[i]
        row = [neg] * (hi_i - lo_i + 1)
        scores_i = rows[i]
        r1, f1, l1 = (forward[i - 1], lo[i - 1], hi[i - 1]) if i >= 1 else (empty, 0, -1)
        r2, f2, l2 = (forward[i - 2], lo[i - 2], hi[i - 2]) if i >= 2 else (empty, 0, -1)
        r3, f3, l3 = (forward[i - 3], lo[i - 3], hi[i - 3]) if i >= 3 else (empty, 0, -1)
        for j in range(lo_i, hi_i + 1):
            v11, v10, v01, v21, v12, v22, v31, v13 = scores_i[j - lo_i]
            terms = [0.0] if i == 0 and j == 0 else []
            if f1 <= j - 1 <= l1:
                t = r1[j - 1 - f1] + v11 * inv
                if t > neg:
                    terms.append(t)
            if f1 <= j <= l1:
                t = r1[j - f1] + v10 * inv
                if t > neg:
                    terms.append(t)
            if j - 1 >= lo_i:
                t = row[j - 1 - lo_i] + v01 * inv
                if t > neg:
                    terms.append(t)
            if f2 <= j - 1 <= l2:
                t = r2[j - 1 - f2] + v21 * inv
                if t > neg:
                    terms.append(t)
            if f1 <= j - 2 <= l1:
                t = r1[j - 2 - f1] + v12 * inv
                if t > neg:
                    terms.append(t)
            if f2 <= j - 2 <= l2:
                t = r2[j - 2 - f2] + v22 * inv
                if t > neg:
                    terms.append(t)
            if f3 <= j - 1 <= l3:
                t = r3[j - 1 - f3] + v31 * inv
                if t > neg:
                    terms.append(t)
            if f1 <= j - 3 <= l1:
                t = r1[j - 3 - f1] + v13 * inv
                if t > neg:
                    terms.append(t)
            if terms:
                row[j - lo_i] = terms[0] if len(terms) == 1 else logsumexp(terms)
        forward.append(row)

    backward: list[list[float]] = [empty] * (n + 1)
    for i in range(n, -1, -1):
        lo_i, hi_i = lo[i], hi[i]
        row = [neg] * (hi_i - lo_i + 1)
        backward[i] = row
        # the rows a move can lead to (a = 1, 2, 3 source paragraphs on), their scores and
        # backward values
        n1 = (rows[i + 1], backward[i + 1], lo[i + 1], hi[i + 1]) if i + 1 <= n else None
        n2 = (rows[i + 2], backward[i + 2], lo[i + 2], hi[i + 2]) if i + 2 <= n else None
        n3 = (rows[i + 3], backward[i + 3], lo[i + 3], hi[i + 3]) if i + 3 <= n else None
        same = rows[i]
        for j in range(hi_i, lo_i - 1, -1):
            terms = [0.0] if i == n and j == m else []
            if j + 1 <= hi_i:  # 0-1
                t = row[j + 1 - lo_i] + same[j + 1 - lo_i][2] * inv
                if t > neg:
                    terms.append(t)
            if n1 is not None:
                s1, b1, g1, h1 = n1
                for b, k in ((1, 0), (0, 1), (2, 4), (3, 7)):  # 1-1, 1-0, 1-2, 1-3
                    nj = j + b
                    if g1 <= nj <= h1:
                        t = b1[nj - g1] + s1[nj - g1][k] * inv
                        if t > neg:
                            terms.append(t)
            if n2 is not None:
                s2, b2, g2, h2 = n2
                for b, k in ((1, 3), (2, 5)):  # 2-1, 2-2
                    nj = j + b
                    if g2 <= nj <= h2:
                        t = b2[nj - g2] + s2[nj - g2][k] * inv
                        if t > neg:
                            terms.append(t)
            if n3 is not None:
                s3, b3, g3, h3 = n3
                nj = j + 1  # 3-1
                if g3 <= nj <= h3:
                    t = b3[nj - g3] + s3[nj - g3][6] * inv
                    if t > neg:
                        terms.append(t)
            if terms:
                row[j - lo_i] = terms[0] if len(terms) == 1 else logsumexp(terms)

    total = forward[n][m - lo[n]]
    out = []
    for a, b, i, j in result.links:
        k = MOVES.index((a, b))
        pi, pj = i - a, j - b
        log_p = (
            forward[pi][pj - lo[pi]] + rows[i][j - lo[i]][k] * inv + backward[i][j - lo[i]] - total
        )
        out.append(min(1.0, exp(min(log_p, 0.0))))
    return out


def path_states(links: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    states = [(0, 0)]
    for a, b, i, j in links:
        # the intermediate states of a merge, so the band keeps room around them too
        for step in range(1, max(a, b)):
            states.append((i - a + min(step, a), j - b + min(step, b)))
        states.append((i, j))
    return states


class _RowMemo:
    """The scores of the cells already computed, per row, for the runs after a widening: the
    band only grows, and a row's cells do not depend on the band."""

    def __init__(self, cells: Cells) -> None:
        self.cells = cells
        self.rows: dict[int, tuple[int, int, list[tuple[float, ...]]]] = {}

    def __call__(self, i: int, lo: int, hi: int) -> list[tuple[float, ...]]:
        known = self.rows.get(i)
        if known is None:
            out = self.cells(i, lo, hi)
        else:
            k_lo, k_hi, values = known
            if k_lo <= lo and hi <= k_hi:
                return values[lo - k_lo : hi - k_lo + 1]
            if lo > k_lo or hi < k_hi:  # not a widening (never happens): no reuse
                return self.cells(i, lo, hi)
            # the band grew around the known range: compute the two ends, keep the middle
            before = self.cells(i, lo, k_lo - 1) if lo < k_lo else []
            after = self.cells(i, k_hi + 1, hi) if hi > k_hi else []
            out = before + values + after
        self.rows[i] = (lo, hi, out)
        return out


def align_in_band(
    n: int,
    m: int,
    band: Band,
    cells: Cells,
    base_width: int,
    *,
    keep_scores: bool = False,
    gaps: Gaps | None = None,
) -> Result:
    """run_dp (run_dp_gaps with `gaps`), widening the band where the best path presses
    against its edge."""
    width = [base_width] * (n + 1)
    cells = _RowMemo(cells)  # a widened run recomputes only the cells it adds

    def run(band: Band) -> Result:
        if gaps is None:
            return run_dp(n, m, band, cells, keep_scores=keep_scores)
        result = run_dp_gaps(n, m, band, cells, gaps)
        if keep_scores:  # the posteriors' scores: the cells of the band, as run_dp keeps them
            result.move_scores = [cells(i, band.lo[i], band.hi[i]) for i in range(n + 1)]
        return result

    result = run(band)
    for _ in range(_MAX_ROUNDS):
        states = path_states(result.links)
        touched = [
            i
            for i, j in states
            if (j - band.lo[i] < _EDGE_MARGIN and band.lo[i] > 0)
            or (band.hi[i] - j < _EDGE_MARGIN and band.hi[i] < m)
        ]
        if not touched:
            break
        # double the width around every touching row, generously on both sides of it
        reach = max(base_width * 4, 20)
        marks = [0] * (n + 2)
        for i in touched:
            marks[max(0, i - reach)] += 1
            marks[min(n + 1, i + reach + 1)] -= 1
        running = 0
        for i in range(n + 1):
            running += marks[i]
            if running:
                width[i] *= 2
        widened = band_around_path(states, n, m, width)
        # never narrower than before: union with the old band
        band = Band(
            [min(a, b) for a, b in zip(band.lo, widened.lo, strict=True)],
            [max(a, b) for a, b in zip(band.hi, widened.hi, strict=True)],
        )
        band = make_band([float(x) for x in band.lo], [float(x) for x in band.hi], m)
        result = run(band)
    return result
