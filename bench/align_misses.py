#!/usr/bin/env python3
"""Every gold link the aligner misses in a folder of cases, and why (a measuring aid, not a test).

    .venv/bin/python bench/align_misses.py tests/data/align/partial [--texts]

For each missed link (strict: both sides non-empty, as ../shared/tools/score_alignment.py),
prints the links chosen instead and `delta`: the score of the whole path with that one link
put right (the chosen path's links before and after it kept, the gold's links in between),
less the chosen path's score, under the final pass's scores, split by term: shape prior,
length, anchors, end agreement, omissions (an excerpt's runs, banded_dp.Gaps), unmatched
target paragraphs and translator's notes. A negative delta means the model prefers the
wrong path (better evidence is needed, not a better search); a positive one would mean the
search missed a better path. --texts adds the paragraphs' texts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.dont_write_bytecode = True  # keep tests/data/align free of __pycache__

import workbench.text.align.aligner as aligner_module  # noqa: E402
from tests.data.align.generate import read_case  # noqa: E402
from workbench.text.align.scoring import LinkScorer  # noqa: E402

_seen: dict = {}


class _Recorder(LinkScorer):
    """The aligner's scorer, remembered: the last one made is the final pass's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _seen["scorer"] = self


def _recording_band(*args, **kwargs):
    _seen["gaps"] = kwargs.get("gaps")
    return _align_in_band(*args, **kwargs)


_align_in_band = aligner_module.align_in_band
aligner_module.LinkScorer = _Recorder
aligner_module.align_in_band = _recording_band

Move = tuple[int, int, int, int]  # (a, b, i, j): a source and b target paragraphs ending at i, j


def moves(links: list) -> list[Move]:
    """Links covering both sides once, in document order, as DP moves."""
    out: list[Move] = []
    i = j = 0
    rest = [(tuple(s), tuple(t)) for s, t in links]
    while rest:
        for k, (s, t) in enumerate(rest):
            if (not s or s[0] == i) and (not t or t[0] == j):
                i, j = i + len(s), j + len(t)
                out.append((len(s), len(t), i, j))
                del rest[k]
                break
        else:
            raise ValueError("the links do not tile the grid")
    return out


def terms(scorer: LinkScorer, gaps, path: list[Move]) -> dict[str, float]:
    """A path's score by term, as banded_dp.run_dp_gaps (run_dp without gaps) adds it up."""
    out = dict.fromkeys(("shape", "length", "anchor", "end", "omission", "unmatched", "note"), 0.0)
    p = scorer.priors
    in_gap = True  # the start counts as a gap, as in run_dp_gaps
    for a, b, i, j in path:
        if not a:
            out["unmatched"] += scorer.null_target[j - 1]
        elif not b:
            out["omission"] += p.null if gaps is None else (gaps.extend if in_gap else gaps.open)
            in_gap = True
        else:
            if gaps is not None and in_gap:
                out["omission"] += gaps.close
            in_gap = False
            out["shape"] += scorer.shape_prior[(a, b)]
            out["length"] += scorer.length_score(a, b, i, j)
            out["anchor"] += p.anchor_weight * scorer.anchor_score(a, b, i, j)
            out["end"] += p.end_weight * scorer.ends[scorer.src_end[i - 1]][scorer.tgt_end[j - 1]]
            if scorer.notes[j] != scorer.notes[j - b]:
                out["note"] += p.note_linked
    return out


def fixed(chosen: list[Move], gold: list[Move], s: tuple, t: tuple) -> list[Move]:
    """The chosen path with the gold's links between the nearest states both paths pass
    before and after the gold link (s, t)."""
    states = {(i, j) for *_, i, j in chosen} & {(i, j) for *_, i, j in gold} | {(0, 0)}
    lo = max(x for x in states if x[0] <= s[0] and x[1] <= t[0])
    hi = min(x for x in states if x[0] > s[-1] and x[1] > t[-1])
    before = [m for m in chosen if m[2] <= lo[0] and m[3] <= lo[1]]
    middle = [m for m in gold if (m[2], m[3]) > lo and m[2] <= hi[0] and m[3] <= hi[1]]
    middle = [m for m in middle if m[2] > lo[0] or m[3] > lo[1]]
    after = [m for m in chosen if m[2] > hi[0] or m[3] > hi[1]]
    return before + middle + after


def short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--texts", action="store_true")
    args = parser.parse_args()
    total = 0
    for case in sorted(p for p in args.folder.iterdir() if (p / "gold.json").exists()):
        source, target, gold, meta = read_case(case)
        alignment = aligner_module.align(
            source, target, source_lang=meta["source_lang"], target_lang=meta["target_lang"]
        )
        scorer, gaps = _seen["scorer"], _seen["gaps"]
        chosen_links = [(link.source, link.target) for link in alignment.links]
        gold_links = [(tuple(s), tuple(t)) for s, t in gold]
        linked = {(s, t) for s, t in chosen_links if s and t}
        missed = sorted(
            ((s, t) for s, t in gold_links if s and t and (s, t) not in linked),
            key=lambda link: link[1],
        )
        if not missed:
            continue
        chosen, right = moves(chosen_links), moves(gold_links)
        base = terms(scorer, gaps, chosen)
        for s, t in missed:
            diff = terms(scorer, gaps, fixed(chosen, right, s, t))
            diff = {k: v - base[k] for k, v in diff.items()}
            instead = sorted({(x, y) for x, y in chosen_links if set(y) & set(t)})
            total += 1
            print(
                f"{case.name} gold {list(s)}-{list(t)} chosen "
                + " ".join(f"{list(x)}-{list(y)}" for x, y in instead)
                + f" delta={sum(diff.values()):+.2f} "
                + " ".join(f"{k}={v:+.2f}" for k, v in diff.items() if abs(v) >= 0.005)
            )
            if args.texts:
                print("    target:", short(" | ".join(target[j] for j in t)))
                print("    gold:  ", short(" | ".join(source[i] for i in s)))
                for x, _y in instead:
                    print("    chosen:", short(" | ".join(source[i] for i in x)))
    print(f"{total} links missed")


if __name__ == "__main__":
    main()
