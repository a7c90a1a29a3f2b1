"""What a gettext catalog imported as a document keeps besides its units' text.

The document's units hold each entry's msgid as (escaped) text; gettext tools need more to
get their file back: the exact msgctxt and msgid, msgid_plural, references, flags, comments,
the previous msgid, the header entry and the obsolete entries. formats/po_catalog.py reads
and writes that data; here it is stored as that module's plain dicts, one row per document
and per unit, apart from the unit so that no page of the editor loads it."""

from django.db import models


class DocumentCatalog(models.Model):
    """The file's header entry, obsolete entries, charset and language
    (formats.po_catalog.Catalog.stored())."""

    document = models.OneToOneField(
        "workbench.Document", on_delete=models.CASCADE, related_name="catalog"
    )
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"catalog of {self.document_id}"


class UnitCatalogEntry(models.Model):
    """One entry's gettext data (formats.po_catalog.CatalogEntry.stored())."""

    unit = models.OneToOneField(
        "workbench.Unit", on_delete=models.CASCADE, related_name="catalog_entry"
    )
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"catalog entry of {self.unit_id}"
