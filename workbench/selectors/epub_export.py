"""The EPUB 3 edition of one document in one target language (formats/epub.py)."""

from __future__ import annotations

from workbench.formats.epub import export_epub
from workbench.models import Document, Language
from workbench.selectors.exports import document_info, export_rows


def epub_export(document: Document, language: Language, *, bilingual: bool = False) -> bytes:
    return export_epub(
        document_info(document),
        language.info(),
        export_rows(document, [language]),
        bilingual=bilingual,
    )
