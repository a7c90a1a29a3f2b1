"""Rows for the exporters: every active unit with its translation per language.

Two queries for any document size (units, then translations of the wanted languages), then
plain records for the pure writers in workbench/formats."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.utils import timezone, translation
from django.utils.translation import get_language, pgettext

from workbench import export_signature
from workbench import status as status_rules
from workbench.formats.html import Labels, bilingual_html, monolingual_html
from workbench.formats.po import (
    HEADER_DOCUMENT,
    HEADER_EXPORTED_AT,
    HEADER_SIGNATURE,
    export_po,
    exported_at_text,
    po_language_code,
)
from workbench.formats.po_catalog import (
    OutEntry,
    entry_from_stored,
    initialised_header,
    nplurals_of,
    same_forms,
    write_catalog,
)
from workbench.formats.po_escapes import pictures_as_controls
from workbench.models import (
    Document,
    DocumentCatalog,
    Language,
    Translation,
    Unit,
    UnitCatalogEntry,
    UnitSource,
)
from workbench.text.language_names import display_name
from workbench.text.languages import primary_subtag, tag_key
from workbench.text.markup import to_plain
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


@dataclass(frozen=True, slots=True)
class _Row:
    """What the exports read of a translation (status_rules.effective_status takes it)."""

    text: str
    status: str
    source_checksum: str


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
    by_unit: dict[int, dict[str, _Row]] = {}
    # Plain rows, not model instances: a book's 10,000 translations cost a third as much.
    translations = (
        Translation.objects.filter(
            unit__document=document, unit__is_active=True, language__in=languages
        )
        .exclude(text="")
        .values_list("unit_id", "language_id", "text", "status", "source_checksum")
    )
    code_of = {lang.pk: lang.code for lang in languages}
    outdated_sources: set[tuple[int, str]] = set()
    for unit_id, language_id, text, status, made_from in translations:
        by_unit.setdefault(unit_id, {})[code_of[language_id]] = _Row(text, status, made_from)
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


def _as_read(texts: list[str], read: Sequence[str]) -> bool:
    """Whether a plural translation is the one its catalog entry was read with (the stored
    forms may be padded with empty ones, and lose outer white space)."""
    if not read or any(text.strip() for text in texts[len(read) :]):
        return False
    return same_forms((texts + [""] * len(read))[: len(read)], read)


def _outer_space_as_read(text: str, read: Sequence[str], msgid: str) -> str:
    """A catalog's translation with the outer white space its message has: stored texts lose
    theirs (the one gate strips them), but in a catalog "  -h, --help ...\n" and "Usage:
    ...\n\n" are the message, and msgfmt --check wants a msgstr to end in a newline where
    its msgid does. The space comes from the msgstr as read, else from the msgid."""
    if not text.strip() or text != text.strip():
        return text
    model = read[0] if read and read[0].strip() else msgid
    if not model.strip():
        return text
    return model[: len(model) - len(model.lstrip())] + text + model[len(model.rstrip()) :]


def po_export(document: Document, language: Language) -> bytes:
    """The document as a PO catalog: the file it came from when it is a gettext catalog
    (`catalog_export`), else the workbench's own layout (formats/po.py)."""
    now = timezone.now()
    signature = export_signature.sign(document.slug, language.code, exported_at_text(now))
    catalog = DocumentCatalog.objects.filter(document=document).first()
    if catalog is not None:
        return catalog_export(document, language, catalog, now=now, signature=signature)
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


def catalog_export(
    document: Document, language: Language, catalog: DocumentCatalog, *, now, signature: str
) -> bytes:
    """A gettext catalog imported as a document, back as that file: its header, every active
    unit's entry (exactly as read where the translation is the one read), units removed by a
    later version as obsolete entries where they have a translation, and the file's own
    obsolete entries. Three queries whatever the size."""
    data = catalog.data
    same = bool(data.get("language")) and tag_key(language.code) == tag_key(data["language"])
    # The file's own Plural-Forms when it is its language (Django's French has 3 forms).
    plural_forms = data.get("plural_forms") if same else language.plural_forms
    nplurals = nplurals_of(plural_forms or language.plural_forms) or 2
    units = list(
        Unit.objects.filter(document=document)
        .order_by("position")
        .values_list("id", "is_active", "checksum")
    )
    entries = dict(
        UnitCatalogEntry.objects.filter(unit__document=document).values_list("unit_id", "data")
    )
    translations = {
        t.unit_id: t
        for t in Translation.objects.filter(unit__document=document, language=language)
        .exclude(text="")
        .only("unit_id", "text", "plural_texts", "status", "source_checksum")
    }
    # An outdated translation is fuzzy with the msgid it was made from (msgmerge's `#|`).
    checksums = {unit_id: checksum for unit_id, _, checksum in units}
    stale = {(t.unit_id, t.source_checksum) for t in translations.values()
             if t.source_checksum != checksums.get(t.unit_id)}  # fmt: skip
    previous = {
        (unit_id, checksum): pictures_as_controls(to_plain(text))
        for unit_id, checksum, text in UnitSource.objects.filter(
            unit_id__in={unit_id for unit_id, _ in stale}
        ).values_list("unit_id", "checksum", "text")
        if (unit_id, checksum) in stale
    }
    active: list[OutEntry] = []
    removed: list[OutEntry] = []
    for unit_id, is_active, checksum in units:
        stored = entries.get(unit_id)
        if stored is None:
            continue
        entry = entry_from_stored(stored)
        t = translations.get(unit_id)
        # A plural entry has a form per plural form of the language, but one left as the file
        # had it (fewer empty forms, or a count of its own) is written back as it was read.
        if t is None:
            if entry.msgid_plural is None:
                forms: tuple[str, ...] = ("",)
            elif same and entry.msgstr and not any(entry.msgstr):
                forms = ("",) * len(entry.msgstr)
            else:
                forms = ("",) * max(nplurals, len(entry.msgstr) if same else 0)
            fuzzy = False
        else:
            # Controls were stored as their pictures (formats/po_escapes.py).
            texts = [
                pictures_as_controls(to_plain(text)) for text in [t.text, *(t.plural_texts or [])]
            ]
            if entry.msgid_plural is None:
                forms = (_outer_space_as_read(texts[0], entry.msgstr[:1], entry.msgid),)
            elif same and _as_read(texts, entry.msgstr):
                forms = tuple(entry.msgstr)
            else:
                want = max(nplurals, len(texts), len(entry.msgstr) if same else 0)
                forms = tuple(
                    _outer_space_as_read(
                        text, entry.msgstr[n : n + 1], entry.msgid if n == 0 else entry.msgid_plural
                    )
                    for n, text in enumerate((texts + [""] * want)[:want])
                )
            status = status_rules.effective_status(t, checksum)
            fuzzy = status in (STATUS_DRAFT, STATUS_OUTDATED)
            made_from = previous.get((unit_id, t.source_checksum))
            if status == STATUS_OUTDATED and made_from is not None:
                entry = dataclasses.replace(
                    entry,
                    previous_msgctxt=entry.msgctxt,
                    previous_msgid=made_from,
                    previous_msgid_plural=None,
                )
        if is_active:
            active.append(OutEntry(entry, forms, fuzzy, same_language=same))
        elif t is not None:
            removed.append(OutEntry(entry, forms, fuzzy, obsolete=True, same_language=same))
    header = data.get("header") or (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"'
    )
    replace = []
    if not same:
        header = initialised_header(header)
        replace = [
            ("Language", po_language_code(language.code)),
            ("Plural-Forms", language.plural_forms),
        ]
    extra = [
        (HEADER_DOCUMENT, document.slug),
        (HEADER_EXPORTED_AT, exported_at_text(now)),
    ]
    if signature:
        extra.append((HEADER_SIGNATURE, signature))
    return write_catalog(
        header,
        [*active, *removed],
        data.get("obsolete") or [],
        charset=data.get("charset") or "UTF-8",
        replace_headers=replace,
        extra_headers=extra,
    )
