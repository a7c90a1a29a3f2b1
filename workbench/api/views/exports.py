"""Exports of one document in one language, as files: gettext PO, TMX 1.4, the translated
document alone as HTML, the bilingual side-by-side HTML, XLIFF 1.2 and 2.0, EPUB, and
`document`: the translated document in the format it was imported in (.docx, Markdown, HTML,
...). The files are the pages' own (selectors/export_files.py)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from workbench.api.views import lookup
from workbench.selectors.export_files import KINDS, export_file


class Export(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        operation_id="documents_export",
        description="`fmt`: " + ", ".join(KINDS) + ".",
    )
    def get(self, request, slug: str, lang: str, fmt: str):
        if fmt not in KINDS:
            raise Http404("unknown format")
        document, language = lookup.target(slug, lang)
        made = export_file(document, [language], fmt)
        response = HttpResponse(made.data, content_type=made.content_type)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return response
