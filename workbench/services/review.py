"""Reviewing: approve (as is, or edited), and send back with a reason.

Both take the version the reviewer saw (`base_version`) and refuse with ConflictError if the
unit changed since, like saving in the editor. Every action appends a Revision; sending back
also opens a comment on the unit so the translator sees the reason in the editor."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Comment, Language, Revision, Translation, Unit
from workbench.models.translations import ORIGIN_TYPED
from workbench.services import checks as quality
from workbench.services import memory
from workbench.services.translations import (
    ConflictError,
    SaveResult,
    TranslationError,
    revision_of,
)
from workbench.text import markup
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT


def _current(unit: Unit, language: Language, *, lock: bool) -> Translation | None:
    qs = Translation.objects.filter(unit=unit, language=language)
    if lock:
        # Serialises concurrent reviews and saves of one unit (see services/translations.py).
        qs = qs.select_for_update()
    return qs.first()


def approve(
    user,
    unit: Unit,
    language: Language,
    *,
    base_version: int,
    text: str | None = None,
) -> SaveResult:
    """Approve the unit's translation as the reviewer saw it (`text` None), or approve an
    edited text ("edit and approve"). Raises ApprovalBlocked if an error-level check fails,
    ConflictError if the unit changed since `base_version`."""
    permissions.require_review(user, language)
    seen = _current(unit, language, lock=False)
    if seen is None or not seen.text:
        raise TranslationError(_("There is no translation to approve."))
    if seen.version != base_version:
        raise ConflictError(seen, text if text is not None else seen.text)
    new_text = seen.text if text is None else markup.sanitize_inline(text).strip()
    if not new_text:
        raise TranslationError(_("An empty translation cannot be approved."))
    # Error-level checks block approval (ApprovalBlocked, nothing stored). Checked before
    # taking the lock, since checks take a few queries; the version check under the lock
    # guarantees the text checked is the text approved.
    quality.require_approvable(unit, language, new_text)
    with transaction.atomic():
        current = _current(unit, language, lock=True)
        if current is None or current.version != base_version:
            raise ConflictError(current, new_text)
        edited = new_text != current.text
        current.text = new_text
        current.status = STATUS_APPROVED
        current.source_checksum = unit.checksum
        current.reviewer = user
        if edited:
            # The reviewer wrote this text; an unedited approval keeps the translator's credit.
            current.author = user
            current.origin = ORIGIN_TYPED
        current.version += 1
        current.save()
        revision_of(current, action=Revision.ACTION_APPROVE, author=user).save()
        # The stored problems and the memory follow the text and its status.
        quality.refresh_problems([current], include_siblings=True)
        memory.remember(current)
    return SaveResult(current, True)


def reject(
    user,
    unit: Unit,
    language: Language,
    *,
    base_version: int,
    reason: str,
) -> SaveResult:
    """Send the translation back to the translator: status draft, the reason kept in the
    revision and posted as a comment on the unit. The text itself is left as it was."""
    permissions.require_review(user, language)
    reason = reason.strip()
    if not reason:
        raise TranslationError(_("Say why the translation is sent back."))
    with transaction.atomic():
        current = _current(unit, language, lock=True)
        if current is None or not current.text:
            raise TranslationError(_("There is no translation to send back."))
        if current.version != base_version:
            raise ConflictError(current, current.text)
        current.status = STATUS_DRAFT
        current.reviewer = user
        current.version += 1
        current.save()
        # The source checksum is left as it was: sending back does not make an outdated
        # translation current.
        revision_of(current, action=Revision.ACTION_REJECT, author=user, comment=reason).save()
        memory.remember(current)  # a draft leaves the memory
        Comment.objects.create(unit=unit, language=language, author=user, text=reason)
    return SaveResult(current, True)
