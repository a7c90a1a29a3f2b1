"""Uploading a translated PO file (services/po_import.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workbench import permissions
from workbench.services.jobs import start_job
from workbench.services.po_import import PoImportError, import_po, reason_text
from workbench.views.editor import _target
from workbench.views.uploads import UploadField, runs_in_background


class PoUploadForm(forms.Form):
    file = UploadField(label=gettext_lazy("Translated PO file"))


@login_required
@require_http_methods(["GET", "POST"])
def po_import(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied(
            _("You are not a member of the %(language)s team.")
            % {"language": language.display_name}
        )
    form = PoUploadForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if runs_in_background(upload):
            job = start_job(
                request.user,
                "po_import",
                document=document,
                language=language,
                upload=(upload.read(), upload.name),
            )
            return redirect("job", job_id=job.pk)
        try:
            summary = import_po(request.user, document, language, upload.read())
        except PoImportError as exc:
            form.add_error("file", _("%(error)s Nothing was imported.") % {"error": exc})
    conflicts = (
        [(c, reason_text(c.reason)) for c in summary.conflicts] if summary is not None else []
    )
    skipped = [(s, reason_text(s.reason)) for s in summary.skipped] if summary is not None else []
    return render(
        request,
        "workbench/po_import.html",
        {
            "document": document,
            "language": language,
            "form": form,
            "summary": summary,
            "conflicts": conflicts,
            "skipped": skipped,
            "with_problems": [e for e in summary.imported if e.problems] if summary else [],
        },
        status=400 if form.errors else 200,
    )
