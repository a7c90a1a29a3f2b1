"""Accepting an alignment: the run's plan (selectors/alignment_plan.py) written as
translations through the write pipeline, in one transaction, and the run marked accepted.
The rules for each link shape are in services/alignment.py's docstring."""

from __future__ import annotations

import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbench import permissions
from workbench.models import AlignmentRun, Translation, Unit
from workbench.selectors.alignment_plan import plan_acceptance
from workbench.services import memory_store, writes
from workbench.services.alignment import AlignmentError, lock_proposed
from workbench.services.errors import ConflictError, TranslationError
from workbench.services.job_progress import NO_PROGRESS, Progress
from workbench.services.writes import Change
from workbench.text import markup
from workbench.text.align.sentence_pairs import sentence_pairs
from workbench.text.fingerprint import checksums_fingerprint
from workbench.text.records import STATUS_APPROVED, STATUS_DRAFT, STATUS_TRANSLATED

log = logging.getLogger(__name__)


def accept_alignment(
    actor,
    run: AlignmentRun,
    *,
    only_confident: float | None = None,
    overwrite_approved: bool = False,
    version: int | None = None,
    overwrite_existing: bool = False,
    progress: Progress = NO_PROGRESS,
) -> dict[str, int]:
    """Write the run's links as translations (see the module docstring for the rules) and
    mark it accepted; returns the counts (also stored as `run.result`). One transaction:
    either every translation is written or none. Only empty units are filled unless asked:
    `overwrite_existing` replaces drafts and units waiting for review that have another text,
    `overwrite_approved` approved ones too."""
    permissions.require_translate(actor, run.language)
    if overwrite_approved:
        permissions.require_change_approved(actor, run.language)
    if only_confident is not None and not 0.0 <= only_confident <= 1.0:
        raise AlignmentError(_("The confidence threshold must be between 0 and 1."))
    language = run.language
    with transaction.atomic():
        progress.stage(_("Checking the alignment against the document"), 1)
        current = lock_proposed(run, version)
        # By document, not by a list of ids: a book has more units than SQLite takes
        # parameters. Units made inactive since are there too, and refused below.
        units = {
            s.pk: s
            for s in Unit.objects.filter(document_id=current.document_id).select_related(
                "document__source_language"
            )
        }
        ordered = [units.get(pk) for pk in current.source_units]
        present = [s for s in ordered if s is not None and s.is_active]
        if (
            len(present) != len(ordered)
            or checksums_fingerprint([s.checksum for s in present]) != current.source_fingerprint
        ):
            raise AlignmentError(
                _("The document changed since this alignment was proposed: align the file again.")
            )
        progress.advance()
        plan = plan_acceptance(current, only_confident)
        planned = {e.unit_id for e in plan.entries}
        existing = {
            t.unit_id: t
            for t in Translation.objects.select_for_update().filter(
                language=language, unit__document_id=current.document_id
            )
            if t.unit_id in planned
        }
        counts = Counter(
            written=0, drafts=0, unchanged=0, skipped_approved=0, replaced_approved=0,
            sentence_pairs=0, kept_existing=0, replaced_existing=0,
        )  # fmt: skip
        changes: list[Change] = []
        for entry in plan.entries:
            unit = units[entry.unit_id]
            old = existing.get(entry.unit_id)
            clean = markup.sanitize_inline(entry.text).strip()
            if old is not None and old.status == STATUS_APPROVED and old.text:
                if old.text == clean and old.source_checksum == unit.checksum:
                    counts["unchanged"] += 1
                    continue
                if not overwrite_approved:
                    counts["skipped_approved"] += 1
                    continue
                counts["replaced_approved"] += 1
            elif old is not None and old.text and old.text != clean:
                # A draft or a unit waiting for review (perhaps just sent back with a comment).
                if not overwrite_existing:
                    counts["kept_existing"] += 1
                    continue
                counts["replaced_existing"] += 1
            comment = _("Aligned from %(file)s (link %(kind)s, confidence %(score).2f)") % {
                "file": current.filename,
                "kind": entry.kind,
                "score": entry.score,
            }
            changes.append(
                Change(
                    unit,
                    entry.text,
                    status=entry.status,
                    base_version=old.version if old is not None else 0,
                    comment=comment,
                )
            )
        progress.stage(
            _("Writing %(count)s translations (with checks and memory)") % {"count": len(changes)},
            1,
        )
        try:
            # Checks and memory once for the whole file, not per unit (the pipeline's
            # after-change step).
            results = writes.write(actor, language, changes, kind=writes.ALIGN)
        except ConflictError as exc:
            key = exc.current.unit.key if exc.current is not None else ""
            raise AlignmentError(
                _(
                    "Unit %(key)s was changed while the alignment was being saved; nothing "
                    "was saved. Try again."
                )
                % {"key": key}
                if key
                else _(
                    "Some units were changed while the alignment was being saved; "
                    "nothing was saved. Try again."
                )
            ) from exc
        except TranslationError as exc:
            raise AlignmentError(str(exc)) from exc
        progress.advance()
        for change, result in zip(changes, results, strict=True):
            if not result.changed:
                counts["unchanged"] += 1
            elif change.status == STATUS_DRAFT:
                counts["drafts"] += 1
            else:
                counts["written"] += 1
        counts["sentence_pairs"] = _remember_sentences(current, changes, results)
        summary = {
            **counts,
            "skipped_weak": plan.skipped_weak,
            "unsplit": plan.unsplit,
            "untranslated": plan.untranslated,
            "notes": plan.notes,
        }
        current.state = AlignmentRun.STATE_ACCEPTED
        current.accepted_by = permissions.author_of(actor)
        current.accepted_at = timezone.now()
        current.result = summary
        current.version += 1
        current.save(update_fields=["state", "accepted_by", "accepted_at", "result", "version"])
    run.refresh_from_db()
    log.info("accepted alignment run %s of %s into %s: %s", run.pk, run.document_id,
             language.code, dict(counts))  # fmt: skip
    return summary


def _remember_sentences(run: AlignmentRun, changes: list[Change], results: list) -> int:
    """The sentence pairs inside the paragraphs just written whole (not the drafts cut from a
    shared paragraph: their cut is a guess), into the memory beside the paragraphs."""
    ratio = float(run.quality.get("length_ratio") or 1.0)
    pairs = []
    for change, result in zip(changes, results, strict=True):
        if change.status == STATUS_TRANSLATED and change.text and result.changed:
            pairs.extend(sentence_pairs(change.unit.source, change.text, ratio))
    return memory_store.remember_sentence_pairs(
        pairs, run.document.source_language_id, run.language_id, run.filename
    )
