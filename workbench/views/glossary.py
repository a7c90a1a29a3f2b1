"""The glossary page: everyone reads and downloads; reviewers and site admins add, edit,
delete and import concepts."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbench.formats.glossary_csv import VARIANT_SEPARATOR, split_variants
from workbench.formats.glossary_files import EXPORT_FORMATS, FORMATS
from workbench.models import GlossaryConcept, Language
from workbench.models.glossary import TERM_MAX_LENGTH
from workbench.permissions import can_curate_glossary, require_curate_glossary
from workbench.selectors.glossary import (
    content_language,
    content_languages,
    glossary_page,
    split_terms,
)
from workbench.selectors.glossary_export import export_glossary
from workbench.services.glossary_concepts import ConceptError, delete_concept, save_concept
from workbench.services.glossary_import import GlossaryImportError, import_glossary
from workbench.services.jobs import start_job
from workbench.text.language_names import display_name
from workbench.text.languages import canonical_tag as bcp47
from workbench.views.uploads import UploadField, runs_in_background


@dataclass(frozen=True)
class ContentLanguage:
    code: str  # content code, e.g. "zh-hans"
    tag: str  # BCP 47, e.g. "zh-Hans"
    name: str
    direction: str


def _language(code: str) -> ContentLanguage:
    try:
        info = get_language_info(code)
    except KeyError:
        # A content language Django does not know (settings.GLOSSARY_LANGUAGES may have any):
        # named as the team's Language row names it, else by its code.
        row = next(
            (
                row
                for row in Language.objects.filter(code__iexact=bcp47(code))
                if content_language(row.code) == code
            ),
            None,
        )
        if row is None:
            name = display_name(bcp47(code), get_language() or "en") or bcp47(code)
            return ContentLanguage(code, bcp47(code), name, "ltr")
        return ContentLanguage(code, bcp47(code), row.display_name, row.direction)
    # CLDR's name of the language in the reader's language (Django's own list names some
    # languages by their script, "zh-hans" as "Simplified Chinese" only in English).
    name = display_name(bcp47(code), get_language() or "en") or info["name_translated"]
    return ContentLanguage(code, bcp47(code), name, "rtl" if info["bidi"] else "ltr")


def _team_languages() -> list[str]:
    """Content languages that have a Language row: the ones the team works in."""
    used = {content_language(code) for code in Language.objects.values_list("code", flat=True)}
    return [code for code in content_languages() if code in used]


class ImportForm(forms.Form):
    file = UploadField(label=gettext_lazy("Glossary file (CSV or TBX)"))
    format = forms.ChoiceField(
        choices=[("", gettext_lazy("from the file name")), ("csv", "CSV"), ("tbx", "TBX")],
        required=False,
        label=gettext_lazy("Format"),
    )


class ConceptForm(forms.Form):
    """One term and the forbidden variants for each content language, notes, match case."""

    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the concept means and how to use its terms."),
    )
    case_sensitive = forms.BooleanField(
        label=gettext_lazy("Match case"),
        required=False,
        help_text=gettext_lazy("Highlight and check the terms only with this capitalisation."),
    )

    def __init__(self, *args, languages: list[ContentLanguage], **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for lang in languages:
            self.fields[self.term_name(lang)] = forms.CharField(
                label=lang.name,
                required=False,
                max_length=TERM_MAX_LENGTH,
                widget=forms.TextInput(attrs={"lang": lang.tag, "dir": lang.direction}),
            )
            self.fields[self.forbidden_name(lang)] = forms.CharField(
                label=_("Forbidden variants in %(language)s") % {"language": lang.name},
                required=False,
                widget=forms.TextInput(attrs={"lang": lang.tag, "dir": lang.direction}),
            )

    @staticmethod
    def term_name(lang: ContentLanguage) -> str:
        # The form's field names: "term_zh_hans", "forbidden_zh_hans".
        return "term_" + lang.code.replace("-", "_")

    @staticmethod
    def forbidden_name(lang: ContentLanguage) -> str:
        return "forbidden_" + lang.code.replace("-", "_")

    def language_rows(self):
        return [
            (lang, self[self.term_name(lang)], self[self.forbidden_name(lang)])
            for lang in self.languages
        ]

    def clean(self):
        data = super().clean()
        if not any((data.get(self.term_name(lang)) or "").strip() for lang in self.languages):
            raise forms.ValidationError(_("A concept needs a term in at least one language."))
        return data


def glossary(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    available = [_language(code) for code in content_languages()]
    wanted = [code for code in request.GET.getlist("lang") if code in content_languages()]
    shown_codes = wanted or _team_languages() or content_languages()
    page_obj, rows = glossary_page(query, page=request.GET.get("page", 1), languages=shown_codes)
    shown = [_language(code) for code in shown_codes]
    table = []
    for row in rows:
        cells = zip(shown, row.cells, strict=True)
        table.append((row.concept, [(lang, term, bad) for lang, (_code, term, bad) in cells]))
    keep = urlencode([("q", query)] + [("lang", code) for code in wanted], doseq=True)
    return render(
        request,
        "workbench/glossary.html",
        {
            "rows": table,
            "page_obj": page_obj,
            "query": query,
            "shown": shown,
            "available": available,
            "wanted": wanted or shown_codes,
            "keep": keep,
            "can_curate": can_curate_glossary(request.user),
            "import_form": ImportForm(),
            "formats": FORMATS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concept_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_curate_glossary(request.user)
    concepts = GlossaryConcept.objects.prefetch_related("terms")
    concept = get_object_or_404(concepts, pk=pk) if pk is not None else None
    languages = [_language(code) for code in content_languages()]
    initial = {}
    if concept is not None:
        initial = {"notes": concept.notes, "case_sensitive": concept.case_sensitive}
        preferred, variants = split_terms(concept.terms.all())
        for lang in languages:
            initial[ConceptForm.term_name(lang)] = preferred.get(lang.code, "")
            initial[ConceptForm.forbidden_name(lang)] = f" {VARIANT_SEPARATOR} ".join(
                variants.get(lang.code, [])
            )
    form = ConceptForm(request.POST or None, initial=initial, languages=languages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_concept(
                request.user,
                concept,
                terms={lang.code: data[ConceptForm.term_name(lang)] for lang in languages},
                forbidden={
                    lang.code: split_variants(data[ConceptForm.forbidden_name(lang)])
                    for lang in languages
                },
                notes=data["notes"],
                case_sensitive=data["case_sensitive"],
            )
        except ConceptError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The concept “%(term)s” is saved.") % {"term": saved})
            return redirect(f"{reverse('glossary')}?{urlencode({'q': str(saved)})}")
    return render(
        request,
        "workbench/glossary_form.html",
        {"form": form, "concept": concept, "separator": VARIANT_SEPARATOR},
    )


@login_required
@require_POST
def concept_delete(request: HttpRequest, pk: int) -> HttpResponse:
    concept = get_object_or_404(GlossaryConcept.objects.prefetch_related("terms"), pk=pk)
    name = str(concept)
    delete_concept(request.user, concept)
    messages.success(request, _("The concept “%(term)s” is deleted.") % {"term": name})
    return redirect("glossary")


@login_required
@require_POST
def glossary_import(request: HttpRequest) -> HttpResponse:
    require_curate_glossary(request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("glossary")
    upload = form.cleaned_data["file"]
    if runs_in_background(upload):
        job = start_job(
            request.user,
            "glossary_import",
            upload=(upload.read(), upload.name),
            format=form.cleaned_data["format"] or "",
        )
        return redirect("job", job_id=job.pk)
    try:
        result = import_glossary(
            request.user,
            upload.read(),
            filename=upload.name,
            fmt=form.cleaned_data["format"] or None,
        )
    except GlossaryImportError as exc:
        messages.error(request, _("Nothing was imported."))
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Glossary imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        for line in result.skipped_lines():
            messages.warning(request, line)
    return redirect("glossary")


@require_GET
def glossary_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        fmt = "csv"
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-tbx+xml"
    response = HttpResponse(export_glossary(fmt), content_type=content_type)
    name = {"tbx2": "glossary-tbx-basic-v2.tbx"}.get(fmt, f"glossary.{fmt}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
