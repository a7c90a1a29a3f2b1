"""Comments on a unit in one language: threaded (a reply names its parent), written by the
language's translators and reviewers. Plain text: shown autoescaped, never as markup."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from workbench import limits, permissions
from workbench.models import Comment, Language, Notification, Translation, Unit
from workbench.services import notifications
from workbench.services.errors import ServiceError

log = logging.getLogger(__name__)


class CommentError(ServiceError):
    """Bad input for a comment (message for the user)."""


def add_comment(
    user, unit: Unit, language: Language, text: str, *, parent_id: int | None = None
) -> Comment:
    permissions.require_translate(user, language)
    text = text.strip()
    if not text:
        raise CommentError(_("The comment is empty."))
    if len(text) > limits.comment_chars():
        raise CommentError(
            _("A comment may have at most %(n)d characters.") % {"n": limits.comment_chars()}
        )
    parent = None
    if parent_id is not None:
        # A reply belongs to the same unit and language as what it answers.
        parent = Comment.objects.filter(pk=parent_id, unit=unit, language=language).first()
        if parent is None:
            raise CommentError(_("The comment you reply to does not exist."))
    with transaction.atomic():
        comment = Comment.objects.create(
            unit=unit, language=language, parent=parent, author=user, text=text
        )
        _notify(user, comment)
    return comment


def _notify(user, comment: Comment) -> None:
    """Who hears of a comment: those it mentions (@name), the author of the comment it
    answers, and the unit's translator; each once, under the first that applies."""
    unit, language = comment.unit, comment.language
    facts = dict(actor=user, document=unit.document, language=language, unit_key=unit.key,
                 detail=comment.text)  # fmt: skip
    told: set[int] = {user.pk}
    mentioned = [u for u in notifications.mentioned_users(comment.text) if u.pk not in told]
    notifications.notify(mentioned, Notification.MENTION, **facts)
    told |= {u.pk for u in mentioned}
    parent_author_id = comment.parent.author_id if comment.parent is not None else None
    if comment.parent is not None and parent_author_id and parent_author_id not in told:
        notifications.notify([comment.parent.author], Notification.REPLY, **facts)
        told.add(parent_author_id)
    translation = (
        Translation.objects.filter(unit=unit, language=language).select_related("author").first()
    )
    if translation is not None and translation.author_id and translation.author_id not in told:
        notifications.notify([translation.author], Notification.COMMENT, **facts)
