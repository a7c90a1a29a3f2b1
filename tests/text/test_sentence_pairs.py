"""Sentence pairs inside paragraph links (text/align/sentence_pairs.py), scored on the
sentence-level cases tests/data/align/sentence_gold.py builds from real translations."""

from __future__ import annotations

from pathlib import Path

from tests.data.align.sentence_gold import sentence_cases
from workbench.text.align.aligner import _typical_ratio
from workbench.text.align.sentence_pairs import (
    MAX_SENTENCES,
    SentencePair,
    align_sentences,
    sentence_pairs,
    split_sentences,
)

from .test_align_accuracy import ALIGN_DEV, OWN_CASES, f1, strict_counts


def _gale_church(source: list[str], target: list[str]) -> list:
    """NLTK's Gale-Church on sentence lengths, grouped into links (the length-only baseline)."""
    from nltk.translate.gale_church import align_blocks

    links: list = []
    cur_s: set[int] = set()
    cur_t: set[int] = set()
    for i, j in align_blocks([len(s) for s in source], [len(t) for t in target]):
        if cur_s and i not in cur_s and j not in cur_t:
            links.append([sorted(cur_s), sorted(cur_t)])
            cur_s, cur_t = set(), set()
        cur_s.add(i)
        cur_t.add(j)
    if cur_s:
        links.append([sorted(cur_s), sorted(cur_t)])
    return links


def test_sentence_level_f1_beats_the_length_baseline() -> None:
    folders = [OWN_CASES] + ([ALIGN_DEV] if ALIGN_DEV.is_dir() else [])
    cases = sentence_cases(folders)
    assert len(cases) >= 30
    ours = [0, 0, 0]
    base = [0, 0, 0]
    for source, target, gold, lang in cases:
        src, tgt = split_sentences(source), split_sentences(target)
        links = align_sentences(src, tgt, _typical_ratio("en", lang) or 1.0)
        predicted = [[list(link.source), list(link.target)] for link in links]
        ours = [a + b for a, b in zip(ours, strict_counts(gold, predicted), strict=True)]
        base = [
            a + b for a, b in zip(base, strict_counts(gold, _gale_church(src, tgt)), strict=True)
        ]
    assert f1(*ours) >= 0.95
    assert f1(*ours) >= f1(*base) + 0.04


def test_pairs_of_a_paragraph() -> None:
    source = (
        "The party was founded in 1938. It had <em>5</em> members, all in New York. "
        "Trotsky wrote the programme."
    )
    target = (
        "Die Partei wurde 1938 gegründet und hatte <em>5</em> Mitglieder, alle in New York. "
        "Trotzki schrieb das Programm."
    )
    assert sentence_pairs(source, target, 1.15) == [
        (
            "The party was founded in 1938. It had <em>5</em> members, all in New York.",
            "Die Partei wurde 1938 gegründet und hatte <em>5</em> Mitglieder, alle in New York.",
        ),
        ("Trotsky wrote the programme.", "Trotzki schrieb das Programm."),
    ]
    # one sentence on both sides: the paragraph's own memory entry says it all
    assert sentence_pairs("One sentence.", "Ein Satz.", 1.15) == []


def test_an_added_sentence_is_left_unpaired() -> None:
    source = ["The file is read at start-up.", "Version 2.4 reads it again on SIGHUP."]
    target = [
        "Die Datei wird beim Start gelesen.",
        "Anm. d. Übers.: Der Begriff wird beibehalten, weil ihn jeder kennt und benutzt.",
        "Version 2.4 liest sie bei SIGHUP erneut.",
    ]
    assert align_sentences(source, target, 1.15) == [
        SentencePair((0,), (0,)),
        SentencePair((), (1,)),
        SentencePair((1,), (2,)),
    ]


def test_sentences_keep_their_markup_balanced() -> None:
    text = "A <em>first</em> sentence. A <strong>second one. Still</strong> inside. Third."
    assert split_sentences(text) == [
        "A <em>first</em> sentence.",
        "A <strong>second one. Still</strong> inside.",
        "Third.",
    ]


def test_overlong_paragraphs_get_no_pairs() -> None:
    many = " ".join(f"Sentence number {k} is here." for k in range(MAX_SENTENCES + 1))
    assert sentence_pairs(many, many, 1.0) == []
    assert align_sentences([], ["Ein Satz."], 1.0) == [SentencePair((), (0,))]


def test_sentence_gold_is_consistent() -> None:
    for source, target, gold, _lang in sentence_cases([Path(OWN_CASES)])[:20]:
        n, m = len(split_sentences(source)), len(split_sentences(target))
        assert sorted(i for s, _ in gold for i in s) == list(range(n))
        assert sorted(j for _, t in gold for j in t) == list(range(m))
