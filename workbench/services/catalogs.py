"""Gettext catalogs made by other tools, imported as documents with their translations.

    result = import_catalog(actor, catalog, filename=..., source=en, target_code="fr")

A PO or POT file (formats/po_catalog.py reads it) becomes a document: one unit per entry,
its msgid as escaped text, and what gettext tools need kept beside the unit
(`UnitCatalogEntry`, `DocumentCatalog`) so that the export gives the file back. Its msgstr
come in, through the one write path (`writes.CATALOG`), as translations into the catalog's
language (its Language header, else the one given): fuzzy entries as drafts (their previous
msgid kept with the entry), the others as translated; plural entries with one text per form.

A second version of the catalog (`update_catalog`) updates the document as a source update
does (services/source_updates.py): units matched by text, translations kept, a unit whose
msgid changed keeps its translation, outdated (msgmerge's fuzzy match); removed entries
become inactive units, written back as obsolete entries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from workbench import limits, permissions
from workbench.formats.importers import DocumentError
from workbench.formats.importers.po import translations_of_blocks
from workbench.formats.po_catalog import Catalog, CatalogEntry, source_markup, translation_markup
from workbench.models import (
    Document,
    DocumentCatalog,
    Language,
    Translation,
    Unit,
    UnitCatalogEntry,
)
from workbench.services import writes
from workbench.services.errors import ServiceError
from workbench.services.languages import language_for
from workbench.services.writes import Change
from workbench.text import markup
from workbench.text.catalog_merge import NewEntry, OldEntry, merge_catalog
from workbench.text.languages import cldr_info, tag_key, tag_of_english_name, tag_of_file_name
from workbench.text.records import (
    KIND_PARAGRAPH,
    STATUS_DRAFT,
    STATUS_TRANSLATED,
    Block,
    ParsedDocument,
)
from workbench.text.source_diff import SourceDiff

log = logging.getLogger(__name__)


@dataclass
class CatalogCounts:
    """What the catalog's translations became (the import says it)."""

    language: str = ""
    translated: int = 0
    drafts: int = 0
    untranslated: int = 0
    plural_entries: int = 0
    obsolete: int = 0
    kept: int = 0  # an update: translations already online, left as they are
    lines_extra: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.language:
            out.append(
                _(
                    "Translations into %(language)s: %(translated)d translated, %(drafts)d "
                    "drafts (fuzzy), %(untranslated)d untranslated"
                )
                % {
                    "language": self.language,
                    "translated": self.translated,
                    "drafts": self.drafts,
                    "untranslated": self.untranslated,
                }
            )
        else:
            out.append(_("No translations (a template): %(n)d entries") % {"n": self.untranslated})
        if self.plural_entries:
            out.append(_("Plural entries: %(n)d") % {"n": self.plural_entries})
        if self.obsolete:
            out.append(_("Obsolete entries kept: %(n)d") % {"n": self.obsolete})
        if self.kept:
            out.append(_("Translations kept as they were online: %(n)d") % {"n": self.kept})
        return out + self.lines_extra


def parsed_blocks(catalog: Catalog, filename: str) -> ParsedDocument:
    """The catalog's entries as the blocks of a document (for the limits and source updates)."""
    blocks = []
    for entry in catalog.entries:
        text = markup.sanitize_inline(source_markup(entry.msgid))
        blocks.append(Block(kind=KIND_PARAGRAPH, text=text or source_markup(entry.msgid)))
    if not blocks:
        raise DocumentError(_("No text found in the file."))
    title = catalog.metadata.get("Project-Id-Version", "").strip() or filename
    return ParsedDocument(blocks=blocks, title=title, format="po")


@dataclass(frozen=True)
class TargetLanguage:
    language: Language | None  # None: a template (no translations and no language)
    note: str = ""  # how the language was found when the file did not name it by its tag


def target_language(
    actor, catalog: Catalog, target_code: str | None, source: Language, path: str = ""
) -> TargetLanguage:
    """The language of the catalog's msgstr: given, else its Language header (a tag, or a
    language's English name as some hand-made headers have it), else what the file's name
    or place says (`locale/fr/LC_MESSAGES/`, `fr.po`; `path` is the file's name, or its path
    on the command line)."""
    code = (target_code or catalog.language or "").strip()
    has_translations = any(entry.translated for entry in catalog.entries)
    note = ""
    if code and not target_code and cldr_info(code) is None:
        by_name = tag_of_english_name(catalog.metadata.get("Language", ""))
        if by_name:
            note = _("The Language header names %(name)s: taken as %(code)s.") % {
                "name": catalog.metadata.get("Language", "").strip(),
                "code": by_name,
            }
            code = by_name
    if not code and has_translations:
        by_file = tag_of_file_name(path)
        if by_file:
            note = _(
                "The catalog has no Language header: its translations are taken as %(code)s, "
                "from the file's name or place (give --target-lang otherwise)."
            ) % {"code": by_file}
            code = by_file
    if not code:
        if has_translations:
            raise DocumentError(
                _(
                    "The catalog has translations but does not say their language (no "
                    "Language header): give the language (--target-lang)."
                )
            )
        return TargetLanguage(None)
    try:
        language = language_for(actor, code, catalog.plural_forms)
    except ServiceError as exc:
        raise DocumentError(str(exc)) from exc
    if language.pk == source.pk:
        if has_translations:
            raise DocumentError(
                _(
                    "The catalog's translations are in %(code)s, the source language: give "
                    "another source language (--lang) or the target language (--target-lang)."
                )
                % {"code": language.code}
            )
        return TargetLanguage(None)
    return TargetLanguage(language, note)


def store_catalog(
    document: Document, catalog: Catalog, units: list[Unit], language: Language | None = None
) -> None:
    """Keep the file's header and obsolete entries, and each unit's entry data. `language`:
    the language its translations were read in, as the import found it (a header with a
    name, or none: the file's place), so that exporting that language writes the file's
    own lines back (given only when the header did not name it by its tag: a header that
    names another language than the one given keeps being rewritten on export)."""
    data = catalog.stored()
    if language is not None:
        data["language"] = language.code
    DocumentCatalog.objects.update_or_create(document=document, defaults={"data": data})
    UnitCatalogEntry.objects.filter(unit__in=[u.pk for u in units]).delete()
    UnitCatalogEntry.objects.bulk_create(
        [
            UnitCatalogEntry(unit=unit, data=entry.stored())
            for unit, entry in zip(units, catalog.entries, strict=True)
        ],
        batch_size=1000,
    )


def _forms(entry: CatalogEntry, nplurals: int | None) -> tuple[str, tuple[str, ...] | None]:
    texts = [translation_markup(form) for form in entry.msgstr]
    if entry.msgid_plural is None:
        return texts[0], None
    # Some catalogs hold more forms than their Plural-Forms says (Django's French has 3 for
    # nplurals=2): every form is kept.
    want = max(nplurals or 1, len(texts))
    texts = (texts + [""] * want)[:want]
    return texts[0], tuple(texts[1:])


def import_translations(
    actor,
    catalog: Catalog,
    units: list[Unit],
    language: Language | None,
    counts: CatalogCounts,
    *,
    only_missing: bool = False,
) -> None:
    """The catalog's msgstr as translations of `units` (in the entries' order) into
    `language`, through the one write path. With `only_missing`, a unit that has a
    translation online keeps it (an update of the catalog)."""
    counts.obsolete = len(catalog.obsolete)
    counts.plural_entries = sum(1 for e in catalog.entries if e.msgid_plural is not None)
    if language is None:
        counts.untranslated = len(catalog.entries)
        return
    counts.language = language.code
    online: set[int] = set()
    if only_missing:
        online = set(
            Translation.objects.filter(language=language, unit__in=[u.pk for u in units])
            .exclude(text="")
            .values_list("unit_id", flat=True)
        )
    nplurals = catalog.nplurals
    changes: list[Change] = []
    for unit, entry in zip(units, catalog.entries, strict=True):
        if not entry.translated:
            counts.untranslated += 1
            continue
        if unit.pk in online:
            counts.kept += 1
            continue
        text, plurals = _forms(entry, nplurals)
        status = STATUS_DRAFT if entry.fuzzy else STATUS_TRANSLATED
        changes.append(Change(unit, text, status=status, plurals=plurals))
        if entry.fuzzy:
            counts.drafts += 1
        else:
            counts.translated += 1
    if changes:
        writes.write(actor, language, changes, kind=writes.CATALOG)


def import_own_po_translations(
    actor, data: bytes, units: list[Unit], source: Language, target_code: str | None
) -> CatalogCounts | None:
    """A PO file the workbench exported, imported as a new document: its msgstr become the
    new units' translations (fuzzy: drafts), into its Language header's language (or
    `target_code`), through the one write path. None when the file has no translation."""
    code, found = translations_of_blocks(data, limits.file_limits().max_units)
    if not any(found):
        return None
    if len(found) != len(units):  # cannot happen: the same file, the same rule for blocks
        raise DocumentError(_("The PO file's entries do not match its units."))
    code = (target_code or code or "").strip()
    if not code:
        raise DocumentError(
            _(
                "The PO file has translations but does not say their language (no Language "
                "header): give the language (--target-lang)."
            )
        )
    try:
        language = language_for(actor, code)
    except ServiceError as exc:
        raise DocumentError(str(exc)) from exc
    counts = CatalogCounts(language=language.code)
    if language.pk == source.pk:
        raise DocumentError(
            _("The PO file's translations are in %(code)s, the source language.")
            % {"code": language.code}
        )
    require_import_rights(actor, language)
    changes: list[Change] = []
    for unit, translation in zip(units, found, strict=True):
        if translation is None:
            counts.untranslated += 1
            continue
        status = STATUS_DRAFT if translation.fuzzy else STATUS_TRANSLATED
        changes.append(Change(unit, translation.text, status=status))
        if translation.fuzzy:
            counts.drafts += 1
        else:
            counts.translated += 1
    writes.write(actor, language, changes, kind=writes.CATALOG)
    return counts


def catalog_matcher(catalog: Catalog):
    """For `apply_source_update(match=...)`: the units matched to the new version's entries
    the way msgmerge matches (text/catalog_merge.py), by the entry data kept with each unit."""

    def match(units: list[Unit]) -> SourceDiff:
        stored = dict(
            UnitCatalogEntry.objects.filter(unit__in=[u.pk for u in units]).values_list(
                "unit_id", "data"
            )
        )
        old = [
            OldEntry(
                key=unit.key,
                msgctxt=stored[unit.pk].get("msgctxt"),
                msgid=stored[unit.pk].get("msgid", ""),
                active=unit.is_active,
                position=unit.position,
            )
            for unit in units
            if unit.pk in stored
        ]
        new = [NewEntry(entry.msgctxt, entry.msgid) for entry in catalog.entries]
        return merge_catalog(old, new)

    return match


def same_language(code: str, catalog_language: str | None) -> bool:
    return bool(catalog_language) and tag_key(code) == tag_key(catalog_language or "")


def require_import_rights(actor, language: Language | None) -> None:
    """The translations come in under the importer's name: they must be a translator of the
    language (site admins and commands are)."""
    if language is not None:
        permissions.require_translate(actor, language)


__all__ = [
    "CatalogCounts",
    "catalog_matcher",
    "import_own_po_translations",
    "import_translations",
    "parsed_blocks",
    "require_import_rights",
    "same_language",
    "store_catalog",
    "target_language",
]
