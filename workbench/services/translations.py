"""Saving, approving and restoring translations. Every change appends a Revision."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Language, Revision, Translation, Unit
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


def _lock_current(unit: Unit, language: Language) -> Translation | None:
    # select_for_update serialises concurrent saves of one unit on PostgreSQL; SQLite locks
    # the whole database for the write transaction anyway.
    current = (
        Translation.objects.select_for_update()
        .filter(unit=unit, language=language)
        .first()
    )
    if current is not None:
        # The caller's objects, so that checks and memory need not load them again.
        current.unit = unit
        current.language = language
    return current


def _check_write(user, language: Language, status: str, check_permission: bool) -> None:
    if check_permission:
        permissions.require_translate(user, language)
    if status not in (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED):
        raise TranslationError(_("Unknown status %(status)s.") % {"status": status})
    if status == STATUS_APPROVED and check_permission:
        permissions.require_review(user, language)


def _is_noop(current: Translation | None, clean: str, status: str, unit: Unit) -> bool:
    """Nothing to store: emptying an empty unit, or the same text, status and source."""
    if current is None:
        return False
    if not clean and not current.text:
        return True
    return (
        current.text == clean
        and current.status == status
        and current.source_checksum == unit.checksum
    )


def apply_write(
    current: Translation | None, unit: Unit, language: Language, clean: str, *,
    status: str, origin: str, user,
) -> Translation:
    """The new state of a unit's translation (not saved): the one place that says what a
    write changes, for single saves and bulk writes alike."""
    if current is None:
        current = Translation(unit=unit, language=language, version=0)
    current.text = clean
    current.status = status
    current.origin = origin
    current.source_checksum = unit.checksum
    current.author = user if user is not None and user.is_authenticated else None
    if status == STATUS_APPROVED:
        current.reviewer = current.author
    current.version += 1
    return current


def revision_of(current: Translation, *, action: str, author, comment: str = "") -> Revision:
    """The history entry (not saved) for the state `current` has just been given: every
    writer of translations records it this way."""
    return Revision(
        translation=current,
        text=current.text,
        status=current.status,
        origin=current.origin,
        action=action,
        source_checksum=current.source_checksum,
        comment=comment,
        author=author,
    )


def save_translation(
    user,
    unit: Unit,
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
    `refresh_aids=False` leaves the stored check problems and the memory entry to the caller
    (see `refresh_aids_for`). Writers of whole files use `save_translations` instead."""
    _check_write(user, language, status, check_permission)
    clean = markup.sanitize_inline(text).strip()
    # Imported here: services.checks subclasses this module's TranslationError.
    from workbench.services import checks as quality

    if status == STATUS_APPROVED:
        quality.require_approvable(unit, language, clean)  # errors block approval
    with transaction.atomic():
        current = _lock_current(unit, language)
        current_version = current.version if current else 0
        if base_version is not None and base_version != current_version:
            raise ConflictError(current, clean)
        if _is_noop(current, clean, status, unit):
            return SaveResult(current, False)
        current = apply_write(
            current, unit, language, clean, status=status, origin=origin, user=user
        )
        if current.pk is None:
            try:
                # A first translation has no row to lock: two concurrent first saves meet
                # at the unique constraint instead. The savepoint keeps the transaction usable.
                with transaction.atomic():
                    current.save()
            except IntegrityError:
                theirs = Translation.objects.filter(unit=unit, language=language).first()
                raise ConflictError(theirs, clean) from None
        else:
            current.save()
        revision_of(current, action=action, author=current.author, comment=comment).save()
        if refresh_aids:
            quality.refresh_problems([current], include_siblings=True)  # the row shows them at once
            memory.remember(current)  # translated/approved pairs in, drafts and emptied ones out
    return SaveResult(current, True)


@dataclass(frozen=True)
class Write:
    """One unit's part of a bulk write: what `save_translation` takes per call."""

    unit: Unit
    text: str
    status: str = STATUS_TRANSLATED
    base_version: int | None = None
    comment: str = ""


BULK_CHUNK = 500  # rows per query: within SQLite's parameter limit, for any number of units


def save_translations(
    user,
    language: Language,
    writes: list[Write],
    *,
    origin: str,
    action: str,
    check_permission: bool = True,
) -> list[SaveResult]:
    """`save_translation` for many units of one language (one result per write, in order),
    with the same rules, in a constant number of queries per 500 units instead of four or
    five per unit: one transaction, every existing translation locked, a version mismatch on
    any unit raises ConflictError and stores nothing. Check problems and memory are left to
    the caller (`refresh_aids_for` on the changed translations), as with refresh_aids=False."""
    if len({w.unit.pk for w in writes}) != len(writes):
        raise TranslationError("A bulk write names a unit twice.")
    for status in {w.status for w in writes}:
        _check_write(user, language, status, check_permission)
    from workbench.services import checks as quality

    cleaned = [markup.sanitize_inline(w.text).strip() for w in writes]
    for write, clean in zip(writes, cleaned, strict=True):
        if write.status == STATUS_APPROVED:
            quality.require_approvable(write.unit, language, clean)
    results: list[SaveResult] = []
    with transaction.atomic():
        ids = [w.unit.pk for w in writes]
        existing: dict[int, Translation] = {}
        for start in range(0, len(ids), BULK_CHUNK):
            for t in Translation.objects.select_for_update().filter(
                language=language, unit_id__in=ids[start : start + BULK_CHUNK]
            ):
                existing[t.unit_id] = t
        new: list[Translation] = []
        changed: list[Translation] = []
        revisions: list[tuple[Translation, Write]] = []
        now = timezone.now()
        for write, clean in zip(writes, cleaned, strict=True):
            current = existing.get(write.unit.pk)
            if current is not None:
                current.unit = write.unit  # the caller's object, with its document
            current_version = current.version if current else 0
            if write.base_version is not None and write.base_version != current_version:
                raise ConflictError(current, clean)
            if _is_noop(current, clean, write.status, write.unit):
                results.append(SaveResult(current, False))
                continue
            is_new = current is None
            current = apply_write(
                current, write.unit, language, clean, status=write.status, origin=origin,
                user=user,
            )
            current.updated_at = now  # bulk_update does not apply auto_now
            (new if is_new else changed).append(current)
            revisions.append((current, write))
            results.append(SaveResult(current, True))
        if new:
            try:
                # Somebody's first save of one of these units since we looked: the unique
                # constraint refuses ours, and the whole file is refused with it.
                with transaction.atomic():
                    Translation.objects.bulk_create(new, batch_size=BULK_CHUNK)
            except IntegrityError:
                raise ConflictError(None, "") from None
        if changed:
            Translation.objects.bulk_update(
                changed,
                ["text", "status", "origin", "source_checksum", "author", "reviewer", "version",
                 "updated_at"],
                batch_size=BULK_CHUNK,
            )  # fmt: skip
        Revision.objects.bulk_create(
            [
                revision_of(t, action=action, author=t.author, comment=w.comment)
                for t, w in revisions
            ],
            batch_size=BULK_CHUNK,
        )
    return results


def refresh_aids_for(translations: list[Translation]) -> None:
    """What `save_translation` does per unit, once for many: stored check problems (with the
    other translations of the same source, for the consistency check) and the memory."""
    from workbench.services import checks as quality

    if translations:
        quality.refresh_problems(translations, include_siblings=True)
        memory.remember_many(translations)
