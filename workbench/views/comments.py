"""Comment threads on a unit: the panel (editor and review screen) and posting to it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from workbench import permissions
from workbench.selectors.comments import comment_thread
from workbench.services.comments import add_comment
from workbench.views.access import document_readers
from workbench.views.editor import _unit


def _context(request, document, language, unit) -> dict:
    return {
        "document": document,
        "language": language,
        "unit": unit,
        "items": comment_thread(unit, language),
        "can_comment": permissions.can_translate(request.user, language),
    }


@document_readers
@require_GET
def comments(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    document, language, unit = _unit(slug, lang, key)
    context = _context(request, document, language, unit)
    return render(request, "workbench/_comments.html", context)


@login_required
@require_POST
def post_comment(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    document, language, unit = _unit(slug, lang, key)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied
    parent = request.POST.get("parent") or None
    add_comment(
        request.user,
        unit,
        language,
        request.POST.get("text", ""),
        parent_id=int(parent) if parent and parent.isascii() and parent.isdigit() else None,
    )
    context = _context(request, document, language, unit)
    return JsonResponse(
        {
            "html": render_to_string("workbench/_comments.html", context, request=request),
            "count": len(context["items"]),
        }
    )
