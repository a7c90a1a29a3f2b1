"""Taking back a PO file exported by the workbench and translated offline.

    summary = import_po(actor, document, language, data)

The file may have been re-wrapped, reordered, commented and partly marked fuzzy by Poedit,
Lokalize, OmegaT, msgcat or by hand. Entries are matched to units by `msgctxt` (the unit
key). A fuzzy entry comes in as a draft, any other as translated; nothing is ever approved by
an import.

Nothing online is overwritten when it may not be what the translator saw. These entries are
conflicts: the PO text is kept as a "suggestion" Revision (in the unit's history, where it
can be restored) and the unit is left alone:

- the unit no longer exists in the document (inactive after a source update), or its key is
  unknown (reported only: there is no unit to keep a suggestion on);
- the entry's msgid is not the unit's current source: the source changed since the export;
- the unit's translation is approved (for its current source) and the importer is not a
  reviewer of the language: translators do not overwrite approved translations;
- the unit's translation changed online after the export. The export time is the file's
  `X-Workbench-Exported-At` header (formats/po.py writes it with microseconds; editors keep
  X- headers, unlike PO-Revision-Date, which they rewrite on every save), trusted only when
  the file's `X-Workbench-Signature` verifies (workbench/export_signature.py: an HMAC with
  the site's key over document, language and that time). A file's own dates are the
  client's to edit: without a valid signature (an older export, a forged or re-dated file)
  the export time is unknown, any online text that differs from the entry is a conflict,
  and the summary says so. The rule is by time, not by text, because the file does not
  carry the text the export saw: the safe side is to keep the online text and offer the PO
  text as a suggestion.

Entries with an empty msgstr are skipped, as are entries whose text and fuzzy state match the
unit's (unchanged). A file for another document or language, in another charset, or not a PO
file at all is refused with a message and nothing is stored; everything is one transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workbench import export_signature, limits, permissions
from workbench.formats.po import (
    HEADER_DOCUMENT,
    HEADER_EXPORTED_AT,
    HEADER_SIGNATURE,
    PoCatalog,
    PoError,
    PoRecord,
    parse_exported_at,
    read_po,
)
from workbench.formats.po_catalog import read_catalog, source_markup, translation_markup
from workbench.models import (
    Document,
    DocumentCatalog,
    Language,
    Translation,
    TranslationProblem,
    Unit,
    UnitCatalogEntry,
)
from workbench.selectors.quality import problem_message
from workbench.services import writes
from workbench.services.errors import ConflictError, ServiceError
from workbench.services.writes import Change
from workbench.text import markup
from workbench.text.fingerprint import source_checksum
from workbench.text.languages import is_same_or_regional
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

# Why an entry was skipped or is a conflict (stable codes; `reason_text` words them).
SKIP_EMPTY = "empty"
SKIP_NO_CONTEXT = "no-context"
SKIP_UNKNOWN_ENTRY = "unknown-entry"  # a gettext catalog's entry the document does not have
SKIP_TOO_LONG = "too-long"
CONFLICT_UNKNOWN_UNIT = "unknown-unit"
CONFLICT_UNIT_REMOVED = "unit-removed"
CONFLICT_SOURCE_CHANGED = "source-changed"
CONFLICT_EDITED_ONLINE = "edited-online"
CONFLICT_APPROVED = "approved"

log = logging.getLogger(__name__)


def reason_text(code: str) -> str:
    return {
        SKIP_EMPTY: _("no translation in the file"),
        SKIP_NO_CONTEXT: _("no msgctxt: not a unit of this document"),
        SKIP_UNKNOWN_ENTRY: _(
            "no entry with this msgctxt and msgid in the document (its source changed, or it "
            "is not from this catalog)"
        ),
        SKIP_TOO_LONG: _("the translation is longer than %(limit)d characters")
        % {"limit": limits.translation_chars()},
        CONFLICT_UNKNOWN_UNIT: _("no unit with this key in the document"),
        CONFLICT_UNIT_REMOVED: _("the unit was removed from the source since the export"),
        CONFLICT_SOURCE_CHANGED: _("the source text changed since the export"),
        CONFLICT_EDITED_ONLINE: _("the translation was changed online since the export"),
        CONFLICT_APPROVED: _("the translation is approved: only a reviewer may change it"),
    }.get(code, code)


class PoImportError(ServiceError):
    """The file cannot be imported at all; the message is for people. Nothing was stored."""


@dataclass(frozen=True)
class ImportedEntry:
    key: str
    status: str  # draft or translated
    problems: tuple[str, ...] = ()  # quality-check messages ("error: ..."/"warning: ...")


@dataclass(frozen=True)
class SkippedEntry:
    key: str | None
    line: int
    reason: str


@dataclass(frozen=True)
class ConflictEntry:
    key: str
    line: int
    reason: str
    kept_as_suggestion: bool


@dataclass
class PoImportSummary:
    document: Document
    language: Language
    imported: list[ImportedEntry] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    conflicts: list[ConflictEntry] = field(default_factory=list)
    obsolete: int = 0  # `#~` entries, ignored
    # False when the file's export time could not be verified (no valid signature): every
    # online text that differs from the file's was then kept (conflicts, not overwrites).
    export_time_verified: bool = True

    def export_time_note(self) -> str:
        """Why entries translated online were all kept, when the export time is unknown."""
        if self.export_time_verified:
            return ""
        return _(
            "The file's export time could not be verified (it has no valid workbench "
            "signature): every translation that differs online was kept, and the file's "
            "text offered as a suggestion."
        )

    def lines(self) -> list[str]:
        """The summary for people: totals, then one line per conflict, skip and problem."""
        out = [
            _("Imported: %(n)d (%(t)d translated, %(d)d drafts)")
            % {
                "n": len(self.imported),
                "t": sum(1 for e in self.imported if e.status == STATUS_TRANSLATED),
                "d": sum(1 for e in self.imported if e.status == STATUS_DRAFT),
            },
            _("Unchanged: %(n)d") % {"n": len(self.unchanged)},
            _("Skipped: %(n)d") % {"n": len(self.skipped)},
            _("Conflicts (kept as suggestions, not imported): %(n)d") % {"n": len(self.conflicts)},
        ]
        if self.obsolete:
            out.append(_("Obsolete entries ignored: %(n)d") % {"n": self.obsolete})
        if not self.export_time_verified:
            out.append(self.export_time_note())
        for c in self.conflicts:
            out.append(
                _("conflict %(key)s (line %(line)d): %(reason)s")
                % {"key": c.key, "line": c.line, "reason": reason_text(c.reason)}
            )
        for s in self.skipped:
            out.append(
                _("skipped %(key)s (line %(line)d): %(reason)s")
                % {"key": s.key or "-", "line": s.line, "reason": reason_text(s.reason)}
            )
        for e in self.imported:
            for problem in e.problems:
                out.append(_("check %(key)s: %(problem)s") % {"key": e.key, "problem": problem})
        return out


def _catalog(
    data: bytes, document: Document, language: Language, plurals: dict[str, tuple[str, ...]]
) -> PoCatalog:
    try:
        if DocumentCatalog.objects.filter(document=document).exists():
            catalog = _as_unit_records(data, document, plurals)
        else:
            catalog = read_po(data)
    except PoError as exc:
        raise PoImportError(str(exc)) from exc
    if catalog.document is None:
        raise PoImportError(
            _(
                "This PO file was not exported by the workbench (it has no %(header)s header). "
                "Download the document's PO file, translate it and upload that."
            )
            % {"header": "X-Workbench-Document"}
        )
    if catalog.document != document.slug:
        raise PoImportError(
            _("This PO file belongs to the document %(other)s, not to %(slug)s.")
            % {"other": catalog.document, "slug": document.slug}
        )
    if not catalog.language:
        raise PoImportError(_("The PO file does not name its language (Language header)."))
    if not _same_language(catalog.language, language.code):
        raise PoImportError(
            _("This PO file is a translation into %(other)s, not into %(code)s.")
            % {"other": catalog.language, "code": language.code}
        )
    return catalog


def _as_unit_records(
    data: bytes, document: Document, plurals: dict[str, tuple[str, ...]]
) -> PoCatalog:
    """A gettext catalog imported as a document, back from offline: its entries (any charset,
    plural, one msgctxt for several msgids) matched to units by their exact msgctxt and msgid,
    as records keyed by unit key; the texts escaped (a catalog's text is plain). Plural
    forms 1, 2, ... go to `plurals` by unit key."""
    file = read_catalog(data)
    units = {
        (entry["msgctxt"], entry["msgid"]): key
        for key, entry in UnitCatalogEntry.objects.filter(unit__document=document).values_list(
            "unit__key", "data"
        )
    }
    sources = dict(Unit.objects.filter(document=document).values_list("key", "source"))
    records = []
    for entry in file.entries:
        key = units.get((entry.msgctxt, entry.msgid))
        forms = [translation_markup(form) for form in entry.msgstr]
        if key is not None and entry.msgid_plural is not None:
            plurals[key] = tuple(forms[1:])
        records.append(
            PoRecord(
                msgctxt=key,
                msgid=sources.get(key or "", source_markup(entry.msgid)),
                msgstr=forms[0] if forms else "",
                fuzzy=entry.fuzzy,
                previous_msgid=entry.previous_msgid,
                comment=entry.comment,
                tcomment=entry.tcomment,
                line=entry.line,
            )
        )
    metadata = file.metadata
    exported_at_text = metadata.get(HEADER_EXPORTED_AT, "").strip()
    return PoCatalog(
        records=records,
        metadata=metadata,
        language=file.language,
        document=metadata.get(HEADER_DOCUMENT, "").strip() or None,
        exported_at=parse_exported_at(exported_at_text),
        obsolete=len(file.obsolete),
        exported_at_text=exported_at_text,
        signature=metadata.get(HEADER_SIGNATURE, "").strip(),
    )


def _same_language(po_tag: str, code: str) -> bool:
    """Equal tags, or the file names a regional form of the target (de-DE for de): editors
    such as Poedit fill in the region when a translator picks their locale."""
    return is_same_or_regional(po_tag, code)


def _exported_since(catalog: PoCatalog, document: Document, language: Language) -> datetime | None:
    """When the file was exported, if its signature vouches for it; see the module
    docstring. None: unknown (every differing online text is a conflict)."""
    if catalog.exported_at is None:
        return None
    signed = export_signature.is_valid(
        catalog.signature, document.slug, language.code, catalog.exported_at_text
    )
    if not signed:
        log.info("PO import into %s/%s: export time %r not signed by this site",
                 document.slug, language.code, catalog.exported_at_text[:40])  # fmt: skip
        return None
    return catalog.exported_at


def _fuzzy_online(translation: Translation | None, unit: Unit) -> bool:
    """Whether the export wrote this unit's translation as fuzzy (draft or outdated)."""
    if translation is None or not translation.text:
        return False
    if translation.source_checksum != unit.checksum:
        return True  # outdated
    return translation.status == STATUS_DRAFT


def import_po(actor, document: Document, language: Language, data: bytes) -> PoImportSummary:
    """Import the translations of a PO file; see the module docstring for the rules.

    Raises PoImportError (nothing stored) or PermissionDenied (translators and reviewers of
    the language, and site admins, may import)."""
    permissions.require_translate(actor, language)
    if language.pk == document.source_language_id:
        raise PoImportError(
            _("%(code)s is the document's source language, not a translation.")
            % {"code": language.code}
        )
    plurals: dict[str, tuple[str, ...]] = {}
    catalog = _catalog(data, document, language, plurals)
    is_catalog = DocumentCatalog.objects.filter(document=document).exists()
    since = _exported_since(catalog, document, language)
    summary = PoImportSummary(
        document=document,
        language=language,
        obsolete=catalog.obsolete,
        export_time_verified=since is not None,
    )
    try:
        with transaction.atomic():
            _apply(
                actor, document, language, catalog, since, summary, plurals if is_catalog else None
            )
    except (IntegrityError, ConflictError) as exc:
        # A translation row created by someone else between our lock and our insert.
        log.info("PO import into %s/%s met a concurrent save", document.slug, language.code)
        raise PoImportError(
            _("Someone saved a translation of this document during the import; try again.")
        ) from exc
    log.info(
        "PO import into %s/%s: %d imported, %d unchanged, %d conflicts, %d skipped",
        document.slug,
        language.code,
        len(summary.imported),
        len(summary.unchanged),
        len(summary.conflicts),
        len(summary.skipped),
    )
    return summary


def _apply(
    actor,
    document: Document,
    language: Language,
    catalog: PoCatalog,
    since: datetime | None,
    summary: PoImportSummary,
    plurals: dict[str, tuple[str, ...]] | None = None,
) -> None:
    units = {s.key: s for s in Unit.objects.filter(document=document)}
    # Locked for the whole import: no online save slips in between our check and our write.
    current = {
        t.unit_id: t
        for t in Translation.objects.select_for_update().filter(
            unit__document=document, language=language
        )
    }
    may_change_approved = permissions.can_change_approved(actor, language)
    changes: list[Change] = []
    entries: list[ImportedEntry] = []
    suggestions: list[tuple[Unit, str, str, str, str]] = []

    def suggest(unit: Unit, text: str, status: str, made_from: str, reason: str) -> None:
        comment = _("PO import: %(reason)s") % {"reason": reason_text(reason)}
        suggestions.append((unit, text, status, made_from, comment))

    for record in catalog.records:
        if record.msgctxt is None:
            reason = SKIP_UNKNOWN_ENTRY if plurals is not None else SKIP_NO_CONTEXT
            summary.skipped.append(SkippedEntry(None, record.line, reason))
            continue
        key = record.msgctxt
        # Offline tools know no markup: "<Ctrl>" in a msgstr is text, not an unknown tag.
        text = markup.sanitize_inline(markup.keep_angle_text(record.msgstr)).strip()
        if not text:
            summary.skipped.append(SkippedEntry(key, record.line, SKIP_EMPTY))
            continue
        if writes.too_long(text):
            summary.skipped.append(SkippedEntry(key, record.line, SKIP_TOO_LONG))
            continue
        status = STATUS_DRAFT if record.fuzzy else STATUS_TRANSLATED
        unit = units.get(key)
        if unit is None:
            summary.conflicts.append(ConflictEntry(key, record.line, CONFLICT_UNKNOWN_UNIT, False))
            continue
        made_from = source_checksum(record.msgid)
        if not unit.is_active:
            suggest(unit, text, status, made_from, CONFLICT_UNIT_REMOVED)
            summary.conflicts.append(ConflictEntry(key, record.line, CONFLICT_UNIT_REMOVED, True))
            continue
        if made_from != unit.checksum:
            suggest(unit, text, status, made_from, CONFLICT_SOURCE_CHANGED)
            summary.conflicts.append(ConflictEntry(key, record.line, CONFLICT_SOURCE_CHANGED, True))
            continue
        row = current.get(unit.pk)
        online_text = row.text if row is not None else ""
        forms = (plurals or {}).get(key)
        same_forms = forms is None or (row is not None and list(forms) == row.plural_texts)
        if online_text == text and record.fuzzy == _fuzzy_online(row, unit) and same_forms:
            summary.unchanged.append(key)
            continue
        if (
            row is not None
            and row.status == STATUS_APPROVED
            and online_text
            and row.source_checksum == unit.checksum
            and not may_change_approved
        ):
            suggest(unit, text, status, made_from, CONFLICT_APPROVED)
            summary.conflicts.append(ConflictEntry(key, record.line, CONFLICT_APPROVED, True))
            continue
        if row is not None and online_text and (since is None or row.updated_at > since):
            suggest(unit, text, status, made_from, CONFLICT_EDITED_ONLINE)
            summary.conflicts.append(ConflictEntry(key, record.line, CONFLICT_EDITED_ONLINE, True))
            continue
        # msgctxt is unique in a catalog: each unit comes once.
        version = row.version if row is not None else 0
        changes.append(Change(unit, text, status=status, base_version=version, plurals=forms))
        entries.append(ImportedEntry(key, status))

    if suggestions:
        writes.record_suggestions(actor, language, suggestions)
    if changes:
        results = writes.write(actor, language, changes, kind=writes.IMPORT)
        problems = _problem_messages([result.translation.pk for result in results])
        summary.imported.extend(
            ImportedEntry(entry.key, entry.status, tuple(problems.get(result.translation.pk, ())))
            for result, entry in zip(results, entries, strict=True)
        )


def _problem_messages(ids: list[int]) -> dict[int, list[str]]:
    """The stored quality-check problems of the imported translations (the pipeline has just
    refreshed them), as messages per translation."""
    messages: dict[int, list[str]] = defaultdict(list)
    for problem in TranslationProblem.objects.filter(translation_id__in=ids).order_by("id"):
        severity = _("error") if problem.severity == "error" else _("warning")
        messages[problem.translation_id].append(f"{severity}: {problem_message(problem)}")
    return messages


__all__ = [
    "CONFLICT_APPROVED",
    "CONFLICT_EDITED_ONLINE",
    "CONFLICT_SOURCE_CHANGED",
    "CONFLICT_UNIT_REMOVED",
    "CONFLICT_UNKNOWN_UNIT",
    "SKIP_EMPTY",
    "SKIP_NO_CONTEXT",
    "SKIP_UNKNOWN_ENTRY",
    "SKIP_TOO_LONG",
    "ConflictEntry",
    "ImportedEntry",
    "PoImportError",
    "PoImportSummary",
    "SkippedEntry",
    "import_po",
    "reason_text",
]
