"""Translation memory pages: the aids panel of a unit, concordance search, TMX download and
upload, pre-filling a document. Everyone may read; writing needs a team role."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from workbench import permissions
from workbench.formats.tmx import TmxError
from workbench.limits import background_above_units, file_limits
from workbench.models import Language
from workbench.selectors import memory as memory_selectors
from workbench.selectors.checks import checks_for_unit
from workbench.selectors.glossary import glossary_for_unit
from workbench.services.jobs import start_job
from workbench.services.memory_import import MemoryImportError, import_tmx
from workbench.services.prefill import PrefillError, prefill_from_memory
from workbench.views.access import document_readers
from workbench.views.editor import _target, _unit
from workbench.views.uploads import UploadField, runs_in_background


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/x-tmx+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PairForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Language.objects.all(), to_field_name="code", label=gettext_lazy("From")
    )
    target = forms.ModelChoiceField(
        queryset=Language.objects.all(), to_field_name="code", label=gettext_lazy("Into")
    )

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError(_("Choose two different languages."))
        return data


class SearchForm(PairForm):
    q = forms.CharField(label=gettext_lazy("Phrase"), max_length=300)
    side = forms.ChoiceField(
        label=gettext_lazy("Search in"),
        required=False,
        choices=[
            ("both", gettext_lazy("source and translation")),
            ("source", gettext_lazy("source only")),
            ("target", gettext_lazy("translation only")),
        ],
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    field_order = ["q", "source", "target", "side"]


class ImportForm(forms.Form):
    file = UploadField(label=gettext_lazy("TMX file"))


def _initial_pair() -> dict[str, str]:
    """The most useful default pair: the first two languages (there are few)."""
    codes = list(Language.objects.values_list("code", flat=True)[:2])
    return {"source": codes[0], "target": codes[1]} if len(codes) == 2 else {}


# --- the editor's aids panel ----------------------------------------------------------------


@document_readers
@require_GET
def unit_aids(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """Loaded on focus of a unit (aids.js), never with the page: memory suggestions,
    glossary terms and check results for one unit. Readable by everyone; the insert
    buttons are only for those who may translate."""
    document, language, unit = _unit(slug, lang, key)
    unit.document = document  # already loaded, with its source language
    return render(
        request,
        "workbench/_unit_aids.html",
        {
            "unit": unit,
            "document": document,
            "language": language,
            "suggestions": memory_selectors.suggestions_for_unit(unit, language),
            "glossary_hits": glossary_for_unit(unit, language),
            "unit_checks": checks_for_unit(unit, language),
            "can_translate": permissions.can_translate(request.user, language),
        },
    )


# --- a document -----------------------------------------------------------------------------


@login_required
@require_POST
def prefill(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied
    if document.units.filter(is_active=True).count() > background_above_units():
        job = start_job(request.user, "prefill", document=document, language=language)
        return redirect("job", job_id=job.pk)
    try:
        result = prefill_from_memory(request.user, document, language)
    except PrefillError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "%(filled)d of %(total)d untranslated units into %(language)s were filled from "
                "the translation memory; they need review."
            )
            % {
                "filled": result.filled,
                "total": result.untranslated,
                "language": language.display_name,
            },
        )
    return redirect("document", slug=document.slug)


# --- the memory -----------------------------------------------------------------------------


def _memory_page(
    request: HttpRequest, *, import_form: ImportForm, can_import: bool, import_error: str = ""
) -> HttpResponse:
    """The memory page: search, export and (for reviewers and admins) import."""
    initial = _initial_pair()
    return render(
        request,
        "workbench/memory.html",
        {
            "search_form": SearchForm(initial=initial),
            "export_form": PairForm(initial=initial, auto_id="export_%s"),
            "export_job_form": PairForm(initial=initial, auto_id="export_job_%s", prefix="bg"),
            "import_form": import_form,
            "import_error": import_error,
            "can_import": can_import,
        },
        status=400 if import_error else 200,
    )


@document_readers
@require_GET
def memory(request: HttpRequest) -> HttpResponse:
    return _memory_page(
        request, import_form=ImportForm(), can_import=permissions.can_import_memory(request.user)
    )


@document_readers
@require_GET
def memory_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, initial=_initial_pair())
    results = None
    if form.is_valid():
        data = form.cleaned_data
        results = memory_selectors.concordance(
            data["q"], data["source"], data["target"],
            side=data["side"] or "both", page=data["page"] or 1,
        )  # fmt: skip
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "workbench/memory_search.html",
        {
            "form": form,
            "results": results,
            "query": form.cleaned_data.get("q", "") if form.is_valid() else "",
            "min_query": memory_selectors.MIN_QUERY,
        },
        status=status,
    )


@document_readers
@require_GET
def memory_export(request: HttpRequest) -> HttpResponse:
    form = PairForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            _("Choose a source and a target language."), status=400,
            content_type="text/plain; charset=utf-8",
        )  # fmt: skip
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    return _download(
        memory_selectors.memory_tmx(source, target), f"memory.{source.code}-{target.code}.tmx"
    )


@login_required
@require_POST
def memory_export_job(request: HttpRequest) -> HttpResponse:
    """The whole memory of a language pair written by a background worker (large memories:
    the job's page shows the progress and links to the file)."""
    form = PairForm(request.POST, prefix="bg")
    if not form.is_valid():
        messages.error(request, _("Choose a source and a target language."))
        return redirect("memory")
    job = start_job(
        request.user,
        "memory_export",
        source=form.cleaned_data["source"].code,
        target=form.cleaned_data["target"].code,
    )
    return redirect("job", job_id=job.pk)


@login_required
@require_POST
def memory_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_memory(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    error = ""
    if not form.is_valid():
        too_large = form.has_error("file", "too_large")
        error = form.errors["file"][0] if too_large else _("Choose a TMX file.")
    else:
        upload = form.cleaned_data["file"]
        if runs_in_background(upload):
            job = start_job(request.user, "tmx_import", upload=(upload.read(), upload.name))
            return redirect("job", job_id=job.pk)
        try:
            summary = import_tmx(
                request.user, upload.read(), origin_name=upload.name, limits=file_limits()
            )
        except (TmxError, MemoryImportError) as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Imported %(created)d pairs (%(duplicates)d already in the memory).")
                % {"created": summary.created, "duplicates": summary.duplicates},
            )
            for line in summary.messages():
                messages.warning(request, line)
            return redirect("memory")
    return _memory_page(request, import_form=form, can_import=True, import_error=error)
