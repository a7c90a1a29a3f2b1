"""The excerpt's dynamic programming (banded_dp.run_dp_gaps): source omissions scored as runs."""

from __future__ import annotations

import random

import pytest

from workbench.text.align.banded_dp import (
    Gaps,
    gaps_of_path,
    make_band,
    posteriors,
    posteriors_gaps,
    run_dp,
    run_dp_gaps,
)
from workbench.text.align.scoring import MOVES, NEG


def _random_cells(seed: int, null: float):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    table: dict[tuple[int, int], tuple[float, ...]] = {}

    def cells(i: int, lo: int, hi: int) -> list[tuple[float, ...]]:
        out = []
        for j in range(lo, hi + 1):
            if (i, j) not in table:
                row = []
                for a, b in MOVES:
                    if i < a or j < b:
                        row.append(NEG)
                    elif (a, b) == (1, 0):
                        row.append(null)
                    else:
                        row.append(rng.uniform(-6.0, 3.0))
                table[(i, j)] = tuple(row)
            out.append(table[(i, j)])
        return out

    return cells


def _score(links: list[tuple[int, int, int, int]], cells, gaps: Gaps | None) -> float:  # type: ignore[no-untyped-def]
    total = 0.0
    gap = True
    for a, b, i, j in links:
        k = MOVES.index((a, b))
        if gaps is None:
            total += cells(i, j, j)[0][k]
            continue
        if (a, b) == (1, 0):
            total += gaps.extend if gap else gaps.open
            gap = True
        elif a:
            total += cells(i, j, j)[0][k] + (gaps.close if gap else 0.0)
            gap = False
        else:
            total += cells(i, j, j)[0][k]
    return total


@pytest.mark.parametrize("seed", range(12))
def test_neutral_gaps_give_the_plain_dp(seed: int) -> None:
    """With open = extend = the null cost and no close, the two are the same model (the
    start as a gap changes nothing then)."""
    n, m = 9 + seed % 4, 5 + seed % 3
    band = make_band([0.0] * (n + 1), [float(m)] * (n + 1), m)
    cells = _random_cells(seed, -1.0)
    plain = run_dp(n, m, band, cells).links
    gapped = run_dp_gaps(n, m, band, cells, Gaps(open=-1.0, extend=-1.0, close=0.0)).links
    assert abs(_score(plain, cells, None) - _score(gapped, cells, None)) < 1e-9


@pytest.mark.parametrize("seed", range(12))
def test_gapped_path_is_best_under_its_model(seed: int) -> None:
    n, m = 10, 6
    band = make_band([0.0] * (n + 1), [float(m)] * (n + 1), m)
    cells = _random_cells(seed, -1.0)
    gaps = Gaps(open=-3.0, extend=-1.0, close=-2.5)
    gapped = run_dp_gaps(n, m, band, cells, gaps).links
    plain = run_dp(n, m, band, cells).links
    assert _score(gapped, cells, gaps) >= _score(plain, cells, gaps) - 1e-9
    # every paragraph once, in order
    assert sum(a for a, _b, _i, _j in gapped) == n and sum(b for _a, b, _i, _j in gapped) == m


def test_an_omission_inside_a_run_costs_more_than_between_runs() -> None:
    # two runs of ten links with a gap of ten between them: omissions come in runs
    path = [(1, 1, k + 1, k + 1) for k in range(10)]
    path += [(1, 0, 11 + k, 10) for k in range(10)]
    path += [(1, 1, 21 + k, 11 + k) for k in range(10)]
    gaps = gaps_of_path(path, 0.5, 4.0, -1.0)
    assert gaps.open + gaps.close < -3.0 and gaps.extend == -1.0
    # single omissions, one after every link: a link after an omission is never a reward
    scattered = [(1, 1, 1, 1)]
    for k in range(6):
        scattered += [(1, 0, 2 + 2 * k, 1 + k), (1, 1, 3 + 2 * k, 2 + k)]
    gaps = gaps_of_path(scattered, 0.5, 4.0, -1.0)
    assert gaps.open == -1.0 and gaps.close == 0.0


@pytest.mark.parametrize("seed", range(6))
def test_neutral_gaps_give_the_plain_posteriors(seed: int) -> None:
    n, m = 8 + seed % 3, 5 + seed % 2
    band = make_band([0.0] * (n + 1), [float(m)] * (n + 1), m)
    cells = _random_cells(seed, -1.0)
    result = run_dp(n, m, band, cells, keep_scores=True)
    plain = posteriors(n, m, result)
    gapped = posteriors_gaps(n, m, result, Gaps(open=-1.0, extend=-1.0, close=0.0))
    assert all(abs(x - y) < 1e-9 for x, y in zip(plain, gapped, strict=True))
    # and with real gaps, probabilities still
    real = posteriors_gaps(n, m, result, Gaps(open=-3.0, extend=-1.0, close=-2.0))
    assert all(0.0 <= x <= 1.0 for x in real)
