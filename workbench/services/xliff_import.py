"""Taking back an XLIFF 1.2 or 2.0 file exported by the workbench and translated in a CAT tool.

    summary = import_xliff(actor, document, language, data)

The rules are those of the PO import (services/po_import.py), which this module shares its
summary, reason codes and wording with: units are matched by key (the trans-unit/unit id the
export wrote); a target in a needs-work state comes in as a draft, any other as translated,
nothing as approved; a unit whose source changed, that was removed, that is approved (for a
translator) or whose translation changed online since the export (by the signed
`wb:exported-at` time; unknown time: every differing online text) is a conflict, and the
file's text is kept as a suggestion. A file for another document or language, or not XLIFF,
is refused and nothing is stored; everything is one transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workbench import export_signature, limits, permissions
from workbench.formats.xliff import XliffError, XliffFile, read_xliff
from workbench.models import Document, Language, Translation, Unit
from workbench.services import writes
from workbench.services.errors import ConflictError
from workbench.services.po_import import (
    CONFLICT_APPROVED,
    CONFLICT_EDITED_ONLINE,
    CONFLICT_SOURCE_CHANGED,
    CONFLICT_UNIT_REMOVED,
    CONFLICT_UNKNOWN_UNIT,
    SKIP_EMPTY,
    SKIP_NO_CONTEXT,
    SKIP_TOO_LONG,
    ConflictEntry,
    ImportedEntry,
    PoImportError,
    PoImportSummary,
    SkippedEntry,
    _fuzzy_online,
    _problem_messages,
    reason_text,
)
from workbench.services.writes import Change
from workbench.text import markup
from workbench.text.fingerprint import source_checksum
from workbench.text.languages import is_same_or_regional
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

log = logging.getLogger(__name__)


class XliffImportError(PoImportError):
    """The file cannot be imported at all; the message is for people. Nothing was stored."""


def _file(data: bytes, document: Document, language: Language) -> XliffFile:
    try:
        parsed = read_xliff(data, limits.file_limits())
    except XliffError as exc:
        raise XliffImportError(str(exc)) from exc
    if parsed.document is None or parsed.document != document.slug:
        raise XliffImportError(
            _("This XLIFF file belongs to the document %(other)s, not to %(slug)s.")
            % {"other": parsed.document or "?", "slug": document.slug}
        )
    if not parsed.target_language:
        raise XliffImportError(_("The XLIFF file does not name its target language."))
    if not is_same_or_regional(parsed.target_language, language.code):
        raise XliffImportError(
            _("This XLIFF file is a translation into %(other)s, not into %(code)s.")
            % {"other": parsed.target_language, "code": language.code}
        )
    return parsed


def _exported_since(parsed: XliffFile, document: Document, language: Language) -> datetime | None:
    if parsed.exported_at is None:
        return None
    if not export_signature.is_valid(
        parsed.signature, document.slug, language.code, parsed.exported_at_text
    ):
        log.info("XLIFF import into %s/%s: export time not signed by this site",
                 document.slug, language.code)  # fmt: skip
        return None
    return parsed.exported_at


def import_xliff(actor, document: Document, language: Language, data: bytes) -> PoImportSummary:
    """Import the targets of an XLIFF file; see the module docstring for the rules.

    Raises XliffImportError (nothing stored) or PermissionDenied."""
    permissions.require_translate(actor, language)
    if language.pk == document.source_language_id:
        raise XliffImportError(
            _("%(code)s is the document's source language, not a translation.")
            % {"code": language.code}
        )
    parsed = _file(data, document, language)
    since = _exported_since(parsed, document, language)
    summary = PoImportSummary(
        document=document, language=language, export_time_verified=since is not None
    )
    try:
        with transaction.atomic():
            _apply(actor, document, language, parsed, since, summary)
    except (IntegrityError, ConflictError) as exc:
        raise XliffImportError(
            _("Someone saved a translation of this document during the import; try again.")
        ) from exc
    log.info(
        "XLIFF %s import into %s/%s: %d imported, %d unchanged, %d conflicts, %d skipped",
        parsed.version,
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
    parsed: XliffFile,
    since: datetime | None,
    summary: PoImportSummary,
) -> None:
    units = {u.key: u for u in Unit.objects.filter(document=document)}
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
    seen: set[str] = set()

    def conflict(unit: Unit, text: str, status: str, made_from: str, reason: str, line: int):
        comment = _("XLIFF import: %(reason)s") % {"reason": reason_text(reason)}
        suggestions.append((unit, text, status, made_from, comment))
        summary.conflicts.append(ConflictEntry(unit.key, line, reason, True))

    for record in parsed.units:
        if not record.key or record.key in seen:
            summary.skipped.append(SkippedEntry(record.key or None, record.line, SKIP_NO_CONTEXT))
            continue
        seen.add(record.key)
        # The file's text nodes are text (escaped by the reader); its codes pass the one gate.
        text = markup.sanitize_inline(record.target or "").strip()
        if not text:
            summary.skipped.append(SkippedEntry(record.key, record.line, SKIP_EMPTY))
            continue
        if writes.too_long(text):
            summary.skipped.append(SkippedEntry(record.key, record.line, SKIP_TOO_LONG))
            continue
        status = STATUS_DRAFT if record.draft else STATUS_TRANSLATED
        unit = units.get(record.key)
        if unit is None:
            summary.conflicts.append(
                ConflictEntry(record.key, record.line, CONFLICT_UNKNOWN_UNIT, False)
            )
            continue
        made_from = source_checksum(markup.sanitize_inline(record.source))
        if not unit.is_active:
            conflict(unit, text, status, made_from, CONFLICT_UNIT_REMOVED, record.line)
            continue
        if made_from != unit.checksum:
            conflict(unit, text, status, made_from, CONFLICT_SOURCE_CHANGED, record.line)
            continue
        row = current.get(unit.pk)
        online_text = row.text if row is not None else ""
        if online_text == text and record.draft == _fuzzy_online(row, unit):
            summary.unchanged.append(record.key)
            continue
        if (
            row is not None
            and row.status == STATUS_APPROVED
            and online_text
            and row.source_checksum == unit.checksum
            and not may_change_approved
        ):
            conflict(unit, text, status, made_from, CONFLICT_APPROVED, record.line)
            continue
        if row is not None and online_text and (since is None or row.updated_at > since):
            conflict(unit, text, status, made_from, CONFLICT_EDITED_ONLINE, record.line)
            continue
        version = row.version if row is not None else 0
        changes.append(Change(unit, text, status=status, base_version=version))
        entries.append(ImportedEntry(record.key, status))

    if suggestions:
        writes.record_suggestions(actor, language, suggestions)
    if changes:
        results = writes.write(actor, language, changes, kind=writes.IMPORT)
        problems = _problem_messages([result.translation.pk for result in results])
        summary.imported.extend(
            ImportedEntry(entry.key, entry.status, tuple(problems.get(result.translation.pk, ())))
            for result, entry in zip(results, entries, strict=True)
        )


__all__ = ["XliffImportError", "import_xliff"]
