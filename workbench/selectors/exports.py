"""Rows for the exporters: every active unit with its translation per language.

Two queries for any document size (units, then translations of the wanted languages), then
plain records for the pure writers in workbench/formats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.utils import timezone, translation
from django.utils.translation import get_language, pgettext

from workbench import export_signature
from workbench import status as status_rules
from workbench.formats.html import Labels, bilingual_html, monolingual_html
from workbench.formats.po import export_po, exported_at_text
from workbench.models import Document, Language, Translation, Unit, UnitSource
from workbench.text.language_names import display_name
from workbench.text.languages import primary_subtag
from workbench.text.records import (
    STATUS_DRAFT,
    STATUS_OUTDATED,
    STATUS_UNTRANSLATED,
    DocumentInfo,
    ExportRow,
    LanguageInfo,
    TranslationRecord,
    UnitRecord,
)


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        slug=document.slug, title=document.title, source_language=document.source_language.info()
    )


def export_rows(document: Document, languages: Sequence[Language]) -> list[ExportRow]:
    units = list(
        Unit.objects.filter(document=document, is_active=True)
        .order_by("position")
        .values_list("id", "key", "position", "kind", "source", "level", "label", "checksum")
    )
    by_unit: dict[int, dict[str, Translation]] = {}
    translations = (
        Translation.objects.filter(
            unit__document=document, unit__is_active=True, language__in=languages
        )
        .exclude(text="")
        .only("unit_id", "language_id", "text", "status", "source_checksum")
    )
    code_of = {lang.pk: lang.code for lang in languages}
    outdated_sources: set[tuple[int, str]] = set()
    for t in translations:
        by_unit.setdefault(t.unit_id, {})[code_of[t.language_id]] = t
    checksum_of = {u[0]: u[7] for u in units}
    for seg_id, per_lang in by_unit.items():
        for t in per_lang.values():
            if t.source_checksum != checksum_of.get(seg_id):
                outdated_sources.add((seg_id, t.source_checksum))
    previous: dict[tuple[int, str], str] = {}
    if outdated_sources:
        # Only outdated units need their earlier source (PO `#| msgid`).
        seg_ids = {s for s, _ in outdated_sources}
        for seg_id, checksum, text in UnitSource.objects.filter(unit_id__in=seg_ids).values_list(
            "unit_id", "checksum", "text"
        ):
            if (seg_id, checksum) in outdated_sources:
                previous[(seg_id, checksum)] = text
    rows = []
    for seg_id, key, position, kind, source, level, label, checksum in units:
        per_lang = by_unit.get(seg_id, {})
        records: dict[str, TranslationRecord | None] = {}
        for lang in languages:
            t = per_lang.get(lang.code)
            if t is None:
                records[lang.code] = None
                continue
            status = status_rules.effective_status(t, checksum)
            records[lang.code] = TranslationRecord(
                text=t.text,
                status=status,
                previous_source=previous.get((seg_id, t.source_checksum))
                if status == STATUS_OUTDATED
                else None,
            )
        rows.append(
            ExportRow(
                unit=UnitRecord(
                    key=key, position=position, kind=kind, source=source, level=level, label=label
                ),
                translations=records,
            )
        )
    return rows


def po_export(document: Document, language: Language) -> bytes:

    now = timezone.now()
    signature = export_signature.sign(document.slug, language.code, exported_at_text(now))
    return export_po(
        document_info(document),
        language.info(),
        export_rows(document, [language]),
        generated_at=now,
        signature=signature,
    )


def export_labels(code: str):
    """The exported page's own words (status badges, the unit-number heading) in the
    language `code` when the UI catalogs have it, else in English; either way the labels say
    which language they are in."""

    with translation.override(code):
        labels = Labels(
            untranslated=status_rules.status_label(STATUS_UNTRANSLATED),
            draft=status_rules.status_label(STATUS_DRAFT),
            outdated=status_rules.status_label(STATUS_OUTDATED),
            unit_number=pgettext("unit number column", "No."),
            lang=code,
        )
    if labels.untranslated == "untranslated" and primary_subtag(code) != "en":
        return Labels()  # no catalog for this language: English, marked as English
    return labels


def bilingual_html_export(document: Document, languages: Sequence[Language]) -> bytes:
    """Labels in the target language for one target, in the reader's UI language for
    several (a badge in the French column would otherwise be German)."""

    code = languages[0].code if len(languages) == 1 else (get_language() or "en")
    labels = export_labels(code)
    # The column headers are language names in the labels' language ("Englisch | Deutsch"
    # in a German export), as CLDR writes them.
    info = document_info(document)
    source = _named_in(info.source_language, labels.lang)
    return bilingual_html(
        replace(info, source_language=source),
        [_named_in(lang.info(), labels.lang) for lang in languages],
        export_rows(document, languages),
        labels=labels,
    )


def _named_in(language: LanguageInfo, reader: str) -> LanguageInfo:
    return replace(language, name=display_name(language.code, reader) or language.name)


def monolingual_html_export(document: Document, language: Language) -> bytes:
    """The translated document, its badges in its own language."""

    return monolingual_html(
        document_info(document),
        language.info(),
        export_rows(document, [language]),
        labels=export_labels(language.code),
    )
