"""Invariants of the aligner, property-based: whatever the input, every paragraph of both
sides appears exactly once, in document order, with scores in [0, 1]."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.text.align import Alignment, align, from_json_links, validate_links
from workbench.text.align.aligner import _typical_ratio
from workbench.text.align.banded_dp import make_band
from workbench.text.align.evidence import extract
from workbench.text.align.length import initial_model
from workbench.text.align.scoring import MOVES, NEG, LinkScorer, Priors
from workbench.text.align.vocabulary import build_vocabulary
from workbench.text.align.weights import KeepRates, end_agreement, feature_weights

WORDS = [
    "the",
    "state",
    "Trotsky",
    "1927",
    "Kuomintang",
    "<em>class</em>",
    "x_1",
    "--verbose",
    "la",
    "révolution",
    "国民党",
    "の",
    "です。",
    "?",
    ":",
    "«",
    "»",
    "N.d.T. :",
    "[1]",
    '<sup class="fnref">2</sup>',
    "https://example.org/a",
    "Übers.",
    "—",
    "",
    "  ",
]
paragraph = st.lists(st.sampled_from(WORDS), min_size=0, max_size=25).map(" ".join)
paragraphs = st.lists(paragraph, min_size=0, max_size=25)


def assert_valid(alignment: Alignment, n: int, m: int) -> None:
    validate_links(alignment.links, n, m)
    seen_s = [i for link in alignment.links for i in link.source]
    seen_t = [j for link in alignment.links for j in link.target]
    assert seen_s == list(range(n))
    assert seen_t == list(range(m))
    for link in alignment.links:
        assert link.source or link.target
        assert 0.0 <= link.score <= 1.0
    # the JSON form reads back to the same links
    back = from_json_links(alignment.to_json(), n, m)
    assert [(lk.source, lk.target) for lk in back.links] == [
        (lk.source, lk.target) for lk in alignment.links
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs, paragraphs, st.sampled_from(["fr", "ja", "de", "xx"]))
def test_every_paragraph_exactly_once_in_order(
    source: list[str], target: list[str], lang: str
) -> None:
    alignment = align(source, target, source_lang="en", target_lang=lang)
    assert_valid(alignment, len(source), len(target))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(0, 60), st.integers(0, 60))
def test_random_documents_of_sentences(seed: int, n: int, m: int) -> None:
    rng = random.Random(seed)
    pool = ["One sentence here.", "Another, with 42 and Python.", "Heading", "Ask?", "x: y"]

    def doc(k: int) -> list[str]:
        return [" ".join(rng.choices(pool, k=rng.randint(1, 6))) for _ in range(k)]

    source, target = doc(n), doc(m)
    kinds = ["heading" if len(p) < 10 else "paragraph" for p in source]
    alignment = align(source, target, source_lang="en", target_lang="en", source_kinds=kinds)
    assert_valid(alignment, n, m)


def test_empty_sides() -> None:
    assert align([], [], source_lang="en", target_lang="fr").links == []
    only_source = align(["a", "b"], [], source_lang="en", target_lang="fr")
    assert only_source.to_json() == [[[0], []], [[1], []]]
    only_target = align([], ["a"], source_lang="en", target_lang="fr")
    assert only_target.to_json() == [[[], [0]]]
    assert only_target.looks_unrelated


def test_identical_documents_align_one_to_one() -> None:
    doc = [f"Paragraph {k} talks about topic number {k * 7} in some detail." for k in range(40)]
    alignment = align(doc, doc, source_lang="en", target_lang="en")
    assert alignment.to_json() == [[[k], [k]] for k in range(40)]
    assert not alignment.looks_unrelated


@settings(max_examples=25, deadline=None)
@given(paragraphs.filter(len), paragraphs.filter(len), st.booleans())
def test_fast_cell_scores_equal_the_reference_link_scores(
    source: list[str], target: list[str], quick: bool
) -> None:
    """LinkScorer.cells (used by the DP) and LinkScorer.link (the readable definition) must
    give the same number for every move."""
    src = [extract(p) for p in source]
    tgt = [extract(p, look_for_notes=True) for p in target]
    vocab = build_vocabulary(src, tgt)
    weights = feature_weights(vocab, KeepRates.prior())
    ends = end_agreement([e.end for e in src], [e.end for e in tgt])
    model = initial_model([e.length for e in src], [e.length for e in tgt])
    n, m = len(src), len(tgt)
    if not quick:  # with a ratio drifting along the document, as in the second pass
        model = replace(model, local=tuple(0.6 + 0.1 * (i % 9) for i in range(n + 1)))
    # an excerpt's cost of linking a paragraph with numbers the target never has
    # (weights.absent_penalties): part of every link's source side, merges included
    absent = None if quick else [-0.1 * (i % 4) for i in range(n)]
    scorer = LinkScorer(src, tgt, weights, ends, model, Priors(), quick=quick, source_absent=absent)
    for i in range(n + 1):
        row = scorer.cells(i, 0, m)
        for j in range(m + 1):
            for k, (a, b) in enumerate(MOVES):
                fast = row[j][k]
                if i < a or j < b:
                    assert fast == NEG
                    continue
                reference = scorer.link(a, b, i, j)
                if reference == NEG:  # a shape the quick pass does not try
                    assert fast == NEG
                else:
                    assert abs(fast - reference) < 1e-9, (a, b, i, j)


def test_band_is_monotone_and_connected() -> None:
    band = make_band([5, 1, 9, 3, 20, 4], [2, 8, 3, 12, 6, 7], 10)
    for i in range(1, len(band.lo)):
        assert band.lo[i - 1] <= band.lo[i] <= band.hi[i - 1] + 1
        assert band.hi[i - 1] <= band.hi[i]
    assert band.lo[0] == 0 and band.hi[-1] == 10


def test_typical_ratio_knows_regional_codes() -> None:
    assert _typical_ratio("en", "pt-BR") == _typical_ratio("en", "pt")
    assert _typical_ratio("en", "zz") is None
