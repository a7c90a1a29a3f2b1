"""The review screen: reviewers approve, edit and approve, or send back, without reloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workbench import permissions
from workbench.models import Unit
from workbench.selectors.review import REVIEW_MODES, review_page, review_row
from workbench.services.errors import ConflictError, SourceChangedError
from workbench.services.review import approve, reject
from workbench.services.translations import markup_from_tokens
from workbench.views.editor import _target


@login_required
@require_GET
def review(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    if not permissions.can_review(request.user, language):
        raise PermissionDenied(_("Only reviewers of this language may review."))
    mode = request.GET.get("show", REVIEW_MODES[0])
    mode = mode if mode in REVIEW_MODES else REVIEW_MODES[0]
    page_obj, rows = review_page(document, language, mode=mode, page=request.GET.get("page", 1))
    return render(
        request,
        "workbench/review.html",
        {
            "document": document,
            "language": language,
            "page_obj": page_obj,
            "rows": rows,
            "mode": mode,
        },
    )


def _row_json(request, document, language, unit, *, status: int = 200, **extra) -> JsonResponse:
    row = review_row(unit, language)
    html = (
        render_to_string(
            "workbench/_review_row.html",
            {"row": row, "document": document, "language": language},
            request=request,
        )
        if row is not None
        else ""
    )
    return JsonResponse(
        {
            "html": html,
            "status": row.status if row else "untranslated",
            "version": row.translation.version if row else 0,
            **extra,
        },
        status=status,
    )


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _source_checksum(request: HttpRequest) -> str | None:
    """The checksum of the source the page showed (None: not sent, no comparison)."""
    return request.POST.get("source_checksum") or None


def _act(request: HttpRequest, slug: str, lang: str, key: str, action) -> HttpResponse:
    document, language = _target(slug, lang)
    unit = get_object_or_404(
        Unit.objects.select_related("document__source_language"), document=document, key=key
    )
    if not permissions.can_review(request.user, language):
        raise PermissionDenied
    version = _version(request)
    if version is None:
        return JsonResponse({"error": _("The version is missing.")}, status=400)
    try:
        action(unit, language, version)
    except ConflictError as conflict:
        return _row_json(
            request,
            document,
            language,
            unit,
            status=409,
            conflict=True,
            error=_(
                "The source of this unit changed since you opened it. Check the translation "
                "against the new source and act again."
            )
            if isinstance(conflict, SourceChangedError)
            else _("Someone changed this unit meanwhile; here is the current version."),
        )
    return _row_json(request, document, language, unit)


@login_required
@require_POST
def approve_unit(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    # "text" present means edit and approve; absent, approve the text as shown.
    text = request.POST.get("text")

    def action(unit, language, version):
        nonlocal text
        if text is not None and request.POST.get("tokens"):
            # The edit box holds tokens ([1], *em*, ...), as in the editor.
            text = markup_from_tokens(unit, language, text)
        approve(
            request.user,
            unit,
            language,
            base_version=version,
            text=text,
            source_checksum=_source_checksum(request),
            confirm_machine=request.POST.get("confirm_machine") == "1",
        )

    return _act(request, slug, lang, key, action)


@login_required
@require_POST
def reject_unit(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    def action(unit, language, version):
        reject(
            request.user,
            unit,
            language,
            base_version=version,
            reason=request.POST.get("reason", ""),
            source_checksum=_source_checksum(request),
        )

    return _act(request, slug, lang, key, action)
