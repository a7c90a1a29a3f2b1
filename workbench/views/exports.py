from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from workbench.models import Document, Language
from workbench.selectors import document_export as own
from workbench.selectors import exports
from workbench.selectors.machine_share import final_export_refusal
from workbench.views.access import document_readers, export_policy
from workbench.views.editor import _target


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@document_readers
def export_po(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    return _download(
        exports.po_export(document, language),
        "text/x-gettext-translation; charset=utf-8",
        f"{document.slug}.{language.code}.po",
    )


@document_readers
@export_policy
def export_bilingual(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    codes = request.GET.getlist("lang")
    languages = list(
        Language.objects.filter(code__in=codes).exclude(pk=document.source_language_id)
    )
    if not languages or len(languages) != len(set(codes)):
        return HttpResponse(
            _("Choose one or more known target languages."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    order = {code: i for i, code in enumerate(codes)}
    languages.sort(key=lambda lang: order[lang.code])
    data = exports.bilingual_html_export(document, languages)
    if request.GET.get("download") == "0":
        return HttpResponse(data, content_type="text/html; charset=utf-8")
    # Not the translated document's name ({slug}.{lang}.html): both may land in one folder.
    suffix = "-".join([document.source_language.code] + [lang.code for lang in languages])
    return _download(data, "text/html; charset=utf-8", f"{document.slug}.{suffix}.bilingual.html")


@document_readers
@export_policy
def export_monolingual(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    # "final": the publication; refused above the site's limit of unmodified machine output.
    if request.GET.get("final") == "1":
        refusal = final_export_refusal(document, language)
        if refusal:
            return HttpResponse(refusal, status=422, content_type="text/plain; charset=utf-8")
    if document.origin_format == "html" and document.original_file:
        # A page imported from HTML: its own layout with the translation in it.
        data = own.document_export(document, language, "html").data
    else:
        data = exports.monolingual_html_export(document, language)
    if request.GET.get("download") == "0":
        return HttpResponse(data, content_type="text/html; charset=utf-8")
    return _download(data, "text/html; charset=utf-8", f"{document.slug}.{language.code}.html")


@document_readers
def export_document(request: HttpRequest, slug: str, lang: str, ext: str) -> HttpResponse:
    """The translated document in a file format of its own (`document.docx`, `.md`, ...;
    `document.html` is export_monolingual): selectors/document_export.py."""
    if ext not in own.FORMATS:
        raise Http404("unknown format")
    document, language = _target(slug, lang)
    if request.GET.get("final") == "1":
        refusal = final_export_refusal(document, language)
        if refusal:
            return HttpResponse(refusal, status=422, content_type="text/plain; charset=utf-8")
    export = own.document_export(document, language, ext)
    return _download(export.data, export.content_type, export.filename)
