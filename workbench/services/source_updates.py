"""A new version of a document's source, and a reviewer's "no change of meaning".

Updating matches the current units to the new file's blocks (text/source_diff.py) and moves
no translation: a Translation stays on its Unit, and its `source_checksum` keeps naming the
source it was made from, so a unit whose text changed is "outdated" by the one definition in
workbench/status.py. What the update writes, in one transaction:

- kept units (unchanged, edited, moved, the first part of a split, the surviving unit of a
  merge, restored units): new position, kind, level, label, source, checksum, word count;
- new units (and the further parts of a split): new keys after the highest key the document
  ever had (keys are never reused, so old PO files and links cannot hit the wrong unit);
- deleted and merged-away units: `is_active=False`; they keep their translations and
  history, and come back ("restored") if a later version contains their exact text again;
- a UnitSource row for every source text not seen before, so the editor can show a
  word-level diff since a translation was made and PO export can write `#| msgid`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import Document, Language, Notification, Translation, Unit, UnitSource
from workbench.services import notifications, writes
from workbench.services.checks import refresh_problems
from workbench.services.originals import keep_original
from workbench.services.uploads import parse_upload, require_unit_sources
from workbench.services.writes import Change
from workbench.text import markup
from workbench.text import source_diff as sd
from workbench.text.fingerprint import source_checksum
from workbench.text.records import ParsedDocument
from workbench.text.unit_keys import next_key_number, unit_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceUpdateResult:
    document: Document
    counts: dict[str, int]  # see text/source_diff.SourceDiff.counts
    units: int  # active units after the update
    created_keys: list[str] = field(default_factory=list)
    deactivated_keys: list[str] = field(default_factory=list)
    outdated_translations: int = 0  # translations this update made outdated
    dry_run: bool = False
    diff: sd.SourceDiff | None = None

    def summary_lines(self) -> list[str]:
        """One line per non-empty category, for the command and the page."""
        labels = category_labels()
        lines = [
            _("%(label)s: %(count)d") % {"label": labels[name], "count": self.counts[name]}
            for name in sd.CATEGORIES
            if self.counts.get(name)
        ]
        lines.append(
            _("Translations now outdated: %(count)d") % {"count": self.outdated_translations}
        )
        return lines


def category_labels() -> dict[str, str]:
    return {
        sd.UNCHANGED: _("unchanged"),
        sd.EDITED: _("edited"),
        sd.MOVED: _("moved"),
        sd.SPLIT: _("split (parts)"),
        sd.MERGED: _("merged"),
        sd.RESTORED: _("restored"),
        sd.NEW: _("new"),
        sd.DELETED: _("deleted"),
    }


def update_document_source(
    actor,
    document: Document,
    data: bytes,
    *,
    filename: str,
    fmt: str | None = None,
    dry_run: bool = False,
) -> SourceUpdateResult:
    """Parse `data` as the new version of `document`'s source and apply it.

    Raises DocumentError (bad file) or PermissionDenied. `dry_run` computes everything and
    stores nothing (the preview on the upload page)."""
    permissions.require_manage_documents(actor)
    parsed = parse_upload(data, filename, fmt)
    with transaction.atomic():
        result = apply_source_update(actor, document, parsed, filename=filename, dry_run=dry_run)
        if not dry_run:
            keep_original(result.document, data, filename, parsed.format)
    return result


def apply_source_update(
    actor,
    document: Document,
    parsed: ParsedDocument,
    *,
    filename: str = "",
    dry_run: bool = False,
    match=None,
) -> SourceUpdateResult:
    """Apply an already parsed new version (no permission check: callers do it). `match`,
    when given, matches the units to the blocks instead of text/source_diff.py: called with
    the document's units (locked, in order), it returns the SourceDiff (a gettext catalog's
    update matches msgmerge's way, services/catalogs.py)."""
    require_unit_sources(parsed, filename)
    with transaction.atomic():
        # Serialises two updates of one document (PostgreSQL; SQLite locks the database).
        document = Document.objects.select_for_update().get(pk=document.pk)
        units = list(Unit.objects.filter(document=document).order_by("position", "pk"))
        by_key = {s.key: s for s in units}
        if match is not None:
            diff = match(units)
        else:
            diff = sd.match_units(
                [sd.OldUnit(s.key, s.kind, s.source, s.checksum) for s in units if s.is_active],
                parsed.blocks,
                [sd.OldUnit(s.key, s.kind, s.source, s.checksum) for s in units if not s.is_active],
            )
        next_number = next_key_number(list(by_key))
        changed: list[Unit] = []  # kept units whose source text changed
        to_update: list[Unit] = []
        to_create: list[Unit] = []
        shifted: dict[int, list[int]] = defaultdict(list)  # position offset -> unit ids
        for position, (assignment, block) in enumerate(
            zip(diff.assignments, parsed.blocks, strict=True), start=1
        ):
            checksum = source_checksum(block.text)
            if assignment.key is None:
                key = unit_key(next_number)
                while key in by_key:  # a hand-made key of the same shape: skip it
                    next_number += 1
                    key = unit_key(next_number)
                next_number += 1
                unit = Unit(document=document, key=key)
                to_create.append(unit)
            else:
                unit = by_key[assignment.key]
                if unit.checksum != checksum:
                    changed.append(unit)
            values = {
                "kind": block.kind, "level": block.level, "label": block.label,
                "source": block.text, "checksum": checksum, "is_active": True,
            }  # fmt: skip
            if unit.pk is not None and all(
                getattr(unit, name) == value for name, value in values.items()
            ):
                # Most units of a typical update: at most their position moved, by the same
                # offset as their neighbours (one UPDATE per offset, see below).
                if unit.position != position:
                    shifted[position - unit.position].append(unit.pk)
                    unit.position = position
                continue
            for name, value in values.items():
                setattr(unit, name, value)
            unit.position = position
            unit.word_count = markup.word_count(block.text)
            if unit.pk is not None:
                to_update.append(unit)
        for key in diff.deactivated:
            unit = by_key[key]
            unit.is_active = False
            to_update.append(unit)
        for offset, ids in shifted.items():
            for start in range(0, len(ids), 1000):
                Unit.objects.filter(pk__in=ids[start : start + 1000]).update(
                    position=F("position") + offset
                )
        # bulk_update builds a CASE per row and field (slow in Django): only for the few
        # units whose content changed.
        fields = ["position", "kind", "level", "label", "source", "checksum", "word_count",
                  "is_active"]  # fmt: skip
        Unit.objects.bulk_update(to_update, fields, batch_size=200)
        # bulk_create sets primary keys on PostgreSQL and SQLite 3.35+ (RETURNING).
        Unit.objects.bulk_create(to_create, batch_size=1000)
        known = set(
            UnitSource.objects.filter(unit__document=document).values_list("unit_id", "checksum")
        )
        UnitSource.objects.bulk_create(
            [
                UnitSource(unit=s, checksum=s.checksum, text=s.source)
                for s in [*changed, *to_create]
                if (s.pk, s.checksum) not in known
            ],
            batch_size=1000,
        )
        changed_ids = [s.pk for s in changed]
        affected = (
            list(
                Translation.objects.filter(unit_id__in=changed_ids)
                .exclude(text="")
                .values_list("pk", "source_checksum", "unit__checksum")
            )
            if changed_ids
            else []
        )
        outdated = sum(1 for _, made_from, current in affected if made_from != current)
        if outdated and not dry_run:
            _notify_outdated(actor, document, [pk for pk, made, now in affected if made != now])
        if affected:
            # Checks compare a translation with its source: the stored problems of these
            # translations are stale now (see services/checks.py on bulk writers).
            refresh_problems([pk for pk, _, _ in affected], include_siblings=True)
        if filename:
            document.origin_filename = filename[:255]
        if parsed.format:
            document.origin_format = parsed.format
        document.save(update_fields=["origin_filename", "origin_format", "updated_at"])
        if dry_run:
            transaction.set_rollback(True)
    log.info("%s source of %s: %s", "previewed" if dry_run else "updated", document.slug,
             diff.counts())  # fmt: skip
    return SourceUpdateResult(
        document=document,
        counts=diff.counts(),
        units=len(parsed.blocks),
        created_keys=[s.key for s in to_create],
        deactivated_keys=diff.deactivated,
        outdated_translations=outdated,
        dry_run=dry_run,
        diff=diff,
    )


def _notify_outdated(actor, document, translation_ids: list[int]) -> None:
    """One notification per translator and language: how many of theirs are outdated now."""
    per: dict[tuple[int, int], int] = {}
    for start in range(0, len(translation_ids), 1000):
        rows = Translation.objects.filter(
            pk__in=translation_ids[start : start + 1000], author__isnull=False
        ).values_list("author_id", "language_id")
        for author_id, language_id in rows:
            per[(author_id, language_id)] = per.get((author_id, language_id), 0) + 1
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={a for a, _l in per})}
    languages = {
        lang.pk: lang for lang in Language.objects.filter(pk__in={lang_id for _a, lang_id in per})
    }
    for (author_id, language_id), count in per.items():
        notifications.notify(
            [users[author_id]],
            Notification.SOURCE_OUTDATED,
            actor=permissions.author_of(actor),
            document=document,
            language=languages[language_id],
            count=count,
        )


@dataclass(frozen=True)
class ConfirmResult:
    translation: Translation
    changed: bool


def confirm_source_change(
    actor, translation: Translation, *, base_version: int | None = None, comment: str = ""
) -> ConfirmResult:
    """A reviewer states that the source edit since `translation` was made does not change
    its meaning (a typo, punctuation): the translation is attached to the current source and
    keeps its text and status (an approved translation stays approved).

    Appends a Revision with action "confirm" naming the new source checksum. `base_version`
    is the version the reviewer saw; a mismatch raises ConflictError and stores nothing.
    Raises PermissionDenied for anyone but a reviewer of the language (or a site admin)."""
    unit = Unit.objects.select_related("document__source_language").get(pk=translation.unit_id)
    change = Change(unit, None, status=None, base_version=base_version, comment=comment)
    (result,) = writes.write(actor, translation.language, [change], kind=writes.CONFIRM)
    return ConfirmResult(result.translation, result.changed)
