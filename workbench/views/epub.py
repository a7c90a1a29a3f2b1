"""Downloading the EPUB 3 edition of a translation (selectors/epub_export.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from workbench.selectors.epub_export import epub_export
from workbench.views.access import document_readers
from workbench.views.editor import _target


@document_readers
def export_epub(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """`?bilingual=1` gives source and translation unit by unit; else the translation."""
    document, language = _target(slug, lang)
    bilingual = request.GET.get("bilingual") == "1"
    response = HttpResponse(
        epub_export(document, language, bilingual=bilingual), content_type="application/epub+zip"
    )
    suffix = f"{document.source_language.code}-{language.code}" if bilingual else language.code
    response["Content-Disposition"] = f'attachment; filename="{document.slug}.{suffix}.epub"'
    return response
