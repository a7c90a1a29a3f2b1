"""Uploading a new version of a document's source, and confirming a source edit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workbench import permissions
from workbench.models import Document, DocumentCatalog, Translation
from workbench.selectors.editor import editor_row
from workbench.selectors.source_changes import attach_source_changes
from workbench.services.documents import DocumentError, import_document
from workbench.services.errors import ConflictError, TranslationError
from workbench.services.jobs import start_job
from workbench.services.source_updates import (
    category_labels,
    confirm_source_change,
    update_document_source,
)
from workbench.text import source_diff
from workbench.views.editor import _row_html, _unit
from workbench.views.redirects import safe_next
from workbench.views.uploads import (
    UploadField,
    checked_for_job,
    format_choices,
    runs_in_background,
)


class SourceUpdateForm(forms.Form):
    file = UploadField(label=gettext_lazy("New version of the source"))
    format = forms.ChoiceField(
        choices=format_choices(), required=False, label=gettext_lazy("Format")
    )
    preview = forms.BooleanField(
        required=False,
        label=gettext_lazy("Only show what would change (store nothing)"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_update(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    if not permissions.can_manage_documents(request.user):
        raise PermissionDenied(_("Only site admins may manage documents."))
    form = SourceUpdateForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if runs_in_background(upload) and not form.cleaned_data["preview"]:
            data = checked_for_job(upload, form.cleaned_data["format"] or None)
            if data is not None:
                job = start_job(
                    request.user,
                    "source_update",
                    document=document,
                    upload=(data, upload.name),
                    format=form.cleaned_data["format"] or "",
                )
                return redirect("job", job_id=job.pk)
        try:
            if DocumentCatalog.objects.filter(document=document).exists():
                # A gettext catalog: matched the way msgmerge does, its new entries' data
                # kept and its translations brought in (services/catalogs.py).
                result = import_document(
                    request.user,
                    upload.read(),
                    filename=upload.name,
                    language_code=document.source_language.code,
                    fmt=form.cleaned_data["format"] or None,
                    slug=document.slug,
                    update=True,
                    dry_run=form.cleaned_data["preview"],
                ).update
            else:
                result = update_document_source(
                    request.user,
                    document,
                    upload.read(),
                    filename=upload.name,
                    fmt=form.cleaned_data["format"] or None,
                    dry_run=form.cleaned_data["preview"],
                )
        except DocumentError as exc:
            form.add_error("file", str(exc))
    labels = category_labels()
    counts = (
        [(labels[name], result.counts[name]) for name in source_diff.CATEGORIES]
        if result is not None
        else []
    )
    return render(
        request,
        "workbench/source_update.html",
        {"document": document, "form": form, "result": result, "counts": counts},
        status=400 if form.errors else 200,
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, fallback: str, key: str) -> HttpResponse:
    target = safe_next(request, fallback)
    return redirect(f"{target.split('#', 1)[0]}#u-{key}")


@login_required
@require_POST
def confirm_source(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """A reviewer marks the source edit as "no change of meaning" (see the service)."""
    document, language, unit = _unit(slug, lang, key)
    if not permissions.can_review(request.user, language):
        raise PermissionDenied(
            _("Only reviewers of the %(language)s team may do this.")
            % {"language": language.display_name}
        )
    translation = get_object_or_404(
        Translation.objects.select_related("language"), unit=unit, language=language
    )
    try:
        base_version = int(request.POST["version"]) if request.POST.get("version") else None
    except ValueError:
        return JsonResponse({"error": _("The version is not a number.")}, status=400)
    fallback = reverse("editor", args=[document.slug, language.code])
    try:
        result = confirm_source_change(request.user, translation, base_version=base_version)
    except ConflictError:
        message = _("Someone changed this translation in the meantime; look at it again.")
        if _wants_json(request):
            return JsonResponse({"error": message, "conflict": True}, status=409)
        messages.error(request, message)
        return _back(request, fallback, key)
    except TranslationError as exc:
        if _wants_json(request):
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return _back(request, fallback, key)
    if _wants_json(request):
        row = editor_row(unit, language)
        attach_source_changes([row])
        return JsonResponse(
            {
                "status": row.status,
                "version": result.translation.version,
                "html": _row_html(request, row, language, document),
            }
        )
    messages.success(
        request,
        _("Unit %(key)s: the translation now counts for the current source.") % {"key": key},
    )
    return _back(request, fallback, key)
