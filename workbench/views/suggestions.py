"""The suggestions panel of a document in one language: units one page at a time, each with
its current translation and the open suggestions. Outsiders (signed in, not in the team)
suggest; members vote, adopt (key A on a focused suggestion) or dismiss (key D)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbench import permissions
from workbench.models import Document, Language, Suggestion, SuggestionVote, Translation, Unit
from workbench.services import suggestions as service
from workbench.services.suggestions import SuggestionError


def _context_objects(slug: str, lang: str) -> tuple[Document, Language]:
    document = get_object_or_404(Document.objects.select_related("source_language"), slug=slug)
    return document, get_object_or_404(Language, code=lang)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return max(1, min(int(raw), 100000)) if raw.isdigit() else 1


@login_required
def panel(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    document, language = _context_objects(slug, lang)
    member = permissions.can_translate(request.user, language)
    outsider = service.can_suggest(request.user, document, language)
    if not (member or outsider):
        raise PermissionDenied(_("Suggestions are not open to you for this document."))
    size = settings.EDITOR_PAGE_SIZE
    page = _page_number(request)
    units = list(
        Unit.objects.filter(document=document, is_active=True).order_by("position")[
            (page - 1) * size : page * size + 1
        ]
    )
    has_next = len(units) > size
    units = units[:size]
    ids = [u.pk for u in units]
    current = {t.unit_id: t for t in Translation.objects.filter(unit_id__in=ids, language=language)}
    open_ones = Suggestion.objects.filter(
        unit_id__in=ids, language=language, state=Suggestion.OPEN
    ).select_related("author")
    if not member:
        open_ones = open_ones.filter(author=request.user)  # outsiders see their own
    by_unit: dict[int, list[Suggestion]] = {}
    for suggestion in open_ones:
        by_unit.setdefault(suggestion.unit_id, []).append(suggestion)
    my_votes = dict(
        SuggestionVote.objects.filter(
            user=request.user, suggestion__unit_id__in=ids, suggestion__language=language
        ).values_list("suggestion_id", "value")
    )
    for items in by_unit.values():
        for suggestion in items:
            suggestion.my_vote = my_votes.get(suggestion.pk, 0)
    rows = [(u, current.get(u.pk), by_unit.get(u.pk, [])) for u in units]
    if request.GET.get("with") == "open":
        rows = [row for row in rows if row[2]]
    return render(
        request,
        "workbench/suggestions.html",
        {
            "document": document,
            "language": language,
            "rows": rows,
            "member": member,
            "outsider": outsider,
            "page": page,
            "has_next": has_next,
        },
    )


def _back(request: HttpRequest, slug: str, lang: str, unit_key: str = "") -> HttpResponse:
    url = reverse("suggestions", args=[slug, lang])
    page = request.POST.get("page", "")
    if page.isdigit():
        url += f"?page={page}"
    return redirect(url + (f"#s-{unit_key}" if unit_key else ""))


@login_required
@require_POST
def suggest(request: HttpRequest, slug: str, lang: str, key: str) -> HttpResponse:
    document, language = _context_objects(slug, lang)
    unit = get_object_or_404(Unit, document=document, key=key, is_active=True)
    try:
        service.suggest(request.user, unit, language, request.POST.get("text", ""))
    except SuggestionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you: your suggestion waits for the team."))
    return _back(request, slug, lang, key)


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, lang: str, pk: int) -> HttpResponse:
    action = request.POST.get("action", "")
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("unit"),
        pk=pk, unit__document__slug=slug, language__code=lang,
    )  # fmt: skip
    try:
        if action == "adopt":
            service.adopt(request.user, pk)
            messages.success(request, _("Suggestion adopted."))
        elif action == "dismiss":
            service.dismiss(request.user, pk)
            messages.success(request, _("Suggestion dismissed."))
        elif action in {"up", "down", "none"}:
            service.vote(request.user, pk, {"up": 1, "down": -1, "none": 0}[action])
        else:
            messages.error(request, _("Unknown action."))
    except SuggestionError as exc:
        messages.error(request, str(exc))
    return _back(request, slug, lang, suggestion.unit.key)


@login_required
@require_POST
def set_open(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(Document, slug=slug)
    is_open = request.POST.get("open") == "1"
    service.set_suggestions_open(request.user, document, is_open)
    messages.success(
        request, _("Suggestions are open.") if is_open else _("Suggestions are closed.")
    )
    return redirect("document", slug=slug)
