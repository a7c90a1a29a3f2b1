"""The aligner's demo case: fixtures/foundations-socialism-in-one-country.de.md, a German
translation of the sample chapter laid out like a published one (two paragraphs merged, one
split in two, a translator's note added), against its gold links. No database."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.formats.importers import parse_document
from workbench.text.align import align

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SOURCE = FIXTURES / "foundations-socialism-in-one-country.md"
GERMAN = FIXTURES / "foundations-socialism-in-one-country.de.md"
GOLD = FIXTURES / "foundations-socialism-in-one-country.de.gold.json"


def _blocks(path: Path):
    return parse_document(path.read_bytes(), filename=path.name).blocks


def _strict_f1(gold: list, predicted: list) -> float:
    """The measure of ../shared/tools/score_alignment.py: links with both sides, exact."""

    def norm(links):
        return {(tuple(s), tuple(t)) for s, t in links if s and t}

    g, p = norm(gold), norm(predicted)
    if not g or not p:
        return 0.0
    precision, recall = len(g & p) / len(p), len(g & p) / len(g)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def test_the_fixture_is_laid_out_like_a_published_translation():
    gold = json.loads(GOLD.read_text())
    shapes = [f"{len(s)}-{len(t)}" for s, t in gold]
    assert len(_blocks(SOURCE)) == 14 and len(_blocks(GERMAN)) == 15
    assert shapes.count("2-1") == 1 and shapes.count("1-2") == 1 and shapes.count("0-1") == 1
    assert shapes.count("1-1") == 11
    note = _blocks(GERMAN)[gold[shapes.index("0-1")][1][0]]
    assert note.text.startswith("<em>Anmerkung des Übersetzers:</em>")


def test_the_aligner_gets_the_demo_translation_right():
    source, target = _blocks(SOURCE), _blocks(GERMAN)
    alignment = align(
        [b.text for b in source],
        [b.text for b in target],
        source_lang="en",
        target_lang="de",
        source_kinds=[b.kind for b in source],
        target_kinds=[b.kind for b in target],
    )
    gold = json.loads(GOLD.read_text())
    assert _strict_f1(gold, alignment.to_json()) == 1.0
    # the translator's note is left unmatched, not glued to a neighbour
    assert alignment.to_json() == gold
    assert not alignment.quality.looks_unrelated
