"""A unit's history panel, and restoring one of its revisions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workbench import permissions
from workbench.selectors.editor import editor_row
from workbench.selectors.history import history_entries
from workbench.services.errors import ConflictError
from workbench.services.history import restore_revision
from workbench.views.access import document_readers
from workbench.views.editor import _row_html, _unit


@document_readers
@require_GET
def history(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    document, language, unit = _unit(slug, lang, key)
    return render(
        request,
        "workbench/_history.html",
        {
            "document": document,
            "unit": unit,
            "language": language,
            "entries": history_entries(unit, language),
            "can_restore": permissions.can_translate(request.user, language),
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    document, language, unit = _unit(slug, lang, key)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied
    try:
        revision_id = int(request.POST.get("revision", ""))
        version = int(request.POST.get("version", ""))
    except ValueError:
        return JsonResponse({"error": _("Which revision, from which version?")}, status=400)
    try:
        restore_revision(request.user, unit, language, revision_id, base_version=version)
    except ConflictError as conflict:
        current = conflict.current
        return JsonResponse(
            {
                "conflict": True,
                "error": _("Someone changed this unit meanwhile; nothing was restored."),
                "version": current.version if current else 0,
                "html": _row_html(request, editor_row(unit, language), language, document),
            },
            status=409,
        )
    row = editor_row(unit, language)
    return JsonResponse(
        {
            "status": row.status,
            "version": row.translation.version if row.translation else 0,
            "html": _row_html(request, row, language, document),
        }
    )
