"""The translation memory kept in step with translations: every translated and approved unit
of every document is one MemoryEntry (written by `remember_many` in the write pipeline's
after-change step, workbench/services/writes.py), rebuildable with `rebuild_memory`; and the
PostgreSQL indexes its searches use. TMX imports are in services/memory_import.py, pre-filling
in services/prefill.py, reads in selectors/memory.py, the text work in text/memory.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from workbench.models import (
    POSTGRES_FULLTEXT_SQL,
    SQLITE_FULLTEXT_TABLE,
    SQLITE_FULLTEXT_TRIGGERS,
    MemoryEntry,
    MemoryKey,
    Translation,
    Unit,
    UnitSource,
)
from workbench.models.translations import ORIGIN_ALIGNED
from workbench.selectors import memory as memory_selectors
from workbench.services.bulk_rows import insert_rows
from workbench.services.job_progress import NO_PROGRESS, Progress
from workbench.text import fulltext
from workbench.text import memory as tm
from workbench.text.records import STATUS_APPROVED, STATUS_TRANSLATED

log = logging.getLogger(__name__)

MEMORY_STATUSES = (STATUS_TRANSLATED, STATUS_APPROVED)
BATCH = 1000


def _phrase_index(normalised: str) -> str | None:
    # PostgreSQL's concordance index (text/fulltext.py); SQLite indexes source_norm and
    # target_norm itself (FTS5 triggers, ensure_fulltext), so nothing is computed there.
    if connection.vendor != "postgresql":
        return None
    return fulltext.tsvector_literal(normalised)


def set_source(entry: MemoryEntry, source: str) -> None:
    entry.source = source
    entry.source_norm = tm.normalize(source)
    entry.source_hash = tm.text_hash(entry.source_norm)
    entry.length = len(entry.source_norm)
    entry.source_words = _phrase_index(entry.source_norm)


def set_target(entry: MemoryEntry, target: str) -> None:
    entry.target = target
    entry.target_norm = tm.normalize(target)
    entry.target_hash = tm.text_hash(entry.target_norm)
    entry.target_words = _phrase_index(entry.target_norm)


def _keys(entry: MemoryEntry) -> list[MemoryKey]:
    pair = tm.pair_code(entry.source_language_id, entry.target_language_id)
    return [
        MemoryKey(entry=entry, key=key, length=entry.length)
        for key in tm.index_keys(entry.source_norm, pair)
    ]


def create_entries(entries: list[MemoryEntry]) -> None:
    """Insert entries and their index keys (bulk_create returns primary keys on PostgreSQL
    and on SQLite 3.35+). The keys (a dozen per entry) are plain rows written with one
    executemany: building a MemoryKey object and its SQL per key cost 30 times more than the
    insert itself (a 20,000-pair TMX import spent 44 of its 57 s there)."""
    MemoryEntry.objects.bulk_create(entries, batch_size=BATCH)
    rows: list[tuple[int, int, int]] = []
    for entry in entries:
        pair = tm.pair_code(entry.source_language_id, entry.target_language_id)
        rows.extend((entry.pk, key, entry.length) for key in tm.index_keys(entry.source_norm, pair))
    _insert_key_rows(rows)


def _insert_key_rows(rows: Sequence[tuple[int, int, int]]) -> None:
    quote = connection.ops.quote_name
    # The columns of MemoryKey's fields entry, key and length (Django's default names).
    columns = ", ".join(quote(name) for name in ("entry_id", "key", "length"))
    sql = f"INSERT INTO {quote(MemoryKey._meta.db_table)} ({columns}) VALUES (%s, %s, %s)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 20):
            cursor.executemany(sql, rows[start : start + BATCH * 20])


# --- free-standing pairs in bulk (TMX import) ----------------------------------------------

# Pairs per batch of a bulk import: one dedupe query, one id reservation and one bulk write
# of entries and of keys per batch.
STORE_BATCH = 5000


@dataclass(slots=True)
class FreePair:
    """A free-standing pair ready to store: sanitised markup, normalised texts, checksums,
    and (`PairIndexer.index_pair`) its fuzzy-index keys. PostgreSQL's word indexes of the
    concordance come later (`fill_word_indexes`)."""

    source_language_id: int
    target_language_id: int
    source: str
    target: str
    source_norm: str
    target_norm: str
    source_hash: int
    target_hash: int
    keys: list[int] | None = None

    @property
    def identity(self) -> tuple[int, int, int, int]:
        return (self.source_language_id, self.target_language_id, self.source_hash,
                self.target_hash)  # fmt: skip


def free_pair(
    source_language_id: int, target_language_id: int, source: str, target: str
) -> FreePair:
    """The stored form of a pair of sanitised markup (as set_source and set_target compute
    it; the indexes come from `index_pair`)."""
    source_norm, target_norm = tm.normalize(source), tm.normalize(target)
    return FreePair(
        source_language_id, target_language_id, source, target, source_norm, target_norm,
        tm.text_hash(source_norm), tm.text_hash(target_norm),
    )  # fmt: skip


class PairIndexer:
    """`index_pair` for many pairs in a row, with text/memory.KeyIndexer's memo. Pure text
    work (no database): a TMX import runs it in the process that reads the file."""

    def __init__(self) -> None:
        self.keys = tm.KeyIndexer()

    def index_pair(self, pair: FreePair) -> None:
        code = tm.pair_code(pair.source_language_id, pair.target_language_id)
        pair.keys = self.keys.keys(tm.words(pair.source_norm), code)


def store_free_pairs(
    pairs: Sequence[FreePair],
    *,
    status: str,
    origin: str,
    origin_name: str,
    progress: Progress = NO_PROGRESS,
) -> int:
    """`store_free_pair_batches` of the pairs, STORE_BATCH at a time."""
    batches = (pairs[start : start + STORE_BATCH] for start in range(0, len(pairs), STORE_BATCH))
    return store_free_pair_batches(
        batches, status=status, origin=origin, origin_name=origin_name, progress=progress
    )


def store_free_pair_batches(
    batches: Iterable[Sequence[FreePair]],
    *,
    status: str,
    origin: str,
    origin_name: str,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Store the pairs the memory does not hold yet (same languages, source and translation,
    from a document or an earlier import) as free-standing entries with their index keys,
    in the order given, batch by batch: a constant number of queries per batch. Run it inside
    a transaction; `batches` may be a generator that reads the file meanwhile (and raises:
    the savepoint then undoes all). Returns how many were stored; advances `progress` by
    each batch."""
    indexer = PairIndexer()
    now = timezone.now()
    created = 0
    # A savepoint: on any error, everything since, the trigger's drop included, is undone.
    with transaction.atomic(), _bulk_writing() as inserted:
        for chunk in batches:
            known = _known_identities(chunk) if chunk else set()
            new = [pair for pair in chunk if pair.identity not in known]
            if new:
                for pair in new:
                    if pair.keys is None:
                        indexer.index_pair(pair)
                ids = _write_free_pairs(new, status, origin, origin_name, now)
                inserted(ids[0], ids[-1])
            created += len(new)
            progress.advance(len(chunk))
    return created


def _known_identities(chunk: Sequence[FreePair]) -> set[tuple[int, int, int, int]]:
    """The identities the memory holds among those of `chunk`'s source checksums: one
    query (plain SQL: the ORM's IN of 5,000 parameters cost more than the query)."""
    hashes = list({pair.source_hash for pair in chunk})
    table = connection.ops.quote_name(MemoryEntry._meta.db_table)
    columns = "source_language_id, target_language_id, source_hash, target_hash"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns} FROM {table} WHERE source_hash = ANY(%s)", [hashes])
        else:
            marks = ", ".join(["%s"] * len(hashes))
            cursor.execute(f"SELECT {columns} FROM {table} WHERE source_hash IN ({marks})", hashes)
        return set(cursor.fetchall())


# SQLite's page cache during a bulk import (its default, 2 MB, makes a random insert into an
# index B-tree a page read): 128 MB, for this connection, restored after.
BULK_CACHE_KIB = 128 * 1024
_FTS_INSERT_TRIGGER = "workbench_memory_fts_insert"


@contextmanager
def _bulk_writing():
    """SQLite: a larger page cache, and the full-text index filled by one statement per batch
    instead of by its insert trigger row by row (3 s instead of 11 s for 100,000 entries):
    the trigger is dropped and created again around the inserts, in the caller's
    transaction, so no other connection ever sees the table without it. Yields the function
    to call with the (first, last) id of each batch once it is inserted."""
    if connection.vendor != "sqlite":
        yield lambda first, last: None
        return
    fts = memory_selectors.sqlite_fulltext_ready(connection)

    def index(first: int, last: int) -> None:
        # Each batch's rows as it is written: while a second process reads the file (a
        # large TMX import), this overlaps with the reading instead of following it.
        if fts:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {SQLITE_FULLTEXT_TABLE}(rowid, source_norm, target_norm) "
                    f"SELECT id, source_norm, target_norm FROM {MemoryEntry._meta.db_table} "
                    "WHERE id BETWEEN %s AND %s",
                    [first, last],
                )

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        if fts:
            cursor.execute(f"DROP TRIGGER {_FTS_INSERT_TRIGGER}")
    try:
        yield index
    finally:
        # On an error the caller's transaction (savepoint) rolls the drop back instead.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
    if fts:
        with connection.cursor() as cursor:
            trigger = SQLITE_FULLTEXT_TRIGGERS[_FTS_INSERT_TRIGGER]
            cursor.execute(f"CREATE TRIGGER {_FTS_INSERT_TRIGGER} {trigger}")


def _write_free_pairs(
    new: list[FreePair], status: str, origin: str, origin_name: str, now
) -> list[int]:
    """Insert the pairs (indexed: `PairIndexer.index_pair`) and their keys, without word
    indexes; returns their ids, ascending."""
    ids = _reserve_ids(len(new))
    stamp = (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )
    entry_rows = []
    key_rows: list[tuple[int, int, int]] = []
    for pk, pair in zip(ids, new, strict=True):
        length = len(pair.source_norm)
        if pair.keys:
            # zip and repeat build the rows in C: 1.3 million for 100,000 pairs.
            key_rows.extend(zip(repeat(pk), pair.keys, repeat(length)))
        entry_rows.append((
            pk, pair.source_language_id, pair.target_language_id, pair.source, pair.target,
            pair.source_norm, pair.target_norm, pair.source_hash, pair.target_hash,
            None, None, length, status, origin, None, origin_name, stamp, stamp,
        ))  # fmt: skip
    insert_rows(MemoryEntry._meta.db_table, _ENTRY_COLUMNS, entry_rows)
    # The rows are made in (entry, key) order, the order of SQLite's table, clustered on its
    # primary key (migration 0021): written page after page. PostgreSQL's heap takes them in
    # any order, and in key order its lookup index (key, length, entry) is written page after
    # page instead of at random.
    if connection.vendor == "postgresql":
        key_rows.sort(key=itemgetter(1))
    insert_rows(MemoryKey._meta.db_table, ("entry_id", "key", "length"), key_rows)
    return ids


# The columns of MemoryEntry in the order _write_free_pairs builds its rows (Django's default
# column names; tests/test_memory_bulk.py checks them against the model).
_ENTRY_COLUMNS = (
    "id", "source_language_id", "target_language_id", "source", "target", "source_norm",
    "target_norm", "source_hash", "target_hash", "source_words", "target_words", "length",
    "status", "origin", "translation_id", "origin_name", "created_at", "updated_at",
)  # fmt: skip


def _reserve_ids(count: int) -> list[int]:
    """Primary keys for `count` new entries. PostgreSQL: from the table's sequence (safe with
    concurrent writers). SQLite: after the largest ever given (AUTOINCREMENT's counter), which
    no other connection can move while this transaction holds the write lock."""
    table = MemoryEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), "
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


# --- sentence pairs of accepted alignments ---------------------------------------------------


def remember_sentence_pairs(
    pairs: Iterable[tuple[str, str]],
    source_language_id: int,
    target_language_id: int,
    origin_name: str,
) -> int:
    """Store the sentence pairs found inside accepted paragraph links
    (text/align/sentence_pairs.py) as free-standing entries (origin aligned, status
    translated: a person accepted the paragraphs, nobody reviewed the sentences), so a later
    paragraph that shares one sentence finds it (selectors/memory.py looks its sentences up).
    Pairs the memory has already are skipped; returns how many were added."""
    candidates: dict[tuple[int, int], MemoryEntry] = {}
    for source, target in pairs:
        entry = MemoryEntry(
            source_language_id=source_language_id,
            target_language_id=target_language_id,
            status=STATUS_TRANSLATED,
            origin=ORIGIN_ALIGNED,
            origin_name=origin_name[:255],
        )
        set_source(entry, source)
        set_target(entry, target)
        if entry.source_norm and entry.target_norm:
            candidates.setdefault((entry.source_hash, entry.target_hash), entry)
    if not candidates:
        return 0
    known: set[tuple[int, int]] = set()
    hashes = sorted({source_hash for source_hash, _ in candidates})
    for start in range(0, len(hashes), BATCH):
        known.update(
            MemoryEntry.objects.filter(
                translation__isnull=True,
                source_language_id=source_language_id,
                target_language_id=target_language_id,
                source_hash__in=hashes[start : start + BATCH],
            ).values_list("source_hash", "target_hash")
        )
    new = [entry for identity, entry in candidates.items() if identity not in known]
    create_entries(new)
    return len(new)


# --- document units -----------------------------------------------------------------------


def remember(translation: Translation) -> None:
    """Bring the memory in line with one translation, just saved: its entry is created,
    updated or (draft, emptied) removed. Called inside save_translation's transaction."""
    remember_many([translation])


def remember_many(translations: Iterable[Translation]) -> None:
    """`remember` for many translations at once, a constant number of queries per chunk of
    1,000: for writers that bypass save_translation (imports, pre-fill, rebuilding)."""
    rows = [t for t in translations if t.pk is not None]
    for start in range(0, len(rows), BATCH):
        _remember_chunk(rows[start : start + BATCH])


def _unit_sources(rows: Sequence[Translation]) -> dict[int, tuple[str, str, int]]:
    """unit id -> (current source, its checksum, source language id); read from the objects
    when they carry their unit and document (the save path), else in one query."""
    units: dict[int, tuple[str, str, int]] = {}
    for t in rows:
        if Translation.unit.is_cached(t) and Unit.document.is_cached(t.unit):
            unit = t.unit
            units[unit.pk] = (unit.source, unit.checksum, unit.document.source_language_id)
    missing = {t.unit_id for t in rows} - units.keys()
    if missing:
        units.update(
            (pk, (source, checksum, source_language_id))
            for pk, source, checksum, source_language_id in Unit.objects.filter(
                pk__in=missing
            ).values_list("pk", "source", "checksum", "document__source_language_id")
        )
    return units


def _remember_chunk(rows: Sequence[Translation]) -> None:
    units = _unit_sources(rows)
    # The pair is (the source the translation was made from, the translation): for an
    # outdated translation that is an earlier source of the unit.
    earlier = {
        (t.unit_id, t.source_checksum)
        for t in rows
        if t.unit_id in units and t.source_checksum != units[t.unit_id][1]
    }
    earlier_text: dict[tuple[int, str], str] = {}
    if earlier:
        for unit_id, checksum, text in UnitSource.objects.filter(
            unit_id__in={s for s, _ in earlier}
        ).values_list("unit_id", "checksum", "text"):
            if (unit_id, checksum) in earlier:
                earlier_text[(unit_id, checksum)] = text
    wanted: dict[int, tuple[Translation, str, int]] = {}
    for t in rows:
        if t.status not in MEMORY_STATUSES or not t.text or t.unit_id not in units:
            continue
        current, checksum, source_language_id = units[t.unit_id]
        source = (
            current
            if t.source_checksum == checksum
            else earlier_text.get((t.unit_id, t.source_checksum))
        )
        if source and tm.normalize(source):
            wanted[t.pk] = (t, source, source_language_id)

    existing = {
        e.translation_id: e
        for e in MemoryEntry.objects.filter(translation_id__in=[t.pk for t in rows])
    }
    gone = [e.pk for tid, e in existing.items() if tid not in wanted]
    now = timezone.now()
    new: list[MemoryEntry] = []
    changed: list[MemoryEntry] = []
    rekeyed: list[MemoryEntry] = []
    for tid, (t, source, source_language_id) in wanted.items():
        entry = existing.get(tid)
        if entry is None:
            entry = MemoryEntry(
                translation=t,
                source_language_id=source_language_id,
                target_language_id=t.language_id,
            )
            set_source(entry, source)
            set_target(entry, t.text)
            entry.status, entry.origin = t.status, t.origin
            new.append(entry)
            continue
        same_pair = (
            entry.source == source
            and entry.source_language_id == source_language_id
            and entry.target_language_id == t.language_id
        )
        if same_pair and (entry.target, entry.status, entry.origin) == (t.text, t.status, t.origin):
            continue
        if not same_pair:
            entry.source_language_id, entry.target_language_id = source_language_id, t.language_id
            set_source(entry, source)
            rekeyed.append(entry)
        set_target(entry, t.text)
        entry.status, entry.origin = t.status, t.origin
        entry.updated_at = now  # bulk_update does not apply auto_now
        changed.append(entry)
    if gone:
        MemoryKey.objects.filter(entry_id__in=gone).delete()
        MemoryEntry.objects.filter(pk__in=gone).delete()
    fields = [
        "source_language", "target_language", "source", "source_norm", "source_hash",
        "length", "source_words", "target", "target_norm", "target_hash", "target_words",
        "status", "origin", "updated_at",
    ]  # fmt: skip
    if len(changed) == 1:
        # The save path: a plain UPDATE costs a tenth of bulk_update's CASE WHEN per column.
        changed[0].save(update_fields=fields)
    elif changed:
        MemoryEntry.objects.bulk_update(changed, fields, batch_size=BATCH)
    if rekeyed:
        MemoryKey.objects.filter(entry_id__in=[e.pk for e in rekeyed]).delete()
        MemoryKey.objects.bulk_create(
            [key for entry in rekeyed for key in _keys(entry)], batch_size=BATCH * 4
        )
    if new:
        create_entries(new)


def rebuild_memory(chunk: int = 5000) -> int:
    """Bring the document part of the memory in line with every Translation (after a
    migration, or a writer that forgot `remember_many`). Idempotent; returns the number of
    document entries afterwards. Free-standing (imported) entries are left alone."""
    last = 0
    while True:
        rows = list(Translation.objects.filter(pk__gt=last).order_by("pk")[:chunk])
        if not rows:
            break
        with transaction.atomic():
            remember_many(rows)
        last = rows[-1].pk
    ensure_fulltext()
    total = MemoryEntry.objects.filter(translation__isnull=False).count()
    log.info("rebuilt the memory: %d document entries", total)
    return total


# --- PostgreSQL ---------------------------------------------------------------------------

# Trigram indexes for the concordance search of one word (LIKE '%word%' on the normalised
# texts), over the rows that have their word index (the others are found through
# memory_*_unindexed). PostgreSQL only: SQLite scans, which is fine at its scale. Migration
# 0022 runs the same SQL.
TRIGRAM_INDEX_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS memory_source_trgm ON workbench_memoryentry "
    "USING gin (source_norm gin_trgm_ops) WHERE source_words IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS memory_target_trgm ON workbench_memoryentry "
    "USING gin (target_norm gin_trgm_ops) WHERE target_words IS NOT NULL",
]


def ensure_fulltext(conn=None) -> bool:
    """Create the concordance's full-text index where missing (and, on SQLite, fill it from
    the table when it or one of its triggers was missing); returns whether it did anything.
    PostgreSQL also backfills entries written before their word index existed."""
    conn = conn or connection
    if conn.vendor == "postgresql":
        fill_word_indexes(conn)
        with conn.cursor() as cursor:
            # Only the missing ones: even IF NOT EXISTS is refused in a transaction with
            # pending deferred-constraint events (a test's, a rebuild's).
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'workbench_memoryentry'"
            )
            present = {row[0] for row in cursor.fetchall()}
            for name, statement in POSTGRES_FULLTEXT_SQL.items():
                if name not in present:
                    cursor.execute(statement)
        return True
    if conn.vendor != "sqlite" or memory_selectors.sqlite_fulltext_ready(conn):
        return False
    with conn.cursor() as cursor:
        try:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FULLTEXT_TABLE} USING fts5("
                "source_norm, target_norm, content='workbench_memoryentry', "
                "content_rowid='id', tokenize='trigram case_sensitive 1')"
            )
        except Exception as error:  # a SQLite built without FTS5: the search scans
            log.warning("no FTS5 in this SQLite (%s): concordance search scans", error)
            return False
        for name, body in SQLITE_FULLTEXT_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(
            f"INSERT INTO {SQLITE_FULLTEXT_TABLE}({SQLITE_FULLTEXT_TABLE}) VALUES ('rebuild')"
        )
    return True


def fill_word_indexes(
    conn=None, chunk: int = 5000, *, every_entry: bool = False, progress: Progress = NO_PROGRESS
) -> int:
    """Word indexes for the entries that have none yet (PostgreSQL; nothing elsewhere), chunk
    by chunk: after a TMX import (services/memory_import.py starts it as a job), after a
    migration; with `every_entry`, for all of them (a migration that changes what the index
    holds). Returns how many entries it indexed; `progress` counts them."""
    conn = conn or connection
    if conn.vendor != "postgresql":
        return 0
    last = done = 0
    missing = "" if every_entry else "AND (source_words IS NULL OR target_words IS NULL) "
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM workbench_memoryentry WHERE true {missing}")
        progress.stage(gettext("Indexing memory entries for search"), cursor.fetchone()[0])
        while True:
            cursor.execute(
                "SELECT id, source_norm, target_norm FROM workbench_memoryentry WHERE id > %s "
                f"{missing}ORDER BY id LIMIT %s",
                [last, chunk],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            literals = fulltext.LiteralBuilder()
            values = [
                (literals.literal(s, tm.words(s)), literals.literal(t, tm.words(t)), pk)
                for pk, s, t in rows
            ]
            cursor.executemany(
                "UPDATE workbench_memoryentry SET source_words = %s::tsvector, "
                "target_words = %s::tsvector WHERE id = %s",
                values,
            )
            last = rows[-1][0]
            done += len(rows)
            progress.advance(len(rows))


def rewrite_phrase_index(conn=None) -> None:
    """Recompute every entry's word index (PostgreSQL; nothing elsewhere): after a change of
    the lexemes text/fulltext.py writes, which the queries then rely on."""
    conn = conn or connection
    if conn.vendor == "postgresql":
        fill_word_indexes(conn, every_entry=True)


def ensure_trigram_indexes(conn=None) -> bool:
    """Create the pg_trgm extension and the concordance indexes where missing (PostgreSQL);
    returns whether it did anything (False on other databases)."""
    conn = conn or connection
    if conn.vendor != "postgresql":
        return False
    with conn.cursor() as cursor:
        for statement in TRIGRAM_INDEX_SQL:
            cursor.execute(statement)
    return True
