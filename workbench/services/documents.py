"""Importing documents: a file becomes a Document and its Units, in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from modeltranslation.translator import translator

from workbench import limits, permissions
from workbench.formats.importers import DocumentError, detect_format
from workbench.formats.po import GENERATOR, PoError
from workbench.formats.po_catalog import Catalog, read_catalog
from workbench.models import Document, DocumentCatalog, Language, Unit, UnitSource
from workbench.services import catalogs
from workbench.services.bulk_rows import insert_rows
from workbench.services.catalogs import CatalogCounts
from workbench.services.errors import ServiceError
from workbench.services.languages import language_for
from workbench.services.originals import keep_original
from workbench.services.source_updates import SourceUpdateResult, apply_source_update
from workbench.services.uploads import parse_upload, require_unit_sources
from workbench.text import markup
from workbench.text.fingerprint import source_checksum
from workbench.text.unit_keys import unit_key

__all__ = ["DocumentError", "ImportResult", "import_document"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    document: Document
    units: int
    created: bool
    # When an existing document was updated (update=True): what happened to its units.
    update: SourceUpdateResult | None = None
    # A gettext catalog: what its translations became.
    catalog: CatalogCounts | None = None

    def summary_lines(self) -> list[str]:
        lines = self.update.summary_lines() if self.update is not None else []
        return lines + (self.catalog.lines() if self.catalog is not None else [])


def _other_languages_empty() -> dict[str, object]:
    """The title's and description's columns of the languages other than the default one,
    with their (plain) defaults. Given, modeltranslation does not compute each default under
    `override(language)`: that loaded the UI catalogs of all 19 languages, a sixth of a
    second of every `import_document` process."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    options = translator.get_options_for_model(Document)
    return {
        field.name: models.Field.get_default(field)  # type: ignore[arg-type]  # a Field subclass at run time
        for fields in options.all_fields.values()
        for field in fields
        if field.language != default
    }


def _unique_slug(base: str) -> str:
    base = slugify(base)[:80].strip("-") or "document"
    slug, n = base, 2
    while Document.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def check_slug(slug: str) -> None:
    """A slug given for a document: Django's slug rules and the field's length, else
    DocumentError (before anything is read or stored)."""
    max_length = Document._meta.get_field("slug").max_length or 100
    if len(slug) > max_length:
        raise DocumentError(
            _("The slug is too long: %(length)s characters, at most %(max)s.")
            % {"length": len(slug), "max": max_length}
        )
    try:
        validate_slug(slug)
    except ValidationError:
        raise DocumentError(
            _("%(slug)s is not a valid slug (letters, digits, hyphens).") % {"slug": slug}
        ) from None


_UNIT_COLUMNS = (
    "document_id", "position", "key", "kind", "level", "label", "source", "checksum",
    "word_count", "is_active",
)  # fmt: skip


def _insert_units(document: Document, blocks: list) -> int:
    """Insert a new document's units as plain rows (services/bulk_rows.py: COPY on
    PostgreSQL, one prepared INSERT on SQLite).

    Building 11,000 model instances and letting bulk_create turn them back into parameters
    was half of a book's import; these are plain tuples in one pass. The values are the ones
    the model would store (fields without defaults here: all of them given)."""
    rows = [
        (
            document.pk, position, unit_key(position), block.kind, block.level, block.label,
            block.text, source_checksum(block.text), markup.word_count(block.text), True,
        )
        for position, block in enumerate(blocks, start=1)
    ]  # fmt: skip
    insert_rows(Unit._meta.db_table, _UNIT_COLUMNS, rows)
    return len(rows)


def _record_first_sources(document: Document) -> None:
    """A UnitSource row for every new unit's text, copied inside the database by one
    INSERT ... SELECT: for a 10,000-unit book that halves the import time compared with
    building and sending the same rows from Python a second time."""
    source_table = UnitSource._meta.db_table
    unit_table = Unit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {source_table} (unit_id, checksum, text, created_at) "  # noqa: S608
            f"SELECT id, checksum, source, %s FROM {unit_table} WHERE document_id = %s",
            [timezone.now(), document.pk],
        )


def import_document(
    actor,
    data: bytes,
    *,
    filename: str,
    language_code: str,
    fmt: str | None = None,
    slug: str | None = None,
    title: str | None = None,
    update: bool = False,
    target_code: str | None = None,
    dry_run: bool = False,
    path: str = "",
) -> ImportResult:
    """Create a document from a file. Nothing is stored unless every unit is.

    With `update=True` and the slug of an existing document, the file is a new version of
    that document's source instead (services/source_updates.py; the command line does this);
    `dry_run` then computes the update and stores nothing (the preview of the upload page).
    A gettext catalog that the workbench did not export comes in with its translations
    (services/catalogs.py): into its Language header's language, or `target_code`.

    A language the site does not have yet is created from CLDR's data when its tag is known
    (services/languages.py). `path`, the file's path on the command line, may tell a
    catalog's language where its header does not (`locale/fr/LC_MESSAGES/`). Raises
    DocumentError (bad file, unknown language, slug invalid or taken) or PermissionDenied."""
    permissions.require_manage_documents(actor)
    if slug:
        check_slug(slug)
    language = _language(actor, language_code)
    catalog = _foreign_catalog(data, filename, fmt)
    if catalog is not None:
        parsed = catalogs.parsed_blocks(catalog, filename)
        found = catalogs.target_language(
            actor, catalog, target_code, language, path=path or filename
        )
        target, language_note = found.language, found.note
        catalogs.require_import_rights(actor, target)
    else:
        parsed = parse_upload(data, filename, fmt)
        target, language_note = None, ""
    require_unit_sources(parsed, filename)
    existing = Document.objects.filter(slug=slug).first() if slug and update else None
    if existing is not None:
        if existing.source_language_id != language.pk:
            raise DocumentError(
                _("The source language of %(slug)s is %(code)s, not %(given)s.")
                % {"slug": slug, "code": existing.source_language.code, "given": language.code}
            )
        with transaction.atomic():
            is_catalog = DocumentCatalog.objects.filter(document=existing).exists()
            match = catalogs.catalog_matcher(catalog) if catalog and is_catalog else None
            result = apply_source_update(
                actor, existing, parsed, filename=filename, match=match, dry_run=dry_run
            )
            if not dry_run:
                keep_original(existing, data, filename, parsed.format)
            counts = None
            if catalog is not None and not dry_run:
                counts = CatalogCounts(lines_extra=[language_note] if language_note else [])
                units = list(
                    Unit.objects.filter(document=existing, is_active=True).order_by("position")
                )
                catalogs.store_catalog(existing, catalog, units, target if language_note else None)
                catalogs.import_translations(
                    actor, catalog, units, target, counts, only_missing=True
                )
        return ImportResult(
            document=result.document,
            units=result.units,
            created=False,
            update=result,
            catalog=counts,
        )
    if slug and Document.objects.filter(slug=slug).exists():
        raise DocumentError(_("A document with the slug %(slug)s exists already.") % {"slug": slug})
    if slug and slugify(slug) != slug:
        raise DocumentError(
            _("%(slug)s is not a valid slug (letters, digits, hyphens).") % {"slug": slug}
        )
    doc_title = (title or parsed.title or filename or "").strip()[:300] or _("Untitled")
    # The title is site content (modeltranslation): store it as the default-language value,
    # whatever the UI language of the person importing; other languages fall back to it.
    with transaction.atomic(), override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        document = Document.objects.create(
            slug=slug or _unique_slug(doc_title),
            title=doc_title,
            source_language=language,
            origin_filename=filename[:255],
            origin_format=parsed.format,
            front_matter=parsed.front_matter,
            created_by=permissions.author_of(actor),
            **_other_languages_empty(),
        )
        count = _insert_units(document, parsed.blocks)
        _record_first_sources(document)
        keep_original(document, data, filename, parsed.format)
        counts = None
        if catalog is not None:
            counts = CatalogCounts(lines_extra=[language_note] if language_note else [])
            units = list(Unit.objects.filter(document=document).order_by("position"))
            catalogs.store_catalog(document, catalog, units, target if language_note else None)
            catalogs.import_translations(actor, catalog, units, target, counts)
        elif parsed.format == "po":
            # A PO file the workbench exported (another site's, or this one's before a
            # move): its translations come in with the document, as a catalog's do.
            units = list(Unit.objects.filter(document=document).order_by("position"))
            counts = catalogs.import_own_po_translations(actor, data, units, language, target_code)
    log.info("imported %s: %d units from %s", document.slug, count, filename or "a file")
    return ImportResult(document=document, units=count, created=True, catalog=counts)


def _language(actor, code: str) -> Language:
    try:
        return language_for(actor, code)
    except ServiceError as exc:
        raise DocumentError(str(exc)) from exc


def _foreign_catalog(data: bytes, filename: str, fmt: str | None) -> Catalog | None:
    """The file as a gettext catalog when it is one the workbench did not export (its own
    exports are documents of kinds and positions, formats/importers/po.py)."""
    if detect_format(filename, fmt) != "po":
        return None
    if len(data) > limits.max_upload_bytes():
        return None  # parse_upload refuses it with the usual message
    try:
        catalog = read_catalog(data, max_entries=limits.file_limits().max_units)
    except PoError as exc:
        raise DocumentError(str(exc)) from None
    if catalog.generator.startswith(GENERATOR):
        return None
    return catalog
