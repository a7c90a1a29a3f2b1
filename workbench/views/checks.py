"""Quality-check actions: a reviewer dismisses a warning on a unit, with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbench import permissions
from workbench.models import Document, Language, Unit
from workbench.selectors.editor import editor_row, page_of_unit
from workbench.services.checks import DismissalError, dismiss_warning


@login_required
@require_POST
def dismiss(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    """POST check=<id>, reason=<text>. A plain form post (the row's "Dismiss…" form) comes
    back to the unit in the editor with a message; a fetch() call (X-Requested-With: fetch)
    gets JSON: the re-rendered checks of the row, or an error with status 400."""
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    language = get_object_or_404(Language, code=lang)
    unit = get_object_or_404(Unit, document=document, key=key)
    if not permissions.can_review(request.user, language):
        raise PermissionDenied
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    try:
        dismiss_warning(
            request.user,
            unit,
            language,
            request.POST.get("check", ""),
            request.POST.get("reason", ""),
        )
    except DismissalError as exc:
        if wants_json:
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
    else:
        if wants_json:
            html = render_to_string(
                "workbench/_row_checks.html",
                {
                    "row": editor_row(unit, language),
                    "document": document,
                    "language": language,
                    "can_review": True,
                },
                request=request,
            )
            return JsonResponse({"html": html})
        messages.success(request, _("The warning is dismissed until the text changes."))
    if request.POST.get("back") == "review":
        return redirect(f"{reverse('review', args=[document.slug, language.code])}#r-{key}")
    page = page_of_unit(document, key)
    return redirect(f"{reverse('editor', args=[document.slug, language.code])}?page={page}#u-{key}")
