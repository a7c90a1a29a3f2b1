"""Writes to the translation memory: keeping it in step with translations, importing TMX,
pre-filling a document from exact matches.

The memory holds every translated and approved unit of every document (one MemoryEntry per
Translation, written by `remember` inside save_translation's transaction, or by
`remember_many` for writers that bypass save_translation) and free-standing pairs imported
from TMX files. Reads are in workbench/selectors/memory.py, the text work in
workbench/text/memory.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.formats.tmx import TmxUnit
from workbench.models import (
    Document,
    Language,
    MemoryEntry,
    MemoryKey,
    Revision,
    Translation,
    Unit,
    UnitSource,
)
from workbench.models.translations import ORIGIN_MEMORY, ORIGIN_TMX
from workbench.text import markup
from workbench.text import memory as tm
from workbench.text.records import STATUS_APPROVED, STATUS_TRANSLATED

MEMORY_STATUSES = (STATUS_TRANSLATED, STATUS_APPROVED)
BATCH = 1000


def _set_source(entry: MemoryEntry, source: str) -> None:
    entry.source = source
    entry.source_norm = tm.normalize(source)
    entry.source_hash = tm.text_hash(entry.source_norm)
    entry.length = len(entry.source_norm)


def _set_target(entry: MemoryEntry, target: str) -> None:
    entry.target = target
    entry.target_norm = tm.normalize(target)
    entry.target_hash = tm.text_hash(entry.target_norm)


def _keys(entry: MemoryEntry) -> list[MemoryKey]:
    pair = tm.pair_code(entry.source_language_id, entry.target_language_id)
    return [
        MemoryKey(entry=entry, key=key, length=entry.length)
        for key in tm.index_keys(entry.source_norm, pair)
    ]


def _create(entries: list[MemoryEntry]) -> None:
    """Insert entries and their index keys (bulk_create returns primary keys on PostgreSQL
    and on SQLite 3.35+)."""
    MemoryEntry.objects.bulk_create(entries, batch_size=BATCH)
    MemoryKey.objects.bulk_create(
        [key for entry in entries for key in _keys(entry)], batch_size=BATCH * 4
    )


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
            units[unit.pk] = (
                unit.source, unit.checksum, unit.document.source_language_id
            )
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
            _set_source(entry, source)
            _set_target(entry, t.text)
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
            _set_source(entry, source)
            rekeyed.append(entry)
        _set_target(entry, t.text)
        entry.status, entry.origin = t.status, t.origin
        entry.updated_at = now  # bulk_update does not apply auto_now
        changed.append(entry)
    if gone:
        MemoryKey.objects.filter(entry_id__in=gone).delete()
        MemoryEntry.objects.filter(pk__in=gone).delete()
    fields = [
        "source_language", "target_language", "source", "source_norm", "source_hash",
        "length", "target", "target_norm", "target_hash", "status", "origin", "updated_at",
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
        _create(new)


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
    return MemoryEntry.objects.filter(translation__isnull=False).count()


# --- TMX import -----------------------------------------------------------------------------


class MemoryImportError(ValueError):
    """Nothing could be imported; the message is for people."""


@dataclass
class ImportSummary:
    created: int = 0
    duplicates: int = 0  # pairs already in the memory (or twice in the file)
    empty: int = 0  # a side without text
    same_language: int = 0  # both sides in one language
    unknown_languages: Counter[str] = field(default_factory=Counter)  # code -> units skipped
    refused_languages: Counter[str] = field(default_factory=Counter)  # no permission
    read_as: dict[str, str] = field(default_factory=dict)  # "en-US" read as "en"

    @property
    def skipped(self) -> int:
        return (
            self.empty
            + self.same_language
            + sum(self.unknown_languages.values())
            + sum(self.refused_languages.values())
        )

    def messages(self) -> list[str]:
        """Why units were skipped, one sentence each, for the command line and the UI."""
        lines = []
        for code, count in sorted(self.unknown_languages.items()):
            lines.append(
                _(
                    "Skipped %(count)d units in the unknown language %(code)s: add the language "
                    "first (admin), then import again."
                )
                % {"count": count, "code": code}
            )
        for code, count in sorted(self.refused_languages.items()):
            lines.append(
                _("Skipped %(count)d units into %(code)s: you are not a reviewer of that language.")
                % {"count": count, "code": code}
            )
        if self.empty:
            lines.append(_("Skipped %(count)d units with an empty side.") % {"count": self.empty})
        if self.same_language:
            lines.append(
                _("Skipped %(count)d units whose two sides are in the same language.")
                % {"count": self.same_language}
            )
        for code, known in sorted(self.read_as.items()):
            lines.append(_("Read %(code)s as %(known)s.") % {"code": code, "known": known})
        return lines


def _resolve_language(code: str, known: dict[str, Language]) -> Language | None:
    """The Language for a TMX xml:lang: exact (any case), else its primary subtag ("en-US" is
    English when only "en" exists). Unknown languages are not created: a typo in a file
    must not add a language to the site."""
    lowered = code.strip().lower().replace("_", "-")
    if lowered in known:
        return known[lowered]
    return known.get(lowered.split("-", 1)[0])


def import_units(units: Sequence[TmxUnit], *, origin_name: str = "", user=None) -> ImportSummary:
    """Store TMX pairs as free-standing memory entries (origin tmx), all or nothing.

    `user=None` is the command line (trusted); a user may import into the languages they
    review. Pairs already in the memory are skipped."""
    known = {lang.code.lower(): lang for lang in Language.objects.all()}
    summary = ImportSummary()
    candidates: dict[tuple[int, int, int, int], MemoryEntry] = {}
    for unit in units:
        languages = []
        for code in (unit.source_lang, unit.target_lang):
            language = _resolve_language(code, known)
            if language is None:
                summary.unknown_languages[code] += 1
                break
            if language.code.lower() != code.lower():
                summary.read_as[code] = language.code
            languages.append(language)
        if len(languages) < 2:
            continue
        source_language, target_language = languages
        if source_language.pk == target_language.pk:
            summary.same_language += 1
            continue
        if user is not None and not permissions.can_review(user, target_language):
            summary.refused_languages[target_language.code] += 1
            continue
        # Markup from a file is outside input: through the one gate before storage.
        source, target = markup.sanitize_inline(unit.source), markup.sanitize_inline(unit.target)
        entry = MemoryEntry(
            source_language=source_language,
            target_language=target_language,
            status=STATUS_TRANSLATED,
            origin=ORIGIN_TMX,
            origin_name=origin_name[:255],
        )
        _set_source(entry, source)
        _set_target(entry, target)
        if not entry.source_norm or not entry.target_norm:
            summary.empty += 1
            continue
        identity = (source_language.pk, target_language.pk, entry.source_hash, entry.target_hash)
        if identity in candidates:
            summary.duplicates += 1
            continue
        candidates[identity] = entry
    with transaction.atomic():
        new = _without_known_pairs(candidates)
        summary.duplicates += len(candidates) - len(new)
        try:
            with transaction.atomic():
                _create(new)
        except IntegrityError:
            # Only a concurrent import of the same pairs gets here.
            raise MemoryImportError(
                _("Another import added some of these pairs at the same time; import again.")
            ) from None
        summary.created = len(new)
    return summary


def _without_known_pairs(
    candidates: dict[tuple[int, int, int, int], MemoryEntry],
) -> list[MemoryEntry]:
    """Drop pairs whose (languages, source, translation) the memory holds already, from a
    document or an earlier import."""
    identities = list(candidates)
    known: set[tuple[int, int, int, int]] = set()
    for start in range(0, len(identities), BATCH):
        hashes = {identity[2] for identity in identities[start : start + BATCH]}
        known.update(
            MemoryEntry.objects.filter(source_hash__in=hashes).values_list(
                "source_language_id", "target_language_id", "source_hash", "target_hash"
            )
        )
    return [entry for identity, entry in candidates.items() if identity not in known]


# --- pre-filling a document -----------------------------------------------------------------


class PrefillError(ValueError):
    """The pre-fill could not be stored; nothing was."""


@dataclass(frozen=True)
class PrefillResult:
    filled: int
    untranslated: int


def _best_exact_matches(
    units: Sequence[tuple[int, str, str, int]], source_language_id: int, target_language_id: int
) -> dict[int, MemoryEntry]:
    """For units (unit id, source markup, normalised, hash): the best memory entry whose
    normalised source is the unit's and whose inline markup (emphasis, links, footnote
    labels) is the same, so the stored translation's markup fits the unit. Best: the
    identical source, then approved, then the most recent."""
    by_hash: dict[int, list[tuple[int, str, str]]] = {}
    for unit_id, source, normalised, digest in units:
        by_hash.setdefault(digest, []).append((unit_id, source, normalised))
    best: dict[int, tuple[tuple, MemoryEntry]] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), BATCH):
        entries = MemoryEntry.objects.filter(
            source_language_id=source_language_id,
            target_language_id=target_language_id,
            source_hash__in=hashes[start : start + BATCH],
        ).only("id", "source", "source_norm", "source_hash", "target", "status", "updated_at")
        for entry in entries:
            entry_tags = markup.tags_of(entry.source)
            for unit_id, source, normalised in by_hash.get(entry.source_hash, ()):
                if entry.source_norm != normalised or markup.tags_of(source) != entry_tags:
                    continue
                rank = (
                    entry.source == source,
                    entry.status == STATUS_APPROVED,
                    entry.updated_at,
                    entry.pk,
                )
                if unit_id not in best or rank > best[unit_id][0]:
                    best[unit_id] = (rank, entry)
    return {unit_id: entry for unit_id, (_, entry) in best.items()}


def prefill_from_memory(
    document: Document, language: Language, *, user=None, check_permission: bool = True
) -> PrefillResult:
    """Fill the document's untranslated units into `language` with exact memory matches:
    status translated (needs review, never approved), origin memory, one Revision each, in
    one transaction. `check_permission=False` is for the command line."""
    if check_permission:
        permissions.require_translate(user, language)
    has_text = Exists(
        Translation.objects.filter(unit=OuterRef("pk"), language=language).exclude(text="")
    )
    units = list(
        Unit.objects.filter(document=document, is_active=True)
        .filter(~has_text)
        .only("pk", "source", "checksum", "document_id")
    )
    candidates = []
    for unit in units:
        normalised = tm.normalize(unit.source)
        if normalised:
            candidates.append((unit.pk, unit.source, normalised, tm.text_hash(normalised)))
    matches = _best_exact_matches(candidates, document.source_language_id, language.pk)
    if not matches:
        return PrefillResult(0, len(units))
    # Units with an emptied translation keep their row (and history); the version each had
    # when it was found empty makes a save in between a conflict, never an overwrite.
    seen_versions = dict(
        Translation.objects.filter(
            unit__document=document, unit__is_active=True, language=language, text=""
        ).values_list("unit_id", "version")
    )
    comment = _("Pre-filled from the translation memory.")
    # Imported here: services.translations imports this module.
    from workbench.services.translations import (
        ConflictError,
        Write,
        refresh_aids_for,
        save_translations,
    )

    writes = [
        Write(
            unit, matches[unit.pk].target, status=STATUS_TRANSLATED,
            base_version=seen_versions.get(unit.pk, 0), comment=comment,
        )
        for unit in units
        if unit.pk in matches
    ]
    try:
        with transaction.atomic():
            results = save_translations(
                user, language, writes, origin=ORIGIN_MEMORY, action=Revision.ACTION_IMPORT,
                check_permission=check_permission,
            )
            rows = [result.translation for result in results if result.changed]
            refresh_aids_for(rows)  # the checks and the memory, as every save does
    except ConflictError:
        # Somebody saved one of these units while we were filling: their text wins.
        raise PrefillError(
            _("Someone translated units of this document meanwhile; run the pre-fill again.")
        ) from None
    return PrefillResult(len(rows), len(units))


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
