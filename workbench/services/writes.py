"""The one write path for translations.

Every change of a translation's text, status or source attachment goes through `write`:
saving in the editor, bulk saves, restoring a revision, PO import, pre-filling from memory,
accepting an alignment, approving, sending back and confirming a source change. A writer says
*what* it wants per unit (a `Change`) and *which kind of write* it is (a `WriteKind`); this
module does the rest, the same way for one unit and for a book:

1. permission (workbench/permissions.py) for the actor, the language and the target status,
   and (under the lock) for changing a translation a reviewer approved;
2. the text sanitised (the stored-markup gate, text/markup.py);
3. one transaction: the existing rows locked (SELECT ... FOR UPDATE on PostgreSQL), the
   version each writer saw compared (`ConflictError`, nothing stored), the kind's
   preconditions, unchanged writes skipped, the approval gate (error-level checks block an
   approval), the fields set by one rule (`_next_state`), rows created and updated in bulk,
   one Revision per change;
4. the after-change step, still in the transaction: stored check problems (with the other
   translations of the same source) and the translation memory; then the webhook events of
   what the write approved (services/webhooks.py, sent after the commit).

A new kind of write (machine translation, an API, an accepted suggestion) is one `WriteKind`
and one call, not another copy of this bookkeeping.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbench import limits, permissions
from workbench.models import Language, Revision, Translation, Unit
from workbench.models.translations import (
    ORIGIN_ALIGNED,
    ORIGIN_MACHINE,
    ORIGIN_MEMORY,
    ORIGIN_PO,
    ORIGIN_TYPED,
)
from workbench.services import checks as quality
from workbench.services import memory_store, notifications, webhooks
from workbench.services.errors import (
    ConflictError,
    MachineUneditedError,
    SourceChangedError,
    TranslationError,
)
from workbench.text import markup
from workbench.text.machine_share import unedited, unmodified_share
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

log = logging.getLogger(__name__)

STATUSES = (STATUS_DRAFT, STATUS_TRANSLATED, STATUS_APPROVED)
CHUNK = 500  # rows per query: within SQLite's parameter limit, for any number of units
UPDATED_FIELDS = [
    "text", "plural_texts", "status", "origin", "source_checksum", "author", "reviewer", "version",
    "updated_at", "machine_text", "machine_engine", "machine_share",
]  # fmt: skip


@dataclass(frozen=True)
class WriteKind:
    """The rules of one kind of write. `review` kinds are a reviewer's acts on the text as it
    stands (approve, send back, confirm): they need the review permission, record the actor
    as reviewer, and keep the translator's credit unless they change the text."""

    action: str  # Revision.action
    origin: str  # Translation.origin of a text this kind writes
    review: bool = False
    # Refuse when the unit has no text yet (there is nothing to approve or send back).
    needs_text: object = None  # a lazy message, or None
    needs_active_unit: bool = False
    # Sending back does not make an outdated translation current: the source stays attached.
    keeps_source: bool = False
    # Same text, status and source as stored → no revision, no new version.
    skip_unchanged: bool = True


SAVE = WriteKind(Revision.ACTION_SAVE, ORIGIN_TYPED)
RESTORE = WriteKind(Revision.ACTION_RESTORE, ORIGIN_TYPED)
IMPORT = WriteKind(Revision.ACTION_IMPORT, ORIGIN_PO)
# The msgstr of a gettext catalog imported as a document (services/catalogs.py): the first
# translations of new units, or those of a new version of the catalog.
CATALOG = WriteKind(Revision.ACTION_IMPORT, ORIGIN_PO)
PREFILL = WriteKind(Revision.ACTION_IMPORT, ORIGIN_MEMORY)
ALIGN = WriteKind(Revision.ACTION_ALIGN, ORIGIN_ALIGNED)
# Pre-translation by an engine (services/pretranslate.py): drafts only.
PRETRANSLATE = WriteKind(Revision.ACTION_IMPORT, ORIGIN_MACHINE)
APPROVE = WriteKind(
    Revision.ACTION_APPROVE,
    ORIGIN_TYPED,
    review=True,
    skip_unchanged=False,
    needs_text=gettext_lazy("There is no translation to approve."),
)
REJECT = WriteKind(
    Revision.ACTION_REJECT,
    ORIGIN_TYPED,
    review=True,
    skip_unchanged=False,
    keeps_source=True,
    needs_text=gettext_lazy("There is no translation to send back."),
)
CONFIRM = WriteKind(
    Revision.ACTION_CONFIRM,
    ORIGIN_TYPED,
    review=True,
    needs_active_unit=True,
    needs_text=gettext_lazy("There is no translation to confirm."),
)


@dataclass(frozen=True)
class Change:
    """What a writer wants for one unit. `text`/`status` None keep what is stored.
    `base_version` is the version the writer saw (0: no translation yet); None skips the
    comparison (a writer that did its own matching under the same lock). `source_checksum`
    is the checksum of the unit's source the writer saw (the editor shows it); a mismatch
    with the unit's checksum as stored is a `SourceChangedError`. None skips the comparison
    (commands; the PO import checks the msgid itself)."""

    unit: Unit
    text: str | None = None
    status: str | None = None
    base_version: int | None = None
    comment: str = ""
    source_checksum: str | None = None
    # The engine output this text starts from (origin machine), checked by the caller
    # against the stored suggestion; kept on the translation for the guard.
    machine_text: str | None = None
    machine_engine: str = ""
    # A reviewer approving (almost) unmodified machine output says so explicitly.
    confirm_machine: bool = False
    # Forms 1, 2, ... of a unit with plural forms (`text` is form 0); None keeps them.
    plurals: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SaveResult:
    translation: Translation
    changed: bool


def write(
    actor,
    language: Language,
    changes: Sequence[Change],
    *,
    kind: WriteKind,
    origin: str | None = None,
    credit=None,
) -> list[SaveResult]:
    """Apply `changes` (one per unit) to the translations into `language`, all or nothing;
    one result per change, in order. Raises PermissionDenied, TranslationError (bad input,
    a precondition of the kind), ApprovalBlocked (errors block an approval) or ConflictError
    (a unit changed since its `base_version`; nothing is stored). Constant queries per 500
    units, plus the approval gate's few per approved unit."""
    if len({c.unit.pk for c in changes}) != len(changes):
        raise TranslationError("A write names a unit twice.")
    statuses = {c.status for c in changes} - {None}
    for status in statuses:
        if status not in STATUSES:
            raise TranslationError(_("Unknown status %(status)s.") % {"status": status})
    permissions.require_write(
        actor, language, review=kind.review, approve=STATUS_APPROVED in statuses
    )
    # `credit`: whose words these are when they are not the actor's (an adopted suggestion);
    # the actor's permissions are checked all the same.
    author = credit if credit is not None else permissions.author_of(actor)
    for change in changes:  # before sanitising: the gate's work grows with the text
        _require_length(change.unit, change.text, factor=2)
    cleaned = [None if c.text is None else _clean(c.text) for c in changes]
    cleaned_plurals = [
        None if c.plurals is None else tuple(_clean(form) for form in c.plurals) for c in changes
    ]
    for change, clean in zip(changes, cleaned, strict=True):
        _require_length(change.unit, clean)
    for change, forms in zip(changes, cleaned_plurals, strict=True):
        for form in forms or ():
            _require_length(change.unit, form)
    origin = origin or kind.origin
    with transaction.atomic():
        existing = _lock(language, [c.unit.pk for c in changes])
        sources = _source_checksums([c.unit.pk for c in changes if c.source_checksum is not None])
        results: list[SaveResult] = []
        new: list[Translation] = []
        updated: list[Translation] = []
        revisions: list[Revision] = []
        approved: list[Translation] = []  # approved by this write (webhooks)
        # Newly done (translated or approved) and newly approved: a document may have
        # reached 100% (notifications.record_milestones).
        completed: list[Translation] = []
        newly_approved: list[Translation] = []
        now = timezone.now()
        for change, clean, forms in zip(changes, cleaned, cleaned_plurals, strict=True):
            current = existing.get(change.unit.pk)
            if current is not None:
                current.unit = change.unit  # the caller's object, with its document
                current.language = language
            _require(kind, change, current, clean)
            if change.source_checksum is not None and (
                change.source_checksum != sources.get(change.unit.pk)
            ):
                log.info("source conflict on unit %s", change.unit.pk)
                raise SourceChangedError(current, clean if clean is not None else "")
            if current is not None and _unchanged(kind, change, current, clean, forms):
                results.append(SaveResult(current, False))
                continue
            if not kind.review and _approved(current):
                # A translator does not overwrite what a reviewer approved (reviewers' own
                # acts are checked above); nothing of this write is stored.
                permissions.require_change_approved(actor, language)
            if clean is not None:
                text = clean
            elif current is not None:
                text = current.text
            else:
                raise TranslationError(_("There is no translation to keep."))
            if change.status == STATUS_APPROVED:
                if not text:
                    raise TranslationError(_("An empty translation cannot be approved."))
                quality.require_approvable(change.unit, language, text)  # errors block it
                # The guard: (almost) unmodified engine output is approved only when the
                # reviewer confirms (a text from elsewhere, e.g. a PO file, ends the tracking).
                machine = change.machine_text or (
                    current.machine_text
                    if current is not None and origin in (ORIGIN_TYPED, ORIGIN_MACHINE)
                    else ""
                )
                if not change.confirm_machine and unedited(text, machine or ""):
                    raise MachineUneditedError()
            is_new = current is None
            was_approved, old_text = _approved(current), current.text if current else None
            was_done = _done(current, change.unit)
            current = _next_state(
                current, change, language, text, kind=kind, origin=origin, author=author
            )
            if forms is not None:
                current.plural_texts = list(forms)
            current.updated_at = now  # bulk_update does not apply auto_now
            if current.status == STATUS_APPROVED and (not was_approved or old_text != text):
                approved.append(current)
            if not was_done and _done(current, change.unit):
                completed.append(current)
            if not was_approved and _approved(current):
                newly_approved.append(current)
            (new if is_new else updated).append(current)
            revisions.append(
                Revision(
                    translation=current,
                    text=current.text,
                    plural_texts=current.plural_texts,
                    status=current.status,
                    origin=current.origin,
                    action=kind.action,
                    source_checksum=current.source_checksum,
                    comment=change.comment,
                    author=author,
                )
            )
            results.append(SaveResult(current, True))
        _store(new, updated, revisions, language, conflict_text=cleaned[0] if cleaned else "")
        after_change([*new, *updated])
        webhooks.record_approvals(language, approved, str(author or "system"))
        notifications.record_milestones(actor, language, completed, newly_approved)
    if revisions:
        # Bulk writes (imports, alignments, pre-fills) are events an operator follows; a
        # single save is not.
        log.log(
            logging.INFO if len(changes) > 1 else logging.DEBUG,
            "%s: %d of %d translations into %s written by %s",
            kind.action,
            len(revisions),
            len(changes),
            language.code,
            author or "system",
        )
    return results


def after_change(translations: Sequence[Translation]) -> None:
    """What follows every change of translations, once for all of them: the stored check
    problems (with the other translations of the same source, whose consistency finding may
    change) and the memory (translated and approved pairs in, drafts and emptied ones out)."""
    if translations:
        quality.refresh_problems(translations, include_siblings=True)
        memory_store.remember_many(translations)


def record_suggestions(
    actor, language: Language, suggestions: Sequence[tuple[Unit, str, str, str, str]]
) -> int:
    """Keep texts that could not be applied (PO import conflicts) as suggestion revisions on
    the unit's translation, without changing it: (unit, text, status, source checksum it was
    made from, comment). A unit without a translation gets an empty row to hang them on
    (version 0, "untranslated" everywhere). The caller holds the transaction and the locks."""
    author = permissions.author_of(actor)
    rows = {
        t.unit_id: t
        for t in Translation.objects.filter(
            language=language, unit_id__in=[unit.pk for unit, *_rest in suggestions]
        )
    }
    empty = [
        Translation(
            unit=unit,
            language=language,
            text="",
            status=STATUS_DRAFT,
            origin=ORIGIN_PO,
            source_checksum=unit.checksum,
            author=None,
            version=0,
        )
        for unit in {unit.pk: unit for unit, *_rest in suggestions}.values()
        if unit.pk not in rows
    ]
    Translation.objects.bulk_create(empty, batch_size=CHUNK)
    rows.update((t.unit_id, t) for t in empty)
    Revision.objects.bulk_create(
        [
            Revision(
                translation=rows[unit.pk],
                text=text,
                status=status,
                origin=ORIGIN_PO,
                action=Revision.ACTION_SUGGESTION,
                source_checksum=made_from,
                comment=comment,
                author=author,
            )
            for unit, text, status, made_from, comment in suggestions
        ],
        batch_size=CHUNK,
    )
    return len(suggestions)


# --- the steps --------------------------------------------------------------------------


def too_long(text: str | None) -> bool:
    """Whether a (sanitised) translation is over the limit (settings.MAX_TRANSLATION_CHARS)."""
    return text is not None and len(text) > limits.translation_chars()


def _require_length(unit: Unit, text: str | None, *, factor: int = 1) -> None:
    if text is not None and len(text) > limits.translation_chars() * factor:
        raise TranslationError(
            _(
                "The translation of unit %(key)s has %(length)d characters; "
                "a translation may have at most %(limit)d."
            )
            % {"key": unit.key, "length": len(text), "limit": limits.translation_chars()}
        )


def _lock(language: Language, unit_ids: list[int]) -> dict[int, Translation]:
    # select_for_update serialises concurrent writes of a unit on PostgreSQL; SQLite locks
    # the whole database for the write transaction anyway.
    existing: dict[int, Translation] = {}
    for start in range(0, len(unit_ids), CHUNK):
        for t in Translation.objects.select_for_update().filter(
            language=language, unit_id__in=unit_ids[start : start + CHUNK]
        ):
            existing[t.unit_id] = t
    return existing


def _source_checksums(unit_ids: list[int]) -> dict[int, str]:
    """The units' source checksums as stored, locked: a source update of these units waits
    for this write, or this write reads what it committed (never a stamp of a source the
    writer did not see)."""
    checksums: dict[int, str] = {}
    for start in range(0, len(unit_ids), CHUNK):
        checksums.update(
            Unit.objects.select_for_update()
            .filter(pk__in=unit_ids[start : start + CHUNK])
            .values_list("pk", "checksum")
        )
    return checksums


def _require(
    kind: WriteKind, change: Change, current: Translation | None, clean: str | None
) -> None:
    if kind.needs_text is not None and (current is None or not current.text):
        raise TranslationError(str(kind.needs_text))
    seen = current.version if current is not None else 0
    if change.base_version is not None and change.base_version != seen:
        log.info("conflict on unit %s: saw version %s, stored %s",
                 change.unit.pk, change.base_version, seen)  # fmt: skip
        attempted = clean if clean is not None else (current.text if current else "")
        raise ConflictError(current, attempted)
    if kind.needs_active_unit and not change.unit.is_active:
        raise TranslationError(_("This unit is no longer part of the document."))


def _done(current: Translation | None, unit: Unit) -> bool:
    """Counts as translated in progress: a text, translated or approved, of the current
    source."""
    return (
        current is not None
        and bool(current.text)
        and current.status in (STATUS_TRANSLATED, STATUS_APPROVED)
        and current.source_checksum == unit.checksum
    )


def _approved(current: Translation | None) -> bool:
    """An approved translation of the unit's current source (an outdated one is open to
    its translators again)."""
    return (
        current is not None
        and current.status == STATUS_APPROVED
        and bool(current.text)
        and current.source_checksum == current.unit.checksum
    )


def _clean(text: str) -> str:
    # What people type is text except real tags: "<Ctrl>" or "a < b" must not be lost.
    return markup.sanitize_inline(markup.keep_angle_text(text)).strip()


def _unchanged(
    kind: WriteKind,
    change: Change,
    current: Translation,
    clean: str | None,
    forms: tuple[str, ...] | None = None,
) -> bool:
    """Nothing to store: emptying an empty unit, or the same text, status and source."""
    if not kind.skip_unchanged:
        return False
    if forms is not None and list(forms) != list(current.plural_texts or []):
        return False
    text = current.text if clean is None else clean
    if not text and not current.text:
        return True
    status = current.status if change.status is None else change.status
    return (
        current.text == text
        and current.status == status
        and current.source_checksum == change.unit.checksum
    )


def _next_state(
    current: Translation | None,
    change: Change,
    language: Language,
    text: str,
    *,
    kind: WriteKind,
    origin: str,
    author,
) -> Translation:
    """The one rule for what a write changes (not saved)."""
    if current is None:
        current = Translation(
            unit=change.unit,
            language=language,
            version=0,
            text="",
            status=STATUS_DRAFT,
            origin=origin,
            source_checksum=change.unit.checksum,
        )
    edited = current.pk is None or text != current.text
    current.text = text
    if change.status is not None:
        current.status = change.status
    if not kind.keeps_source:
        current.source_checksum = change.unit.checksum
    if edited or not kind.review:
        # Who wrote this text. An unedited review keeps the translator's credit.
        current.author = author
        current.origin = origin
    _follow_machine(current, change, origin)
    if kind.review:
        current.reviewer = author
    elif current.status == STATUS_APPROVED:
        current.reviewer = current.author  # a reviewer approving what they write
    current.version += 1
    return current


def _follow_machine(current: Translation, change: Change, origin: str) -> None:
    """The guard's bookkeeping: a text started from an engine keeps the engine's output
    while people edit it (typing over it leaves the origin "machine"), and its share of
    unmodified output is recomputed on every write. A text from elsewhere (memory, PO,
    alignment) replaces it and ends the tracking."""
    if change.machine_text is not None:
        current.machine_text = change.machine_text
        current.machine_engine = change.machine_engine
        current.origin = ORIGIN_MACHINE
    elif current.machine_text and origin not in (ORIGIN_TYPED, ORIGIN_MACHINE):
        current.machine_text = ""
        current.machine_engine = ""
    elif current.machine_text:
        current.origin = ORIGIN_MACHINE
    current.machine_share = (
        unmodified_share(current.text, current.machine_text) if current.machine_text else None
    )


def _store(
    new: list[Translation],
    updated: list[Translation],
    revisions: list[Revision],
    language: Language,
    *,
    conflict_text: str | None,
) -> None:
    if new:
        try:
            # A first translation has no row to lock: a concurrent first save of one of
            # these units meets ours at the unique constraint. The savepoint keeps the
            # transaction usable for reading theirs.
            with transaction.atomic():
                Translation.objects.bulk_create(new, batch_size=CHUNK)
        except IntegrityError:
            theirs = None
            if len(new) == 1:
                theirs = Translation.objects.filter(unit=new[0].unit, language=language).first()
            raise ConflictError(theirs, conflict_text or "") from None
    if updated:
        Translation.objects.bulk_update(updated, UPDATED_FIELDS, batch_size=CHUNK)
    for revision in revisions:
        revision.translation_id = revision.translation.pk
    Revision.objects.bulk_create(revisions, batch_size=CHUNK)
