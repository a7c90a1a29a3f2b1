"""The translation memory kept in step with translations: every translated and approved unit
of every document is one MemoryEntry (written by `remember_many` in the write pipeline's
after-change step, workbench/services/writes.py), rebuildable with `rebuild_memory`; and the
PostgreSQL indexes its searches use. TMX imports are in services/memory_import.py, pre-filling
in services/prefill.py, reads in selectors/memory.py, the text work in text/memory.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

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

# Trigram indexes for the concordance search (LIKE '%phrase%' on the normalised texts).
# PostgreSQL only: SQLite scans, which is fine at its scale. The migration runs the same SQL.
TRIGRAM_INDEX_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS memory_source_trgm ON workbench_memoryentry "
    "USING gin (source_norm gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS memory_target_trgm ON workbench_memoryentry "
    "USING gin (target_norm gin_trgm_ops)",
]


def ensure_fulltext(conn=None) -> bool:
    """Create the concordance's full-text index where missing (and, on SQLite, fill it from
    the table when it or one of its triggers was missing); returns whether it did anything.
    PostgreSQL also backfills entries written before their word index existed."""
    conn = conn or connection
    if conn.vendor == "postgresql":
        _backfill_phrase_index(conn)
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


def _backfill_phrase_index(conn, chunk: int = 5000) -> None:
    """Word indexes for the entries that have none yet (PostgreSQL), chunk by chunk."""
    last = 0
    with conn.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, source_norm, target_norm FROM workbench_memoryentry WHERE id > %s "
                "AND (source_words IS NULL OR target_words IS NULL) ORDER BY id LIMIT %s",
                [last, chunk],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            values = [
                (pk, fulltext.tsvector_literal(s), fulltext.tsvector_literal(t))
                for pk, s, t in rows
            ]
            cursor.executemany(
                "UPDATE workbench_memoryentry SET source_words = %s::tsvector, "
                "target_words = %s::tsvector WHERE id = %s",
                [(s, t, pk) for pk, s, t in values],
            )
            last = rows[-1][0]


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
