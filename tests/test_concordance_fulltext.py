"""The concordance through the databases' full-text indexes (PostgreSQL tsvector + GIN,
SQLite FTS5 trigram) finds exactly what the plain substring scan finds, newest first.

The reference is the definition of the search: an entry matches when its normalised source
(or translation) contains the normalised phrase. A seeded generator writes a memory whose
words overlap inside words ("communist" / "anticommunist" / "communists"), with punctuation,
Cyrillic, CJK and a text too long for a tsvector; the needles are cut from those texts at
random character offsets (so they often start or end inside a word) or made up."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from workbench.models import Language, MemoryEntry
from workbench.selectors import memory as selectors
from workbench.services import memory_store
from workbench.text import fulltext
from workbench.text import memory as tm
from workbench.text.records import STATUS_TRANSLATED

VOCABULARY = (
    "the of party communist anticommunist communists international internationalism "
    "revolution revolutionary permanent theory workers' state state-capitalism 1917 "
    "октябрь революция партия 共产党 革命 l'art d'état don't x_y 50% a_b ü über"
).split()
PUNCTUATION = [" ", " ", " ", " ", ", ", ". ", " - ", " “", "” ", ": ", "; "]


def _text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append(rng.choice(VOCABULARY))
        out.append(rng.choice(PUNCTUATION))
    return "".join(out).strip()


def _entry(source: str, target: str, en: Language, de: Language) -> MemoryEntry:
    entry = MemoryEntry(
        source_language=en, target_language=de, status=STATUS_TRANSLATED, origin="tmx"
    )
    memory_store.set_source(entry, source)
    memory_store.set_target(entry, target)
    return entry


@pytest.fixture
def memory(db, languages):
    en, de = languages["en"], languages["de"]
    rng = random.Random(1917)
    texts: dict[tuple[str, str], None] = {}
    while len(texts) < 400:
        texts[(_text(rng, rng.randint(1, 14)), _text(rng, rng.randint(1, 14)))] = None
    entries = [_entry(s, t, en, de) for s, t in texts]
    # A word pair longer than a tsvector's lexemes may be: no word index, found all the same.
    entries.append(_entry("the " * 3_000 + "x" * 2_500 + " rare closing phrase", "l", en, de))
    memory_store.create_entries(entries)
    return en, de, rng


def _truth(needle: str, side: str, en: Language, de: Language) -> list[int]:
    rows = MemoryEntry.objects.filter(source_language=en, target_language=de).values_list(
        "pk", "source_norm", "target_norm"
    )
    found = [
        pk
        for pk, source, target in rows
        if (side in ("both", "source") and needle in source)
        or (side in ("both", "target") and needle in target)
    ]
    return sorted(found, reverse=True)


def _needles(rng: random.Random, en: Language, de: Language, count: int) -> list[str]:
    norms = list(
        MemoryEntry.objects.filter(source_language=en, target_language=de)
        .exclude(length__gt=5_000)
        .values_list("source_norm", "target_norm")
    )
    needles = ["rare closing phrase", "the xxx", "xx rare", "munist inter", "no such words"]
    while len(needles) < count:
        text = rng.choice(rng.choice(norms))
        if len(text) < 4:
            continue
        start = rng.randrange(len(text) - 3)
        needles.append(text[start : start + rng.randint(3, 30)])
    return [tm.normalize_plain(n) for n in needles if len(tm.normalize_plain(n)) >= 3]


@pytest.mark.parametrize("side", ["both", "source", "target"])
def test_the_index_finds_exactly_what_the_scan_finds(memory, side):
    en, de, rng = memory
    pair = {"source_language_id": en.pk, "target_language_id": de.pk}
    served = 0
    for needle in _needles(rng, en, de, 150):
        ids = selectors._indexed_matches(needle, pair, side, 0, 10_000)
        if ids is None:  # a one-word phrase on PostgreSQL: the trigram index's job
            assert connection.vendor == "postgresql" and len(tm.words(needle)) < 2
            continue
        served += 1
        assert ids == _truth(needle, side, en, de), needle
    assert served > 60  # most of the needles went through the index


def test_concordance_pages_are_the_same_through_the_index_or_the_scan(memory, monkeypatch):
    en, de, rng = memory
    needles = _needles(rng, en, de, 40)
    monkeypatch.setattr(selectors, "RECENT", 5)  # most pages need the whole memory

    def pages() -> list[list[int]]:
        return [
            [h.entry.pk for h in selectors.concordance(n, en, de, page=p, per_page=7).hits]
            for n in needles
            for p in (1, 2, 3)
        ]

    indexed = pages()
    monkeypatch.setattr(selectors, "_indexed_matches", lambda *args: None)
    assert pages() == indexed
    assert sum(map(len, indexed)) > 100


def test_a_text_too_long_for_a_tsvector_has_no_word_index_and_is_found(memory):
    en, de, _ = memory
    long = MemoryEntry.objects.get(length__gt=5_000)
    if connection.vendor == "postgresql":
        assert MemoryEntry.objects.filter(pk=long.pk, source_words__isnull=True).exists()
        assert MemoryEntry.objects.filter(source_words__isnull=True).count() == 1
    page = selectors.concordance("rare closing phrase", en, de)
    assert [h.entry.pk for h in page.hits] == [long.pk]


def test_the_index_follows_updates_and_deletions(memory):
    en, de, _ = memory
    entry = _entry("A unique motion of censure", "Ein einzigartiger Misstrauensantrag", en, de)
    memory_store.create_entries([entry])
    found = selectors.concordance("motion of censure", en, de)
    assert [h.entry.pk for h in found.hits] == [entry.pk]
    memory_store.set_source(entry, "A unique vote of confidence")
    entry.save()
    assert selectors.concordance("motion of censure", en, de).hits == []
    assert [h.entry.pk for h in selectors.concordance("vote of confidence", en, de).hits] == [
        entry.pk
    ]
    entry.delete()
    assert selectors.concordance("vote of confidence", en, de).hits == []


def test_entries_the_index_missed_are_still_found_and_ensure_fulltext_repairs_it(memory):
    """SQLite: a schema change that rebuilds the table drops its triggers; PostgreSQL: a row
    written without its word index. The search stays right, and ensure_fulltext repairs."""
    en, de, _ = memory
    pair = {"source_language_id": en.pk, "target_language_id": de.pk}
    entry = _entry("Added while the index was broken", "x", en, de)
    if connection.vendor == "sqlite":
        assert selectors.sqlite_fulltext_ready()
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER workbench_memory_fts_insert")
        assert not selectors.sqlite_fulltext_ready()
        memory_store.create_entries([entry])
        assert selectors._indexed_matches("while the index", pair, "both", 0, 5) is None
    else:
        entry.source_words = entry.target_words = None
        memory_store.create_entries([entry])
        assert selectors._indexed_matches("while the index", pair, "both", 0, 5) == [entry.pk]
    assert [h.entry.pk for h in selectors.concordance("while the index", en, de).hits] == [entry.pk]
    assert memory_store.ensure_fulltext()
    assert selectors._indexed_matches("while the index", pair, "both", 0, 5) == [entry.pk]
    if connection.vendor == "postgresql":
        entry.refresh_from_db()
        assert "'the index'" in entry.source_words


def test_phrase_queries_reach_into_words_only_at_the_ends():
    # Two words, both open: a word ending in "munist", then one starting with "i"; and some
    # pair's second word starts with "inter" (not asked for a short word).
    assert fulltext.tsquery_literal("munist inter") == "'^i tsinum':* & '~inter':*"
    assert fulltext.tsquery_literal("munist of") == "'^o tsinum':*"
    # First pair of a longer phrase: a word ending in "of", then the whole word "the".
    assert fulltext.tsquery_literal("munist of.") == "'~of tsinum':*"
    assert fulltext.tsquery_literal(". the party.") == "'the party'"
    assert fulltext.tsquery_literal(". the party") == "'the party':*"
    assert fulltext.tsquery_literal("of the red party") == (
        "'~the fo':* & 'the red' & 'red party':*"
    )
    assert fulltext.tsquery_literal("revolution") is None  # one word: anywhere in a word
    assert fulltext.tsvector_literal("the party of the") == (
        "'^o ytrap' '^p eht' '^t fo' 'of the' 'party of' 'the party' "
        "'~of ytrap' '~party eht' '~the fo'"
    )
    assert fulltext.tsvector_literal("word") == ""  # no pair
    assert fulltext.tsvector_literal("x" * 3_000 + " y") is None  # a pair longer than 2 KB


@pytest.mark.postgres_only
def test_the_migration_gives_older_entries_the_second_word_form(memory):
    """Migration 0019: an index written before the `~` lexemes existed misses phrases of three
    words; rewrite_phrase_index makes every entry's index whole again."""
    en, de, _ = memory
    pair = {"source_language_id": en.pk, "target_language_id": de.pk}
    entry = _entry("The motion of censure was carried", "Der Antrag", en, de)
    memory_store.create_entries([entry])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workbench_memoryentry SET source_words = (SELECT array_to_tsvector("
            "coalesce(array_agg(l), '{}')) FROM unnest(tsvector_to_array(source_words)) l "
            "WHERE l NOT LIKE '~%%') WHERE id = %s",
            [entry.pk],
        )
    assert selectors._indexed_matches("motion of censure", pair, "source", 0, 5) == []
    memory_store.rewrite_phrase_index()
    assert selectors._indexed_matches("motion of censure", pair, "source", 0, 5) == [entry.pk]
    assert selectors._indexed_matches("otion of censure", pair, "source", 0, 5) == [entry.pk]
