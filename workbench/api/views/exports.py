"""Exports of one document in one language, as files: gettext PO, TMX 1.4, the translated
document alone as HTML, the bilingual side-by-side HTML, XLIFF, EPUB, and `document`: the
translated document in the format it was imported in (.docx, Markdown, HTML, ...)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from workbench.api.views import lookup
from workbench.selectors import exports
from workbench.selectors.document_export import document_export
from workbench.selectors.epub_export import epub_export
from workbench.selectors.memory import document_tmx
from workbench.selectors.xliff_export import xliff_export

# name -> (content type, file suffix, exporter(document, language))
FORMATS: dict[str, tuple[str, str, Callable]] = {
    "po": ("text/x-gettext-translation; charset=utf-8", "po", exports.po_export),
    "tmx": ("application/x-tmx+xml; charset=utf-8", "tmx", document_tmx),
    "html": ("text/html; charset=utf-8", "html", exports.monolingual_html_export),
    "bilingual-html": (
        "text/html; charset=utf-8",
        "bilingual.html",
        lambda document, language: exports.bilingual_html_export(document, [language]),
    ),
    "xliff": ("application/xliff+xml", "xlf", xliff_export),
    "xliff2": (
        "application/xliff+xml",
        "xliff2.xlf",
        lambda document, language: xliff_export(document, language, "2.0"),
    ),
    "epub": ("application/epub+zip", "epub", epub_export),
    # The translated document in the format it was imported in (its file suffix too).
    "document": ("", "", document_export),
    "bilingual-epub": (
        "application/epub+zip",
        "bilingual.epub",
        lambda document, language: epub_export(document, language, bilingual=True),
    ),
}


class Export(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        operation_id="documents_export",
        description="`fmt`: " + ", ".join(FORMATS) + ".",
    )
    def get(self, request, slug: str, lang: str, fmt: str):
        if fmt not in FORMATS:
            raise Http404("unknown format")
        document, language = lookup.target(slug, lang)
        content_type, suffix, exporter = FORMATS[fmt]
        if fmt == "document":
            export = document_export(document, language)
            data, content_type, suffix = export.data, export.content_type, export.extension
        else:
            data = exporter(document, language)
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{document.slug}.{language.code}.{suffix}"'
        )
        return response
