"""Uploading XLIFF (services/xliff_import.py); the download is views/exports.py."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workbench import permissions
from workbench.services.po_import import reason_text
from workbench.services.xliff_import import XliffImportError, import_xliff
from workbench.views.editor import _target
from workbench.views.uploads import UploadField


class XliffUploadForm(forms.Form):
    file = UploadField(label=gettext_lazy("Translated XLIFF file"))


@login_required
@require_http_methods(["GET", "POST"])
def xliff_import(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied(
            _("You are not a member of the %(language)s team.")
            % {"language": language.display_name}
        )
    form = XliffUploadForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = import_xliff(request.user, document, language, upload.read())
        except XliffImportError as exc:
            form.add_error("file", _("%(error)s Nothing was imported.") % {"error": exc})
    return render(
        request,
        "workbench/xliff_import.html",
        {
            "document": document,
            "language": language,
            "form": form,
            "summary": summary,
            "conflicts": [(c, reason_text(c.reason)) for c in summary.conflicts] if summary else [],
            "skipped": [(s, reason_text(s.reason)) for s in summary.skipped] if summary else [],
            "with_problems": [e for e in summary.imported if e.problems] if summary else [],
        },
        status=400 if form.errors else 200,
    )
