"""The XLIFF export of one document in one target language (formats/xliff.py), signed like
the PO export so that the import can trust its export time."""

from __future__ import annotations

from django.utils import timezone

from workbench import export_signature
from workbench.formats.xliff import export_xliff, exported_at_text
from workbench.models import Document, Language
from workbench.selectors.exports import document_info, export_rows


def xliff_export(document: Document, language: Language, version: str = "1.2") -> bytes:
    now = timezone.now()
    signature = export_signature.sign(document.slug, language.code, exported_at_text(now))
    return export_xliff(
        document_info(document),
        language.info(),
        export_rows(document, [language]),
        version=version,
        generated_at=now,
        signature=signature,
    )
