"""Reviewing: approve (as is, or edited), and send back with a reason.

Both take the version the reviewer saw (`base_version`) and refuse with ConflictError if the
unit changed since, like saving in the editor. Both are the write pipeline
(services/writes.py) with the reviewer's rules; sending back also opens a comment on the unit
so the translator sees the reason in the editor."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Comment, Language, Notification, Translation, Unit
from workbench.services import notifications, writes
from workbench.services.errors import TranslationError
from workbench.services.writes import Change, SaveResult
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT

log = logging.getLogger(__name__)


def approve(
    actor,
    unit: Unit,
    language: Language,
    *,
    base_version: int,
    text: str | None = None,
    source_checksum: str | None = None,
    confirm_machine: bool = False,
) -> SaveResult:
    """Approve the unit's translation as the reviewer saw it (`text` None), or approve an
    edited text ("edit and approve"). Raises ApprovalBlocked if an error-level check fails,
    ConflictError if the unit changed since `base_version`, SourceChangedError if its source
    is no longer the one the reviewer read (`source_checksum`, when given)."""
    change = Change(
        unit,
        text,
        status=STATUS_APPROVED,
        base_version=base_version,
        source_checksum=source_checksum,
        # Unedited machine translation is approved only when the reviewer confirms it
        # (MachineUneditedError otherwise).
        confirm_machine=confirm_machine,
    )
    (result,) = writes.write(actor, language, [change], kind=writes.APPROVE)
    return result


def reject(
    actor,
    unit: Unit,
    language: Language,
    *,
    base_version: int,
    reason: str,
    source_checksum: str | None = None,
) -> SaveResult:
    """Send the translation back to the translator: status draft, the reason kept in the
    revision and posted as a comment on the unit. The text itself is left as it was."""
    permissions.require_review(actor, language)
    reason = reason.strip()
    if not reason:
        raise TranslationError(_("Say why the translation is sent back."))
    change = Change(
        unit,
        None,
        status=STATUS_DRAFT,
        base_version=base_version,
        comment=reason,
        source_checksum=source_checksum,
    )
    with transaction.atomic():
        translator = (
            Translation.objects.filter(unit=unit, language=language)
            .select_related("author")
            .values_list("author", flat=True)
            .first()
        )
        (result,) = writes.write(actor, language, [change], kind=writes.REJECT)
        Comment.objects.create(
            unit=unit, language=language, author=permissions.author_of(actor), text=reason
        )
        if translator:
            notifications.notify(
                get_user_model().objects.filter(pk=translator),
                Notification.SENT_BACK,
                actor=permissions.author_of(actor),
                document=unit.document,
                language=language,
                unit_key=unit.key,
                detail=reason,
            )
    return result
