"""Downloads of a document's translation (selectors/export_files.py builds every file).

The GET URLs answer with the file at once, whatever the document's size: scripts and links
keep working, and a whole book takes well under a second (README, "Speed"). The pages link a
signed-in user of a large document (more active units than settings.BACKGROUND_ABOVE_UNITS)
to `export_job` instead: a page that says what will be made and, on its button, starts a
background job whose page shows the progress and then links to the file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbench.formats.xliff import VERSIONS
from workbench.models import Document, Language
from workbench.selectors import document_export as own
from workbench.selectors.export_files import KINDS, ExportFile, active_units, export_file
from workbench.selectors.machine_share import final_export_refusal
from workbench.services.jobs import start_job
from workbench.views.access import document_readers, export_policy
from workbench.views.editor import _target


def _refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _send(made: ExportFile, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(made.data, content_type=made.content_type)
    if not inline:
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


def _final_refusal(final: bool, document: Document, language: Language):
    """`final` asks for the publication: refused above the site's limit of unmodified
    machine output (selectors/machine_share.py)."""
    if not final:
        return None
    refusal = final_export_refusal(document, language)
    if refusal:
        return HttpResponse(refusal, status=422, content_type="text/plain; charset=utf-8")
    return None


def _targets(document: Document, codes: list[str]) -> list[Language] | None:
    """The target languages named by `codes`, in that order; None when one is unknown, the
    source language or named twice."""
    languages = {
        lang.code: lang
        for lang in Language.objects.filter(code__in=codes).exclude(pk=document.source_language_id)
    }
    if not codes or len(languages) != len(codes):
        return None
    return [languages[code] for code in codes]


@document_readers
def export_po(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    return _send(export_file(document, [language], "po"))


@document_readers
def export_tmx(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    return _send(export_file(document, [language], "tmx"))


@document_readers
def export_xliff(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    version = request.GET.get("version", "1.2")
    if version not in VERSIONS:
        return _refused(_("Choose XLIFF version 1.2 or 2.0."))
    return _send(export_file(document, [language], "xliff" if version == "1.2" else "xliff2"))


@document_readers
def export_epub(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """`?bilingual=1` gives source and translation unit by unit; else the translation."""
    document, language = _target(slug, lang)
    kind = "bilingual-epub" if request.GET.get("bilingual") == "1" else "epub"
    return _send(export_file(document, [language], kind))


@document_readers
@export_policy
def export_bilingual(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    languages = _targets(document, request.GET.getlist("lang"))
    if languages is None:
        return _refused(_("Choose one or more known target languages."))
    made = export_file(document, languages, "bilingual-html")
    return _send(made, inline=request.GET.get("download") == "0")


@document_readers
@export_policy
def export_monolingual(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    refusal = _final_refusal(request.GET.get("final") == "1", document, language)
    if refusal:
        return refusal
    return _send(
        export_file(document, [language], "html"), inline=request.GET.get("download") == "0"
    )


@document_readers
def export_document(request: HttpRequest, slug: str, lang: str, ext: str) -> HttpResponse:
    """The translated document in a file format of its own (`document.docx`, `.md`, ...;
    `document.html` is export_monolingual): selectors/document_export.py."""
    if ext not in own.FORMATS:
        raise Http404("unknown format")
    document, language = _target(slug, lang)
    refusal = _final_refusal(request.GET.get("final") == "1", document, language)
    if refusal:
        return refusal
    export = own.document_export(document, language, ext)
    return _send(ExportFile(export.data, export.content_type, export.filename))


@login_required
@document_readers
@require_http_methods(["GET", "POST"])
def export_job(request: HttpRequest, slug: str) -> HttpResponse:
    """A download made in the background (`?kind=po&lang=de`, `&final=1` for the translated
    document as the publication): GET says what will be made, POST starts the job."""
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("unknown export")
    languages = _targets(document, data.getlist("lang"))
    if languages is None or (len(languages) > 1 and not spec.several_languages):
        return _refused(_("Choose one or more known target languages."))
    final = data.get("final") == "1" and kind in ("html", "document")
    refusal = _final_refusal(final, document, languages[0])
    if refusal:
        return refusal
    if request.method == "POST":
        job = start_job(
            request.user,
            "document_export",
            document=document,
            language=languages[0],
            export=kind,
            languages=[lang.code for lang in languages],
            final=final,
        )
        return redirect("job", job_id=job.pk)
    return render(
        request,
        "workbench/export_job.html",
        {
            "document": document,
            "targets": languages,  # base.html's language menu is `languages`
            "kind": kind,
            "label": spec.label,
            "final": final,
            "units": active_units(document),
        },
    )
