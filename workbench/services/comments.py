"""Comments on a unit in one language: threaded (a reply names its parent), written by the
language's translators and reviewers. Plain text: shown autoescaped, never as markup."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from workbench import limits, permissions
from workbench.models import Comment, Language, Unit
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
    return Comment.objects.create(
        unit=unit, language=language, parent=parent, author=user, text=text
    )
