"""The TMX import's bulk path (services/memory_store.store_free_pairs) against the
one-entry-at-a-time definition: an import spanning several batches, with repeats inside the
file and across batches, pairs the memory holds already, unknown languages, empty sides and
same-language pairs, stores exactly the entries, keys and word indexes that set_source,
set_target and index_keys define; and its query count grows with the batches, not the pairs.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbench.formats.tmx import TmxPair
from workbench.models import MemoryEntry, MemoryKey
from workbench.permissions import SYSTEM
from workbench.selectors import memory as selectors
from workbench.services import memory_import, memory_store
from workbench.services.memory_import import import_pairs
from workbench.services.memory_store import _ENTRY_COLUMNS
from workbench.text import fulltext
from workbench.text import memory as tm

WORDS = "the party of workers state revolution permanent theory Октябрь 革命 l'art d'état".split()
BATCH = 7


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(memory_store, "STORE_BATCH", BATCH)
    monkeypatch.setattr(memory_import, "READ_BATCH", BATCH)


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.3:
        words.insert(1, "<em>emphasis</em>")
    return " ".join(words) + f" {n}."


def _pairs(rng: random.Random, count: int) -> list[TmxPair]:
    return [TmxPair(_sentence(rng, n), _sentence(rng, n), "en", "de") for n in range(count)]


def _expected(pairs: list[TmxPair], languages) -> list[MemoryEntry]:
    """The definition: each pair as set_source/set_target make it, the first of repeats,
    in file order, without those in unknown languages or with an empty side."""
    from workbench.text import markup

    seen = set()
    result = []
    for pair in pairs:
        if pair.source_lang not in languages or pair.target_lang not in languages:
            continue
        if pair.source_lang == pair.target_lang:
            continue
        entry = MemoryEntry(
            source_language=languages[pair.source_lang],
            target_language=languages[pair.target_lang],
        )
        memory_store.set_source(entry, markup.sanitize_inline(pair.source))
        memory_store.set_target(entry, markup.sanitize_inline(pair.target))
        if not entry.source_norm or not entry.target_norm:
            continue
        identity = (entry.source_language_id, entry.target_language_id, entry.source_hash,
                    entry.target_hash)  # fmt: skip
        if identity not in seen:
            seen.add(identity)
            result.append(entry)
    return result


FIELDS = ["source_language_id", "target_language_id", "source", "target", "source_norm",
          "target_norm", "source_hash", "target_hash", "length"]  # fmt: skip


def _row(entry: MemoryEntry) -> tuple:
    return tuple(getattr(entry, name) for name in FIELDS)


def test_entry_columns_are_the_models():
    assert sorted(_ENTRY_COLUMNS) == sorted(f.column for f in MemoryEntry._meta.concrete_fields)


def test_import_across_batches_stores_what_the_definition_does(languages, small_batches):
    rng = random.Random(1917)
    en, de = languages["en"], languages["de"]
    earlier = _pairs(rng, 10)
    import_pairs(SYSTEM, earlier[:4], origin_name="earlier.tmx")  # known before the import
    pairs = _pairs(rng, 30)
    pairs[5:5] = [pairs[2], earlier[1]]  # a repeat within the first batch, a known pair
    pairs[20:20] = [pairs[0], pairs[12], earlier[3]]  # repeats across batches, a known pair
    pairs += [
        TmxPair("Unknown language", "Sprache", "xx", "de"),
        TmxPair("Unknown target", "Zielsprache", "en", "zz"),
        TmxPair("Same language", "Same", "de", "de"),
        TmxPair("<em> </em>", "Leer", "en", "de"),
        TmxPair("A regional tag", "Fall", "en-US", "de"),  # read as en
        pairs[30],  # a repeat at the very end
    ]
    assert len(pairs) > 4 * BATCH
    summary = import_pairs(SYSTEM, pairs, origin_name="big.tmx")

    expected = _expected(earlier[:4], languages)
    before = {_row(e) for e in expected}
    new = [e for e in _expected([p if p.source_lang != "en-US" else TmxPair(
        p.source, p.target, "en", p.target_lang) for p in pairs], languages)
        if _row(e) not in before]  # fmt: skip
    assert summary.created == len(new) == 30 + 1
    assert summary.duplicates == 4 + 2  # repeats in the file, pairs known before
    assert dict(summary.unknown_languages) == {"xx": 1, "zz": 1}
    assert (summary.same_language, summary.empty, summary.read_as) == (1, 1, {"en-US": "en"})

    stored = list(MemoryEntry.objects.filter(origin_name="big.tmx").order_by("pk"))
    assert [_row(e) for e in stored] == [_row(e) for e in new]  # same entries, in file order
    assert {(e.status, e.origin, e.translation_id) for e in stored} == {("translated", "tmx", None)}
    keys: dict[int, set[int]] = {}
    lengths: dict[int, set[int]] = {}
    for entry_id, key, length in MemoryKey.objects.values_list("entry_id", "key", "length"):
        keys.setdefault(entry_id, set()).add(key)
        lengths.setdefault(entry_id, set()).add(length)
    pair = tm.pair_code(en.pk, de.pk)
    for entry in stored:
        assert keys[entry.pk] == set(tm.index_keys(entry.source_norm, pair))
        assert lengths[entry.pk] == {entry.length}
    probes = (stored[0], stored[len(stored) // 2], stored[-1])
    if connection.vendor == "postgresql":
        # Stored without word indexes; the concordance finds them all the same (by LIKE
        # over the rows without one), a phrase and a single word.
        assert not MemoryEntry.objects.filter(source_words__isnull=False).exists()
        for entry in probes:
            for needle in (entry.source_norm[-14:], max(tm.words(entry.source_norm), key=len)):
                hits = selectors.concordance(needle, en, de, side="source", per_page=100).hits
                assert entry.pk in {hit.entry.pk for hit in hits}
        assert memory_store.fill_word_indexes() == len(stored) + 4  # and the earlier four
        assert memory_store.fill_word_indexes() == 0
        with connection.cursor() as cursor:
            for entry in stored:
                cursor.execute(
                    "SELECT source_words = %s::tsvector AND target_words = %s::tsvector "
                    "FROM workbench_memoryentry WHERE id = %s",
                    [fulltext.tsvector_literal(entry.source_norm),
                     fulltext.tsvector_literal(entry.target_norm), entry.pk],
                )  # fmt: skip
                assert cursor.fetchone()[0] is True
    else:
        assert memory_store.fill_word_indexes() == 0
        assert selectors.sqlite_fulltext_ready()  # the trigger dropped for the import is back
    # The concordance finds entries of the first and the last batch through its index.
    for entry in probes:
        hits = selectors.concordance(entry.source_norm[-14:], en, de, side="source").hits
        assert entry.pk in {hit.entry.pk for hit in hits}

    again = import_pairs(SYSTEM, pairs, origin_name="big.tmx")
    assert (again.created, again.duplicates) == (0, summary.created + summary.duplicates)


def test_ids_follow_the_largest_ever_given(languages, small_batches):
    rng = random.Random(5)
    import_pairs(SYSTEM, _pairs(rng, 5), origin_name="a.tmx")
    last = MemoryEntry.objects.latest("pk")
    MemoryKey.objects.filter(entry=last).delete()
    last_pk = last.pk
    last.delete()
    import_pairs(SYSTEM, _pairs(rng, 3), origin_name="b.tmx")
    assert MemoryEntry.objects.filter(origin_name="b.tmx").order_by("pk").first().pk > last_pk


def _queries(languages, seed: int, count: int) -> int:
    pairs = _pairs(random.Random(seed), count)
    with CaptureQueriesContext(connection) as queries:
        summary = import_pairs(SYSTEM, pairs, origin_name=f"{seed}.tmx")
    assert summary.created == count
    return len(queries)


def test_queries_grow_by_batch_not_by_pair(languages, small_batches):
    two, four, eight = (_queries(languages, n, n * BATCH) for n in (2, 4, 8))
    per_batch = (four - two) / 2
    assert eight - four == 4 * per_batch  # linear in the batches
    assert per_batch <= 5  # dedupe, ids, entries, keys, full text: not one per pair (7 a batch)
    assert two <= 16 + 2 * per_batch  # and a constant number around them


def test_progress_moves_by_batch_while_storing(languages, small_batches, monkeypatch):
    from workbench.services import job_progress

    monkeypatch.setattr(job_progress, "WRITE_EVERY", 0)  # every advance is published
    seen: list[tuple[str, int, int]] = []
    progress = job_progress.Progress(on_change=lambda s: seen.append((s.stage, s.done, s.total)))
    pairs = _pairs(random.Random(3), 3 * BATCH + 2)
    import_pairs(SYSTEM, pairs, origin_name="p.tmx", progress=progress)
    storing = [(done, total) for stage, done, total in seen if stage.startswith("Importing")]
    total = len(pairs)
    assert storing == [(0, total), (BATCH, total), (2 * BATCH, total), (3 * BATCH, total),
                       (total, total)]  # fmt: skip


def test_a_pair_stored_meanwhile_is_an_integrity_error(languages, monkeypatch):
    """What a concurrent import of the same pairs meets (it passed the dedupe query before
    the other committed): the unique constraint, as Django's IntegrityError on both
    databases (COPY included), which import_pairs turns into its message."""
    from django.db import IntegrityError, transaction

    from workbench.services.memory_store import free_pair, store_free_pairs

    en, de = languages["en"], languages["de"]
    pair = free_pair(en.pk, de.pk, "The same pair", "Dasselbe Paar")
    store_free_pairs([pair], status="translated", origin="tmx", origin_name="a")
    # The other import's snapshot, taken before this pair was committed, did not hold it.
    monkeypatch.setattr(memory_store, "_known_identities", lambda chunk: set())
    with pytest.raises(IntegrityError), transaction.atomic():
        store_free_pairs([pair], status="translated", origin="tmx", origin_name="b")
    assert MemoryEntry.objects.count() == 1
    if connection.vendor == "sqlite":
        assert selectors.sqlite_fulltext_ready()  # the dropped trigger came back with the rollback


@pytest.mark.django_db
def test_key_table_keeps_its_keys_and_on_sqlite_is_clustered():
    """Migration 0021 remakes the key table WITHOUT ROWID on SQLite; Django's own remake of a
    table (a later AlterField) would silently drop the clause, and a third B-tree come back.
    On both databases the table has the primary key and the lookup index the model says."""
    table = MemoryKey._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
                           [table])  # fmt: skip
            (sql,) = cursor.fetchone()
            assert sql.rstrip().upper().endswith("WITHOUT ROWID")
            # clustered on (entry, key): a column's position in the primary key
            cursor.execute(f'PRAGMA table_info("{table}")')
            positions = {row[1]: row[5] for row in cursor.fetchall()}
            assert positions == {"entry_id": 1, "key": 2, "length": 0}
    primary = [c["columns"] for c in constraints.values() if c["primary_key"]]
    assert [sorted(columns) for columns in primary] == [["entry_id", "key"]]
    assert constraints["memory_key_lookup"]["columns"] == ["key", "length", "entry_id"]


def _tmx_file(pairs: list[TmxPair], tail: bytes = b"") -> bytes:
    from workbench.formats.tmx import export_tmx

    data = export_tmx(pairs, source_language="en")
    return data.replace(b"</body>", tail + b"</body>") if tail else data


@pytest.mark.parametrize("parallel", [False, True])
def test_a_file_read_in_a_second_process_stores_the_same(languages, small_batches, parallel):
    """import_tmx reads a large file in a forked process while this one stores: the same
    entries, keys, word indexes and summary as reading it here, batch by batch."""
    rng = random.Random(1905)
    earlier = _pairs(rng, 6)
    import_pairs(SYSTEM, earlier[:3], origin_name="earlier.tmx")
    pairs = _pairs(rng, 5 * BATCH)
    pairs[9:9] = [pairs[1], earlier[2], TmxPair("Same", "Same", "de", "de")]
    data = _tmx_file(pairs)
    summary = memory_import.import_tmx(SYSTEM, data, origin_name="f.tmx", parallel=parallel)
    assert (summary.read, summary.created, summary.duplicates, summary.same_language) == (
        len(pairs), 5 * BATCH, 2, 1)  # fmt: skip
    expected = [_row(e) for e in _expected(pairs, languages)]
    stored = [_row(e) for e in MemoryEntry.objects.filter(origin_name="f.tmx").order_by("pk")]
    assert stored == [row for row in expected if row not in {_row(e) for e in _expected(
        earlier[:3], languages)}]  # fmt: skip
    if connection.vendor == "postgresql":
        memory_store.fill_word_indexes()
        for entry in MemoryEntry.objects.filter(origin_name="f.tmx"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT source_words = %s::tsvector FROM workbench_memoryentry WHERE id = %s",
                    [fulltext.tsvector_literal(entry.source_norm), entry.pk],
                )
                assert cursor.fetchone()[0] is True
    again = memory_import.import_tmx(SYSTEM, data, origin_name="f.tmx", parallel=parallel)
    assert (again.created, again.duplicates) == (0, len(pairs) - 1)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_file_broken_after_stored_batches_stores_nothing(languages, small_batches, parallel):
    from workbench.formats.tmx import TmxError

    pairs = _pairs(random.Random(8), 4 * BATCH)
    broken = _tmx_file(pairs, tail=b'<tu><tuv xml:lang="en"><seg>x</seg></tuv><tuv><seg>y</seg>'
                       b"</tuv></tu>")  # fmt: skip
    with pytest.raises(TmxError, match="no xml:lang"):
        memory_import.import_tmx(SYSTEM, broken, origin_name="b.tmx", parallel=parallel)
    assert not MemoryEntry.objects.exists() and not MemoryKey.objects.exists()
    empty = _tmx_file([])
    with pytest.raises(memory_import.NoPairs):
        memory_import.import_tmx(SYSTEM, empty, origin_name="e.tmx", parallel=parallel)


def test_a_reader_that_dies_stores_nothing(languages, small_batches, monkeypatch):
    import os

    def die(self, pairs):
        if self.summary.read > 2 * BATCH:
            os._exit(3)  # as if the kernel had killed the reading process
        return original(self, pairs)

    original = memory_import._PairReader.read
    monkeypatch.setattr(memory_import._PairReader, "read", die)
    data = _tmx_file(_pairs(random.Random(9), 6 * BATCH))
    with pytest.raises(memory_import.MemoryImportError, match="stopped unexpectedly"):
        memory_import.import_tmx(SYSTEM, data, origin_name="d.tmx", parallel=True)
    assert not MemoryEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_on_postgresql_queues_the_indexing_job(languages):
    """Once the import is committed, a job adds the word indexes (one waiting is enough);
    on SQLite the full-text index is written with the entries and no job is needed."""
    from workbench.models import Job
    from workbench.services import job_runner

    memory_import.import_tmx(SYSTEM, _tmx_file(_pairs(random.Random(2), 3)), origin_name="a")
    memory_import.import_tmx(SYSTEM, _tmx_file(_pairs(random.Random(3), 3)), origin_name="b")
    jobs = list(Job.objects.filter(kind="memory_index"))
    if connection.vendor != "postgresql":
        assert jobs == []
        return
    assert len(jobs) == 1 and jobs[0].state == Job.STATE_QUEUED
    assert MemoryEntry.objects.filter(source_words__isnull=True).count() == 6
    job_runner.execute(jobs[0].pk)
    jobs[0].refresh_from_db()
    assert (jobs[0].state, jobs[0].result["indexed"]) == (Job.STATE_SUCCEEDED, 6)
    assert not MemoryEntry.objects.filter(source_words__isnull=True).exists()
