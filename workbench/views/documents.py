from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from workbench import permissions
from workbench.models import Document, Language
from workbench.selectors.document_export import own_format_context
from workbench.selectors.documents import document_summaries
from workbench.services.documents import DocumentError, import_document
from workbench.services.jobs import start_job
from workbench.views.access import document_readers
from workbench.views.uploads import (
    UploadField,
    checked_for_job,
    format_choices,
    runs_in_background,
)


class UploadForm(forms.Form):
    file = UploadField(label=gettext_lazy("File"))
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), to_field_name="code", label=gettext_lazy("Source language")
    )
    format = forms.ChoiceField(
        choices=format_choices(), required=False, label=gettext_lazy("Format")
    )
    title = forms.CharField(max_length=300, required=False, label=gettext_lazy("Title"))
    slug = forms.SlugField(max_length=100, required=False, label=gettext_lazy("Slug"))
    target_language = forms.CharField(
        max_length=35,
        required=False,
        label=gettext_lazy("Language of the translations (PO catalog without a Language header)"),
        help_text=gettext_lazy("a BCP 47 tag, e.g. fr or pt-BR"),
    )


@document_readers
def document_list(request):
    return render(
        request,
        "workbench/document_list.html",
        {
            "summaries": document_summaries(),
            "can_manage": permissions.can_manage_documents(request.user),
        },
    )


@document_readers
def document_detail(request, slug: str):
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    summary = document_summaries(Document.objects.filter(pk=document.pk))[0]
    return render(
        request,
        "workbench/document_detail.html",
        {
            "document": document,
            "summary": summary,
            # Every language's count is the document's (the downloads' size rule).
            "active_units": summary.languages[0].progress.units_total
            if summary.languages
            else None,
            "languages": Language.objects.all(),
            **own_format_context(document),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request):
    if not permissions.can_manage_documents(request.user):
        raise PermissionDenied(_("Only site admins may manage documents."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if runs_in_background(upload):
            data = checked_for_job(upload, form.cleaned_data["format"] or None)
            if data is not None:
                job = start_job(
                    request.user,
                    "document_import",
                    upload=(data, upload.name),
                    language_code=form.cleaned_data["language"].code,
                    format=form.cleaned_data["format"] or "",
                    slug=form.cleaned_data["slug"] or "",
                    title=form.cleaned_data["title"] or "",
                )
                return redirect("job", job_id=job.pk)
        try:
            result = import_document(
                request.user,
                upload.read(),
                filename=upload.name,
                language_code=form.cleaned_data["language"].code,
                fmt=form.cleaned_data["format"] or None,
                slug=form.cleaned_data["slug"] or None,
                title=form.cleaned_data["title"] or None,
                target_code=form.cleaned_data["target_language"].strip() or None,
            )
        except DocumentError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                ngettext("Imported %(units)d unit.", "Imported %(units)d units.", result.units)
                % {"units": result.units},
            )
            for line in result.summary_lines():
                messages.info(request, line)
            return redirect("document", slug=result.document.slug)
    return render(
        request,
        "workbench/document_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
