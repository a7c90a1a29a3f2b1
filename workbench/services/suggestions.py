"""Suggestions: anyone signed in proposes a translation into a language whose team they are
not in (when the document's admin opened suggestions); the team sees them beside the unit,
votes, adopts one (a new revision through services/writes.py, credited to its author, with
the adopter named in the revision's comment) or dismisses it."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import limits, permissions
from workbench.models import Document, Language, Suggestion, SuggestionVote, Translation, Unit
from workbench.services import writes
from workbench.services.errors import ServiceError
from workbench.services.writes import Change
from workbench.text.records import STATUS_TRANSLATED

log = logging.getLogger(__name__)

MAX_OPEN_PER_PERSON = 500  # open suggestions one person may have at once (spam bound)


class SuggestionError(ServiceError):
    """A suggestion action that cannot be done (message for the user)."""


def set_suggestions_open(actor, document: Document, is_open: bool) -> None:
    if not permissions.can_manage_documents(actor):
        raise PermissionDenied(_("Only document admins open or close suggestions."))
    document.suggestions_open = is_open
    document.save(update_fields=["suggestions_open", "updated_at"])


def can_suggest(user, document: Document, language: Language) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and document.suggestions_open
        and not permissions.can_translate(user, language)
        and language.pk != document.source_language_id
    )


def suggest(user, unit: Unit, language: Language, text: str) -> Suggestion:
    document = Document.objects.get(pk=unit.document_id)  # the setting as stored now
    if not can_suggest(user, document, language):
        raise PermissionDenied(_("Suggestions are not open to you for this document."))
    text = text.strip()
    if not text:
        raise SuggestionError(_("The suggestion is empty."))
    if len(text) > limits.translation_chars():
        raise SuggestionError(
            _("A translation may have at most %(n)d characters.")
            % {"n": limits.translation_chars()}
        )
    with transaction.atomic():
        mine = Suggestion.objects.filter(author=user, state=Suggestion.OPEN)
        if mine.count() >= MAX_OPEN_PER_PERSON:
            raise SuggestionError(_("You have too many open suggestions; wait for the team."))
        same = mine.filter(unit=unit, language=language).select_for_update().first()
        if same is not None:  # one open suggestion per person and unit: the newer replaces it
            same.text = text
            same.save(update_fields=["text"])
            return same
        return Suggestion.objects.create(unit=unit, language=language, author=user, text=text)


def _open(suggestion_id: int, *, lock: bool = True) -> Suggestion:
    qs = Suggestion.objects.select_related("unit__document", "language", "author")
    if lock:
        qs = qs.select_for_update(of=("self",))
    suggestion = qs.filter(pk=suggestion_id).first()
    if suggestion is None:
        raise SuggestionError(_("This suggestion no longer exists."))
    if suggestion.state != Suggestion.OPEN:
        raise SuggestionError(_("This suggestion was already %(state)s.")
                              % {"state": suggestion.get_state_display()})  # fmt: skip
    return suggestion


def adopt(actor, suggestion_id: int) -> Suggestion:
    """Write the suggestion as the unit's translation (status translated, the reviewers then
    review it as any other), credited to its author."""
    with transaction.atomic():
        suggestion = _open(suggestion_id)
        permissions.require_translate(actor, suggestion.language)
        current = (
            Translation.objects.filter(unit=suggestion.unit, language=suggestion.language)
            .values_list("version", flat=True)
            .first()
        )
        adopter = actor.get_username()
        writes.write(
            actor,
            suggestion.language,
            [
                Change(
                    suggestion.unit,
                    suggestion.text,
                    status=STATUS_TRANSLATED,
                    base_version=current or 0,
                    comment=_("Suggestion adopted by %(name)s") % {"name": adopter},
                )
            ],
            kind=writes.SAVE,
            credit=suggestion.author,
        )
        _decide(actor, suggestion, Suggestion.ADOPTED)
    log.info("suggestion %s adopted", suggestion.pk)
    return suggestion


def dismiss(actor, suggestion_id: int) -> Suggestion:
    with transaction.atomic():
        suggestion = _open(suggestion_id)
        permissions.require_translate(actor, suggestion.language)
        _decide(actor, suggestion, Suggestion.DISMISSED)
    return suggestion


def _decide(actor, suggestion: Suggestion, state: str) -> None:
    suggestion.state = state
    suggestion.decided_by = permissions.author_of(actor)
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])


def vote(actor, suggestion_id: int, value: int) -> Suggestion:
    """+1 or -1 from a member of the team; a second vote replaces the first, 0 takes it back."""
    if value not in (-1, 0, 1):
        raise SuggestionError(_("A vote is +1 or -1."))
    with transaction.atomic():
        suggestion = _open(suggestion_id)
        permissions.require_translate(actor, suggestion.language)
        if value == 0:
            SuggestionVote.objects.filter(suggestion=suggestion, user=actor).delete()
        else:
            try:
                with transaction.atomic():
                    SuggestionVote.objects.update_or_create(
                        suggestion=suggestion, user=actor, defaults={"value": value}
                    )
            except IntegrityError as exc:
                raise SuggestionError(_("Your vote was counted already.")) from exc
        total = SuggestionVote.objects.filter(suggestion=suggestion).aggregate(s=Sum("value"))
        suggestion.score = total["s"] or 0
        suggestion.save(update_fields=["score"])
    return suggestion
