from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from workbench import permissions
from workbench.models import Document, Language, Unit
from workbench.models.translations import ORIGIN_MACHINE, ORIGIN_MEMORY, ORIGIN_TYPED
from workbench.selectors.comments import annotate_comment_counts
from workbench.selectors.document_export import own_format_context
from workbench.selectors.editor import (
    FILTERS,
    editor_page,
    editor_row,
    join_request_pending,
    page_of_unit,
    unit_by_key,
)
from workbench.selectors.source_changes import attach_source_changes
from workbench.services.errors import ConflictError, SourceChangedError
from workbench.services.suggestions import can_suggest
from workbench.services.translations import markup_from_tokens, save_translation
from workbench.text.diff import diff_html
from workbench.text.placeables import to_tokens
from workbench.text.plurals import MAX_FORMS
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED
from workbench.views.access import document_readers


def _target(slug: str, lang: str) -> tuple[Document, Language]:
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    language = get_object_or_404(Language, code=lang)
    if language.pk == document.source_language_id:
        raise Http404("source language")
    return document, language


def _unit(slug: str, lang: str, key: str) -> tuple[Document, Language, Unit]:
    """A unit and the target language it is shown in (404 for the source language). The
    unit carries its document, so that checks and memory read it from there."""
    unit = unit_by_key(slug, key)
    if unit is None:
        raise Http404("no such unit")
    language = get_object_or_404(Language, code=lang)
    if language.pk == unit.document.source_language_id:
        raise Http404("source language")
    return unit.document, language, unit


@document_readers
def editor(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _target(slug, lang)
    flt = request.GET.get("filter", "all")
    page = request.GET.get("page", 1)
    if "unit" in request.GET and "page" not in request.GET:
        # A link to one unit (My work, history): the page it is on, in the whole list.
        flt, page = "all", page_of_unit(document, request.GET["unit"][:64])
    page_obj, rows = editor_page(document, language, page=page, flt=flt)
    annotate_comment_counts(rows, language)
    attach_source_changes(rows)
    can_translate = permissions.can_translate(request.user, language)
    return render(
        request,
        "workbench/editor.html",
        {
            # A reader who may not translate is shown the ways in: ask to join the team (or
            # that the request waits), and suggesting where the document takes suggestions.
            "join_pending": not can_translate and join_request_pending(request.user, language),
            "can_suggest": not can_translate and can_suggest(request.user, document, language),
            "document": document,
            "language": language,
            "page_obj": page_obj,
            "rows": rows,
            "filter": flt if flt in FILTERS else "all",
            # Unfiltered, the page's count is the document's (the downloads' size rule).
            "active_units": page_obj.paginator.count if flt == "all" else None,
            "filters": FILTERS,
            "can_translate": can_translate,
            "can_review": permissions.can_review(request.user, language),
            "can_see_presence": permissions.can_see_presence(request.user, language),
            **own_format_context(document),
        },
    )


def _row_html(request, row, language, document, *, draft: str | None = None) -> str:
    """The row as the editor shows it; `draft` in the text box instead of the stored text (a
    save refused because the source changed keeps what the translator typed)."""
    annotate_comment_counts([row], language)
    attach_source_changes([row])
    return render_to_string(
        "workbench/_editor_row.html",
        {
            "row": row,
            "draft": draft,
            "language": language,
            "document": document,
            "can_translate": permissions.can_translate(request.user, language),
            "can_review": permissions.can_review(request.user, language),
        },
        request=request,
    )


def _plural_texts(raw: str | None) -> tuple[str, ...] | None | bool:
    """The plural forms 2, 3, ... the editor sent (a JSON list of strings), None when it sent
    none, False when they are not such a list (at most MAX_FORMS)."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(value, list) or len(value) >= MAX_FORMS:
        return False
    if not all(isinstance(text, str) for text in value):
        return False
    return tuple(value)


@login_required
@require_POST
def save_unit(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    document, language, unit = _unit(slug, lang, key)
    if not permissions.can_translate(request.user, language):
        raise PermissionDenied
    wanted = request.POST.get("status", STATUS_TRANSLATED)
    # The editor says whether the text was typed or inserted from the memory (aids.js).
    origin = request.POST.get("origin", ORIGIN_TYPED)
    if origin not in (ORIGIN_TYPED, ORIGIN_MEMORY, ORIGIN_MACHINE):
        return JsonResponse({"error": "bad origin"}, status=400)
    if wanted not in (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED):
        return JsonResponse({"error": "bad status"}, status=400)
    try:
        base = int(request.POST.get("version", "0"))
    except ValueError:
        return JsonResponse({"error": "bad version"}, status=400)
    text = request.POST.get("text", "")
    plurals = _plural_texts(request.POST.get("plurals"))
    if plurals is False:
        return JsonResponse({"error": "bad plurals"}, status=400)
    # The editor's box holds tokens ([1], *em*, ...); other clients send stored markup.
    stored = markup_from_tokens(unit, language, text) if request.POST.get("tokens") else text
    if plurals and request.POST.get("tokens"):
        plurals = tuple(markup_from_tokens(unit, language, form) for form in plurals)
    try:
        saved = save_translation(
            request.user,
            unit,
            language,
            stored,
            status=wanted,
            base_version=base,
            origin=origin,
            # The source the row showed (absent: a client that does not say, no check).
            source_checksum=request.POST.get("source_checksum") or None,
            # Started from the engine's suggestion (machine.js); the server reads its text.
            machine_engine=request.POST.get("machine_engine", ""),
            confirm_machine=request.POST.get("confirm_machine") == "1",
            plurals=plurals,
        )
    except SourceChangedError as changed:
        # The row again with the new source (and the change since the translation, if any),
        # the translator's text still in the box, unsaved.
        fresh = unit_by_key(slug, key) or unit
        row = editor_row(fresh, language)
        return JsonResponse(
            {
                "conflict": True,
                "source_changed": True,
                "error": str(changed),
                "version": row.translation.version if row.translation else 0,
                "html": _row_html(request, row, language, document, draft=text),
            },
            status=409,
        )
    except ConflictError as conflict:
        row = editor_row(unit, language)
        return JsonResponse(
            {
                "conflict": True,
                # As the box would show it: tokens, not markup.
                "theirs": row.tokens,
                "theirs_author": (
                    str(conflict.current.author)
                    if conflict.current and conflict.current.author
                    else ""
                ),
                "version": conflict.current.version if conflict.current else 0,
                # Their text -> the text this save tried to store, for the merge view.
                # Compared as the box shows both (tokens): a change of markup shows too.
                "diff": diff_html(
                    row.tokens,
                    to_tokens(conflict.attempted_text, source=unit.source),
                    markup=False,
                ),
                "html": _row_html(request, row, language, document),
            },
            status=409,
        )
    # The last change is this save, by this user: no query to read it back.
    saved.translation.last_action = "save"
    saved.translation.last_actor = request.user.get_username()
    saved.translation.last_comment = ""
    row = editor_row(unit, language, saved.translation)
    return JsonResponse(
        {
            "status": row.status,
            "version": row.translation.version if row.translation else 0,
            "html": _row_html(request, row, language, document),
        }
    )
