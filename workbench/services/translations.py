"""Saving, approving and restoring translations. Every change appends a Revision."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Language, Revision, Segment, Translation
from workbench.models.translations import ORIGIN_TYPED
from workbench.services import memory
from workbench.text import markup
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED


class ConflictError(Exception):
    """Somebody saved the unit since the editor loaded it: nothing was overwritten."""

    def __init__(self, current: Translation | None, attempted_text: str):
        super().__init__(_("This unit was changed by someone else in the meantime."))
        self.current = current
        self.attempted_text = attempted_text


class TranslationError(ValueError):
    """Bad input for a translation (e.g. an unknown status)."""


@dataclass(frozen=True)
class SaveResult:
    translation: Translation
    changed: bool


def _lock_current(segment: Segment, language: Language) -> Translation | None:
    # select_for_update serialises concurrent saves of one unit on PostgreSQL; SQLite locks
    # the whole database for the write transaction anyway.
    current = (
        Translation.objects.select_for_update()
        .filter(segment=segment, language=language)
        .first()
    )
    if current is not None:
        # The caller's objects, so that checks and memory need not load them again.
        current.segment = segment
        current.language = language
    return current


def save_translation(
    user,
    segment: Segment,
    language: Language,
    text: str,
    *,
    status: str = STATUS_TRANSLATED,
    base_version: int | None,
    origin: str = ORIGIN_TYPED,
    action: str = Revision.ACTION_SAVE,
    comment: str = "",
    check_permission: bool = True,
    refresh_aids: bool = True,
) -> SaveResult:
    """Store a new text for a unit. `base_version` is the version the editor started from
    (0 when it saw no translation); a mismatch raises ConflictError and stores nothing.
    `base_version=None` skips the check (used by imports that do their own matching).
    `check_permission=False` is for the command line, whose operator is trusted (`user` may
    then be None: the revision has no author).
    `refresh_aids=False` leaves the stored check problems and the memory entry to the caller:
    bulk writers (alignment acceptance) refresh them once for all units with
    `refresh_aids_for`, which costs a few queries per batch instead of several per unit."""
    if check_permission:
        permissions.require_translate(user, language)
    if status not in (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED):
        raise TranslationError(_("Unknown status %(status)s.") % {"status": status})
    if status == STATUS_APPROVED and check_permission:
        permissions.require_review(user, language)
    clean = markup.sanitize_inline(text).strip()
    # Imported here: services.checks subclasses this module's TranslationError.
    from workbench.services import checks as quality

    if status == STATUS_APPROVED:
        quality.require_approvable(segment, language, clean)  # errors block approval
    with transaction.atomic():
        current = _lock_current(segment, language)
        current_version = current.version if current else 0
        if base_version is not None and base_version != current_version:
            raise ConflictError(current, clean)
        if current is not None and not clean and not current.text:
            return SaveResult(current, False)
        unchanged = (
            current is not None
            and current.text == clean
            and current.status == status
            and current.source_checksum == segment.checksum
        )
        if unchanged:
            return SaveResult(current, False)
        if current is None:
            current = Translation(segment=segment, language=language, version=0)
        current.text = clean
        current.status = status
        current.origin = origin
        current.source_checksum = segment.checksum
        current.author = user if user is not None and user.is_authenticated else None
        if status == STATUS_APPROVED:
            current.reviewer = current.author
        current.version += 1
        if current.pk is None:
            try:
                # A first translation has no row to lock: two concurrent first saves meet
                # at the unique constraint instead. The savepoint keeps the transaction usable.
                with transaction.atomic():
                    current.save()
            except IntegrityError:
                theirs = Translation.objects.filter(segment=segment, language=language).first()
                raise ConflictError(theirs, clean) from None
        else:
            current.save()
        Revision.objects.create(
            translation=current,
            text=clean,
            status=status,
            origin=origin,
            action=action,
            source_checksum=segment.checksum,
            comment=comment,
            author=current.author,
        )
        if refresh_aids:
            quality.refresh_problems([current], include_siblings=True)  # the row shows them at once
            memory.remember(current)  # translated/approved pairs in, drafts and emptied ones out
    return SaveResult(current, True)


def refresh_aids_for(translations: list[Translation]) -> None:
    """What `save_translation` does per unit, once for many: stored check problems (with the
    other translations of the same source, for the consistency check) and the memory."""
    from workbench.services import checks as quality

    if translations:
        quality.refresh_problems(translations, include_siblings=True)
        memory.remember_many(translations)
